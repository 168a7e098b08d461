//! Intake: bytes in, article out. Decodes the text, finds its lines, paragraphs, title and
//! headings, and marks page chrome (bylines, teasers, metadata, share prompts) as boilerplate.
//!
//! The original text is kept exactly as decoded (only a byte-order mark is dropped), so every
//! offset later stages report points into what the reader gave. Boilerplate is recognised by
//! the shape of a line and the vocabulary page templates use for chrome ("Read more",
//! "Reading time:", "By …", "Share"), never by matching whole strings of any one site.

use std::ops::Range;

use crate::error::{Error, ErrorKind};
use crate::text::fold;
use crate::MAX_ARTICLE_BYTES;

/// Why a block is boilerplate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Boilerplate {
    /// The author's name, alone or after "By" or "Author's name".
    Byline,
    /// "Category:", "Tags:", "Reading time:", "Updated …" and the like.
    Metadata,
    /// A teaser for another article: its headline, its snippet and its "Read more" link.
    Teaser,
    /// "Share", "Subscribe", "Follow us", social network names.
    Prompt,
    /// The attribution line of an embedded post ("— Name (@handle) date"), or a bare link.
    Embed,
    /// Copyright and similar notices.
    Notice,
}

/// What a block of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockKind {
    /// The first line, when it reads as a headline.
    Title,
    /// A short line without end punctuation inside the article: a section heading.
    Heading,
    /// Running text.
    Body,
    /// Page chrome: kept and shown, never aligned.
    Boilerplate(Boilerplate),
}

/// A run of text that no sentence crosses: a line, or a paragraph of hard-wrapped lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte range in the article's text, trimmed of white space.
    pub range: Range<usize>,
    pub kind: BlockKind,
    /// Index of the paragraph (text between blank lines) the block is in.
    pub paragraph: usize,
}

/// What an article was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Format {
    /// Plain text.
    #[default]
    Text,
    /// A web page; its text was extracted (see [`crate::html`]).
    Html,
}

/// A decoded article split into blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The name the reader gave it, usually its file name.
    pub name: String,
    /// The text exactly as decoded, or for a web page the text extracted from it.
    pub text: String,
    pub format: Format,
    pub blocks: Vec<Block>,
}

impl Article {
    /// Decodes `bytes` (see [`decode`]) and reads the result as an article; a whole web page
    /// is read for its text (see [`crate::html`]).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Article, Error> {
        let text = decode(name, bytes)?;
        if crate::html::looks_like_html(&text) {
            let mut article = Article::from_text(name, crate::html::to_text(&text))?;
            article.format = Format::Html;
            return Ok(article);
        }
        Article::from_text(name, text)
    }

    /// Reads `text` as an article. Fails only when it holds no text or is too large.
    pub fn from_text(name: &str, text: String) -> Result<Article, Error> {
        if text.len() > MAX_ARTICLE_BYTES {
            return Err(Error::new(
                name,
                ErrorKind::TooLarge { bytes: text.len(), limit: MAX_ARTICLE_BYTES },
            ));
        }
        if text.trim().is_empty() {
            return Err(Error::new(name, ErrorKind::Empty));
        }
        let blocks = find_blocks(&text);
        Ok(Article { name: name.to_string(), text, format: Format::Text, blocks })
    }

    /// The title, when the first line reads as one.
    pub fn title(&self) -> Option<&str> {
        self.blocks
            .first()
            .filter(|b| b.kind == BlockKind::Title)
            .map(|b| &self.text[b.range.clone()])
    }
}

/// Decodes an article file: UTF-8 with or without a byte-order mark, UTF-16 (little or big
/// endian) with a byte-order mark, or else Windows-1252 (which also reads ISO-8859-1 and
/// ASCII). Refuses empty, too large and binary input with a message naming `name`.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, Error> {
    let err = |kind| Err(Error::new(name, kind));
    // UTF-16 takes two bytes a character, so allow it twice the size.
    if bytes.len() > 2 * MAX_ARTICLE_BYTES {
        return err(ErrorKind::TooLarge { bytes: bytes.len(), limit: MAX_ARTICLE_BYTES });
    }
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        match std::str::from_utf8(rest) {
            Ok(s) => s.to_string(),
            Err(e) => return err(ErrorKind::Encoding { offset: 3 + e.valid_up_to() }),
        }
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        decode_utf16(rest, u16::from_le_bytes)
            .map_err(|at| Error::new(name, ErrorKind::Encoding { offset: 2 + at }))?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        decode_utf16(rest, u16::from_be_bytes)
            .map_err(|at| Error::new(name, ErrorKind::Encoding { offset: 2 + at }))?
    } else {
        if let Some(offset) = bytes.iter().position(|&b| b == 0) {
            return err(ErrorKind::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => decode_windows_1252(bytes)
                .map_err(|offset| Error::new(name, ErrorKind::Encoding { offset }))?,
        }
    };
    if let Some(offset) = binary_offset(&text) {
        return err(ErrorKind::Binary { offset });
    }
    if text.len() > MAX_ARTICLE_BYTES {
        return err(ErrorKind::TooLarge { bytes: text.len(), limit: MAX_ARTICLE_BYTES });
    }
    if text.trim().is_empty() {
        return err(ErrorKind::Empty);
    }
    Ok(text)
}

