//! The four seed articles compared as a reader would check them, plus a snapshot of the whole
//! comparison (tests/snapshots/, reviewed by eye whenever it changes).

use std::path::Path;

use parallax::comparison::Group;
use parallax::{compare, Article, Comparison, Options};

fn seeds() -> Comparison {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let articles: Vec<Article> = paths
        .iter()
        .map(|p| {
            Article::from_bytes(
                &p.file_name().unwrap().to_string_lossy(),
                &std::fs::read(p).unwrap(),
            )
            .unwrap()
        })
        .collect();
    assert_eq!(articles.len(), 4);
    compare(&articles, &Options::default()).unwrap()
}

fn text(c: &Comparison, article: usize, sentence: usize) -> &str {
    &c.articles[article].sentences[sentence].text
}

fn group_of<'c>(c: &'c Comparison, article: usize, needle: &str) -> &'c Group {
    let s = c.articles[article]
        .sentences
        .iter()
        .position(|s| s.text.contains(needle))
        .unwrap_or_else(|| panic!("no sentence of article {article} contains {needle:?}"));
    let g = c.articles[article].sentences[s].group.expect("in a group");
    &c.groups[g]
}

#[test]
fn asylum_sentences_of_000_001_and_002_share_a_group() {
    let c = seeds();
    let shared = c.groups.iter().any(|g| {
        (0..3).all(|a| {
            g.members.iter().any(|m| m.article == a && text(&c, a, m.sentence).contains("asylum"))
        })
    });
    assert!(shared, "no group holds an asylum sentence of each of 000, 001 and 002");
}

#[test]
fn teasers_at_the_end_of_003_are_boilerplate_or_unique() {
    let c = seeds();
    let article = &c.articles[3];
    let first_teaser = article
        .sentences
        .iter()
        .position(|s| s.text.starts_with("Narcotrafficking"))
        .expect("teaser");
    for s in &article.sentences[first_teaser..] {
        let unique = s.group.is_some_and(|g| c.groups[g].is_unique());
        assert!(
            s.boilerplate || unique,
            "teaser sentence aligned with another article: {}",
            s.text
        );
    }
    assert!(article.sentences.iter().any(|s| s.text == "Read More →" && s.boilerplate));
}

#[test]
fn years_of_assad_family_rule_are_a_discrepancy() {
    let c = seeds();
    let g = group_of(&c, 0, "over 50 years");
    let texts: Vec<&str> =
        g.discrepancies.iter().flat_map(|d| d.values.iter().map(|v| v.text.as_str())).collect();
    assert!(texts.contains(&"over 50 years"), "{texts:?}");
    assert!(texts.contains(&"nearly six decades") || texts.contains(&"five decades"), "{texts:?}");
}

#[test]
fn byline_and_page_chrome_are_boilerplate() {
    let c = seeds();
    let boilerplate =
        |a: usize, t: &str| c.articles[a].sentences.iter().any(|s| s.text == t && s.boilerplate);
    assert!(boilerplate(0, "Andrey Mihayloff"));
    assert!(boilerplate(0, "Author`s name"));
    assert!(boilerplate(3, "• Post category:International"));
    assert!(boilerplate(3, "• Reading time:7 mins read"));
    assert!(!c.articles[1].sentences.iter().any(|s| s.boilerplate), "001 has no chrome");
}

#[test]
fn titles_come_from_first_lines_that_read_as_one() {
    let c = seeds();
    assert_eq!(
        c.articles[0].title.as_deref(),
        Some("Russia gives Bashar Assad and his family asylum, will not extradite them to anyone")
    );
    assert_eq!(c.articles[1].title, None);
    assert_eq!(
        c.articles[3].title.as_deref(),
        Some("Syria: Moscow admits for the first time that Bashar al-Assad has fled to Russia")
    );
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
