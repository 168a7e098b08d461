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
///
/// Reading takes time linear in the length of `html`, whatever the markup: every search for a
/// closing tag starts where the last one for that tag ended, and no tag is read past the next
/// `<`. Malformed markup loses at most its own text and reading resumes at
/// the next `<`:
/// - a `<` not followed by a letter, `/`, `!` or `?` is text (`a < b`), as in browsers;
/// - a tag that meets another `<` before its `>` (an unclosed quote, `<a href="x>link</a>`,
///   or a missing `>`) ends at its first `>` if there is one before that `<`, else at the `<`;
/// - a comment, a script, a style or another dropped element that is never closed ends at the
///   next `<`. Browsers drop the rest of the page instead; a saved page whose text vanished
///   after one stray `<!--` or `<script>` is worse for a reader than a few stray words.
pub fn to_text(html: &str) -> String {
    read(html).0
}

/// Elements of [`DROPPED`] that hold text a reader sees on the page (navigation, side bars,
/// footers, forms), as opposed to code, styles and pictures.
const VISIBLE_DROPPED: &[&str] =
    &["aside", "button", "footer", "form", "nav", "select", "textarea"];

/// [`to_text`], with how many letters and digits of visible text it left out with the
/// elements of `VISIBLE_DROPPED`: a page whose text sits mostly in such elements (a forum
/// thread in a `<form>`, an article in an `<aside>`) reads as almost nothing, and the reader
/// should be told.
pub fn to_text_reporting(html: &str) -> (String, usize) {
    let (text, _, dropped) = read(html);
    (text, dropped)
}

/// Letters and digits of `html` outside its tags.
fn visible_letters(html: &str) -> usize {
    let mut in_tag = false;
    html.chars()
        .filter(|&c| {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ => {}
            }
            !in_tag && c.is_alphanumeric()
        })
        .count()
}

/// [`to_text`], with the number of bytes the searches for closing tags looked at and the
/// letters left out with visible elements ([`to_text_reporting`]).
fn read(html: &str) -> (String, usize, usize) {
    let mut dropped = 0;
    let mut out = String::with_capacity(html.len() / 3);
    let mut closings = Closings::default();
    let mut at = 0;
    let mut in_head = false;
    while let Some(rest) = html.get(at..).filter(|r| !r.is_empty()) {
        let Some(lt) = rest.find('<') else {
            push_text(&mut out, rest, in_head);
            break;
        };
        push_text(&mut out, &rest[..lt], in_head);
        at += lt;
        let rest = &html[at..];
        let starts_markup = rest[1..]
            .starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if !starts_markup {
            push_text(&mut out, "<", in_head);
            at += 1;
            continue;
        }
        if rest.starts_with("<!--") {
            at = match closings.find(html, at + 4, "-->") {
                Some(end) => end + 3,
                None => next_lt(html, at + 1),
            };
            continue;
        }
        let end = tag_end(rest);
        let tag = rest[1..end].trim_end_matches('>');
        at += end;
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
                let (title_end, after) = until_closing(html, at, "title", &mut closings);
                out.push_str("\n\n");
                push_text(&mut out, &html[at..title_end], false);
                out.push_str("\n\n");
                at = after;
            }
            "br" => out.push('\n'),
            n if !closing && DROPPED.contains(&n) => {
                let (inner_end, after) = until_closing(html, at, n, &mut closings);
                if VISIBLE_DROPPED.contains(&n) {
                    dropped += visible_letters(&html[at..inner_end]);
                }
                at = after;
            }
            n if BLOCKS.contains(&n) => out.push_str("\n\n"),
            _ => {}
        }
    }
    (tidy(&out), closings.scanned, dropped)
}

/// The index just past the tag starting `s`: past its first `>` outside quotes.
///
/// A tag that meets another `<` first is malformed (an unclosed quote, a missing `>`): it ends
/// just past its first `>` if that comes before the `<`, else just before the `<`. So
/// `<a href="x>link</a>` is the tag `<a href="x>` followed by "link", and no tag is ever read
/// past the next `<`, which keeps reading linear. A quoted value holding `<` (rare outside
/// scripts) is cut short at it; the rest of the tag is read as a tag of its own and dropped.
fn tag_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut quote = None;
    let mut stop = bytes.len();
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match (quote, b) {
            (_, b'<') => {
                stop = i;
                break;
            }
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes[..stop].iter().position(|&b| b == b'>').map_or(stop, |gt| gt + 1)
}

/// The index of the next `<` in `html` at or after `from`, or the end.
fn next_lt(html: &str, from: usize) -> usize {
    html.get(from..).and_then(|r| r.find('<')).map_or(html.len(), |i| from + i)
}

/// Splits `html` after `from` (just past an opening tag of `name`) at the closing tag of
/// `name`: (where the contents end, where reading resumes after the closing tag). An element
/// never closed ends at the next `<`, so that it drops only its own text.
fn until_closing(html: &str, from: usize, name: &str, closings: &mut Closings) -> (usize, usize) {
    match closings.find(html, from, name) {
        Some(at) => (at, at + tag_end(&html[at..])),
        None => {
            let lt = next_lt(html, from);
            (lt, lt)
        }
    }
}

/// Where each closing tag (or the end of a comment, `-->`) was last found.
///
/// Searching the rest of the page afresh for every `<script>` made reading quadratic: 80,000
/// empty scripts took 43 s, and worse when one is never closed, since each search then runs to
/// the end. Reading only moves forward, so the last answer for a needle stays right until
/// reading passes it: a found position still ahead is the next one, and "none" stays none.
/// Each needle's searches then cover disjoint stretches of the page, and there are at most
/// [`DROPPED`]'s names, `title` and `-->`.
#[derive(Default)]
struct Closings {
    /// The needle (an element's name, or `-->`) and where it was last found, if anywhere.
    last: Vec<(String, Option<usize>)>,
    /// Bytes looked at by the searches, for the test that reading is linear.
    scanned: usize,
}

