//! Prints the most similar pairs of sentences from different articles, with the features
//! behind each score: a tool for looking at what the matcher sees.
//!
//! `cargo run --release -p parallax-lab --example pairs -- seeds/*.txt [--grep WORD]`

use parallax::matching::{Corpus, Model, Weights, FEATURES};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let grep = args.iter().position(|a| a == "--grep").map(|i| {
        let word = args.get(i + 1).cloned().unwrap_or_default();
        args.drain(i..(i + 2).min(args.len()));
        word
    });
    let model = match std::env::var("MODEL") {
        Ok(path) => Model::parse(&std::fs::read_to_string(path).expect("MODEL file")),
        Err(_) => Model::shipped(),
    };
    let mut corpus = Corpus::with_model(Weights::default(), model);
    let mut meta = Vec::new();
    for (a, path) in args.iter().enumerate() {
        let read = std::fs::read(path).map_err(|e| format!("{path}: {e}")).and_then(|bytes| {
            parallax::Article::from_bytes(path, &bytes).map_err(|e| e.to_string())
        });
        let article = match read {
            Ok(article) => article,
            Err(message) => {
                eprintln!("pairs: {message}");
                std::process::exit(1);
            }
        };
        for s in parallax::segment::sentences(&article) {
            if s.is_aligned() {
                let text = article.text[s.range.clone()].to_string();
                corpus.add(&text);
                meta.push((a, text));
            }
        }
    }
    corpus.finish();
    let mut pairs = Vec::new();
    for i in 0..meta.len() {
        for j in i + 1..meta.len() {
            let wanted = grep
                .as_ref()
                .is_none_or(|g| meta[i].1.contains(g.as_str()) || meta[j].1.contains(g.as_str()));
            if meta[i].0 != meta[j].0 && wanted {
                pairs.push((corpus.similarity(i, j), i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for &(score, i, j) in pairs.iter().take(40) {
        let features = corpus.features(i, j);
        let shown: Vec<String> =
            FEATURES.iter().zip(features).map(|(n, v)| format!("{n} {v:.2}")).collect();
        println!("{score:.3} ({})", shown.join(", "));
        for k in [i, j] {
            println!("   [{}] {}", meta[k].0, meta[k].1.chars().take(120).collect::<String>());
        }
    }
}
