//! The terminal report: a front end that reads a [`Comparison`] and writes it as text.

use std::fmt::Write;

use crate::comparison::{Comparison, Group, Matcher};
use crate::diff::Op;

/// Options that change how the report looks, never what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportOptions {
    /// Colour differences with ANSI escapes instead of marking them with brackets.
    pub color: bool,
    /// List each article's boilerplate at the end.
    pub show_boilerplate: bool,
}

const RESET: &str = "\x1b[0m";
const GREEN: &str = "\x1b[32m";
const RED_STRIKE: &str = "\x1b[31;9m";
const BLUE: &str = "\x1b[34m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const YELLOW: &str = "\x1b[33m";

/// Writes the whole report.
pub fn render(c: &Comparison, options: &ReportOptions) -> String {
    let mut out = String::new();
    let paint = |code: &str, text: &str| {
        if options.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let shared = c.groups.iter().filter(|g| !g.is_unique()).count();
    let _ = writeln!(
        out,
        "{}",
        paint(
            BOLD,
            &format!(
                "Parallax: {} articles, {} groups ({} reported by two or more articles, {} unique)",
                c.articles.len(),
                c.groups.len(),
                shared,
                c.groups.len() - shared
            )
        )
    );
    let _ = writeln!(
        out,
        "{}",
        paint(
            DIM,
            match c.matcher {
                Matcher::Encoder => "matched by meaning (sentence encoder) and wording",
                _ => "matched by wording alone (without the sentence encoder: see parallax --help)",
            }
        )
    );
    let _ = writeln!(out);
    for (i, a) in c.articles.iter().enumerate() {
        let s = a.summary;
        let _ = writeln!(
            out,
            "[{i}] {}{}\n    {} sentences: {} also reported elsewhere, {} unique; {} boilerplate{}",
            a.name,
            a.title.as_deref().map(|t| format!(" — {t}")).unwrap_or_default(),
            s.sentences,
            s.shared,
            s.unique,
            s.boilerplate,
            if i == c.base { " (base)" } else { "" },
        );
    }
    for (n, g) in c.groups.iter().enumerate() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", paint(BOLD, &group_heading(n, g, c.articles.len())));
        for (k, m) in g.members.iter().enumerate() {
            let mut line = String::new();
            for p in &m.diff {
                let text = p.text.as_str();
                match (p.op, options.color) {
                    (Op::Same, _) => line.push_str(text),
                    (Op::Added, true) => line.push_str(&paint(GREEN, text)),
                    (Op::Removed, true) => line.push_str(&paint(RED_STRIKE, text)),
                    (Op::Moved, true) => line.push_str(&paint(BLUE, text)),
                    (Op::Added, false) => line.push_str(&bracket(text, "{+", "+}")),
                    (Op::Removed, false) => line.push_str(&bracket(text, "[-", "-]")),
                    (Op::Moved, false) => line.push_str(&bracket(text, "<~", "~>")),
                }
            }
            let marker = if k == g.reference && g.members.len() > 1 { "*" } else { " " };
            let _ = writeln!(out, " {marker}[{}] {}", m.article, line.trim());
        }
        for d in &g.discrepancies {
            let values: Vec<String> = d
                .values
                .iter()
                .map(|v| {
                    format!(
                        "[{}] {}“{}”{} ({})",
                        v.article,
                        v.before,
                        v.text,
                        v.after,
                        d.kind.describe_range(v.low, v.value)
                    )
                })
                .collect();
            let check = if g.loose {
                " (loosely matched: check it is one fact)"
            } else if !d.asserted {
                " (may be two facts: check the words around the figures)"
            } else {
                ""
            };
            let sign = if d.asserted { "≠" } else { "≠?" };
            let line = format!("   {sign} {}: {}{check}", d.kind.label(), values.join(" · "));
            let _ = writeln!(out, "{}", paint(YELLOW, &line));
        }
    }
    if options.show_boilerplate {
        for (i, a) in c.articles.iter().enumerate() {
            let lines: Vec<&str> =
                a.sentences.iter().filter(|s| s.boilerplate).map(|s| s.text.as_str()).collect();
            if !lines.is_empty() {
                let _ =
                    writeln!(out, "\n{}", paint(DIM, &format!("Boilerplate of [{i}] {}:", a.name)));
                for l in lines {
                    let _ = writeln!(out, "{}", paint(DIM, &format!("    {l}")));
                }
            }
        }
    }
    out
}

fn group_heading(n: usize, g: &Group, total: usize) -> String {
    if g.is_unique() {
        format!("── {} · only in [{}]", n + 1, g.members[0].article)
    } else {
        format!("── {} · reported by {} of {} articles", n + 1, g.articles, total)
    }
}

/// Brackets a piece, keeping its leading space outside the brackets.
fn bracket(text: &str, open: &str, close: &str) -> String {
    let trimmed = text.trim_start();
    format!("{}{open}{trimmed}{close}", &text[..text.len() - trimmed.len()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compare_texts, Options};

    #[test]
    fn report_marks_differences_and_discrepancies_without_color() {
        let c = compare_texts(
            &[
                ("a", "Rebels entered Damascus on December 8."),
                ("b", "Rebels entered Damascus on December 7."),
            ],
            &Options::default(),
        )
        .unwrap();
        let text = render(&c, &ReportOptions::default());
        assert!(text.contains("[1] Rebels entered Damascus on December [-8-] {+7+}."), "{text}");
        assert!(
            text.contains(
                "≠ date: [0] Rebels entered Damascus on “December 8”. (December 8) · \
                 [1] Rebels entered Damascus on “December 7”. (December 7)"
            ),
            "{text}"
        );
        assert!(!text.contains('\x1b'));
        assert!(!text.contains("loosely"), "{text}");
    }

    #[test]
    fn a_discrepancy_in_a_loose_group_asks_the_reader_to_check() {
        let texts = [
            ("a", "His family had ruled the republic for over 50 years."),
            (
                "b",
                "The conflict ends nearly six decades of rule by the Assad family, analysts say.",
            ),
        ];
        let c = compare_texts(&texts, &Options::default()).unwrap();
        let g = c.groups.iter().find(|g| !g.discrepancies.is_empty()).expect("a discrepancy");
        assert!(g.loose, "cohesion {}", g.cohesion);
        let text = render(&c, &ReportOptions::default());
        assert!(text.contains("(loosely matched: check it is one fact)"), "{text}");
        // Loose is relative to the threshold the comparison used.
        let low = Options::default().threshold(g.cohesion / 2.0);
        let c = compare_texts(&texts, &low).unwrap();
        let g = c.groups.iter().find(|g| !g.discrepancies.is_empty()).expect("a discrepancy");
        assert!(!g.loose, "cohesion {} against threshold {}", g.cohesion, low.threshold);
        assert!(!render(&c, &ReportOptions::default()).contains("loosely"));
    }
}
