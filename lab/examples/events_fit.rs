//! Fits [`parallax::matching::SemanticModel`], the aligner's judge of a pair when sentences
//! have vectors, by logistic regression on the keyed pairs of events: each must pair reports
//! one fact; each pair of a unique sentence and another article's sentence does not. Prints
//! the fit on all the events given, then one fit per event left out, to show how far the
//! weights move with the data, and each fitted judge's AUC on the pairs it was fitted on.
//! `cargo run --release -p parallax-lab --example events_fit -- [EVENTS_DIR …]` (the
//! development events unless folders are named).
use std::collections::BTreeSet;

use parallax::comparison::{compare, Options};
use parallax_lab::{
    event_dirs_from_args, event_vectors, fit_logistic, judged_corpus, load_encoder, read_events,
    Event,
};

fn main() {
    let encoder = match load_encoder(None) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("events_fit: {e}");
            std::process::exit(1);
        }
    };
    let mut events = Vec::new();
    for dir in event_dirs_from_args() {
        match read_events(&dir) {
            Ok(e) => events.extend(e),
            Err(e) => {
                eprintln!("events_fit: {e}");
                std::process::exit(1);
            }
        }
    }
    let rows: Vec<Vec<(bool, Vec<f64>)>> =
        events.iter().map(|e| labelled_pairs(e, &encoder)).collect();
    let show = |label: &str, data: Vec<(bool, Vec<f64>)>| {
        let positives = data.iter().filter(|r| r.0).count();
        let beta = fit_logistic(&data);
        println!(
            "{label:<40} bias {:.2} cosine {:.2} lexical {:.2} pieces {:.2}  \
             ({positives} same-fact pairs, {} others; AUC {:.4})",
            beta[0],
            beta[1],
            beta[2],
            beta[3],
            data.len() - positives,
            auc(&data, &beta)
        );
    };
    show("all", rows.iter().flatten().cloned().collect());
    if events.len() > 1 {
        for (k, event) in events.iter().enumerate() {
            let rest = rows.iter().enumerate().filter(|&(j, _)| j != k).flat_map(|(_, r)| r);
            show(&format!("without {}", event.name), rest.cloned().collect());
        }
    }
}

/// The event's keyed pairs as (same fact, [cosine, lexical probability, pieces' cover]), on
/// the sentences
/// a comparison aligns (boilerplate left out).
fn labelled_pairs(
    event: &Event,
    encoder: &parallax::matching::encoder::Encoder,
) -> Vec<(bool, Vec<f64>)> {
    let Ok(comparison) = compare(&event.articles, &Options::default()) else {
        return Vec::new();
    };
    let vectors = event_vectors(encoder, event);
    let Some((corpus, at)) = judged_corpus(&comparison, &vectors) else {
        return Vec::new();
    };
    let letters: Vec<&String> = event.key.files.keys().collect();
    let index = |letter: &str, snippet: &str| -> Option<usize> {
        let a = letters.iter().position(|l| l.as_str() == letter)?;
        at.iter().position(|&(x, s)| {
            x == a && comparison.articles[a].sentences[s].text.contains(snippet)
        })
    };
    let features = |i: usize, j: usize| {
        let cover = corpus.piece_cover(i, j).unwrap_or(0.0);
        vec![corpus.cosine(i, j) as f64, corpus.lexical(i, j) as f64, cover as f64]
    };
    let mut rows = Vec::new();
    for (x, y) in &event.key.must {
        if let (Some(i), Some(j)) = (index(&x.letter, &x.text), index(&y.letter, &y.text)) {
            rows.push((true, features(i, j)));
        }
    }
    let unique: BTreeSet<usize> =
        event.key.unique.iter().filter_map(|u| index(&u.letter, &u.text)).collect();
    for &u in &unique {
        for j in 0..at.len() {
            // A pair of two unique sentences is counted once.
            if at[j].0 != at[u].0 && !(unique.contains(&j) && j < u) {
                rows.push((false, features(u, j)));
            }
        }
    }
    rows
}

/// The area under the ROC curve of the fitted judge on `data`: the chance that a same-fact
/// pair scores above a pair of a unique sentence and another article's (ties count half).
fn auc(data: &[(bool, Vec<f64>)], beta: &[f64]) -> f64 {
    let score = |x: &[f64]| beta[0] + x.iter().zip(&beta[1..]).map(|(x, b)| x * b).sum::<f64>();
    let (mut same, mut other) = (Vec::new(), Vec::new());
    for (label, x) in data {
        if *label {
            same.push(score(x));
        } else {
            other.push(score(x));
        }
    }
    let wins: f64 = same
        .iter()
        .flat_map(|p| {
            other.iter().map(move |n| {
                if p > n {
                    1.0
                } else if p == n {
                    0.5
                } else {
                    0.0
                }
            })
        })
        .sum();
    wins / (same.len() * other.len()).max(1) as f64
}
