//! Discrepancies: figures of the same kind that the members of one group give differently
//! ("over 50 years" / "nearly six decades"; "December 8" / "December 7").

use serde::Serialize;

use crate::quantity::{Kind, Quantity};
use crate::text::{is_stop_word, stem, tokenize, Token, TokenKind};

/// One member's figure in a discrepancy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// Index of the article.
    pub article: usize,
    /// Index of the sentence in the article.
    pub sentence: usize,
    /// The figure as written, with its qualifier and unit: "nearly six decades".
    pub text: String,
    /// Up to [`AROUND`] words of the sentence before the figure and after it, with "…" where
    /// the sentence goes on: "…the end of " and " of rule by…".
    pub before: String,
    pub after: String,
    /// The figure normalized to the kind's unit: 60 (years); for a range, its high end.
    pub value: f64,
    /// For a range ("40 to 50 years"), its low end, normalized as `value` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
}

/// Members of a group disagreeing on a figure of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discrepancy {
    #[serde(flatten)]
    pub kind: Kind,
    /// Every figure of this kind the members give, in member order.
    pub values: Vec<Value>,
    /// Whether the disagreement is asserted: the figures' role in the fact is clear (the kind
    /// names it, as a toll or a count of jets does, or the differing figures share a word
    /// around them: "jailed for 25 years" / "a 20-year jail term") and the group is tight.
    /// Otherwise the articles only *may* disagree: a bare number, or two dates in unrelated
    /// words ("confirmed on December 8" / "arrived on December 10"), may be two facts.
    pub asserted: bool,
}

/// Finds discrepancies among the members of a group: `members` holds each member's article,
/// sentence, sentence text and quantities.
///
/// A kind is flagged when two members both give figures of it and each gives one the other
/// does not: "50 years" against "60 years" is a discrepancy, while one outlet giving "50
/// years" and another "50 years and 2015" is only more detail. Bare numbers without a unit
/// are compared only with bare numbers.
pub fn find<'a>(members: &[(usize, usize, &str, &'a [Quantity])]) -> Vec<Discrepancy> {
    let mut kinds: Vec<&Kind> = members.iter().flat_map(|m| m.3.iter().map(|q| &q.kind)).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut out = Vec::new();
    for kind in kinds {
        let per_member: Vec<Vec<&Quantity>> =
            members.iter().map(|m| m.3.iter().filter(|q| &q.kind == kind).collect()).collect();
        // An article's figures are pooled over its members: two sentences of one article (a
        // split sentence) are not outlets disagreeing, and an article that gives "14 years"
        // in one member and "five years" of something else in another agrees with an outlet
        // that gives only "14 years".
        let mut per_article: Vec<(usize, Vec<&Quantity>)> = Vec::new();
        for (m, qs) in members.iter().zip(&per_member) {
            match per_article.iter_mut().find(|(a, _)| *a == m.0) {
                Some((_, pool)) => pool.extend(qs.iter().copied()),
                None => per_article.push((m.0, qs.clone())),
            }
        }
        // Pairs of figures of two articles that disagree: each is one the other article does
        // not give, and they may be one slot (their owners do not differ: the SNP's 43 seats
        // and the Greens' four are two slots; nor the years they are told of: an earlier
        // quake's toll is not this one's).
        let unmatched = |x: &[&'a Quantity], y: &[&'a Quantity]| -> Vec<&'a Quantity> {
            x.iter().filter(|q| !y.iter().any(|r| q.same_value(r))).copied().collect()
        };
        let mut disagreeing: Vec<(&Quantity, &Quantity)> = Vec::new();
        for (i, (_, x)) in per_article.iter().enumerate() {
            for (_, y) in &per_article[i + 1..] {
                for q in unmatched(x, y) {
                    for r in unmatched(y, x) {
                        if q.same_owner(r) && q.year == r.year {
                            disagreeing.push((q, r));
                        }
                    }
                }
            }
        }
        if disagreeing.is_empty() {
            continue;
        }
        // Which sentence each quantity came from, for the words around it.
        let text_of = |q: &Quantity| {
            members.iter().find(|m| m.3.iter().any(|r| std::ptr::eq(r, q))).map_or("", |m| m.2)
        };
        let asserted = kind.names_its_role()
            || disagreeing.iter().any(|(q, r)| {
                let mine = role_words(text_of(q), q.range.clone());
                role_words(text_of(r), r.range.clone()).iter().any(|w| mine.contains(w))
            });
        // The values shown are those of the years that disagree: an earlier quake's toll in a
        // sentence about this one's is not one of them.
        let years: Vec<Option<f64>> = disagreeing.iter().map(|(q, _)| q.year).collect();
        let years = &years;
        let values = members
            .iter()
            .zip(&per_member)
            .flat_map(|(&(article, sentence, text, _), qs)| {
                qs.iter().filter(move |q| years.contains(&q.year)).map(move |q| {
                    let (before, after) = around(text, q.range.clone());
                    Value {
                        article,
                        sentence,
                        text: text.get(q.range.clone()).unwrap_or_default().to_string(),
                        before,
                        after,
                        value: q.value,
                        low: q.low,
                    }
                })
            })
            .collect();
        out.push(Discrepancy { kind: kind.clone(), values, asserted });
    }
    out
}