/// Decodes UTF-16 code units; on failure returns the byte offset of the bad unit.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, usize> {
    if bytes.len() % 2 == 1 {
        return Err(bytes.len() - 1);
    }
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok(c) => out.push(c),
            Err(_) => return Err(2 * i),
        }
    }
    Ok(out)
}

/// Windows-1252: Latin-1 with typographic punctuation in 0x80–0x9F. Five bytes there are
/// unassigned; meeting one means the file is in some other encoding.
fn decode_windows_1252(bytes: &[u8]) -> Result<String, usize> {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let mut out = String::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let c = match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        };
        if c == '\0' {
            return Err(i);
        }
        out.push(c);
    }
    Ok(out)
}

/// Text never holds NUL or many other control characters; binary files do. Returns the byte
/// offset of the first control character when there is a NUL or when more than one character
/// in a hundred is one (a lone form feed or escape in a real text file is tolerated).
fn binary_offset(text: &str) -> Option<usize> {
    let is_control = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}');
    let first = text.char_indices().find(|&(_, c)| is_control(c))?;
    let controls = text.chars().filter(|&c| is_control(c)).count();
    let total = text.chars().count();
    (first.1 == '\0' || controls * 100 > total).then_some(first.0)
}

/// One line of the text: its trimmed byte range, empty for a blank line.
struct Line {
    range: Range<usize>,
    blank: bool,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |start: usize, end: usize| {
        let raw = &text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        out.push(Line {
            range: start + lead..start + lead + trimmed.len(),
            blank: trimmed.is_empty(),
        });
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            push(start, i);
            let mut next = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = chars.peek() {
                    chars.next();
                    next = j + 1;
                }
            }
            start = next;
        }
    }
    push(start, text.len());
    out
}

/// The wrap width when the text is hard-wrapped (lines broken at a fixed width, as in
/// e-mail and Project Gutenberg books), else `None`.
///
/// A text counts as hard-wrapped when it has at least eight non-blank lines, nine in ten of
/// them are at most 100 characters long, and most lines that continue into another line end
/// without end punctuation.
fn wrap_width(text: &str, lines: &[Line]) -> Option<usize> {
    let lengths: Vec<usize> =
        lines.iter().filter(|l| !l.blank).map(|l| text[l.range.clone()].chars().count()).collect();
    if lengths.len() < 8 {
        return None;
    }
    let mut sorted = lengths.clone();
    sorted.sort_unstable();
    let p90 = sorted[sorted.len() * 9 / 10 - 1];
    if !(30..=100).contains(&p90) {
        return None;
    }
    let mut continued = 0;
    let mut open = 0;
    for pair in lines.windows(2) {
        if !pair[0].blank && !pair[1].blank {
            continued += 1;
            let line = text[pair[0].range.clone()].trim_end();
            if !line.ends_with(['.', '!', '?', ':', '"', '”', '’']) {
                open += 1;
            }
        }
    }
    (continued >= 4 && open * 2 > continued).then_some(p90)
}

fn find_blocks(text: &str) -> Vec<Block> {
    let lines = lines(text);
    let wrap = wrap_width(text, &lines);
    let mut blocks: Vec<Block> = Vec::new();
    let mut paragraph = 0;
    let mut previous_blank = true;
    let mut joinable = false;
    for line in &lines {
        if line.blank {
            if !previous_blank {
                paragraph += 1;
            }
            previous_blank = true;
            joinable = false;
            continue;
        }
        let content = &text[line.range.clone()];
        let starts_item =
            content.starts_with(|c: char| crate::text::is_bullet(c) || c == '-' || c == '*');
        match blocks.last_mut() {
            Some(last) if joinable && !starts_item => last.range.end = line.range.end,
            _ => blocks.push(Block { range: line.range.clone(), kind: BlockKind::Body, paragraph }),
        }
        // In hard-wrapped text a full-width line continues into the next one; a short line
        // ends its paragraph (or is a heading).
        joinable = wrap.is_some_and(|w| content.chars().count() * 10 >= w * 7);
        previous_blank = false;
    }
    classify(text, &mut blocks);
    blocks
}

