//! A measurement of a change not shipped: a sentence telling several facts (a lede) also
//! joins, as a second membership, the group of a shorter sentence of another article whose
//! words it tells. It joins when some member of the group is shorter in word pieces, scores
//! at least a bar with it ([`parallax::matching::Corpus::similarity`]) and is covered by it
//! at least another ([`parallax::matching::Corpus::piece_cover`]), and its average score with
//! the group's members reaches a third. Prints, for the comparison as shipped and for each
//! setting of the three bars, the must pairs found and the false links when a sentence's
//! second groups count as its own, and how many second memberships were added:
//! `cargo run --release -p parallax-lab --example events_also -- [EVENTS_DIR …]`.
use std::collections::BTreeSet;

use parallax_lab::{events_compared, judged_corpus, load_encoder};

fn main() {
    let encoder = load_encoder(None).expect("encoder");
    let options = parallax::comparison::Options::default();
    let grid: Vec<(f32, f32, f32)> = [0.1f32, 0.15, 0.19]
        .iter()
        .flat_map(|&a| [0.3f32, 0.4, 0.5].into_iter().map(move |c| (a, c)))
        .flat_map(|(a, c)| [0.0f32, 0.1].into_iter().map(move |b| (a, c, b)))
        .collect();
    // Per setting: must found, must listed, false, unique listed, added memberships.
    let mut totals = vec![(0usize, 0usize, 0usize, 0usize, 0usize); grid.len() + 1];
    for (e, v, c) in events_compared(&encoder, &options) {
        let Some((corpus, at)) = judged_corpus(&c, &v) else {
            eprintln!("{}: a sentence has no vector or pieces", e.name);
            continue;
        };
        let counts: Vec<usize> = at
            .iter()
            .map(|&(a, s)| v.pieces(&c.articles[a].sentences[s].text).map_or(0, |p| p.len()))
            .collect();
        let heading = |i: usize| c.articles[at[i].0].sentences[at[i].1].heading;
        let letters: Vec<&String> = e.key.files.keys().collect();
        let index = |letter: &str, snip: &str| -> Option<usize> {
            let a = letters.iter().position(|l| l.as_str() == letter)?;
            at.iter().position(|&(x, s)| x == a && c.articles[a].sentences[s].text.contains(snip))
        };
        // Primary groups as sets of corpus indexes.
        let groups: Vec<Vec<usize>> = c
            .groups
            .iter()
            .map(|g| {
                g.members
                    .iter()
                    .filter_map(|m| at.iter().position(|&x| x == (m.article, m.sentence)))
                    .collect()
            })
            .collect();
        for (k, setting) in std::iter::once(None).chain(grid.iter().copied().map(Some)).enumerate()
        {
            let mut member_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); at.len()];
            for (g, members) in groups.iter().enumerate() {
                for &m in members {
                    member_of[m].insert(g);
                }
            }
            let mut added = 0;
            if let Some((a_bar, c_bar, b_bar)) = setting {
                for (g, members) in groups.iter().enumerate() {
                    for l in 0..at.len() {
                        if heading(l) || members.iter().any(|&m| at[m].0 == at[l].0) {
                            continue;
                        }
                        if members.iter().any(|&m| heading(m)) {
                            continue;
                        }
                        let told = members.iter().any(|&s| {
                            counts[s] < counts[l]
                                && corpus.similarity(s, l) >= a_bar
                                && corpus.piece_cover(s, l).unwrap_or(0.0) >= c_bar
                        });
                        if !told {
                            continue;
                        }
                        let avg = members.iter().map(|&m| corpus.similarity(m, l)).sum::<f32>()
                            / members.len() as f32;
                        if avg >= b_bar {
                            member_of[l].insert(g);
                            added += 1;
                        }
                    }
                }
            }
            let share =
                |i: usize, j: usize| member_of[i].intersection(&member_of[j]).next().is_some();
            let mut found = 0;
            let mut listed = 0;
            for (x, y) in &e.key.must {
                if let (Some(i), Some(j)) = (index(&x.letter, &x.text), index(&y.letter, &y.text)) {
                    listed += 1;
                    if share(i, j) {
                        found += 1;
                    }
                }
            }
            let mut false_links = 0;
            let mut uniques = 0;
            for u in &e.key.unique {
                let Some(i) = index(&u.letter, &u.text) else { continue };
                uniques += 1;
                let linked = (0..at.len()).any(|j| at[j].0 != at[i].0 && share(i, j));
                if linked {
                    false_links += 1;
                }
            }
            let t = &mut totals[k];
            t.0 += found;
            t.1 += listed;
            t.2 += false_links;
            t.3 += uniques;
            t.4 += added;
        }
    }
    for (k, t) in totals.iter().enumerate() {
        let name = if k == 0 {
            "as shipped".to_string()
        } else {
            let (a, c, b) = grid[k - 1];
            format!("pair {a} cover {c} average {b}")
        };
        println!("{name:<36} must {}/{} false {}/{} added {}", t.0, t.1, t.2, t.3, t.4);
    }
}
