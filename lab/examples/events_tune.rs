//! Tuning the encoder matcher on the real events: the pair model with and without the cosine
//! feature on MRPC (trained on train, vectors cached under target/), then the events' totals
//! over a grid of the encoder's threshold and mutual share.
//! `cargo run --release -p parallax-lab --example events_tune -- [BENCH_DIR]`

use std::path::{Path, PathBuf};

use parallax::comparison::{compare_with, sentences_to_encode};
use parallax::matching::{SEMANTIC_FEATURES, SHIPPED_FEATURES};
use parallax::Options;
use parallax_lab::{
    accuracy_f1, best_threshold, cached_vectors, features_with_encoder, load_encoder, read_events,
    read_mrpc, score_event, scored, EventScore,
};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/bench".into()));
    let encoder = load_encoder(None).expect("encoder");
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/parallax-vectors");
    let train = read_mrpc(&dir.join("mrpc/train.tsv")).expect("train");
    let test = read_mrpc(&dir.join("mrpc/test.tsv")).expect("test");
    let train_f = features_with_encoder(&train, &encoder, &cache.join("mrpc-train.bin"));
    let test_f = features_with_encoder(&test, &encoder, &cache.join("mrpc-test.bin"));
    for (name, used) in [("lexical", SHIPPED_FEATURES), ("semantic", SEMANTIC_FEATURES)] {
        let model = parallax_lab::fit(&train_f, &used);
        let t = best_threshold(&scored(&model, &train_f));
        let (a, f) = accuracy_f1(&scored(&model, &test_f), t);
        println!("MRPC test {name}: {a:.1} / {f:.1} (threshold {t:.2})");
    }

    let events = read_events(&dir.join("events")).expect("events");
    let vectors: Vec<_> = events
        .iter()
        .map(|e| {
            let t = sentences_to_encode(&e.articles);
            cached_vectors(
                &encoder,
                &t.iter().map(String::as_str).collect::<Vec<_>>(),
                &cache.join(format!("{}.bin", e.name)),
            )
        })
        .collect();
    let lexical: EventScore = events
        .iter()
        .map(|e| score_event(&parallax::compare(&e.articles, &Options::default()).unwrap(), &e.key))
        .collect::<Vec<_>>()
        .iter()
        .sum();
    println!("lexical: {lexical}");
    for t in [0.4, 0.45, 0.5, 0.55, 0.6, 0.65] {
        for m in [0.8, 0.9, 1.0] {
            let options =
                Options { semantic_threshold: t, semantic_mutual: m, ..Options::default() };
            let scores: Vec<EventScore> = events
                .iter()
                .zip(&vectors)
                .map(|(e, v)| {
                    score_event(&compare_with(&e.articles, &options, Some(v)).unwrap(), &e.key)
                })
                .collect();
            let total: EventScore = scores.iter().sum();
            let per: Vec<String> =
                scores.iter().map(|s| format!("{}/{}", s.must_found, s.must_listed)).collect();
            println!("t {t:.2} m {m:.1}: {total}  [{}]", per.join(" "));
        }
    }
}
