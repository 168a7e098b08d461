//! The four seed articles compared as a reader would check them (the facts live in
//! src/seed_facts.rs, which `parallax-eval` prints too), plus a snapshot of the whole
//! comparison (tests/snapshots/, reviewed by eye whenever it changes).

use std::path::Path;

use parallax::Comparison;

use parallax_lab::seed_facts::{self, text, FACTS};

fn seeds() -> Comparison {
    let c =
        seed_facts::compare_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")).unwrap();
    assert_eq!(c.articles.len(), 4);
    c
}

#[test]
fn every_seed_fact_holds() {
    let c = seeds();
    let failures: Vec<String> = FACTS
        .iter()
        .filter_map(|(name, fact)| fact(&c).err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A compact, readable form of the comparison: each group as lines "[article] sentence".
#[test]
fn snapshot_of_the_seed_comparison() {
    let c = seeds();
    let groups: Vec<Vec<String>> = c
        .groups
        .iter()
        .map(|g| {
            let mut lines: Vec<String> = g
                .members
                .iter()
                .map(|m| format!("[{}] {}", m.article, text(&c, m.article, m.sentence)))
                .collect();
            for d in &g.discrepancies {
                let values: Vec<String> =
                    d.values.iter().map(|v| format!("[{}] {}", v.article, v.text)).collect();
                lines.push(format!("≠ {:?}: {}", d.kind, values.join(" · ")));
            }
            lines
        })
        .collect();
    insta::assert_yaml_snapshot!(groups);
}
