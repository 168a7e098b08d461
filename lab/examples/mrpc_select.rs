//! Forward selection of the pair model's features with the encoder's cosine among them, on
//! MRPC train by 10-fold cross-validation, then its score on test: which features a pair
//! model with the cosine wants. `cargo run --release -p parallax-lab --example mrpc_select --
//! [BENCH_DIR]` (vectors cached under target/parallax-vectors).
use std::path::{Path, PathBuf};

use parallax::matching::FEATURES;
use parallax_lab::{cross_validate, features_with_encoder, load_encoder, read_mrpc};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/bench".into()));
    let encoder = load_encoder(None).expect("encoder");
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/parallax-vectors");
    let train = read_mrpc(&dir.join("mrpc/train.tsv")).expect("train");
    let test = read_mrpc(&dir.join("mrpc/test.tsv")).expect("test");
    let train_f = features_with_encoder(&train, &encoder, &cache.join("mrpc-train.bin"));
    let test_f = features_with_encoder(&test, &encoder, &cache.join("mrpc-test.bin"));
    let cosine = FEATURES.iter().position(|&f| f == "cosine").expect("a cosine feature");
    let mut used = [false; FEATURES.len()];
    used[cosine] = true;
    let mut best = cross_validate(&train_f, &used, 10);
    println!("cosine alone: cross-validated {best:.2}");
    loop {
        let mut pick = None;
        for f in 0..FEATURES.len() {
            if used[f] {
                continue;
            }
            let mut trial = used;
            trial[f] = true;
            let score = cross_validate(&train_f, &trial, 10);
            if score > best + 0.05 && pick.is_none_or(|(_, s)| score > s) {
                pick = Some((f, score));
            }
        }
        let Some((f, score)) = pick else { break };
        used[f] = true;
        best = score;
        let (_, t, a, f1) = parallax_lab::train_and_test(&train_f, &test_f, &used);
        println!(
            "+ {:<22} cross-validated {score:.2}; test {a:.1} / {f1:.1} (threshold {t:.2})",
            FEATURES[f]
        );
    }
    let (_, t, a, f1) = parallax_lab::train_and_test(&train_f, &test_f, &[true; FEATURES.len()]);
    println!("every feature and the cosine: test {a:.1} / {f1:.1} (threshold {t:.2})");
}
