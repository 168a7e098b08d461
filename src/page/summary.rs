//! What the page says about a comparison, in words and counts, the same in every view: the
//! counts above the table, what a discrepancy flag claims, and the counterparts of a sentence.

use crate::comparison::{Comparison, Group, Member};
use crate::discrepancy::Discrepancy;

use super::Filter;

/// The counts above the table; each is also a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub groups: usize,
    /// Facts every article reports ([`Filter::Every`]).
    pub every: usize,
    /// Facts two or more articles report, not all ([`Filter::Several`]).
    pub several: usize,
    /// Facts only one article reports, per article ([`Filter::Only`]).
    pub only: Vec<usize>,
    /// Facts with a discrepancy ([`Filter::Disagreements`]).
    pub disagreements: usize,
}

/// Counts the groups of `c` as the filters of the same names keep them.
pub fn counts(c: &Comparison) -> Counts {
    let n = c.articles.len();
    let kept = |f: Filter| c.groups.iter().filter(|g| f.keeps(g, n)).count();
    Counts {
        groups: c.groups.len(),
        every: kept(Filter::Every),
        several: kept(Filter::Several),
        only: (0..n).map(|a| kept(Filter::Only(a))).collect(),
        disagreements: kept(Filter::Disagreements),
    }
}

/// Whether article `a` reports `group`: a mark in its lane of the coverage strip.
pub fn reports(group: &Group, a: usize) -> bool {
    group.members.iter().any(|m| m.article == a)
}

/// What a flag says of a discrepancy, in the overview and the reading view alike: "≠ The
/// articles disagree on a date", or "may disagree" where the comparison does not assert it
/// (a loose group, or figures whose role is unclear).
pub fn claim(d: &Discrepancy) -> String {
    let claim = if d.asserted { "disagree" } else { "may disagree" };
    format!("≠ The articles {claim} on {}", d.kind.label_with_article())
}

/// Said after the flags of a loose group, in every view.
pub const LOOSE_NOTE: &str =
    "These sentences are only loosely alike: check that they report the same fact.";

/// The counterparts of a selected sentence, as the reading view lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterparts<'c> {
    /// "Reported by 3 of 4 articles", "Only this article reports this."
    pub heading: String,
    /// Each member: who (name, "· reference", "· selected") and the member.
    pub members: Vec<(String, &'c Member)>,
    /// "Not reported by: a, b", when some article does not and the fact is shared.
    pub missing: Option<String>,
    /// A line per discrepancy: its [`claim`] and every value with its article.
    pub flags: Vec<String>,
    /// [`LOOSE_NOTE`] for a loose group with flags.
    pub loose: Option<&'static str>,
}

/// The counterparts of sentence `s` of article `a`; `None` for boilerplate or a sentence
/// that does not exist.
pub fn counterparts(c: &Comparison, a: usize, s: usize) -> Option<Counterparts<'_>> {
    let group = c.groups.get(c.articles.get(a)?.sentences.get(s)?.group?)?;
    let name = |i: usize| c.articles.get(i).map_or("?", |x| x.name.as_str());
    let heading = if group.is_unique() {
        "Only this article reports this.".to_string()
    } else {
        format!("Reported by {} of {} articles", group.articles, c.articles.len())
    };
    let members = group
        .members
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let mut who = name(m.article).to_string();
            if k == group.reference && group.members.len() > 1 {
                who.push_str(" · reference");
            }
            if (m.article, m.sentence) == (a, s) {
                who.push_str(" · selected");
            }
            (who, m)
        })
        .collect();
    let missing: Vec<&str> =
        (0..c.articles.len()).filter(|&i| !reports(group, i)).map(name).collect();
    let missing = (!missing.is_empty() && !group.is_unique())
        .then(|| format!("Not reported by: {}", missing.join(", ")));
    let flags = group
        .discrepancies
        .iter()
        .map(|d| {
            let values: Vec<String> =
                d.values.iter().map(|v| format!("“{}” in {}", v.text, name(v.article))).collect();
            format!("{}: {}", claim(d), values.join(" · "))
        })
        .collect();
    let loose = (group.loose && !group.discrepancies.is_empty()).then_some(LOOSE_NOTE);
    Some(Counterparts { heading, members, missing, flags, loose })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Page;

    fn seeds() -> Page {
        let mut page = Page::default();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("seeds/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort_unstable();
        for f in files {
            let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            page.add_file(&name, &std::fs::read(&f).expect("a seed"));
        }
        page.recompute();
        page
    }

    #[test]
    fn the_counts_partition_the_groups_and_equal_what_the_filters_keep() {
        let page = seeds();
        let c = page.comparison.as_ref().expect("compared");
        let k = counts(c);
        assert_eq!(k.groups, c.groups.len());
        assert_eq!(k.every + k.several + k.only.iter().sum::<usize>(), k.groups);
        let every = c.groups.iter().filter(|g| g.articles == 4).count();
        let unique0 = c.groups.iter().filter(|g| g.articles == 1 && g.members[0].article == 0);
        let flagged = c.groups.iter().filter(|g| !g.discrepancies.is_empty()).count();
        assert_eq!((k.every, k.only[0], k.disagreements), (every, unique0.count(), flagged));
        assert!(k.several > 0 && k.disagreements > 0, "{k:?}");
    }

    #[test]
    fn the_seeds_get_readable_names() {
        let page = seeds();
        let names: Vec<&str> = page.articles.iter().map(|a| a.name.as_str()).collect();
        assert!(names.iter().all(|n| !n.contains(".txt") && n.chars().count() <= 41), "{names:?}");
        assert_eq!(names[0], "Russia gives Bashar Assad and his family…");
    }

    #[test]
    fn the_reading_view_says_may_where_the_overview_does() {
        let page = seeds();
        let c = page.comparison.as_ref().expect("compared");
        let (g, group) = c
            .groups
            .iter()
            .enumerate()
            .find(|(_, g)| g.loose && !g.discrepancies.is_empty())
            .expect("the seeds have a loose group with figures (the Assad family's years)");
        let m = &group.members[0];
        let found = counterparts(c, m.article, m.sentence).expect("counterparts");
        assert_eq!(found.loose, Some(LOOSE_NOTE));
        for (flag, d) in found.flags.iter().zip(&group.discrepancies) {
            assert!(flag.starts_with(&claim(d)) && flag.contains("may disagree"), "{flag}");
        }
        assert_eq!(c.articles[m.article].sentences[m.sentence].group, Some(g));
        assert!(found.members.iter().any(|(who, _)| who.ends_with("· selected")));
    }
}