/// Words and symbols that decorate a line but say nothing: bullets, arrows, dashes.
fn strip_decoration(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || crate::text::is_bullet(c)
            || matches!(c, '-' | '*' | '→' | '»' | '›' | '>' | '|' | '…' | '.' | '⟶' | '➔' | '▸')
    })
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn ends_with_stop(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', '»']);
    t.ends_with(['.', '!', '?', ':', ';', ',', '…'])
}

/// Labels page templates put before metadata values ("Category: World").
#[rustfmt::skip]
const METADATA_LABELS: &[&str] = &[
    "caption", "categories", "category", "credit", "credits", "date", "edited by", "editing by",
    "filed under", "image", "last updated", "modified", "photo", "photograph", "picture",
    "post category", "posted", "posted in", "posted on", "published", "read time", "reading time",
    "section", "source", "tag", "tags", "topics", "updated", "video", "views",
];

/// Link texts that lead to another page.
#[rustfmt::skip]
const LINK_TEXTS: &[&str] = &[
    "continue reading", "full story", "keep reading", "learn more", "more", "read full article",
    "read full story", "read more", "read on", "read the full article", "read the full story",
    "see more", "view more",
];

/// First words of calls to action.
#[rustfmt::skip]
const PROMPT_STARTS: &[&str] = &[
    "advertisement", "also read", "click here", "download our", "editor's picks", "follow us",
    "join our", "leave a comment", "listen to this article", "more on this story", "most popular",
    "most read", "print this", "read also", "read more:", "read next", "recommended",
    "related articles", "related stories", "related:", "see also", "share", "sign up",
    "skip to", "sponsored", "subscribe", "trending", "watch:", "you may also like",
];

/// Marks of a photo or video credit line ("Rebels in Damascus. (AP Photo/Jane Roe)").
#[rustfmt::skip]
const CREDIT_MARKS: &[&str] = &[
    "(ap photo", "(photo", "afp via getty", "ap photo/", "file photo", "getty images",
    "image caption", "image source", "photo credit", "photograph:", "reuters/",
];

/// Words of share bars: a line made only of them is chrome.
#[rustfmt::skip]
const SHARE_WORDS: &[&str] = &[
    "copy", "email", "facebook", "link", "linkedin", "messenger", "pinterest", "print", "reddit",
    "share", "telegram", "tweet", "twitter", "whatsapp", "x",
];

/// Words that open a byline.
#[rustfmt::skip]
const BYLINE_STARTS: &[&str] = &[
    "additional reporting", "author", "author's name", "authors", "by", "reported by",
    "reporting by", "written by",
];

fn starts_with_phrase(folded: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        folded
            .strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric()))
    })
}

fn is_link_text(folded: &str) -> bool {
    let bare = strip_decoration(folded);
    LINK_TEXTS.contains(&bare)
}

/// A line made of one to five capitalized words and nothing else: a name.
fn is_name_line(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && s.chars().count() <= 50
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
}

