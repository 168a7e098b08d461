//! Reading the external benchmark data in `../shared/bench` and scoring Parallax on it: the
//! shared part of `parallax-eval` (the table of figures) and `parallax-train` (the shipped
//! matching model). Native only.

use std::path::Path;

use crate::align::{align, AlignOptions, Item};
use crate::matching::{Corpus, Features, Model, Weights, FEATURES};
use crate::text::{tokenize, TokenKind};

/// One MRPC item: whether people judged the two sentences paraphrases, and the sentences.
#[derive(Debug, Clone)]
pub struct Pair {
    pub paraphrase: bool,
    pub a: String,
    pub b: String,
}

/// Reads an MRPC split (`train.tsv`, `test.tsv`): tab-separated, a header line, no quoting.
/// `None` when the file is absent; lines with fewer than five fields are skipped.
pub fn read_mrpc(path: &Path) -> Option<Vec<Pair>> {
    let raw = std::fs::read_to_string(path).ok()?;
    Some(
        raw.lines()
            .skip(1)
            .filter_map(|line| {
                let f: Vec<&str> = line.split('\t').collect();
                (f.len() >= 5).then(|| Pair {
                    paraphrase: f[0] == "1",
                    a: f[3].to_string(),
                    b: f[4].to_string(),
                })
            })
            .collect(),
    )
}

/// The features of every pair, with rarity taken over all the sentences of the split (as a
/// comparison takes it over all the sentences of its articles).
pub fn features(pairs: &[Pair], weights: Weights) -> Vec<(bool, Features)> {
    let mut corpus = Corpus::new(weights);
    let ids: Vec<(usize, usize)> =
        pairs.iter().map(|p| (corpus.add(&p.a), corpus.add(&p.b))).collect();
    corpus.finish();
    pairs.iter().zip(ids).map(|(p, (a, b))| (p.paraphrase, corpus.features(a, b))).collect()
}

/// Accuracy and F1, in percent, of deciding "paraphrase" when `score >= threshold`.
pub fn accuracy_f1(scored: &[(bool, f32)], threshold: f32) -> (f64, f64) {
    let (mut tp, mut fp, mut tn, mut fn_) = (0u32, 0u32, 0u32, 0u32);
    for &(label, score) in scored {
        match (score >= threshold, label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, false) => tn += 1,
            (false, true) => fn_ += 1,
        }
    }
    let accuracy = f64::from(tp + tn) / scored.len().max(1) as f64;
    let f1 = 2.0 * f64::from(tp) / f64::from((2 * tp + fp + fn_).max(1));
    (100.0 * accuracy, 100.0 * f1)
}

/// The threshold (in steps of 0.01) with the best accuracy on `scored`.
pub fn best_threshold(scored: &[(bool, f32)]) -> f32 {
    (1..100)
        .map(|t| t as f32 / 100.0)
        .map(|t| (t, accuracy_f1(scored, t).0))
        .fold((0.5, -1.0), |best, x| if x.1 > best.1 { x } else { best })
        .0
}

/// Scores `data` with `model`.
pub fn scored(model: &Model, data: &[(bool, Features)]) -> Vec<(bool, f32)> {
    data.iter().map(|(label, f)| (*label, model.probability(f))).collect()
}

/// Trains on `train` with the features in `used`, picks the threshold on `train`, and
/// returns (model, threshold, test accuracy, test F1).
pub fn train_and_test(
    train: &[(bool, Features)],
    test: &[(bool, Features)],
    used: &[bool; FEATURES.len()],
) -> (Model, f32, f64, f64) {
    let model = Model::fit(train, used);
    let threshold = best_threshold(&scored(&model, train));
    let (accuracy, f1) = accuracy_f1(&scored(&model, test), threshold);
    (model, threshold, accuracy, f1)
}

/// Mean accuracy of `k`-fold cross-validation on `data` (folds by position).
pub fn cross_validate(data: &[(bool, Features)], used: &[bool; FEATURES.len()], k: usize) -> f64 {
    let mut total = 0.0;
    for fold in 0..k {
        let (mut train, mut test) = (Vec::new(), Vec::new());
        for (i, d) in data.iter().enumerate() {
            if i % k == fold {
                test.push(*d);
            } else {
                train.push(*d);
            }
        }
        total += train_and_test(&train, &test, used).2;
    }
    total / k as f64
}

/// What aligning comparisons built from MRPC found: see [`align_mrpc`].
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AlignmentCounts {
    /// Grouped pairs that are one MRPC item judged paraphrases.
    pub right: usize,
    /// Grouped pairs that are one MRPC item judged non-paraphrases (same event, neither right
    /// nor wrong for a comparison).
    pub related: usize,
    /// Grouped pairs of two different items.
    pub wrong: usize,
    /// Paraphrase pairs in all.
    pub total: usize,
}

impl AlignmentCounts {
    /// (recall, precision, F1) of finding the paraphrase pairs, in percent.
    pub fn scores(&self) -> (f64, f64, f64) {
        let precision = self.right as f64 / (self.right + self.wrong).max(1) as f64;
        let recall = self.right as f64 / self.total.max(1) as f64;
        let f1 = 2.0 * precision * recall / (precision + recall).max(1e-9);
        (100.0 * recall, 100.0 * precision, 100.0 * f1)
    }
}

