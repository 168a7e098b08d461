//! Diagnostics of a comparison with the encoder against the key: for each must pair it
//! misses, the judge's inputs (similarity, cosine, lexical probability, the pieces' cover),
//! the sizes of the two sentences' groups and each sentence's similarity to the other's
//! group; for each keyed discrepancy, whether its members share a group and it is flagged,
//! with their similarities; and (`STAT` lines) the mean and best similarity of each falsely
//! linked unique sentence and of each must pair's sentences to their group's other articles.
//! `cargo run --release -p parallax-lab --example events_misses -- [THRESHOLD [MUTUAL]] [EVENTS_DIR …]`
use parallax_lab::{events_compared, judged_corpus, load_encoder};

fn main() {
    let encoder = load_encoder(None).expect("encoder");
    let options = parallax_lab::options_from_args().expect("[THRESHOLD [MUTUAL]]");
    for (e, v, c) in events_compared(&encoder, &options) {
        let Some((corpus, at)) = judged_corpus(&c, &v) else {
            eprintln!("{}: a sentence has no vector or pieces", e.name);
            continue;
        };
        let letters: Vec<&String> = e.key.files.keys().collect();
        let index = |letter: &str, snip: &str| -> Option<usize> {
            let a = letters.iter().position(|l| l.as_str() == letter)?;
            at.iter().position(|&(x, s)| x == a && c.articles[a].sentences[s].text.contains(snip))
        };
        let group_of = |i: usize| c.articles[at[i].0].sentences[at[i].1].group;
        let members = |g: Option<usize>| -> Vec<usize> {
            match g {
                Some(g) => c.groups[g]
                    .members
                    .iter()
                    .filter_map(|m| at.iter().position(|&x| x == (m.article, m.sentence)))
                    .collect(),
                None => vec![],
            }
        };
        let to_group = |i: usize, g: &[usize]| -> String {
            let sims: Vec<String> = g
                .iter()
                .filter(|&&k| at[k].0 != at[i].0)
                .map(|&k| format!("{:.2}", corpus.similarity(i, k)))
                .collect();
            sims.join(" ")
        };
        println!("== {}", e.name);
        for (x, y) in &e.key.must {
            let (Some(i), Some(j)) = (index(&x.letter, &x.text), index(&y.letter, &y.text)) else {
                continue;
            };
            let (gi, gj) = (group_of(i), group_of(j));
            if gi.is_some() && gi == gj {
                continue;
            }
            let (mi, mj) = (members(gi), members(gj));
            println!(
                "  MISS sim {:.3} cos {:.2} lex {:.2} cover {:.2} | sizes {} {} | i→gj [{}] j→gi [{}]\n     <{}> <{}>",
                corpus.similarity(i, j),
                corpus.cosine(i, j),
                corpus.lexical(i, j),
                corpus.piece_cover(i, j).unwrap_or(-1.0),
                mi.len(),
                mj.len(),
                to_group(i, &mj),
                to_group(j, &mi),
                x.text,
                y.text
            );
        }
        for d in &e.key.discrepancies {
            let idx: Vec<Option<usize>> =
                d.members.iter().map(|m| index(&m.letter, &m.text)).collect();
            if idx.iter().any(|i| i.is_none()) {
                println!("  DISC segmentation miss");
                continue;
            }
            let idx: Vec<usize> = idx.into_iter().flatten().collect();
            let groups: Vec<Option<usize>> = idx.iter().map(|&i| group_of(i)).collect();
            let together = groups.iter().all(|g| g.is_some() && *g == groups[0]);
            let flagged =
                together && groups[0].is_some_and(|g| !c.groups[g].discrepancies.is_empty());
            let mut sims = Vec::new();
            for a in 0..idx.len() {
                for b in a + 1..idx.len() {
                    sims.push(format!(
                        "{:.2}/c{:.2}/v{:.2}",
                        corpus.similarity(idx[a], idx[b]),
                        corpus.cosine(idx[a], idx[b]),
                        corpus.piece_cover(idx[a], idx[b]).unwrap_or(-1.0)
                    ));
                }
            }
            let sizes: Vec<usize> = groups.iter().map(|&g| members(g).len()).collect();
            println!("  DISC together {together} flagged {flagged} groups {:?} sizes {:?} sims {:?} ({})", groups, sizes, sims, d.why);
            for &i in &idx {
                let t = &c.articles[at[i].0].sentences[at[i].1].text;
                println!(
                    "      {}:{} {}",
                    at[i].0,
                    at[i].1,
                    t.chars().take(150).collect::<String>()
                );
            }
        }
        let stats = |i: usize| -> (f32, f32, usize) {
            let g = members(group_of(i));
            let sims: Vec<f32> = g
                .iter()
                .filter(|&&k| at[k].0 != at[i].0)
                .map(|&k| corpus.similarity(i, k))
                .collect();
            let mean = sims.iter().sum::<f32>() / sims.len().max(1) as f32;
            let max = sims.iter().copied().fold(0.0, f32::max);
            (mean, max, g.len())
        };
        for u in &e.key.unique {
            let Some(i) = index(&u.letter, &u.text) else { continue };
            let (mean, max, n) = stats(i);
            if n > 1 && max > 0.0 {
                println!("  STAT bad mean {mean:.3} max {max:.3} size {n}");
            }
        }
        for (x, y) in &e.key.must {
            let (Some(i), Some(j)) = (index(&x.letter, &x.text), index(&y.letter, &y.text)) else {
                continue;
            };
            if group_of(i).is_some() && group_of(i) == group_of(j) {
                for k in [i, j] {
                    let (mean, max, n) = stats(k);
                    println!("  STAT good mean {mean:.3} max {max:.3} size {n}");
                }
            }
        }
    }
}