/// Why a single block is boilerplate, judged on its own text.
fn boilerplate_of(content: &str) -> Option<Boilerplate> {
    let folded = fold(content);
    let bare = strip_decoration(&folded);
    let chars = bare.chars().count();
    let words = word_count(bare);
    if is_link_text(&folded) {
        return Some(Boilerplate::Teaser);
    }
    if chars <= 100 {
        if let Some((label, _)) = bare.split_once(':') {
            if METADATA_LABELS.contains(&label.trim()) {
                return Some(Boilerplate::Metadata);
            }
        }
        let mut tail = bare.split_whitespace().rev();
        if let (Some(last), Some(unit)) = (tail.next(), tail.next()) {
            if last == "read" && matches!(unit, "min" | "mins" | "minute" | "minutes") {
                return Some(Boilerplate::Metadata);
            }
        }
        if words <= 6
            && starts_with_phrase(bare, &["published", "updated", "posted"])
            && bare.contains(|c: char| c.is_ascii_digit())
        {
            return Some(Boilerplate::Metadata);
        }
    }
    if chars <= 80 && starts_with_phrase(bare, PROMPT_STARTS) {
        return Some(Boilerplate::Prompt);
    }
    if words > 0
        && bare
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(|w| SHARE_WORDS.contains(&w))
    {
        return Some(Boilerplate::Prompt);
    }
    if chars <= 80 && !ends_with_stop(content) {
        // "By Jane Roe", "Reporting by Tom Reyes; editing by Ana Cruz", "Author's name": the
        // label, then a name (capitalized) or nothing.
        let label =
            BYLINE_STARTS.iter().filter(|p| starts_with_phrase(bare, &[p])).max_by_key(|p| p.len());
        if let Some(label) = label {
            let words_in_label = label.split_whitespace().count();
            let rest = content.trim_start_matches(|c: char| !c.is_alphabetic());
            let after: Vec<&str> = rest.split_whitespace().skip(words_in_label).collect();
            let named = after
                .first()
                .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()))
                .is_none_or(|w| w.is_empty() || w.starts_with(char::is_uppercase));
            if label.starts_with("auth") || named {
                return Some(Boilerplate::Byline);
            }
        }
    }
    if chars <= 140
        && content.starts_with(['—', '–', '-', '―'])
        && (folded.contains("(@") || folded.contains("pic.twitter.com"))
    {
        return Some(Boilerplate::Embed);
    }
    if words == 1
        && (bare.starts_with("http://") || bare.starts_with("https://") || bare.starts_with("www."))
    {
        return Some(Boilerplate::Embed);
    }
    if chars <= 200
        && (folded.contains('©')
            || folded.contains("all rights reserved")
            || folded.starts_with("copyright"))
    {
        return Some(Boilerplate::Notice);
    }
    if chars <= 160 && CREDIT_MARKS.iter().any(|m| folded.contains(m)) {
        return Some(Boilerplate::Metadata);
    }
    // "12 comments", "0 Comments"
    if words == 2
        && bare.split_whitespace().next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
        && matches!(bare.split_whitespace().nth(1), Some("comment" | "comments"))
    {
        return Some(Boilerplate::Prompt);
    }
    None
}

/// A line that reads as a heading: short, without end punctuation.
/// Headings are at most this many words and characters: the longest section headings in
/// news pages run to about a dozen words; a line longer than this without end punctuation is
/// a sentence that lost its full stop.
const HEADING_MAX_WORDS: usize = 20;
const HEADING_MAX_CHARS: usize = 150;

/// A line that reads as a heading: short, without end punctuation, not a list item.
fn is_heading_like(content: &str) -> bool {
    let words = word_count(content);
    let list_item = content
        .starts_with(|c: char| crate::text::is_bullet(c) || c == '-' || c == '*')
        || content.split_whitespace().next().is_some_and(|w| {
            w.trim_end_matches(['.', ')']).chars().all(|c| c.is_ascii_digit())
                && w.ends_with(['.', ')'])
        });
    (1..=HEADING_MAX_WORDS).contains(&words)
        && content.chars().count() <= HEADING_MAX_CHARS
        && content.chars().any(char::is_alphabetic)
        && !ends_with_stop(content)
        && !list_item
}