/// Pseudo-comparisons built from MRPC: two "articles" hold the first and the second sentences
/// of 20 paraphrase items and 10 non-paraphrase items, each side shuffled, and each is aligned
/// on its own (rarity from its 60 sentences, as in real use). The items mostly come from
/// different events, where real articles share one topic, so this measures recall, and that
/// reworded pairs are found, better than precision.
pub fn align_mrpc(pairs: &[Pair], options: &AlignOptions) -> AlignmentCounts {
    let positives: Vec<&Pair> = pairs.iter().filter(|p| p.paraphrase).collect();
    let negatives: Vec<&Pair> = pairs.iter().filter(|p| !p.paraphrase).collect();
    let mut counts = AlignmentCounts::default();
    let mut state: u64 = 0x2545_F491;
    let mut shuffle = |v: &mut Vec<usize>| {
        for i in (1..v.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            v.swap(i, (state % (i as u64 + 1)) as usize);
        }
    };
    for (chunk_p, chunk_n) in positives.chunks(20).zip(negatives.chunks(10)) {
        let items: Vec<&Pair> = chunk_p.iter().chain(chunk_n).copied().collect();
        counts.total += chunk_p.len();
        let mut order_a: Vec<usize> = (0..items.len()).collect();
        let mut order_b = order_a.clone();
        shuffle(&mut order_a);
        shuffle(&mut order_b);
        let side_a: Vec<Option<Item>> =
            order_a.iter().map(|&k| Some(Item::body(&items[k].a))).collect();
        let side_b: Vec<Option<Item>> =
            order_b.iter().map(|&k| Some(Item::body(&items[k].b))).collect();
        for group in align(&[side_a, side_b], options) {
            for &(_, x) in group.members.iter().filter(|m| m.0 == 0) {
                for &(_, y) in group.members.iter().filter(|m| m.0 == 1) {
                    let (kx, ky) = (order_a[x], order_b[y]);
                    if kx != ky {
                        counts.wrong += 1;
                    } else if items[kx].paraphrase {
                        counts.right += 1;
                    } else {
                        counts.related += 1;
                    }
                }
            }
        }
    }
    counts
}

/// The aligner's similarity ([`Corpus::similarity`]: clauses, figures left out) for every
/// pair, rarity over all the sentences of the split, scored by `model`.
pub fn aligner_scores(pairs: &[Pair], model: Model) -> Vec<(bool, f32)> {
    let mut corpus = Corpus::with_model(Weights::default(), model);
    let ids: Vec<(usize, usize)> =
        pairs.iter().map(|p| (corpus.add(&p.a), corpus.add(&p.b))).collect();
    corpus.finish();
    pairs.iter().zip(ids).map(|(p, (a, b))| (p.paraphrase, corpus.similarity(a, b))).collect()
}

/// How alike in length the two sentences of each pair are: the shorter's word count over the
/// longer's. Returns the smallest ratio and the share of pairs below `cut`, in percent.
pub fn length_ratios<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    cut: f32,
) -> (f32, f64) {
    let words =
        |s: &str| tokenize(s).iter().filter(|t| t.kind != TokenKind::Punct).count().max(1) as f32;
    let (mut min, mut below, mut n) = (1.0f32, 0usize, 0usize);
    for (a, b) in pairs {
        let (x, y) = (words(a), words(b));
        let ratio = x.min(y) / x.max(y);
        min = min.min(ratio);
        below += usize::from(ratio < cut);
        n += 1;
    }
    (min, 100.0 * below as f64 / n.max(1) as f64)
}

/// Word-set Jaccard of lower-cased words: the baseline the bench README measured.
pub fn jaccard(pairs: &[Pair]) -> Vec<(bool, f32)> {
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    pairs
        .iter()
        .map(|p| {
            let (a, b) = (words(&p.a), words(&p.b));
            let shared = a.intersection(&b).count() as f32;
            (p.paraphrase, shared / a.union(&b).count().max(1) as f32)
        })
        .collect()
}

/// The rows of the table under `| method (test set) |` in the bench README: (method,
/// accuracy, F1) as written there.
pub fn published_rows(readme: &str) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.starts_with("| method (test set)") {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() == 3 && !cells[0].starts_with("---") {
            rows.push((cells[0].to_string(), cells[1].to_string(), cells[2].to_string()));
        }
    }
    rows
}

/// Runs the Golden Rules in `path`: (cases passed, cases, failing rule numbers).
pub fn golden_rules(path: &Path) -> Result<(usize, usize, Vec<String>), String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let data: serde_json::Value =
        serde_json::from_str(&raw).map_err(|e| format!("{}: {e}", path.display()))?;
    let cases = data["cases"].as_array().ok_or_else(|| format!("{}: no cases", path.display()))?;
    let mut failed = Vec::new();
    for case in cases {
        let input = case["input"].as_str().unwrap_or_default();
        let expected: Vec<&str> = case["expected"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let got: Vec<&str> =
            crate::segment::split(input).into_iter().map(|r| input[r].trim()).collect();
        if got != expected {
            failed.push(case["rule"].to_string());
        }
    }
    Ok((cases.len() - failed.len(), cases.len(), failed))
}
