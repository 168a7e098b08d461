//! Prints one event's sentences as the comparison with the encoder groups them, and the cosine
//! of every pair among the sentences named: `cargo run --release -p parallax-lab --example
//! events_dump -- EVENT [A:S ...]` (A and S the article and sentence indexes it prints).
use std::path::{Path, PathBuf};

use parallax::comparison::{compare_with, sentences_to_encode, Options};
use parallax::matching::encoder::cosine;
use parallax_lab::{cached_vectors, load_encoder, read_events};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(name) = args.first() else {
        eprintln!("usage: events_dump EVENT [A:S ...]");
        std::process::exit(2);
    };
    let dir = PathBuf::from("../shared/bench");
    let encoder = load_encoder(None).expect("encoder");
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/parallax-vectors");
    let e = read_events(&dir.join("events"))
        .unwrap()
        .into_iter()
        .find(|e| &e.name == name)
        .expect("no such event");
    let t = sentences_to_encode(&e.articles);
    let v = cached_vectors(
        &encoder,
        &t.iter().map(String::as_str).collect::<Vec<_>>(),
        &cache.join(format!("{}.bin", e.name)),
    );
    let c = compare_with(&e.articles, &Options::default(), Some(&v)).unwrap();
    for (a, art) in c.articles.iter().enumerate() {
        println!("-- article {a}");
        for (s, sen) in art.sentences.iter().enumerate() {
            let g = sen.group.map_or("-".to_string(), |g| format!("g{g}"));
            let text: String = sen.text.chars().take(110).collect();
            println!("{a}:{s:<3} {g:<5} {text}");
        }
    }
    let named: Vec<(usize, usize)> = args[1..]
        .iter()
        .filter_map(|x| {
            let (a, s) = x.split_once(':')?;
            Some((a.parse().ok()?, s.parse().ok()?))
        })
        .collect();
    for (k, &(a, s)) in named.iter().enumerate() {
        for &(b, u) in &named[k + 1..] {
            let x = v.get(&c.articles[a].sentences[s].text);
            let y = v.get(&c.articles[b].sentences[u].text);
            if let (Some(x), Some(y)) = (x, y) {
                println!("cos {a}:{s} {b}:{u} = {:.3}", cosine(x, y));
            }
        }
    }
}
