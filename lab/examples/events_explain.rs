//! Lists the must pairs a comparison with the encoder misses and the unique sentences it
//! links, with what their groups hold: `cargo run --release -p parallax-lab --example events_explain --
//! [THRESHOLD [MUTUAL]] [EVENTS_DIR …]` (the encoder's threshold and mutual share; defaults as
//! shipped; the development events unless folders are named).
use parallax_lab::{events_compared, load_encoder};

fn main() {
    let encoder = load_encoder(None).expect("encoder");
    let options = parallax_lab::options_from_args().expect("[THRESHOLD [MUTUAL]]");
    for (e, _, c) in events_compared(&encoder, &options) {
        let letters: Vec<&String> = e.key.files.keys().collect();
        let find = |letter: &str, snip: &str| -> Option<(usize, usize)> {
            let a = letters.iter().position(|l| l.as_str() == letter)?;
            let s = c.articles[a].sentences.iter().position(|s| s.text.contains(snip))?;
            Some((a, s))
        };
        let show = |(a, s): (usize, usize)| {
            let sen = &c.articles[a].sentences[s];
            let g = sen.group.map(|g| {
                let grp = &c.groups[g];
                format!(
                    "g{g}[{}]",
                    grp.members
                        .iter()
                        .map(|m| format!("{}{}", m.article, m.sentence))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            });
            format!("{a}:{s}{} {:?}", if sen.heading { "H" } else { "" }, g)
        };
        println!("== {}", e.name);
        for (x, y) in &e.key.must {
            let (Some(i), Some(j)) = (find(&x.letter, &x.text), find(&y.letter, &y.text)) else {
                continue;
            };
            let gi = c.articles[i.0].sentences[i.1].group;
            if gi.is_none() || gi != c.articles[j.0].sentences[j.1].group {
                println!("  MISS {} | {}   <{}> <{}>", show(i), show(j), x.text, y.text);
            }
        }
        for u in &e.key.unique {
            let Some(i) = find(&u.letter, &u.text) else { continue };
            if let Some(g) = c.articles[i.0].sentences[i.1].group {
                if c.groups[g].articles > 1 {
                    let others: Vec<String> = c.groups[g]
                        .members
                        .iter()
                        .filter(|m| m.article != i.0)
                        .map(|m| {
                            c.articles[m.article].sentences[m.sentence]
                                .text
                                .chars()
                                .take(60)
                                .collect()
                        })
                        .collect();
                    println!("  FALSE {} <{}> with {:?}", show(i), u.text, others);
                }
            }
        }
    }
}
