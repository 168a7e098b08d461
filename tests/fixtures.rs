//! Three reports of one (invented) event, written for this test in the styles of a wire
//! service, a local paper and a tabloid: reordered, reworded, split and merged facts, figures
//! that disagree, and page chrome. Checks the facts a reader would check.

use std::path::Path;

use parallax::comparison::{compare_with, sentences_to_encode};
use parallax::matching::encoder::{Encoder, SentenceVectors};
use parallax::{Article, Comparison, Options};

/// The fixture compared by each matcher: the lexical one, and the encoder when its weights
/// are there (`scripts/setup` makes them; `scripts/test` requires them).
fn bridges() -> Vec<Comparison> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/bridge");
    let articles: Vec<Article> = ["wire.txt", "local.txt", "tabloid.txt"]
        .iter()
        .map(|name| Article::from_bytes(name, &std::fs::read(dir.join(name)).unwrap()).unwrap())
        .collect();
    let mut out = vec![compare_with(&articles, &Options::default(), None).unwrap()];
    let weights = root.join("weights/minilm-l6-v2.q8");
    match std::fs::read(&weights) {
        Ok(bytes) => {
            let encoder = Encoder::from_bytes("weights", &bytes).unwrap();
            let texts = sentences_to_encode(&articles);
            let vectors = SentenceVectors::encode(&encoder, texts.iter().map(String::as_str));
            out.push(compare_with(&articles, &Options::default(), Some(&vectors)).unwrap());
        }
        Err(e) => {
            assert!(std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none(), "{e}");
            eprintln!("skipped with the encoder: {}: {e}", weights.display());
        }
    }
    out
}

/// The group holding the sentence of `article` that contains `needle`.
fn group_of(c: &Comparison, article: usize, needle: &str) -> usize {
    let sentence = c.articles[article]
        .sentences
        .iter()
        .find(|s| s.text.contains(needle))
        .unwrap_or_else(|| panic!("article {article} has no sentence with {needle:?}"));
    sentence.group.unwrap_or_else(|| panic!("{needle:?} is in no group"))
}

fn same_group(c: &Comparison, sentences: &[(usize, &str)]) {
    let groups: Vec<usize> = sentences.iter().map(|&(a, n)| group_of(c, a, n)).collect();
    assert!(groups.windows(2).all(|w| w[0] == w[1]), "{sentences:?} are in groups {groups:?}");
}

#[test]
fn casualty_figures_from_three_outlets_share_a_group_and_disagree() {
    for c in &bridges() {
        same_group(
            c,
            &[
                (0, "killing at least 12 people"),
                (1, "14 people were confirmed dead"),
                (2, "At least 12 were killed"),
            ],
        );
        let g = &c.groups[group_of(c, 0, "killing at least 12 people")];
        let values: Vec<(&str, f64)> = g
            .discrepancies
            .iter()
            .flat_map(|d| d.values.iter().map(|v| (v.text.as_str(), v.value)))
            .collect();
        assert!(values.contains(&("at least 12 people", 12.0)), "{values:?}");
        assert!(values.contains(&("14 people", 14.0)), "{values:?}");
        assert!(values.contains(&("38 injured", 38.0)), "{values:?}");
        assert!(values.contains(&("some 40 hurt", 40.0)), "{values:?}");
        let kinds: Vec<String> = g.discrepancies.iter().map(|d| d.kind.label()).collect();
        assert_eq!(kinds, ["number of dead", "number of injured"]);
    }
}

#[test]
fn reworded_and_reordered_facts_align() {
    for c in &bridges() {
        same_group(
            c,
            &[
                (0, "Mayor Ellen Park declared"),
                (1, "Mayor Ellen Park has declared"),
                (2, "Mayor Ellen Park announced"),
            ],
        );
        same_group(
            c,
            &[(0, "darkest day in our city's history"), (1, "darkest day in the history")],
        );
        same_group(c, &[(0, "Divers were still searching"), (1, "Divers searched the river")]);
    }
}

#[test]
fn age_of_the_bridge_is_a_discrepancy_across_units() {
    for c in &bridges() {
        same_group(c, &[(0, "60-year-old bridge"), (1, "built 62 years ago")]);
        let g = &c.groups[group_of(c, 0, "60-year-old bridge")];
        let texts: Vec<&str> =
            g.discrepancies.iter().flat_map(|d| d.values.iter().map(|v| v.text.as_str())).collect();
        assert_eq!(texts, ["60-year", "62 years"]);
    }
}

#[test]
fn chrome_is_boilerplate_and_local_colour_is_unique() {
    for c in &bridges() {
        let boilerplate = |a: usize, t: &str| {
            c.articles[a].sentences.iter().any(|s| s.text.starts_with(t) && s.boilerplate)
        };
        assert!(boilerplate(0, "Reporting by Tom Reyes"));
        assert!(boilerplate(1, "Read More →"));
        assert!(boilerplate(1, "City council approves new budget"));
        assert!(boilerplate(1, "The council voted 7-2"));
        assert!(boilerplate(2, "Share this article"));
        assert!(c.groups[group_of(c, 1, "Residents lined the riverbank")].is_unique());
        assert!(c.groups[group_of(c, 2, "folding like paper")].is_unique());
    }
}
