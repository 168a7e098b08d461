//! Writes each event's sentences as Parallax segments them, with the key's snippets mapped
//! onto them, as one JSON object a line: for weighing another sentence encoder against the
//! shipped one on the same sentences and key (`lab/python/encoders.py` reads it).
//! `cargo run --release -p parallax-lab --example events_sentences -- [EVENTS_DIR …]`
use parallax::comparison::{compare, Options};
use parallax_lab::{event_dirs_from_args, locate, read_events};
use serde_json::json;

fn main() {
    for dir in event_dirs_from_args() {
        let events = read_events(&dir).unwrap_or_else(|e| {
            eprintln!("events_sentences: {e}");
            std::process::exit(1);
        });
        for e in events {
            let c = compare(&e.articles, &Options::default()).unwrap_or_else(|err| {
                eprintln!("events_sentences: {}: {err}", e.name);
                std::process::exit(1);
            });
            let articles: Vec<_> = c
                .articles
                .iter()
                .map(|a| {
                    a.sentences
                        .iter()
                        .map(|s| json!({"text": s.text, "boilerplate": s.boilerplate}))
                        .collect::<Vec<_>>()
                })
                .collect();
            let at = |s: &parallax_lab::Snippet| locate(&c, &e.key, s).map(|(a, i)| [a, i]);
            let must: Vec<_> = e.key.must.iter().map(|(x, y)| json!([at(x), at(y)])).collect();
            let unique: Vec<_> = e.key.unique.iter().map(at).collect();
            println!(
                "{}",
                json!({"event": e.name, "articles": articles, "must": must, "unique": unique})
            );
        }
    }
}
