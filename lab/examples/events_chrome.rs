//! The keyed boilerplate lines of each event and how the comparison by wording reads them:
//! `cargo run --release -p parallax-lab --example events_chrome -- [EVENTS_DIR …]`.
use parallax::comparison::{compare, Options};
use parallax_lab::{event_dirs_from_args, locate, read_events};

fn main() {
    for dir in event_dirs_from_args() {
        for event in read_events(&dir).expect("events") {
            let c = compare(&event.articles, &Options::default()).expect("compares");
            println!("== {}", event.name);
            for b in &event.key.boilerplate {
                let Some((a, s)) = locate(&c, &event.key, b) else {
                    println!("  ??    {b:?}");
                    continue;
                };
                let sentence = &c.articles[a].sentences[s];
                let mark = if sentence.boilerplate {
                    format!("{:?}", sentence.boilerplate_kind)
                } else if sentence.heading {
                    "heading".into()
                } else {
                    "TEXT".into()
                };
                println!("  {mark:<16} {:?}", sentence.text);
            }
        }
    }
}
