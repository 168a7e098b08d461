//! The events' scores with the encoder, per event and in total, for one threshold and mutual
//! share: `cargo run --release -p parallax-lab --example events_score -- [THRESHOLD [MUTUAL]]
//! [EVENTS_DIR …]` (defaults as shipped, and the development events). Quicker than
//! `parallax-eval` when trying a change to the aligner.
use parallax_lab::{
    event_dirs_from_args, load_encoder, options_from_args, score_events_with, EventScore,
};

fn main() {
    let run = || -> Result<(), String> {
        let options = options_from_args()?;
        let encoder = load_encoder(None)?;
        let mut scores = Vec::new();
        for dir in event_dirs_from_args() {
            scores.extend(score_events_with(&dir, &options, Some(&encoder))?);
        }
        for (name, s) in &scores {
            println!("{name:<40} {s}");
        }
        let total: EventScore = scores.iter().map(|(_, s)| s).sum();
        println!("{:<40} {total}", "total");
        Ok(())
    };
    if let Err(e) = run() {
        eprintln!("events_score: {e}");
        std::process::exit(1);
    }
}
