//! The events' scores with the encoder, per event and in total, for one threshold and mutual
//! share: `cargo run --release -p parallax-lab --example events_score -- [THRESHOLD [MUTUAL]]`
//! (defaults as shipped). Quicker than `parallax-eval` when trying a change to the aligner.
use std::path::{Path, PathBuf};

use parallax::comparison::{compare_with, sentences_to_encode};
use parallax::Options;
use parallax_lab::{cached_vectors, load_encoder, read_events, score_event, EventScore};

fn main() {
    let args: Vec<f32> = std::env::args().skip(1).map(|a| a.parse().expect("a number")).collect();
    let dir = PathBuf::from("../shared/bench");
    let encoder = load_encoder(None).expect("encoder");
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/parallax-vectors");
    let defaults = Options::default();
    let options = Options {
        semantic_threshold: args.first().copied().unwrap_or(defaults.semantic_threshold),
        semantic_mutual: args.get(1).copied().unwrap_or(defaults.semantic_mutual),
        ..defaults
    };
    let mut scores = Vec::new();
    for e in read_events(&dir.join("events")).expect("events") {
        let t = sentences_to_encode(&e.articles);
        let v = cached_vectors(
            &encoder,
            &t.iter().map(String::as_str).collect::<Vec<_>>(),
            &cache.join(format!("{}.bin", e.name)),
        );
        let s =
            score_event(&compare_with(&e.articles, &options, Some(&v)).expect("compare"), &e.key);
        println!("{:<40} {}", e.name, line(&s));
        scores.push(s);
    }
    println!("{:<40} {}", "total", line(&scores.iter().sum()));
}

fn line(s: &EventScore) -> String {
    format!(
        "must {}/{} false {}/{} discr {}/{} flags {} off {} boiler {}/{} lost {}",
        s.must_found,
        s.must_listed,
        s.false_links,
        s.unique_listed,
        s.discrepancies_found,
        s.discrepancies_listed,
        s.flags,
        s.flags_off_key,
        s.boilerplate_flagged,
        s.boilerplate_listed,
        s.content_lost
    )
}
