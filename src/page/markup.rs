//! Markup written as text, for the views that draw hundreds of rows at once: the browser
//! parses one string in one call, where element-by-element drawing crosses from the module
//! into the browser several times per word highlighted (cold, before the page's code is
//! optimized, those crossings made the first drawing of the seeds' rows a task of over
//! 100 ms). Tag and attribute names can only be the code's own (`&'static str`); every text
//! and every attribute value is escaped, so that nothing an article holds is ever parsed as
//! markup.

use crate::diff::{Op, Piece};

/// HTML being written: elements opened and closed in order, text escaped.
#[derive(Debug, Default)]
pub struct Markup(String);

impl Markup {
    pub fn new() -> Markup {
        Markup::default()
    }

    /// Opens `<tag class="class" name="value" …>`; an empty class is left out.
    pub fn open(&mut self, tag: &'static str, class: &str, attributes: &[(&'static str, &str)]) {
        self.0.push('<');
        self.0.push_str(tag);
        if !class.is_empty() {
            self.attribute("class", class);
        }
        for (name, value) in attributes {
            self.attribute(name, value);
        }
        self.0.push('>');
    }

    fn attribute(&mut self, name: &'static str, value: &str) {
        debug_assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        escape(&mut self.0, value);
        self.0.push('"');
    }

    pub fn close(&mut self, tag: &'static str) {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
    }

    /// An element holding only `text`.
    pub fn element(
        &mut self,
        tag: &'static str,
        class: &str,
        attributes: &[(&'static str, &str)],
        text: &str,
    ) {
        self.open(tag, class, attributes);
        self.text(text);
        self.close(tag);
    }

    /// An element without content or end tag (`br`).
    pub fn void(&mut self, tag: &'static str) {
        self.open(tag, "", &[]);
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) {
        escape(&mut self.0, text);
    }

    /// A member's diff pieces as spans classed by their op, the rest as text.
    pub fn pieces(&mut self, pieces: &[Piece]) {
        for p in pieces {
            let (class, title): (&str, &[(&'static str, &str)]) = match p.op {
                Op::Same => {
                    self.text(&p.text);
                    continue;
                }
                Op::Added => ("piece added", &[]),
                Op::Removed => {
                    ("piece removed", &[("title", "in the reference, not in this sentence")])
                }
                Op::Moved => {
                    ("piece moved", &[("title", "also in the reference, at another place")])
                }
            };
            // The space before an added or moved word stays outside its highlight; a removed
            // piece keeps its space, so that hiding it leaves no double space.
            let word = if p.op == Op::Removed { p.text.as_str() } else { p.text.trim_start() };
            self.text(&p.text[..p.text.len() - word.len()]);
            self.element("span", class, title, word);
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Writes `text` so that HTML reads it back as that text, in content and in a quoted attribute
/// value alike. NUL, which HTML would read as U+FFFD or drop, is written as U+FFFD.
fn escape(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'', '\0']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => "\u{fffd}",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_articles_markup_is_written_as_text() {
        let mut m = Markup::new();
        let hostile = "<script>alert(1)</script><img src=x onerror=\"alert('2')\"> & &amp;\0";
        m.open("p", "sentence", &[("data-name", hostile), ("title", "a \"b\" 'c'")]);
        m.text(hostile);
        m.close("p");
        assert_eq!(
            m.as_str(),
            "<p class=\"sentence\" data-name=\"&lt;script&gt;alert(1)&lt;/script&gt;&lt;img \
             src=x onerror=&quot;alert(&#39;2&#39;)&quot;&gt; &amp; &amp;amp;\u{fffd}\" \
             title=\"a &quot;b&quot; &#39;c&#39;\">&lt;script&gt;alert(1)&lt;/script&gt;&lt;img \
             src=x onerror=&quot;alert(&#39;2&#39;)&quot;&gt; &amp; &amp;amp;\u{fffd}</p>"
        );
    }

    #[test]
    fn text_outside_ascii_is_kept_as_it_is() {
        let mut m = Markup::new();
        m.element("span", "", &[], "“Zürich” — 東京 😀");
        m.void("br");
        assert_eq!(m.as_str(), "<span>“Zürich” — 東京 😀</span><br>");
    }

    #[test]
    fn pieces_keep_the_space_before_a_highlighted_word_outside_it() {
        let piece = |op, text: &str| Piece { op, text: text.to_string() };
        let mut m = Markup::new();
        m.pieces(&[
            piece(Op::Same, "Four"),
            piece(Op::Added, " <killed>"),
            piece(Op::Removed, " dead"),
            piece(Op::Moved, " Wednesday"),
        ]);
        assert_eq!(
            m.as_str(),
            "Four <span class=\"piece added\">&lt;killed&gt;</span><span class=\"piece \
             removed\" title=\"in the reference, not in this sentence\"> dead</span> <span \
             class=\"piece moved\" title=\"also in the reference, at another place\">\
             Wednesday</span>"
        );
    }
}