/// How many words on each side of a figure are read for its role.
const ROLE_WORDS: usize = 2;

/// Stems of the content words next to a figure, up to [`ROLE_WORDS`] on each side within its
/// sentence: what the figure is in the fact ("jailed", "term"). Figures and names are left
/// out: a name says whose fact it is ("Moscow confirmed…", "…arrived in Moscow"), not which
/// figure of it.
fn role_words(text: &str, range: std::ops::Range<usize>) -> Vec<String> {
    let words: Vec<Token> = tokenize(text)
        .into_iter()
        .filter(|t| {
            t.kind == TokenKind::Word
                && !is_stop_word(&t.norm)
                && !t.norm.starts_with(|c: char| c.is_ascii_digit())
                && (t.start == 0 || !t.is_capitalized(text))
        })
        .collect();
    let before = words.iter().filter(|t| t.end <= range.start).rev().take(ROLE_WORDS);
    let after = words.iter().filter(|t| t.start >= range.end).take(ROLE_WORDS);
    before.chain(after).map(|t| stem(&t.norm)).collect()
}

/// How many words on each side of a figure its [`Value`] shows.
pub const AROUND: usize = 4;

/// The [`AROUND`] words of `text` before `range` and after it, each with "…" where the text
/// goes on; the space next to the figure is kept.
fn around(text: &str, range: std::ops::Range<usize>) -> (String, String) {
    let (Some(head), Some(tail)) = (text.get(..range.start), text.get(range.end..)) else {
        return (String::new(), String::new());
    };
    // Byte offsets of the starts of the head's last words and the ends of the tail's first.
    let starts: Vec<usize> = head
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && head[..i].chars().next_back().is_none_or(char::is_whitespace)
        })
        .map(|(i, _)| i)
        .collect();
    let before = match starts.len().checked_sub(AROUND) {
        Some(k) if k > 0 => format!("…{}", &head[starts[k]..]),
        _ => head.to_string(),
    };
    let ends: Vec<usize> = tail
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace()
                && tail[i + c.len_utf8()..].chars().next().is_none_or(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    let after = match ends.get(AROUND - 1) {
        Some(&e) if e < tail.trim_end().len() => format!("{}…", &tail[..e]),
        _ => tail.trim_end().to_string(),
    };
    (before.trim_start().to_string(), after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantity::quantities;

    #[test]
    fn a_value_shows_the_words_around_its_figure() {
        let text =
            "The rapid escalation marks the end of nearly six decades of rule by the Assad family.";
        let q = quantities(text);
        let (before, after) = around(text, q[0].range.clone());
        assert_eq!((before.as_str(), after.as_str()), ("…marks the end of ", " of rule by the…"));
        // Near the ends of the sentence nothing is cut.
        let text = "Over 50 years of rule ended.";
        let (before, after) = around(text, quantities(text)[0].range.clone());
        assert_eq!((before.as_str(), after.as_str()), ("", " of rule ended."));
        let text = "Zoë’s café opened 12 days ago";
        let (before, after) = around(text, quantities(text)[0].range.clone());
        assert_eq!((before.as_str(), after.as_str()), ("Zoë’s café opened ", " ago"));
    }

    fn run(sentences: &[&str]) -> Vec<Discrepancy> {
        let qs: Vec<Vec<Quantity>> = sentences.iter().map(|s| quantities(s)).collect();
        let members: Vec<(usize, usize, &str, &[Quantity])> = sentences
            .iter()
            .zip(&qs)
            .enumerate()
            .map(|(i, (s, q))| (i, 0, *s, q.as_slice()))
            .collect();
        find(&members)
    }

    #[test]
    fn years_of_rule_disagree_across_units() {
        let d = run(&[
            "His family had ruled the republic for over 50 years.",
            "It ends nearly six decades of rule by the Assad family.",
            "Syria is emerging from five decades of authoritarian rule.",
        ]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].kind, Kind::Duration("year".into()));
        let shown: Vec<(&str, f64)> =
            d[0].values.iter().map(|v| (v.text.as_str(), v.value)).collect();
        assert_eq!(
            shown,
            vec![("over 50 years", 50.0), ("nearly six decades", 60.0), ("five decades", 50.0)]
        );
    }

    #[test]
    fn dates_disagree() {
        let d = run(&[
            "Rebels entered Damascus on December 8.",
            "Rebels entered Damascus on December 7.",
        ]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, Kind::Date);
    }

    #[test]
    fn same_figure_in_other_words_is_no_discrepancy() {
        assert!(run(&["It lasted five decades.", "It lasted 50 years."]).is_empty());
    }

    #[test]
    fn a_clock_time_without_am_or_pm_agrees_with_either_half_of_the_day() {
        assert!(run(&[
            "The lander touched down at 6:04 local time.",
            "At 18:04 local time the lander touched down.",
            "It began its descent at 5:45 pm and touched down at 6:04 pm.",
        ])
        .is_empty());
        let d = run(&["The lander touched down at 6:14 local time.", "It touched down at 18:04."]);
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn more_detail_is_no_discrepancy() {
        assert!(run(&["Fighting began in 2011.", "Fighting began in 2011 and escalated in 2015."])
            .is_empty());
    }

    #[test]
    fn two_sentences_of_one_article_do_not_disagree() {
        let qs: Vec<Vec<Quantity>> = ["It began on December 7.", "It ended on December 8."]
            .iter()
            .map(|s| quantities(s))
            .collect();
        let members = [
            (0, 0, "It began on December 7.", qs[0].as_slice()),
            (0, 1, "It ended on December 8.", qs[1].as_slice()),
        ];
        assert!(find(&members).is_empty());
    }

    /// Runs [`find`] on `(article, sentence)` members.
    fn run_in(members: &[(usize, &str)]) -> Vec<Discrepancy> {
        let qs: Vec<Vec<Quantity>> = members.iter().map(|(_, s)| quantities(s)).collect();
        let members: Vec<(usize, usize, &str, &[Quantity])> = members
            .iter()
            .zip(&qs)
            .enumerate()
            .map(|(i, (&(a, s), q))| (a, i, s, q.as_slice()))
            .collect();
        find(&members)
    }

    #[test]
    fn an_article_split_over_members_is_judged_whole() {
        // Article 0 gives the sentence in two members; together they agree with article 1.
        let d = run_in(&[
            (0, "The lender was jailed for 14 years."),
            (0, "He could be out in just five years with good conduct."),
            (1, "A court sentenced the lender to 14 years in prison."),
        ]);
        assert!(d.is_empty(), "{d:?}");
        // Article 1 disagrees with both of article 0's members, so it is still flagged.
        let d = run_in(&[
            (0, "The lender was jailed for 14 years."),
            (0, "He could be out in just five years with good conduct."),
            (1, "A court sentenced the lender to 12 years in prison."),
        ]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].values.len(), 3);
    }

    #[test]
    fn durations_compare_across_units_of_one_family() {
        assert!(run(&["The bridge stood for 110 years.", "It stood 1,320 months."]).is_empty());
        assert!(run(&["Talks ran two weeks.", "Talks ran 14 days."]).is_empty());
        assert!(run(&["The walk took 90 minutes.", "The walk took 1.5 hours."]).is_empty());
        let d = run(&["The siege lasted 18 months.", "The siege lasted three years."]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].kind, Kind::Duration("year".into()));
        assert_eq!(d[0].kind.describe(d[0].values[0].value), "1.5 years");
        assert_eq!(Kind::Duration("year".into()).describe(1.0 / 12.0), "1 month");
        assert_eq!(Kind::Duration("hour".into()).describe(0.75), "45 minutes");
    }

    #[test]
    fn a_disagreement_is_asserted_only_where_the_figures_role_is_clear() {
        // (sentences, asserted): the kind names the role, or the differing figures share a
        // word around them; else they may be two facts.
        let table: &[(&[&str], bool)] = &[
            (&["The quake killed 12 people.", "At least 15 people died in the quake."], true),
            (&["Israel bought 26 jets.", "Israel has ordered 28 jets."], true),
            (&["The judge jailed him for 25 years.", "He was jailed for 20 years."], true),
            (
                &[
                    "Rebels entered Damascus on December 8.",
                    "Rebels entered Damascus on December 7.",
                ],
                true,
            ),
            (
                &[
                    "Moscow confirmed on December 8 that he had fled.",
                    "He arrived in Moscow with his family on December 10.",
                ],
                false,
            ),
            (&["The vote passed 312 to 290.", "The motion got 305 in the end."], false),
        ];
        for &(sentences, asserted) in table {
            let d = run(sentences);
            assert_eq!(d.len(), 1, "{sentences:?}: {d:?}");
            assert_eq!(d[0].asserted, asserted, "{sentences:?}");
        }
    }

    #[test]
    fn figures_of_different_owners_do_not_disagree() {
        assert!(run(&[
            "The SNP is forecast to drop from 43 seats to just six.",
            "The Greens looked set to match their record of four seats.",
        ])
        .is_empty());
        // One owner, two values: a disagreement.
        let d =
            run(&["The Tories are set to win 144 seats.", "It leaves the Tories on 121 seats."]);
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn figures_of_another_year_are_another_fact() {
        let d = run(&[
            "The quake killed 7 people, the worst since 1999, when one killed 2,400 people.",
            "At least 4 people were killed.",
        ]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].values.iter().all(|v| v.value < 10.0), "{d:?}");
    }

    #[test]
    fn ranges_compare_as_ranges() {
        assert!(run(&["Prosecutors sought 40 to 50 years.", "Prosecutors sought 40-50 years."])
            .is_empty());
        // A range is not a single figure: the key of a real event judges these to disagree.
        let d = run(&[
            "The defence asked for five to six and a half years.",
            "It asked for 6.5 years.",
        ]);
        assert_eq!(d.len(), 1, "{d:?}");
        let d = run(&["Prosecutors sought 40 to 50 years.", "Prosecutors sought 30 to 50 years."]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].values[0].low, Some(40.0));
    }

    #[test]
    fn figure_missing_from_one_member_is_no_discrepancy() {
        assert!(
            run(&["Rebels entered Damascus on December 8.", "Rebels entered Damascus."]).is_empty()
        );
    }
}
