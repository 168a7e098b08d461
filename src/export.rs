//! Exports for people: a [`Comparison`] as a Markdown table, as CSV for a spreadsheet, and as
//! a self-contained HTML report to print or send. Each reads the comparison alone; nothing in
//! them fetches, runs or links anything.

use std::fmt::Write;

use crate::comparison::{Comparison, Group};
use crate::discrepancy::Discrepancy;

/// What an article's column shows for a group it does not report.
const NOT_REPORTED: &str = "—";

/// The words for one discrepancy of `group`: its kind, then each article's figure in the
/// words around it, and a caution when the members may tell two facts.
pub fn discrepancy_line(c: &Comparison, group: &Group, d: &Discrepancy) -> String {
    let values: Vec<String> = d
        .values
        .iter()
        .map(|v| {
            let name = c.articles.get(v.article).map_or("?", |a| a.name.as_str());
            format!("{name}: “{}” ({})", v.text, d.kind.describe_range(v.low, v.value))
        })
        .collect();
    let verb = if d.asserted { "figures disagree" } else { "figures may disagree" };
    format!("{verb} on the {}: {}{}", d.kind.label(), values.join("; "), group.caution(d))
}

/// "4 articles, 88 groups: 18 reported by two or more articles, 70 by one."
fn summary(c: &Comparison) -> String {
    let shared = c.groups.iter().filter(|g| !g.is_unique()).count();
    format!(
        "{} articles, {} groups: {} reported by two or more articles, {} by one.",
        c.articles.len(),
        c.groups.len(),
        shared,
        c.groups.len() - shared
    )
}

/// Each discrepancy's line with the number of its group (counting from 1), in group order.
fn disagreements(c: &Comparison) -> Vec<(usize, String)> {
    c.groups
        .iter()
        .enumerate()
        .flat_map(|(n, g)| g.discrepancies.iter().map(move |d| (n + 1, discrepancy_line(c, g, d))))
        .collect()
}

/// Each article's sentences in `group`, joined, or `None` where it reports none.
fn cells(c: &Comparison, group: &Group) -> Vec<Option<String>> {
    (0..c.articles.len())
        .map(|a| {
            let texts: Vec<&str> = group
                .members
                .iter()
                .filter(|m| m.article == a)
                .filter_map(|m| c.articles[a].sentences.get(m.sentence))
                .map(|s| s.text.as_str())
                .collect();
            (!texts.is_empty()).then(|| texts.join(" "))
        })
        .collect()
}

/// "reported by 3 of 4" or "only in NAME".
fn coverage(c: &Comparison, group: &Group) -> String {
    if group.is_unique() {
        let name = group.members.first().and_then(|m| c.articles.get(m.article));
        format!("only in {}", name.map_or("?", |a| a.name.as_str()))
    } else {
        format!("reported by {} of {}", group.articles, c.articles.len())
    }
}

/// Text made inert in a Markdown table cell: characters that would start markup, a link, an
/// HTML tag or a new cell are escaped, and line breaks become spaces.
fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The comparison as Markdown: a table of groups with the articles as columns, then the
/// disagreements listed.
pub fn markdown(c: &Comparison) -> String {
    let mut out = format!("# Parallax comparison\n\n{}\n\n", summary(c));
    out.push_str("| # | reported by |");
    for a in &c.articles {
        let _ = write!(out, " {} |", markdown_cell(&a.name));
    }
    out.push_str("\n|---|---|");
    out.push_str(&"---|".repeat(c.articles.len()));
    out.push('\n');
    for (n, g) in c.groups.iter().enumerate() {
        let flag = if g.discrepancies.is_empty() { "" } else { " ≠" };
        let _ = write!(out, "| {}{flag} | {} |", n + 1, markdown_cell(&coverage(c, g)));
        for cell in cells(c, g) {
            let _ = write!(out, " {} |", cell.map_or(NOT_REPORTED.into(), |t| markdown_cell(&t)));
        }
        out.push('\n');
    }
    out.push_str("\n## Disagreements on figures\n\n");
    let lines = disagreements(c);
    if lines.is_empty() {
        out.push_str("None found.\n");
    }
    for (n, line) in lines {
        let _ = writeln!(out, "- Group {n}: {}", markdown_cell(&line));
    }
    out
}