impl Closings {
    /// The first `</name` (any case, not followed by a letter or digit) or `-->` at or after
    /// `from`; `from` never goes back between calls.
    fn find(&mut self, html: &str, from: usize, needle: &str) -> Option<usize> {
        let k = self.last.iter().position(|(n, _)| n == needle);
        if let Some(k) = k {
            match self.last[k].1 {
                None => return None,
                Some(at) if at >= from => return Some(at),
                Some(_) => {}
            }
        }
        let found = if needle == "-->" {
            html.get(from..).and_then(|r| r.find("-->")).map(|i| from + i)
        } else {
            find_closing(html, from, needle)
        };
        self.scanned += found.unwrap_or(html.len()).saturating_sub(from);
        match k {
            Some(k) => self.last[k].1 = found,
            None => self.last.push((needle.to_string(), found)),
        }
        found
    }
}

/// The first `</name` (any case, not followed by a letter or digit) at or after `from`.
fn find_closing(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(k) = html.get(i..).and_then(|r| r.find("</")) {
        let at = i + k;
        let after = at + 2 + name.len();
        let named =
            bytes.get(at + 2..after).is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()));
        if named && !bytes.get(after).is_some_and(u8::is_ascii_alphanumeric) {
            return Some(at);
        }
        i = at + 2;
    }
    None
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

    /// Malformed markup loses at most its own text; reading resumes at the next `<`.
    #[test]
    fn visible_text_left_out_is_counted_and_code_is_not() {
        // (page, letters and digits left out with visible elements)
        let table = [
            ("<p>Kept</p><nav><a href='/'>Home</a> News</nav>", 8),
            ("<footer>About <b>us</b></footer><aside>Ad 1</aside>", 10),
            ("<form><textarea>Say it</textarea></form>", 5),
            ("<script>var x = 1;</script><style>p{}</style><svg>x</svg><p>Kept</p>", 0),
            ("<p>Kept</p>", 0),
        ];
        for (page, left_out) in table {
            assert_eq!(to_text_reporting(page).1, left_out, "{page}");
        }
    }

    #[test]
    fn malformed_markup_loses_only_its_own_text() {
        let cases: &[(&str, &str, &str)] = &[
            // (what it exercises, the page after `<html>`, the text)
            (
                "unclosed quote",
                r#"<a href="x>link</a><p>More text here.</p>"#,
                "link\n\nMore text here.",
            ),
            ("unclosed quote, no >", "<a href='x <p>Kept.</p>", "Kept."),
            ("quote closed after >", "<p title='a>b'>x</p>", "x"),
            ("< inside a quote", r#"<a title="a<b">x</a> y"#, "x y"),
            ("missing >", "<p class=x <b>bold</b> text", "bold text"),
            ("unclosed comment", "<p>Before.</p><!-- note <p>After.</p>", "Before.\n\nAfter."),
            ("closed comment", "<p>A</p><!-- <p>hidden</p> --><p>B</p>", "A\n\nB"),
            ("unclosed script", "<p>A</p><script>var x = 1;<p>After.</p>", "A\n\nAfter."),
            ("unclosed style", "<style>p { }<p>After.</p>", "After."),
            ("< in text", "<p>a < b and c > d</p>", "a < b and c > d"),
            ("<= and <3 in text", "<p>x <= y <3</p>", "x <= y <3"),
            ("< at the end", "<p>a <", "a <"),
            ("tag split over lines", "<p\nclass=\"x\"\n>Split</p\n><p>Next</p>", "Split\n\nNext"),
            ("uppercase tags", "<P>One</P><DIV>Two</DIV><BR>Three", "One\n\nTwo\n\nThree"),
            ("uppercase script", "<SCRIPT>alert(1)</SCRIPT><p>Text</p>", "Text"),
            ("mixed-case closing", "<Script>x</sCrIpT ><p>Text</p>", "Text"),
            ("script closing needs a boundary", "<script>a</scripts>b</script>c", "c"),
            (
                "style inside svg",
                "<svg><style>.a{}</style><text>Label</text></svg><p>After</p>",
                "After",
            ),
            ("svg inside a paragraph", "<p>A <svg><path d='M0'/></svg>B</p>", "A B"),
            ("unclosed title", "<head><title>Title <p>x</p></head><p>Body</p>", "Title\n\nBody"),
        ];
        for (what, page, text) in cases {
            assert_eq!(to_text(&format!("<html>{page}")), *text, "{what}");
        }
    }

    /// The searches for closing tags look at each byte of the page a bounded number of times
    /// (once a needle), however many dropped elements there are and whether they are closed.
    /// Before, each `<script>` searched the whole rest of the page.
    #[test]
    fn closing_tags_are_searched_for_in_linear_work() {
        let pages = [
            ("empty scripts", "<script></script>".repeat(5_000)),
            ("unclosed scripts", "<script>x<p>y</p>".repeat(5_000)),
            ("unclosed comments", "<!-- x <p>y</p>".repeat(5_000)),
            (
                "mixed",
                "<p>t</p><style>s</style><svg><style>a</style></svg><nav>n</nav>".repeat(2_000),
            ),
        ];
        for (what, body) in pages {
            let page = format!("<html><body>{body}</body></html>");
            let (_, scanned, _) = read(&page);
            assert!(
                scanned <= 4 * page.len(),
                "{what}: {scanned} bytes scanned for {}",
                page.len()
            );
        }
    }
}
