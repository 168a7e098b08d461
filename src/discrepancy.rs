//! Discrepancies: figures of the same kind that the members of one group give differently
//! ("over 50 years" / "nearly six decades"; "December 8" / "December 7").

use serde::Serialize;

use crate::quantity::{Kind, Quantity};

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
    /// The figure normalized to the kind's unit: 60 (years).
    pub value: f64,
}

/// Members of a group disagreeing on a figure of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discrepancy {
    #[serde(flatten)]
    pub kind: Kind,
    /// Every figure of this kind the members give, in member order.
    pub values: Vec<Value>,
}

/// Finds discrepancies among the members of a group: `members` holds each member's article,
/// sentence, sentence text and quantities.
///
/// A kind is flagged when two members both give figures of it and each gives one the other
/// does not: "50 years" against "60 years" is a discrepancy, while one outlet giving "50
/// years" and another "50 years and 2015" is only more detail. Bare numbers without a unit
/// are compared only with bare numbers.
pub fn find(members: &[(usize, usize, &str, &[Quantity])]) -> Vec<Discrepancy> {
    let mut kinds: Vec<&Kind> = members.iter().flat_map(|m| m.3.iter().map(|q| &q.kind)).collect();
    kinds.sort();
    kinds.dedup();
    let mut out = Vec::new();
    for kind in kinds {
        let per_member: Vec<Vec<&Quantity>> =
            members.iter().map(|m| m.3.iter().filter(|q| &q.kind == kind).collect()).collect();
        let lacks =
            |x: &[&Quantity], y: &[&Quantity]| x.iter().any(|q| !y.iter().any(|r| q.same_value(r)));
        let mut disagree = false;
        for (i, x) in per_member.iter().enumerate() {
            for (j, y) in per_member.iter().enumerate().skip(i + 1) {
                // Two sentences of one article (a split sentence) are not outlets disagreeing.
                let other_article = members[i].0 != members[j].0;
                if other_article && !x.is_empty() && !y.is_empty() && lacks(x, y) && lacks(y, x) {
                    disagree = true;
                }
            }
        }
        if !disagree {
            continue;
        }
        let values = members
            .iter()
            .zip(&per_member)
            .flat_map(|(&(article, sentence, text, _), qs)| {
                qs.iter().map(move |q| {
                    let (before, after) = around(text, q.range.clone());
                    Value {
                        article,
                        sentence,
                        text: text.get(q.range.clone()).unwrap_or_default().to_string(),
                        before,
                        after,
                        value: q.value,
                    }
                })
            })
            .collect();
        out.push(Discrepancy { kind: kind.clone(), values });
    }
    out
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

    #[test]
    fn figure_missing_from_one_member_is_no_discrepancy() {
        assert!(
            run(&["Rebels entered Damascus on December 8.", "Rebels entered Damascus."]).is_empty()
        );
    }
}
