//! Quality benchmarks that print figures: sentence segmentation on the Golden Rules and
//! sentence matching on the Microsoft Research Paraphrase Corpus (MRPC), both read from
//! `../shared/bench` when it is there.
//!
//! Run with `cargo bench --bench quality`. The matching weights are chosen on MRPC train only
//! and then scored on MRPC test, as the corpus asks.

use std::path::{Path, PathBuf};

use parallax::matching::{Corpus, Weights};

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench")
}

fn golden_rules() {
    let path = bench_dir().join("segmentation/golden_rules_en.json");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        println!("segmentation: skipped, {} is not here", path.display());
        return;
    };
    let data: serde_json::Value = serde_json::from_str(&raw).expect("golden rules JSON");
    let cases = data["cases"].as_array().expect("cases");
    let mut passed = 0;
    for case in cases {
        let input = case["input"].as_str().unwrap_or_default();
        let expected: Vec<&str> = case["expected"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let got: Vec<&str> =
            parallax::segment::split(input).into_iter().map(|r| input[r].trim()).collect();
        if got == expected {
            passed += 1;
        } else {
            println!("  golden rule {} missed: {:?}", case["rule"], got);
        }
    }
    println!(
        "segmentation: Golden Rules {passed}/{} ({:.2}%; pySBD, the best published, 47/48)",
        cases.len(),
        100.0 * passed as f64 / cases.len() as f64
    );
}

/// MRPC pairs: (is paraphrase, sentence 1, sentence 2).
fn read_mrpc(name: &str) -> Option<Vec<(bool, String, String)>> {
    let raw = std::fs::read_to_string(bench_dir().join("mrpc").join(name)).ok()?;
    Some(
        raw.lines()
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                (f.len() >= 5).then(|| (f[0] == "1", f[3].to_string(), f[4].to_string()))
            })
            .collect(),
    )
}

/// The three measures of every pair, with rarity taken over all sentences of the split.
fn measures(pairs: &[(bool, String, String)]) -> Vec<(bool, [f32; 3])> {
    let mut corpus = Corpus::new(Weights::default());
    let ids: Vec<(usize, usize)> =
        pairs.iter().map(|(_, a, b)| (corpus.add(a), corpus.add(b))).collect();
    corpus.finish();
    pairs
        .iter()
        .zip(ids)
        .map(|((label, _, _), (a, b))| {
            let (d, c, g) = corpus.measures(a, b);
            (*label, [d, c, g])
        })
        .collect()
}

fn score(m: &[f32; 3], w: &Weights) -> f32 {
    w.dice * m[0] + w.containment * m[1] + w.trigram * m[2]
}

/// Accuracy and F1 (in percent) of "paraphrase when score >= threshold".
fn evaluate(data: &[(bool, [f32; 3])], w: &Weights, threshold: f32) -> (f64, f64) {
    let (mut tp, mut fp, mut tn, mut fn_) = (0, 0, 0, 0);
    for (label, m) in data {
        match (score(m, w) >= threshold, *label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, false) => tn += 1,
            (false, true) => fn_ += 1,
        }
    }
    let accuracy = (tp + tn) as f64 / data.len() as f64;
    let f1 = 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64;
    (100.0 * accuracy, 100.0 * f1)
}

fn best_threshold(data: &[(bool, [f32; 3])], w: &Weights) -> (f32, f64) {
    (0..=100)
        .map(|t| t as f32 / 100.0)
        .map(|t| (t, evaluate(data, w, t).0))
        .fold((0.0, 0.0), |best, x| if x.1 > best.1 { x } else { best })
}

fn mrpc() {
    let (Some(train), Some(test)) = (read_mrpc("train.tsv"), read_mrpc("test.tsv")) else {
        println!("matching: skipped, MRPC is not in {}", bench_dir().display());
        return;
    };
    let train = measures(&train);
    let test = measures(&test);
    let mut grid = Vec::new();
    for d in 0..=10 {
        for c in 0..=(10 - d) {
            let w = Weights {
                dice: d as f32 / 10.0,
                containment: c as f32 / 10.0,
                trigram: (10 - d - c) as f32 / 10.0,
            };
            let (t, acc) = best_threshold(&train, &w);
            grid.push((acc, w, t));
        }
    }
    grid.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (train_acc, best, threshold) = grid[0];
    println!("matching: MRPC train, best mix {best:?} at threshold {threshold:.2}: accuracy {train_acc:.1}%");
    let default = Weights::default();
    let (t_default, _) = best_threshold(&train, &default);
    for (name, w, t) in [("grid best", best, threshold), ("shipped default", default, t_default)] {
        let (acc, f1) = evaluate(&test, &w, t);
        println!(
            "matching: MRPC test, {name} {w:?} threshold {t:.2}: accuracy {acc:.1}%, F1 {f1:.1}"
        );
    }
    for (name, index) in [("dice only", 0), ("containment only", 1), ("trigram only", 2)] {
        let mut w = Weights { dice: 0.0, containment: 0.0, trigram: 0.0 };
        match index {
            0 => w.dice = 1.0,
            1 => w.containment = 1.0,
            _ => w.trigram = 1.0,
        }
        let (t, _) = best_threshold(&train, &w);
        let (acc, f1) = evaluate(&test, &w, t);
        println!("matching: MRPC test, {name}: accuracy {acc:.1}%, F1 {f1:.1}");
    }
    println!("matching: published on MRPC test: word-set Jaccard 73.0/81.3, TF-IDF overlap 69.6/81.2, Wan et al. 75.6/83.0");
}

fn main() {
    golden_rules();
    mrpc();
}
