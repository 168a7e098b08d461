//! The groups a comparison with the encoder flags with a discrepancy, each with its figures
//! and whether it is asserted, so that flags on no keyed discrepancy can be read:
//! `cargo run --release -p parallax-lab --example events_flags -- [EVENTS_DIR …]`.
use parallax::comparison::{compare_with, sentences_to_encode, Options};
use parallax::matching::encoder::SentenceVectors;
use parallax_lab::{event_dirs_from_args, load_encoder, read_events};

fn main() {
    let encoder = match load_encoder(None) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("events_flags: {e}");
            std::process::exit(1);
        }
    };
    for dir in event_dirs_from_args() {
        for event in read_events(&dir).expect("events") {
            let texts = sentences_to_encode(&event.articles);
            let vectors = SentenceVectors::encode(&encoder, texts.iter().map(String::as_str));
            let c = compare_with(&event.articles, &Options::default(), Some(&vectors))
                .expect("compares");
            println!("== {}", event.name);
            for (g, group) in c.groups.iter().enumerate() {
                for d in &group.discrepancies {
                    println!("  g{g} {:?} asserted {} loose {}", d.kind, d.asserted, group.loose);
                    for v in &d.values {
                        let text = &c.articles[v.article].sentences[v.sentence].text;
                        println!("    {}:{} [{}] {}", v.article, v.sentence, v.text, text);
                    }
                }
            }
        }
    }
}
