//! Web pages in, text out: the intake's reader for articles saved as HTML ("Save page as…").
//!
//! Only whole documents are read this way (they start with `<!DOCTYPE html>`, `<html>`,
//! `<head>` or `<body>`); a text file that merely contains markup stays text, shown literally.
//! Scripts, styles and page furniture (`nav`, `aside`, `footer`, forms, embedded frames) are
//! dropped with their contents; block elements become line breaks, so paragraphs, headings and
//! list items stay apart; character references are decoded. Nothing is ever run or rendered.

/// Whether `text` is a whole HTML document.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        .chars()
        .take(16)
        .collect();
    let head = head.to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"].iter().any(|p| head.starts_with(p))
}

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "aside", "button", "footer", "form", "iframe", "nav", "noscript", "object", "script", "select",
    "style", "svg", "template", "textarea",
];

/// Elements that start a new block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "title",
    "tr",
    "ul",
];

/// The text of an HTML document, one block a paragraph.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 3);
    let mut rest = html;
    let mut in_head = false;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut out, rest, in_head);
            break;
        };
        push_text(&mut out, &rest[..lt], in_head);
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let end = tag_end(rest);
        let tag = rest[1..end].trim_end_matches('>');
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "head" => in_head = !closing,
            "title" if !closing => {
                // The page title is the one thing in <head> worth keeping: it opens the text.
                let (title, after) = until_closing(rest, "title");
                out.push_str("\n\n");
                push_text(&mut out, title, false);
                out.push_str("\n\n");
                rest = after;
            }
            "br" => out.push('\n'),
            n if !closing && DROPPED.contains(&n) => {
                rest = until_closing(rest, n).1;
            }
            n if BLOCKS.contains(&n) => out.push_str("\n\n"),
            _ => {}
        }
    }
    tidy(&out)
}

/// The index just past the `>` that ends the tag starting `s` (quotes respected), or the end.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Splits `s` at the closing tag of `name`: (the contents, what follows the closing tag).
fn until_closing<'s>(s: &'s str, name: &str) -> (&'s str, &'s str) {
    let needle = format!("</{name}");
    let lower = s.to_ascii_lowercase();
    match lower.find(&needle) {
        Some(at) => {
            let after = &s[at..];
            (&s[..at], &after[tag_end(after)..])
        }
        None => (s, ""),
    }
}

/// Appends text content: character references decoded, runs of white space made one space.
fn push_text(out: &mut String, raw: &str, in_head: bool) {
    if in_head {
        return;
    }
    let decoded = decode_references(raw);
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{A0}' {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(if c == '\u{A0}' { ' ' } else { c });
            last_space = false;
        }
    }
}

/// Decodes `&amp;`, `&#8217;`, `&#x2019;` and the named references news pages use most.
fn decode_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // A reference is short: look for its ';' within the next 12 characters.
        let semi = rest.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let decoded = semi.and_then(|semi| reference(&rest[1..semi]).map(|c| (c, semi + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        _ => return None,
    })
}

/// Trims every line and keeps at most one blank line between blocks.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines().map(str::trim) {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>Rebels take Damascus &ndash; World News</title>
<script>alert("head script")</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Rebels take Damascus</h1>
<p>Rebels entered Damascus on Sunday,&nbsp;December&nbsp;8.<br>Assad&#8217;s rule is over.</p>
<p>&ldquo;It&#x2019;s a new day,&rdquo; a resident said &amp; cheered.</p>
<script type="text/javascript">document.write("<p>injected</p>")</script>
<ul><li>First point</li><li>Second point</li></ul>
<!-- a comment with <p>markup</p> -->
<img src="x" onerror="alert(1)" alt="photo"></article>
<aside>Related: other stories</aside><footer>&copy; 2024 Example</footer></body></html>"#;

    #[test]
    fn whole_documents_are_recognised_and_fragments_are_not() {
        assert!(looks_like_html(PAGE));
        assert!(looks_like_html("\u{FEFF}  <html lang=en>"));
        assert!(!looks_like_html("Rebels took <b>Homs</b>."));
        assert!(!looks_like_html("<img src=x onerror=alert(1)> text"));
    }

    #[test]
    fn text_keeps_blocks_and_drops_code_and_furniture() {
        assert_eq!(
            to_text(PAGE),
            "Rebels take Damascus – World News\n\n\
             Rebels take Damascus\n\n\
             Rebels entered Damascus on Sunday, December 8.\n\
             Assad’s rule is over.\n\n\
             “It’s a new day,” a resident said & cheered.\n\n\
             First point\n\nSecond point"
        );
    }

    #[test]
    fn broken_markup_never_panics_and_unknown_references_stay() {
        for s in [
            "<html><p>unclosed <b",
            "<html><script>never closed",
            "<html><é",
            "<html>&ééééééééééééé;",
            "<html>&bogus; &#xZZ; &#0; &",
            "<html><!-- open",
            "<html><p title='a>b'>x</p>",
        ] {
            let _ = to_text(s);
        }
        assert_eq!(to_text("<html><p>&bogus; &#0; a & b</p>"), "&bogus; &#0; a & b");
        assert_eq!(to_text("<html><p title='a>b'>x</p>"), "x");
    }
}