/// One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180), and a
/// field a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return
/// first) starts with an apostrophe, so that an article's text can never run as one.
fn csv_field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The comparison as CSV: one row per group member, with its group, article, sentence,
/// whether others report it, and the disagreements of its group.
pub fn csv(c: &Comparison) -> String {
    let mut out = String::from(
        "group,article,article_name,sentence_index,sentence,shared,reported_by,reference,discrepancy\r\n",
    );
    for (n, g) in c.groups.iter().enumerate() {
        let lines: Vec<String> =
            g.discrepancies.iter().map(|d| discrepancy_line(c, g, d)).collect();
        let discrepancy = lines.join(" | ");
        for (k, m) in g.members.iter().enumerate() {
            let Some(article) = c.articles.get(m.article) else { continue };
            let text = article.sentences.get(m.sentence).map_or("", |s| s.text.as_str());
            let row = [
                (n + 1).to_string(),
                m.article.to_string(),
                csv_field(&article.name),
                m.sentence.to_string(),
                csv_field(text),
                if g.is_unique() { "unique" } else { "shared" }.to_string(),
                g.articles.to_string(),
                if k == g.reference { "yes" } else { "no" }.to_string(),
                csv_field(&discrepancy),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// The report's stylesheet; its SHA-256 is in [`REPORT_CSP`], which allows nothing else.
const REPORT_STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2em;color:#1b1f24}\
table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{border:1px solid #c8ccd2;\
padding:.4em;vertical-align:top;text-align:left;overflow-wrap:anywhere}\
thead th:first-child{width:3em}thead th:nth-child(2){width:9em}th{background:#eef1f4}td.none{color:#5a6270}\
tr.unique td{background:#fff7df}.flag{color:#a4161a;font-weight:600}\
@media print{body{margin:0}tr{break-inside:avoid}}";

/// The report's Content-Security-Policy: no script, no request, no form; only its own
/// stylesheet, by hash.
const REPORT_CSP: &str = "default-src 'none'; style-src 'sha256-K6+dXaTzq4XTwgxqjF4cWA21rYF1aUANGhrn7U6xEU8='; base-uri 'none'; form-action 'none'";

/// Text escaped for HTML element content and quoted attributes.
fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// The comparison as one self-contained HTML page to print or send: the same table and
/// disagreements as [`markdown`], under a policy that lets nothing run or load.
pub fn html(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{REPORT_CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Parallax comparison</title>\n<style>{REPORT_STYLE}</style>\n</head>\n<body>\n\
         <h1>Parallax comparison</h1>\n"
    );
    let _ = writeln!(out, "<p>{}</p>", summary(c));
    out.push_str("<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Reported by</th>");
    for a in &c.articles {
        let _ = write!(out, "<th scope=\"col\">{}</th>", html_text(&a.name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (n, g) in c.groups.iter().enumerate() {
        let class = if g.is_unique() { " class=\"unique\"" } else { "" };
        let flag = if g.discrepancies.is_empty() { "" } else { " <span class=\"flag\">≠</span>" };
        let _ = write!(
            out,
            "<tr{class}><th scope=\"row\">{}{flag}</th><td>{}</td>",
            n + 1,
            html_text(&coverage(c, g))
        );
        for cell in cells(c, g) {
            match cell {
                Some(text) => {
                    let _ = write!(out, "<td>{}</td>", html_text(&text));
                }
                None => {
                    let _ = write!(out, "<td class=\"none\">not reported</td>");
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n<h2>Disagreements on figures</h2>\n");
    let lines = disagreements(c);
    if lines.is_empty() {
        out.push_str("<p>None found.</p>\n");
    } else {
        out.push_str("<ul>\n");
        for (n, line) in lines {
            let _ = writeln!(out, "<li>Group {n}: {}</li>", html_text(&line));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comparison::compare;
    use crate::{Article, Options};

    fn comparison(texts: &[(&str, &str)]) -> Comparison {
        let articles: Vec<Article> = texts
            .iter()
            .map(|(name, text)| Article::from_bytes(name, text.as_bytes()).expect("text"))
            .collect();
        compare(&articles, &Options::default()).expect("compares")
    }

    const A: &str = "The quake killed 12 people in Hualien on Wednesday. \
                     Rescuers searched collapsed buildings through the night.";
    const B: &str = "The earthquake killed 14 people in Hualien on Wednesday. \
                     Officials opened shelters for 300 residents.";

    #[test]
    fn markdown_has_a_row_per_group_a_column_per_article_and_the_disagreement() {
        let c = comparison(&[("a.txt", A), ("b.txt", B)]);
        let md = markdown(&c);
        let rows = md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| #")).count();
        assert_eq!(rows, c.groups.len(), "{md}");
        assert!(md.contains("| # | reported by | a.txt | b.txt |"), "{md}");
        assert!(md.contains("reported by 2 of 2"), "{md}");
        assert!(md.contains("only in b.txt"), "{md}");
        assert!(md.contains("“12 people”") && md.contains("“14 people”"), "{md}");
    }

    #[test]
    fn csv_has_a_row_per_member_and_quotes_what_needs_it() {
        let c = comparison(&[("a, first.txt", A), ("b.txt", "=HYPERLINK(\"x\") was typed. ")]);
        let text = csv(&c);
        let members: usize = c.groups.iter().map(|g| g.members.len()).sum();
        assert_eq!(text.lines().count(), members + 1, "{text}");
        assert!(text.contains("\"a, first.txt\""), "{text}");
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\") was typed.\""), "{text}");
    }

    #[test]
    fn markdown_and_html_make_article_text_inert() {
        let hostile = "<img src=x onerror=alert(1)> | [link](http://example.com) *bold*.";
        let c = comparison(&[("<b>a</b>.txt", hostile), ("b.txt", B)]);
        let md = markdown(&c);
        // Every character that would start markup comes escaped.
        let chars: Vec<char> = md.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            if matches!(ch, '<' | '>' | '[' | ']' | '*') {
                assert_eq!(chars.get(i.wrapping_sub(1)), Some(&'\\'), "{ch} unescaped in {md}");
            }
        }
        assert!(md.contains("\\<img src=x onerror=alert(1)\\>"), "{md}");
        let page = html(&c);
        assert!(!page.contains("<img") && !page.contains("<b>a"), "{page}");
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "{page}");
        assert_eq!(page.matches("<script").count(), 0);
    }

    #[test]
    fn the_report_policy_allows_its_own_stylesheet_and_nothing_else() {
        use sha2::{Digest, Sha256};
        let hash = Sha256::digest(REPORT_STYLE.as_bytes());
        let encoded = base64(&hash);
        assert!(REPORT_CSP.contains(&format!("style-src 'sha256-{encoded}'")), "{encoded}");
        assert!(REPORT_CSP.starts_with("default-src 'none'"));
        assert!(!REPORT_CSP.contains("script-src"));
    }

    fn base64(bytes: &[u8]) -> String {
        const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for k in 0..4 {
                if k <= chunk.len() {
                    out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}
