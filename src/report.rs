//! The terminal report: a front end that reads a [`Comparison`] and writes it as text.

use std::borrow::Cow;
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

/// Whether `c` must not reach a terminal as it is. C0 controls (ESC starts the sequences that
/// retitle a window, clear the screen or move the cursor; CR overwrites the line; BEL rings),
/// DEL and the C1 controls (0x9B is a one-byte CSI to some terminals) can all be written by
/// whoever wrote an article or named a file. The bidirectional overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) are not controls to a terminal but reorder what follows
/// them, so a report line could read other than it is. Newline and tab are kept when
/// `layout` allows them: they only break or indent a line.
fn is_unsafe(c: char, layout: bool) -> bool {
    match c {
        '\n' | '\t' => !layout,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        _ => c.is_control(),
    }
}

fn escape_unsafe(s: &str, layout: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c, layout)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !is_unsafe(c, layout) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Text from the input (an article's words, its name, its title) made safe to print on a
/// terminal: every control character but newline and tab, and every bidirectional override,
/// is written as a visible escape (`\x1b`, `\u{9b}`, `\u{202e}`). The report's own colours
/// are added after this, so `--color` is untouched.
pub fn visible(s: &str) -> Cow<'_, str> {
    escape_unsafe(s, true)
}

/// Like [`visible`], and newline and tab are escaped too: for a file name or another single
/// value that must stay on its one line (a message on stderr names a file in one line).
pub fn visible_line(s: &str) -> Cow<'_, str> {
    escape_unsafe(s, false)
}

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
            visible_line(&a.name),
            a.title.as_deref().map(|t| format!(" — {}", visible(t))).unwrap_or_default(),
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
                let text = visible(&p.text);
                let text = &*text;
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
                        visible(&v.before),
                        visible(&v.text),
                        visible(&v.after),
                        d.kind.describe_range(v.low, v.value)
                    )
                })
                .collect();
            let sign = if d.asserted { "≠" } else { "≠?" };
            let line =
                format!("   {sign} {}: {}{}", d.kind.label(), values.join(" · "), g.caution(d));
            let _ = writeln!(out, "{}", paint(YELLOW, &line));
        }
    }
    if options.show_boilerplate {
        for (i, a) in c.articles.iter().enumerate() {
            let lines: Vec<&str> =
                a.sentences.iter().filter(|s| s.boilerplate).map(|s| s.text.as_str()).collect();
            if !lines.is_empty() {
                let heading = format!("Boilerplate of [{i}] {}:", visible_line(&a.name));
                let _ = writeln!(out, "\n{}", paint(DIM, &heading));
                for l in lines {
                    let _ = writeln!(out, "{}", paint(DIM, &format!("    {}", visible(l))));
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

    #[test]
    fn control_characters_from_the_input_are_printed_as_escapes() {
        // (article text, what must not reach the terminal, what it shows instead)
        let cases = [
            ("Rebels \x1b]0;owned\x07entered the city.", "\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
            ("The screen \x1b[2Jwent blank today.", "\x1b[2J", "\\x1b[2J"),
            ("A back\x08space rubs out a letter.", "\x08", "back\\x08space"),
            ("A one-byte \u{9b}31m CSI in a sentence.", "\u{9b}", "\\u{9b}31m"),
            ("A delete \x7f byte is here.", "\x7f", "\\x7f"),
            ("Prices \u{202e}0051\u{202c} rose.", "\u{202e}", "\\u{202e}0051\\u{202c}"),
        ];
        for (text, raw, shown) in cases {
            let articles = [("a", text), ("b\x1b[31mname", "Other words in another article.")];
            let c = compare_texts(&articles, &Options::default()).unwrap();
            for color in [false, true] {
                let report = render(&c, &ReportOptions { color, show_boilerplate: true });
                assert!(!report.contains(raw), "{text:?} (color {color}): {report:?}");
                assert!(report.contains(shown), "{text:?} (color {color}): {report}");
                assert!(report.contains("b\\x1b[31mname"), "{report}");
                // The report's own colours are still there.
                assert_eq!(report.contains("\x1b[1m"), color, "{report:?}");
            }
        }
    }

    #[test]
    fn visible_keeps_layout_and_plain_text_as_they_are() {
        for (input, text, line) in [
            ("plain café text", "plain café text", "plain café text"),
            ("two\nlines\tand a tab", "two\nlines\tand a tab", "two\\nlines\\tand a tab"),
            ("bell\x07", "bell\\x07", "bell\\x07"),
            ("carriage\rreturn", "carriage\\rreturn", "carriage\\rreturn"),
            ("\u{2066}isolate\u{2069}", "\\u{2066}isolate\\u{2069}", "\\u{2066}isolate\\u{2069}"),
        ] {
            assert_eq!(visible(input), text, "{input:?}");
            assert_eq!(visible_line(input), line, "{input:?}");
        }
        assert!(matches!(visible("nothing to escape"), Cow::Borrowed(_)));
    }
}