fn classify(text: &str, blocks: &mut [Block]) {
    let content = |b: &Block| &text[b.range.clone()];
    for block in blocks.iter_mut() {
        if let Some(kind) = boilerplate_of(&text[block.range.clone()]) {
            block.kind = BlockKind::Boilerplate(kind);
        }
    }
    // A teaser: the link line, the snippet before it and the headline before that.
    for i in 0..blocks.len() {
        if blocks[i].kind != BlockKind::Boilerplate(Boilerplate::Teaser) {
            continue;
        }
        let mut j = i;
        for _ in 0..2 {
            let Some(prev) = j.checked_sub(1) else { break };
            let candidate = &blocks[prev];
            let text_prev = content(candidate);
            let same_paragraph = candidate.paragraph == blocks[j].paragraph;
            let snippet =
                text_prev.trim_end().ends_with(['…']) || text_prev.trim_end().ends_with("...");
            let short = text_prev.chars().count() <= 200;
            if candidate.kind != BlockKind::Body || !(same_paragraph || snippet || (short && j < i))
            {
                break;
            }
            blocks[prev].kind = BlockKind::Boilerplate(Boilerplate::Teaser);
            j = prev;
        }
    }
    // A name after a byline label, and a lone name closing the article, are bylines.
    for i in 0..blocks.len() {
        let after_label =
            i > 0 && blocks[i - 1].kind == BlockKind::Boilerplate(Boilerplate::Byline);
        let last = i + 1 == blocks.len();
        if blocks[i].kind == BlockKind::Body
            && (after_label || (last && i > 0))
            && is_name_line(content(&blocks[i]))
        {
            blocks[i].kind = BlockKind::Boilerplate(Boilerplate::Byline);
        }
    }
    let first_content = blocks.iter().position(|b| b.kind == BlockKind::Body);
    for i in 0..blocks.len() {
        if blocks[i].kind != BlockKind::Body {
            continue;
        }
        let c = content(&blocks[i]);
        let single_line = !c.contains('\n');
        let more_follows = blocks[i + 1..].iter().any(|b| b.kind == BlockKind::Body);
        if Some(i) == first_content && i == 0 && single_line && more_follows {
            let title_like =
                is_heading_like(c) || (word_count(c) <= 25 && c.trim_end().ends_with(['?', '!']));
            if title_like {
                blocks[i].kind = BlockKind::Title;
                continue;
            }
        }
        if single_line && is_heading_like(c) {
            blocks[i].kind = BlockKind::Heading;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, BlockKind)> {
        let a = Article::from_text("t", text.to_string()).unwrap();
        a.blocks.iter().map(|b| (a.text[b.range.clone()].to_string(), b.kind)).collect()
    }

    fn kind_of(text: &str, line: &str) -> BlockKind {
        kinds(text)
            .into_iter()
            .find(|(t, _)| t == line)
            .unwrap_or_else(|| panic!("no block {line:?} in {:?}", kinds(text)))
            .1
    }

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        assert_eq!(decode("a", "Zoë".as_bytes()).unwrap(), "Zoë");
        assert_eq!(decode("a", b"\xEF\xBB\xBFZo\xC3\xAB").unwrap(), "Zoë");
    }

    #[test]
    fn decodes_utf16_both_endians() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Zoë’s".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Zoë’s".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode("a", &le).unwrap(), "Zoë’s");
        assert_eq!(decode("a", &be).unwrap(), "Zoë’s");
    }

    #[test]
    fn decodes_windows_1252() {
        assert_eq!(decode("a", b"\x93Caf\xe9\x94 \x96 50\x80").unwrap(), "“Café” – 50€");
    }

    #[test]
    fn refuses_bad_input_with_its_name() {
        let cases: &[(&[u8], ErrorKind)] = &[
            (b"", ErrorKind::Empty),
            (b"  \n\t ", ErrorKind::Empty),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ErrorKind::Binary { offset: 8 }),
            (b"abc\x81def", ErrorKind::Encoding { offset: 3 }),
            (b"\xFF\xFEa", ErrorKind::Encoding { offset: 2 }),
            (b"\xFF\xFE\x00\xD8", ErrorKind::Encoding { offset: 2 }),
        ];
        for (bytes, kind) in cases {
            let e = decode("file.txt", bytes).unwrap_err();
            assert_eq!(e.kind(), kind, "{bytes:?}");
            assert!(e.to_string().starts_with("file.txt: "), "{e}");
        }
    }

    #[test]
    fn control_heavy_text_is_binary() {
        let mut bytes = b"text ".to_vec();
        bytes.extend(std::iter::repeat_n(0x01, 20));
        assert!(matches!(decode("x", &bytes).unwrap_err().kind(), ErrorKind::Binary { .. }));
    }

    #[test]
    fn web_pages_are_read_for_their_text() {
        let page = b"<!DOCTYPE html><html><head><title>Rebels win</title></head><body>\
                     <p>Rebels took Homs.</p><script>alert(1)</script></body></html>";
        let a = Article::from_bytes("page.html", page).unwrap();
        assert_eq!(a.format, Format::Html);
        assert_eq!(a.text, "Rebels win\n\nRebels took Homs.");
        assert_eq!(a.title(), Some("Rebels win"));
        let empty = Article::from_bytes("empty.html", b"<html><script>x</script></html>");
        assert_eq!(empty.unwrap_err().kind(), &ErrorKind::Empty);
    }

    #[test]
    fn title_is_first_short_line_without_stop() {
        let text =
            "Rebels take the capital\n\nRebels took the capital on Sunday. They met no resistance.";
        assert_eq!(
            Article::from_text("t", text.into()).unwrap().title(),
            Some("Rebels take the capital")
        );
        let text = "Rebels took the capital on Sunday.\nThey met no resistance.";
        assert_eq!(Article::from_text("t", text.into()).unwrap().title(), None);
    }

    #[test]
    fn boilerplate_lines_by_shape() {
        let text = "Title of it\n\n  • Post category:International\n  • Reading time:7 mins read\n\n\
                    Body text here. More body.\n\nShare this article\n\nFacebook Twitter WhatsApp\n\n\
                    — Jane Roe (@jroe) December 9, 2024\n\n© 2024 Example Media. All rights reserved.\n\n\
                    Residents fled the city. (AP Photo/Jane Roe)\n\nImage source, Getty Images\n\n\
                    12 Comments\n\nRead more: Rebels take Homs\n\n\
                    Author`s name\nJane Roe";
        for (line, kind) in [
            ("• Post category:International", Boilerplate::Metadata),
            ("• Reading time:7 mins read", Boilerplate::Metadata),
            ("Share this article", Boilerplate::Prompt),
            ("Facebook Twitter WhatsApp", Boilerplate::Prompt),
            ("— Jane Roe (@jroe) December 9, 2024", Boilerplate::Embed),
            ("© 2024 Example Media. All rights reserved.", Boilerplate::Notice),
            ("Residents fled the city. (AP Photo/Jane Roe)", Boilerplate::Metadata),
            ("Image source, Getty Images", Boilerplate::Metadata),
            ("12 Comments", Boilerplate::Prompt),
            ("Read more: Rebels take Homs", Boilerplate::Prompt),
            ("Author`s name", Boilerplate::Byline),
            ("Jane Roe", Boilerplate::Byline),
        ] {
            assert_eq!(kind_of(text, line), BlockKind::Boilerplate(kind), "{line}");
        }
        assert_eq!(kind_of(text, "Body text here. More body."), BlockKind::Body);
        assert_eq!(kind_of(text, "Title of it"), BlockKind::Title);
    }

    #[test]
    fn teaser_headline_snippet_and_link_are_boilerplate() {
        let text = "Story title\n\nThe story itself. It goes on.\n\n\
                    Other story headline: something happened\n\n\
                    Other story: On Monday, something happened that ...\nRead More →\n";
        for line in [
            "Other story headline: something happened",
            "Other story: On Monday, something happened that ...",
            "Read More →",
        ] {
            assert_eq!(kind_of(text, line), BlockKind::Boilerplate(Boilerplate::Teaser), "{line}");
        }
        assert_eq!(kind_of(text, "The story itself. It goes on."), BlockKind::Body);
    }

    #[test]
    fn by_with_a_name_is_a_byline_but_by_in_a_sentence_is_not() {
        let text =
            "Headline here\n\nBy Jane Roe, Reuters\n\nBy Sunday the rebels had won.\n\nBody.";
        assert_eq!(
            kind_of(text, "By Jane Roe, Reuters"),
            BlockKind::Boilerplate(Boilerplate::Byline)
        );
        assert_eq!(kind_of(text, "By Sunday the rebels had won."), BlockKind::Body);
    }

    #[test]
    fn headings_are_short_lines_without_stop() {
        let text = "First paragraph here. Yes.\nLooking Ahead\nThe rapid escalation continued.";
        assert_eq!(kind_of(text, "Looking Ahead"), BlockKind::Heading);
        assert_eq!(kind_of(text, "The rapid escalation continued."), BlockKind::Body);
    }

    #[test]
    fn list_items_are_body_not_headings() {
        let text = "Intro line here. It goes on.\n• Rebels took Homs\n- Rebels took Hama\n1. Rebels took Daraa\nEnd.";
        for line in ["• Rebels took Homs", "- Rebels took Hama", "1. Rebels took Daraa"] {
            assert_eq!(kind_of(text, line), BlockKind::Body, "{line}");
        }
    }

    #[test]
    fn hard_wrapped_paragraphs_join_into_one_block() {
        let para = "It was the best of times, it was the worst of times, it was the age\n\
                    of wisdom, it was the age of foolishness, it was the epoch of belief,\n\
                    it was the epoch of incredulity, it was the season of Light, it was\n\
                    the season of Darkness, it was the spring of hope, it was the winter\n\
                    of despair.\n";
        let text = format!("{para}\n{para}\n{para}");
        let k = kinds(&text);
        assert_eq!(k.len(), 3, "{k:?}");
        assert!(k[0].0.starts_with("It was the best") && k[0].0.ends_with("of despair."));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let k = kinds("Head line\r\nBody one.\rBody two.");
        assert_eq!(
            k.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            ["Head line", "Body one.", "Body two."]
        );
    }
}
