//! Intake: bytes in, article out. Decodes the text, finds its lines, paragraphs, title and
//! headings, and marks page chrome (bylines, teasers, metadata, share prompts, comment forms,
//! captions and credits) as boilerplate.
//!
//! The original text is kept exactly as decoded (only a byte-order mark is dropped), so every
//! offset later stages report points into what the reader gave. Boilerplate is recognised by
//! the shape of a line and the vocabulary page templates use for chrome ("Read more",
//! "Reading time:", "By …", "Share"), never by matching whole strings of any one site, and
//! by where a line stands: under a link introducer, after the last line of text, above a
//! credit, between paragraphs it has nothing to do with, or repeated across the articles of
//! one comparison ([`mark_repeated_chrome`]).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::error::{Error, ErrorKind};
use crate::text::fold;
use crate::{MAX_ARTICLE_BYTES, MAX_FILE_BYTES};

/// Why a block is boilerplate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Boilerplate {
    /// The author's name, alone or after "By" or "Author's name"; a contributor line ("Jane
    /// Roe contributed to this report", "(With inputs from agencies)").
    Byline,
    /// "Category:", "Tags:", "Reading time:", "Updated …" and the like; tag lists, section
    /// labels ("World News") and wire tags (`[UPDATE]`).
    Metadata,
    /// A teaser for another article: its headline, its snippet and its "Read more" link.
    Teaser,
    /// "Share", "Subscribe", "Follow us", social network names; comment forms.
    Prompt,
    /// The attribution line of an embedded post ("— Name (@handle) date"), or a bare link.
    Embed,
    /// Copyright and similar notices, and notes on the story's state ("More to follow").
    Notice,
    /// A picture's caption and its credit ("… on Sunday. (AP Photo/Jane Roe)",
    /// "Photographer: Jane Roe/Agency").
    Caption,
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
    /// Bytes of the file that could not be decoded and were replaced with U+FFFD (see
    /// [`Decoded::replaced`]); 0 for an article given as text.
    pub replaced: usize,
    /// The encoding the file was read in; UTF-8 for an article given as text.
    pub encoding: Encoding,
    /// For a web page, the letters and digits of visible text left out with its navigation,
    /// side bars, footers and forms ([`crate::html::to_text_reporting`]); 0 otherwise.
    pub left_out: usize,
}

impl Article {
    /// Decodes `bytes` (see [`decode`]) and reads the result as an article; a whole web page
    /// is read for its text (see [`crate::html`]).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Article, Error> {
        let Decoded { text, encoding, replaced } = decode_file(name, bytes)?;
        let mut article = if crate::html::looks_like_html(&text) {
            let (extracted, left_out) = crate::html::to_text_reporting(&text);
            let mut article = Article::from_text(name, extracted)?;
            article.format = Format::Html;
            article.left_out = left_out;
            article
        } else {
            Article::from_text(name, text)?
        };
        article.encoding = encoding;
        article.replaced = replaced;
        Ok(article)
    }

    /// What the reader should know about how the file was decoded, for a note beside the
    /// article's name: the bytes that were replaced, when there were any.
    pub fn decoding_note(&self) -> Option<String> {
        let encoding = self.encoding.name();
        match self.replaced {
            0 => None,
            1 => Some(format!("1 byte could not be read as {encoding} and was replaced with �")),
            n => {
                Some(format!("{n} bytes could not be read as {encoding} and were replaced with �"))
            }
        }
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
        Ok(Article {
            name: name.to_string(),
            text,
            format: Format::Text,
            blocks,
            replaced: 0,
            encoding: Encoding::Utf8,
            left_out: 0,
        })
    }

    /// What the reader should know about how the page was read, for a note beside the
    /// article's name: that most of its visible text was left out with its navigation, side
    /// bars, footers and forms, when it was (more letters left out than kept).
    pub fn left_out_note(&self) -> Option<String> {
        if self.left_out == 0 {
            return None;
        }
        let kept = self.text.chars().filter(|c| c.is_alphanumeric()).count();
        (self.left_out > kept).then(|| {
            let share = 100 * self.left_out / (self.left_out + kept);
            format!(
                "{share}% of the page's text was in navigation, side bars, footers or forms and \
                 was left out"
            )
        })
    }

    /// The title, when the first line reads as one.
    pub fn title(&self) -> Option<&str> {
        self.blocks
            .first()
            .filter(|b| b.kind == BlockKind::Title)
            .map(|b| &self.text[b.range.clone()])
    }
}

/// The text encodings [`decode`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark (ASCII is UTF-8).
    Utf8,
    /// UTF-16, little endian: with a byte-order mark, or recognised by its zero bytes.
    Utf16Le,
    /// UTF-16, big endian: with a byte-order mark, or recognised by its zero bytes.
    Utf16Be,
    /// Windows-1252, which also reads ISO-8859-1.
    Windows1252,
}

impl Encoding {
    /// The name readers know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le | Encoding::Utf16Be => "UTF-16",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// What [`decode_file`] made of a file's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Bytes that could not be read in `encoding`; each bad sequence became one U+FFFD (�).
    pub replaced: usize,
}

/// Decodes an article file and says how (see [`decode_file`]); the text alone.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, Error> {
    decode_file(name, bytes).map(|d| d.text)
}

/// Decodes an article file: UTF-8 with or without a byte-order mark, UTF-16 (little or big
/// endian) with a byte-order mark or without one when its zero bytes give it away, or else
/// Windows-1252 (which also reads ISO-8859-1). Refuses empty, too large and binary input with
/// a message naming `name`.
///
/// Text that is UTF-8 but for a few bad bytes (a file cut off inside a character, one byte
/// damaged) is read as UTF-8, each bad sequence replaced with U+FFFD and counted in
/// [`Decoded::replaced`], rather than turning every accented letter into two (`café` into
/// `cafÃ©`). The rule (`mostly_utf8` says why): the valid multi-byte sequences are at least
/// as many as the invalid ones, and there is one.
pub fn decode_file(name: &str, bytes: &[u8]) -> Result<Decoded, Error> {
    let err = |kind| Err(Error::new(name, kind));
    if bytes.len() > MAX_FILE_BYTES {
        return err(ErrorKind::TooLarge { bytes: bytes.len(), limit: MAX_ARTICLE_BYTES });
    }
    let utf16 = |rest: &[u8], encoding: Encoding, skipped: usize| {
        let unit =
            if encoding == Encoding::Utf16Le { u16::from_le_bytes } else { u16::from_be_bytes };
        decode_utf16(rest, unit)
            .map(|text| Decoded { text, encoding, replaced: 0 })
            .map_err(|at| Error::new(name, ErrorKind::Utf16 { offset: skipped + at }))
    };
    let decoded = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        // The mark says UTF-8: whatever does not read as UTF-8 is damage, not another encoding.
        let (text, replaced) = utf8_lossy(rest);
        Decoded { text, encoding: Encoding::Utf8, replaced }
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, Encoding::Utf16Le, 2)?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, Encoding::Utf16Be, 2)?
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        utf16(bytes, encoding, 0)?
    } else {
        // Looked for at once (the slice search is the library's), placed only when found.
        if bytes.contains(&0) {
            let offset = bytes.iter().position(|&b| b == 0).unwrap_or_default();
            return err(ErrorKind::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Decoded { text: s.to_string(), encoding: Encoding::Utf8, replaced: 0 },
            Err(_) if mostly_utf8(bytes) => {
                let (text, replaced) = utf8_lossy(bytes);
                Decoded { text, encoding: Encoding::Utf8, replaced }
            }
            Err(_) => Decoded {
                text: decode_windows_1252(bytes)
                    .map_err(|offset| Error::new(name, ErrorKind::Encoding { offset }))?,
                encoding: Encoding::Windows1252,
                replaced: 0,
            },
        }
    };
    let text = &decoded.text;
    if let Some(offset) = binary_offset(text) {
        return err(ErrorKind::Binary { offset });
    }
    if text.len() > MAX_ARTICLE_BYTES {
        return err(ErrorKind::TooLarge { bytes: text.len(), limit: MAX_ARTICLE_BYTES });
    }
    if text.trim().is_empty() {
        return err(ErrorKind::Empty);
    }
    Ok(decoded)
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 with some damage: the valid
/// multi-byte sequences are at least as many as the invalid sequences, and there is one.
///
/// Windows-1252 text almost never holds a valid multi-byte UTF-8 sequence: that takes a capital
/// À–ß followed by a byte of 0x80–0xBF (punctuation such as ’ or a symbol such as ©), or â–ï
/// followed by two of them, which is how mojibake looks, not how anyone writes. Its accented
/// letters are each one invalid byte. UTF-8 text with damage holds its bad sequences among many
/// good ones. So a file with one é in UTF-8 and a truncated last character (one good, one bad)
/// is UTF-8, and ASCII with one stray 0x92 apostrophe (none good) is Windows-1252.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    good > 0 && good >= bad
}

/// UTF-8 with each invalid sequence replaced by U+FFFD, and the number of bytes replaced.
fn utf8_lossy(bytes: &[u8]) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            replaced += chunk.invalid().len();
        }
    }
    (text, replaced)
}

/// UTF-16 without a byte-order mark, told by its zero bytes: text that is mostly ASCII (or
/// Latin-1) has a zero high byte in nearly every unit, so one parity of byte positions is
/// mostly zeros and the other has next to none. Eight-bit text holds no zero bytes at all, and
/// a binary file's zeros fall on both parities. Needs at least four units to judge; half the
/// units zero on one side and under one in twenty of that on the other is the line.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let units = bytes.len() / 2;
    // Most files hold no zero byte at all, found at once.
    if units < 4 || !bytes.contains(&0) {
        return None;
    }
    let zeros = |parity: usize| bytes.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let clear = |many: usize, few: usize| 2 * many >= units && 20 * few < many;
    if clear(odd, even) {
        Some(Encoding::Utf16Le)
    } else if clear(even, odd) {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Decodes UTF-16 code units; on failure returns the byte offset of the bad unit.
fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, usize> {
    if bytes.len() % 2 == 1 {
        return Err(bytes.len() - 1);
    }
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    // Counted in code units, not characters: a character past a surrogate pair took two.
    let mut unit_at = 0;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                out.push(c);
                unit_at += c.len_utf16();
            }
            Err(_) => return Err(2 * unit_at),
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
    // Byte by byte (see word_count): a control character is an ASCII one, or one of
    // U+0080–U+009F, C2 80–C2 9F in UTF-8.
    let bytes = text.as_bytes();
    let control_at = |i: usize| match bytes[i] {
        b'\n' | b'\r' | b'\t' | 0x0C => false,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)),
        b => b < 0x20 || b == 0x7F,
    };
    let mut controls = (0..bytes.len()).filter(|&i| control_at(i));
    let first = controls.next()?;
    let count = 1 + controls.count();
    (bytes[first] == 0 || count * 100 > text.chars().count()).then_some(first)
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
    // Byte by byte (see word_count): a break is \n, \r, \r\n, U+0085 (C2 85 in UTF-8),
    // U+2028 or U+2029 (E2 80 A8, E2 80 A9).
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = |k: usize| bytes.get(i + k).copied();
        let len = match b {
            b'\r' if next(1) == Some(b'\n') => 2,
            b'\n' | b'\r' => 1,
            0xC2 if next(1) == Some(0x85) => 2,
            0xE2 if next(1) == Some(0x80) && matches!(next(2), Some(0xA8 | 0xA9)) => 3,
            _ => 0,
        };
        if len > 0 {
            push(start, i);
            start = i + len;
        }
        i += len.max(1);
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
            let last = line.chars().next_back();
            if !last
                .is_some_and(|c| crate::text::is_terminal(c) || matches!(c, ':' | '"' | '”' | '’'))
            {
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
        // A line that opens in lower case after a line that ends without a stop carries on
        // its sentence, however short the text: a sentence broken by hand or by a PDF's
        // columns ("…on Monday\nafter a week of repairs").
        let carries_on = !previous_blank
            && content.trim_start().starts_with(|c: char| c.is_lowercase())
            && blocks.last().is_some_and(|last| !ends_with_stop(&text[last.range.clone()]));
        match blocks.last_mut() {
            Some(last) if (joinable || carries_on) && !starts_item => {
                last.range.end = line.range.end
            }
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
    words_up_to(s, usize::MAX)
}

/// [`word_count`], counting no further than `most`.
fn words_up_to(s: &str, most: usize) -> usize {
    // Byte by byte, a character read only past ASCII: intake counts the words of every
    // block, and the page's module is built for size, where iterating over characters is
    // not inlined.
    let (mut count, mut in_word, mut i) = (0, false, 0);
    while let (Some(&b), true) = (s.as_bytes().get(i), count < most) {
        let (space, len) = match b {
            b'\t'..=b'\r' | b' ' => (true, 1),
            0..=0x7f => (false, 1),
            _ => s[i..].chars().next().map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        count += usize::from(!space && !in_word);
        in_word = !space;
        i += len;
    }
    count
}

fn ends_with_stop(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', '”', '’', ')', '»', '」', '』', '）']);
    t.ends_with([':', ';', ',']) || t.chars().next_back().is_some_and(crate::text::is_terminal)
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

/// The longest lead-in before a call to sign up ("Don't miss the news: Sign up …"): a
/// label, not a clause.
const LEAD_IN_MAX_WORDS: usize = 4;

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

/// Wire and photo agencies as credits name them: "(Reuters)", "Jane Roe/AFP", "AP Photo".
/// A credit is a name, so these are only looked for in short capitalized tails of a line.
#[rustfmt::skip]
const AGENCIES: &[&str] = &[
    "aap", "afp", "alamy", "anadolu", "ani", "ansa", "ap", "associated press", "bloomberg",
    "dpa", "efe", "epa", "france presse", "getty", "getty images", "handout", "ians", "kyodo",
    "pa", "pool", "press association", "pti", "reuters", "shutterstock", "tass", "upi",
    "xinhua", "yonhap",
];

/// Labels that open a photo or video credit ("Photographer: Jane Roe/Agency",
/// "Courtesy of the family"). Each ends where the name begins.
#[rustfmt::skip]
const CREDIT_LABELS: &[&str] = &[
    "courtesy", "courtesy of", "credit:", "file photo", "image:", "image credit", "photo:",
    "photo by", "photo credit", "photograph:", "photographer:", "photos:", "photos by",
    "picture:", "pictures:", "video:",
];

/// Words a credit may hold besides names: "AP Photo/Jane Roe", "Jane Roe/AFP via Getty Images".
#[rustfmt::skip]
const CREDIT_WORDS: &[&str] = &[
    "and", "de", "file", "for", "images", "of", "photo", "photos", "pictures", "the", "via",
];

/// Phrases of comment forms and their log-in gates. A comment form is page template, so its
/// wording is fixed by the software that draws it, and these phrases open or make up the line.
#[rustfmt::skip]
const COMMENT_PROMPTS: &[&str] = &[
    "add a comment", "be the first to comment", "cancel reply", "comments are closed",
    "join the conversation", "join the discussion", "leave a comment", "leave a reply",
    "log in or register", "log in to comment", "log in to reply", "login to comment",
    "notify me of", "post a comment", "register to comment", "required fields are marked",
    "save my name", "sign in to comment", "you must be logged in",
    "your email address will not be published",
];

/// Lines that introduce a list of links to other stories. Alone on a line, the short
/// headline-like lines under them are those links.
#[rustfmt::skip]
const LINK_INTRODUCERS: &[&str] = &[
    "also read", "also see", "don't miss", "editor's picks", "further reading", "in other news",
    "latest news", "more from", "more on this", "more on this story", "more stories", "most read",
    "must read", "read also", "read more", "read next", "recommended", "recommended stories",
    "related", "related articles", "related content", "related coverage", "related links",
    "related news", "related posts", "related stories", "related topics", "see also",
    "top stories", "trending", "what to read next", "you may also like", "you might also like",
];

/// Words section labels are made of ("News", "Newsroom", "Breaking News", "World"): a line
/// of nothing but these names a part of the site, not a fact.
#[rustfmt::skip]
const SECTION_WORDS: &[&str] = &[
    "advertisement", "advertorial", "analysis", "breaking", "business", "culture", "economy",
    "entertainment", "exclusive", "explainer", "featured", "health", "international", "latest",
    "lifestyle", "live", "local", "national", "news", "newsroom", "opinion", "politics",
    "promoted", "science", "sponsored", "sport", "sports", "tech", "technology", "today",
    "top", "updates", "world",
];

/// The most status notes one line holds ("This is a breaking news story. More to follow.").
const MAX_NOTES: usize = 3;

/// Notes on the state of a story that wire copy and live pages append ("More to follow…").
#[rustfmt::skip]
const STATUS_NOTES: &[&str] = &[
    "article continues below", "check back for updates", "details to follow",
    "developing story", "more details to follow", "more to follow", "more to come",
    "story continues below", "this is a breaking news story", "this is a breaking story",
    "this is a developing story", "this story has been updated", "this story is developing",
    "this story will be updated", "updates to follow",
];

/// Marks of a contributor line ("Jane Roe contributed to this report.", "(With inputs from
/// agencies)"): crediting the people behind the text, not reporting anything.
#[rustfmt::skip]
const CONTRIBUTOR_MARKS: &[&str] = &[
    "contributed additional reporting", "contributed reporting", "contributed to this article",
    "contributed to this report", "contributed to this story",
];

/// How a line crediting agencies for the text opens ("With inputs from agencies", "(Inputs
/// from PTI)").
const INPUT_CREDITS: &[&str] = &["inputs from", "with agency inputs", "with inputs from"];

/// Calls to follow or watch a live page ("Follow the latest on the count"): the reader is
/// sent elsewhere, nothing is reported.
#[rustfmt::skip]
const FOLLOW_PROMPTS: &[&str] = &[
    "catch up on", "follow live", "follow our", "follow the latest", "get the latest",
    "keep up with", "listen live", "stay up to date", "stay updated", "watch live",
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

/// What a credit credits: a picture ("AP Photo/Jane Roe", "Photographer: Jane Roe") or only
/// an agency ("(Reuters)"), which may also be the source of the text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Credit {
    Picture,
    Agency,
}

/// Words of a credit as written: each is capitalized (a name), a number, or one of the few
/// small words credits hold ("via", "of").
fn is_credit_name(s: &str) -> bool {
    let mut any = false;
    for w in s.split(|c: char| c.is_whitespace() || c == '/') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        any = true;
        let capitalized = w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if !capitalized && !CREDIT_WORDS.contains(&fold(w).as_str()) {
            return false;
        }
    }
    any
}

/// Whether a slash-separated part of a credit ("Reuters Photo", "Getty Images") names an
/// agency: one of its words, or two in a row, is one.
fn names_agency(folded_part: &str) -> bool {
    let words: Vec<&str> =
        folded_part.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.len() <= 6
        && (words.iter().any(|w| AGENCIES.contains(w))
            || words.windows(2).any(|p| AGENCIES.contains(&format!("{} {}", p[0], p[1]).as_str())))
}

/// Credit lines are short: a label and a name or two, an agency, a photographer.
const CREDIT_MAX_WORDS: usize = 10;
const CREDIT_MAX_CHARS: usize = 90;

/// Whether `s` (as written) is a credit, and of what: a label and a name ("Photo: Jane
/// Roe"), an agency ("Reuters", "AP Photo/Jane Roe"), or names joined by slashes ("Jane
/// Roe/Example Post"). A sentence is never one: every word of a credit is a name.
fn credit_kind(s: &str) -> Option<Credit> {
    let s = s.trim().trim_start_matches('/').trim_end_matches('.').trim();
    if s.is_empty() || word_count(s) > CREDIT_MAX_WORDS || s.chars().count() > CREDIT_MAX_CHARS {
        return None;
    }
    let folded = fold(s);
    let label =
        CREDIT_LABELS.iter().filter(|l| starts_with_phrase(&folded, &[l])).max_by_key(|l| l.len());
    if let Some(label) = label {
        let rest: Vec<&str> = s.split_whitespace().skip(label.split_whitespace().count()).collect();
        return (!rest.is_empty() && is_credit_name(&rest.join(" "))).then_some(Credit::Picture);
    }
    if !is_credit_name(s) {
        return None;
    }
    let parts: Vec<&str> = folded.split('/').collect();
    if parts.len() == 1 {
        // "Reuters", "AFP": the agency alone. "AP Photo", "Getty Images": a picture's.
        let picture = folded.contains("photo") || folded.contains("images");
        return names_agency(&folded).then_some(if picture {
            Credit::Picture
        } else {
            Credit::Agency
        });
    }
    // "Jane Roe/AFP", "Reuters/Jane Roe/Reuters Photo", "Jane Roe/Example Post": a
    // photographer and an agency or paper. Without an agency, each part is a short name, so
    // a headline with a slash in it ("AC/DC Announce Tour") is not read as one.
    (parts.iter().any(|p| names_agency(p)) || parts.iter().all(|p| word_count(p) <= 3))
        .then_some(Credit::Picture)
}

/// The credit a line ends with, and the text before it (the caption it closes): "… on
/// Sunday. (Reuters/Jane Roe)", "… in London. Photograph: Jane Roe/Agency", "… flags.
/// /Courtesy of the ministry", or a credit alone ("Photo: Reuters").
fn trailing_credit(line: &str) -> Option<(&str, Credit)> {
    let t = line.trim_end();
    let inner = t.strip_suffix(").").or_else(|| t.strip_suffix(')'));
    if let Some(inner) = inner {
        if let Some(open) = inner.rfind('(') {
            let before = inner[..open].trim_end();
            // A bare agency after a sentence closes a caption; one inside a clause ("said
            // the agency (AFP)") does not.
            if let Some(kind) = credit_kind(&inner[open + 1..]) {
                if before.is_empty() || ends_with_stop(before) || kind == Credit::Picture {
                    return Some((before, kind));
                }
            }
        }
    }
    // The tail after the last sentence end, or after a spaced slash, or the whole line.
    let stop = [". ", "? ", "! "].iter().filter_map(|m| t.rfind(m).map(|i| i + m.len())).max();
    let slash = t.rfind(" /").map(|i| i + 1).filter(|&i| i > stop.unwrap_or(0));
    let (before, tail) = t.split_at(slash.or(stop).unwrap_or(0));
    let kind = credit_kind(tail);
    if kind == Some(Credit::Picture) {
        return Some((before.trim_end(), Credit::Picture));
    }
    // A caption without a stop, closed by a credit's label written with its capital and its
    // colon and a credit naming an agency ("Crowds in the square Credit: Jane Roe -
    // Shutterstock"). Without the agency a headline's colon ("Child Tax Credit: Who
    // Qualifies", "Best Picture: Oppenheimer") reads the same.
    if let Some(at) = labelled_credit(t).filter(|&i| i > stop.unwrap_or(0)) {
        let (before, tail) = t.split_at(at);
        if credit_kind(tail) == Some(Credit::Picture) && names_agency(&fold(tail)) {
            return Some((before.trim_end(), Credit::Picture));
        }
    }
    // A credit may hold a spaced slash ("Photo: Jane Roe / AFP", "Photo: Jane Roe / Harbor
    // Times"): read from the sentence end, it is one when it ends with an agency or opens
    // with a credit's label. A headline with a spaced slash ("Floods Hit Coast / Rescue
    // Teams Arrive") does neither.
    slash?;
    let (before, tail) = t.split_at(stop.unwrap_or(0));
    ((kind == Some(Credit::Agency) || starts_with_phrase(&fold(tail), CREDIT_LABELS))
        && credit_kind(tail) == Some(Credit::Picture))
    .then_some((before.trim_end(), Credit::Picture))
}

/// Where the last credit label with a colon begins inside a line, after a space and written
/// with its capital ("… Credit: Jane Roe", "… Photo: Agency").
fn labelled_credit(line: &str) -> Option<usize> {
    CREDIT_LABELS
        .iter()
        .filter(|l| l.ends_with(':'))
        .filter_map(|label| {
            let mut written = label.to_string();
            written[..1].make_ascii_uppercase();
            line.rfind(&format!(" {written}")).map(|i| i + 1)
        })
        .max()
}

/// How many sentences a caption holds, roughly: stops followed by a capital.
fn rough_sentences(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    1 + chars
        .windows(3)
        .filter(|w| matches!(w[0], '.' | '?' | '!') && w[1] == ' ' && w[2].is_uppercase())
        .count()
}

/// A caption is a sentence or two about the picture, and its credit: longer text before a
/// credit is a paragraph that happens to end with one.
const CAPTION_MAX_SENTENCES: usize = 2;
const CAPTION_MAX_CHARS: usize = 320;
/// What may stand between a caption and its credit, and around the credit: brackets, a
/// stop, spaces.
const CREDIT_MARGIN: usize = 16;

/// The caption with its credit, when `content` is one: see [`trailing_credit`].
fn caption_of(content: &str) -> Option<Credit> {
    // Read no further than a caption and a credit can run: paragraphs are most blocks.
    if content.chars().count() > CAPTION_MAX_CHARS + CREDIT_MAX_CHARS + CREDIT_MARGIN {
        return None;
    }
    let (before, kind) = trailing_credit(content)?;
    (before.chars().count() <= CAPTION_MAX_CHARS
        && (before.is_empty() || rough_sentences(before) <= CAPTION_MAX_SENTENCES))
        .then_some(kind)
}

/// Labels in capitals that open a link to a video, a gallery or a podcast, before its
/// title: "WATCH: How the rescue unfolded".
const MEDIA_LABELS: &[&str] =
    &["WATCH", "VIDEO", "LISTEN", "PHOTOS", "GALLERY", "IN PICTURES", "IN PHOTOS", "PODCAST"];

/// A media link's title runs on for a sentence or two, up to about this many characters.
const MEDIA_TITLE_MAX_CHARS: usize = 300;

/// Whether a line is a link to a video, a gallery or a podcast: one of [`MEDIA_LABELS`],
/// written in capitals as no sentence of a story opens, then a colon and a title of a
/// sentence or two (longer than a prompt's 80 characters).
fn is_media_link(content: &str) -> bool {
    let t = content.trim_start_matches(|c: char| crate::text::is_bullet(c) || c == '-' || c == '*');
    t.trim_start().split_once(':').is_some_and(|(label, title)| {
        MEDIA_LABELS.contains(&label.trim())
            && title.chars().any(char::is_alphabetic)
            && title.chars().count() <= MEDIA_TITLE_MAX_CHARS
            && rough_sentences(title) <= 2
    })
}

/// Whether a line (folded, undecorated) introduces links to other stories: an introducer
/// alone ("Related Stories", "ALSO READ:"), "More from …" with a short name after it, or a
/// short line ending as such lists' titles do ("Products you may like").
fn is_link_introducer(bare: &str) -> bool {
    let bare = bare.trim_end_matches([':', '|', '-', ' ']).trim();
    LINK_INTRODUCERS.contains(&bare)
        || (starts_with_phrase(bare, &["more from", "more on"]) && word_count(bare) <= 6)
        || (word_count(bare) <= LINK_INTRODUCER_MAX_WORDS
            && LINK_INTRODUCER_ENDS.iter().any(|end| ends_with_phrase(bare, end)))
}

/// How the titles of lists of links end, whatever they list first: "Stories you may like",
/// "Products you might also like".
const LINK_INTRODUCER_ENDS: &[&str] =
    &["you may also like", "you may like", "you might also like", "you might like"];

/// Such a title is a label of a few words ("Other stories you might also like"); a longer
/// line ending so is a sentence.
const LINK_INTRODUCER_MAX_WORDS: usize = 6;

/// Whether `text` (folded) ends with the words of `phrase`, whole.
fn ends_with_phrase(text: &str, phrase: &str) -> bool {
    text.strip_suffix(phrase).is_some_and(|before| before.is_empty() || before.ends_with(' '))
}

/// A line that reads as the headline of a linked story: short, one clause, no end stop, not
/// a quotation (a quote that lost its stop is the article's own text).
fn is_link_headline(content: &str) -> bool {
    let t = content.trim_start_matches(|c: char| crate::text::is_bullet(c) || c == '-' || c == '*');
    let t = t.trim();
    !ends_with_stop(t)
        && word_count(t) <= TEASER_MAX_WORDS
        && t.chars().any(char::is_alphabetic)
        && !t.starts_with(['"', '“', '‘', '\'', '«'])
        && rough_sentences(t) == 1
}

/// Headlines of linked stories run to about fifteen words; a longer line is text.
const TEASER_MAX_WORDS: usize = 18;

/// A tag or category: a list item of a few words without end stop ("- Elections").
fn is_tag_item(content: &str) -> bool {
    let item = content.starts_with(|c: char| crate::text::is_bullet(c) || c == '-' || c == '*');
    let t = strip_decoration(content);
    item && (1..=TAG_MAX_WORDS).contains(&word_count(t)) && !ends_with_stop(content)
}

/// Tags are a name or a short phrase.
const TAG_MAX_WORDS: usize = 4;

/// Prompt words that also open ordinary sentences ("Share prices fell", "Recommended
/// routes were posted"). As a prompt the word stands alone or before one of
/// [`PROMPT_OBJECTS`], and the line has no end stop.
const ORDINARY_PROMPT_WORDS: &[&str] =
    &["advertisement", "recommended", "share", "sponsored", "subscribe", "trending"];

/// What those prompt words are followed by in a prompt: "Share this article", "Subscribe
/// now", "Recommended for you", "Trending stories".
#[rustfmt::skip]
const PROMPT_OBJECTS: &[&str] = &[
    "article", "articles", "by", "content", "for", "links", "news", "now", "on", "our", "posts",
    "reading", "stories", "story", "this", "to", "today", "topics", "via", "videos",
];

/// Whether a line that opens with a prompt word is an ordinary sentence all the same: see
/// [`ORDINARY_PROMPT_WORDS`].
fn is_ordinary_start(content: &str, bare: &str) -> bool {
    let mut words = bare.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    let Some(first) = words.next() else { return false };
    if !ORDINARY_PROMPT_WORDS.contains(&first) {
        return false;
    }
    ends_with_stop(content) || words.next().is_some_and(|w| !PROMPT_OBJECTS.contains(&w))
}

/// Whether a folded line is an agency's name and nothing else ("the associated press").
fn is_agency_name(folded: &str) -> bool {
    let words: Vec<&str> =
        folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let name = words.strip_prefix(&["the"]).unwrap_or(&words).join(" ");
    AGENCIES.contains(&name.as_str()) || name == "agence france presse"
}

/// Whether a folded line is a page's date and nothing else: weekday, month, day, year, time
/// and zone in any order and punctuation ("thursday, march 7, 2019 | 9:15 a.m. et",
/// "updated: 7 mar 2019 09:15 gmt"), with a year and a weekday or a time of day. A
/// sentence about a date has other words ("on march 7 the dam broke"), and a timeline's
/// heading names the day alone ("june 4, 1989", "monday, march 4").
fn is_date_line(folded: &str) -> bool {
    // Besides the names of months and weekdays and the time zones that
    // crate::segment::is_date_word knows: their short forms, and the words of a dateline.
    const MONTHS: &[&str] =
        &["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];
    const WEEKDAYS: &[&str] =
        &["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"];
    #[rustfmt::skip]
    const OTHERS: &[&str] = &[
        "am", "pm", "a.m", "p.m", "published", "updated", "update", "posted", "modified", "first",
        "originally", "last", "at", "on",
    ];
    let (mut weekday, mut year, mut time, mut count) = (false, false, false, 0);
    for token in folded.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '|' | '/' | '·' | '•' | '–' | '—' | '-' | '(' | ')')
    }) {
        let t = token.trim_matches(|c: char| matches!(c, '.' | ':'));
        if t.is_empty() {
            continue;
        }
        count += 1;
        // "7", "2019", "9:15", "10:01pm", "7th".
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        let suffix = &t[digits.len()..];
        if !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit() || c == ':')
            && matches!(suffix, "" | "st" | "nd" | "rd" | "th" | "am" | "pm" | "a.m" | "p.m" | "h")
        {
            time |= digits.contains(':') || !matches!(suffix, "" | "st" | "nd" | "rd" | "th");
            year |= digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"));
        } else if WEEKDAYS.contains(&t) || crate::quantity::WEEKDAYS.contains(&t) {
            weekday = true;
        } else if !crate::segment::is_date_word(t) && !MONTHS.contains(&t) && !OTHERS.contains(&t) {
            return false;
        }
    }
    year && (weekday || time) && count <= 12
}

/// Why a single block is boilerplate, judged on its own text.
fn boilerplate_of(content: &str) -> Option<Boilerplate> {
    let folded = fold(content);
    let bare = strip_decoration(&folded);
    let chars = bare.chars().count();
    // Every check below asks for fewer words.
    let words = words_up_to(bare, 16);
    if is_link_text(&folded) {
        return Some(Boilerplate::Teaser);
    }
    if caption_of(content) == Some(Credit::Picture) {
        return Some(Boilerplate::Caption);
    }
    if is_link_introducer(bare) {
        return Some(Boilerplate::Prompt);
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
        // The page's date standing alone ("Thursday, 7 March 2019, 9:15 GMT").
        if is_date_line(bare) {
            return Some(Boilerplate::Metadata);
        }
        // An agency's name standing alone credits the text: "Reuters", "Agence
        // France-Presse" (a headline that opens with one, "EPA Rolls Back Rules", is not).
        if is_agency_name(&folded) {
            return Some(Boilerplate::Byline);
        }
    }
    // A prompt, not a teaser: a teaser takes the headline-like lines of its paragraph
    // above it along, and the line above a video link is most often the story's own.
    if is_media_link(content) {
        return Some(Boilerplate::Prompt);
    }
    if chars <= 80 && starts_with_phrase(bare, PROMPT_STARTS) && !is_ordinary_start(content, bare) {
        return Some(Boilerplate::Prompt);
    }
    // A call to sign up after a short lead-in: "Don't miss out: Subscribe to our newsletter".
    if chars <= 80 && !ends_with_stop(content) {
        if let Some((label, rest)) = bare.split_once(':') {
            if word_count(label) <= LEAD_IN_MAX_WORDS
                && starts_with_phrase(rest.trim(), &["sign up", "subscribe"])
            {
                return Some(Boilerplate::Prompt);
            }
        }
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
        return Some(Boilerplate::Caption);
    }
    // An embedded post carries its picture link ("… pic.twitter.com/AbC123 March 3, 2024").
    if chars <= 400 && (folded.contains("pic.twitter.com/") || folded.contains("https://t.co/")) {
        return Some(Boilerplate::Embed);
    }
    if chars <= 160 {
        // "(With inputs from agencies)", "(Reporting by Jane Roe; Editing by Tom Reyes)",
        // "Jane Roe contributed to this report."
        let inner = bare.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '.' | ' '));
        let contributed = CONTRIBUTOR_MARKS.iter().any(|m| inner.contains(m));
        let parenthesized = content.trim_start().starts_with('(');
        if contributed
            || starts_with_phrase(inner, INPUT_CREDITS)
            || (parenthesized && starts_with_phrase(inner, BYLINE_STARTS))
            || (parenthesized && starts_with_phrase(inner, &["editing by", "writing by"]))
        {
            return Some(Boilerplate::Byline);
        }
    }
    // Comment forms: "Your email address will not be published.", "Please log in or
    // register to comment."
    if chars <= 200 {
        let inner = bare.strip_prefix("please ").unwrap_or(bare);
        if starts_with_phrase(inner, COMMENT_PROMPTS)
            || folded.contains("your email address will not be published")
            || folded.contains("required fields are marked")
        {
            return Some(Boilerplate::Prompt);
        }
    }
    if chars <= 100 && !ends_with_stop(content) {
        // "Follow the latest on the count", also after a label ("Live: Follow …").
        let after_label = bare
            .split_once(':')
            .filter(|(label, _)| word_count(label) <= 3)
            .map_or(bare, |(_, rest)| rest.trim());
        if starts_with_phrase(bare, FOLLOW_PROMPTS)
            || starts_with_phrase(after_label, FOLLOW_PROMPTS)
        {
            return Some(Boilerplate::Prompt);
        }
    }
    // "More to follow…", "This is a developing story": the phrase, at most a few words more,
    // and no clause after a comma; a line of such notes ("This is a breaking news story.
    // More to follow.") is one too.
    if chars <= 160 && !bare.contains(',') && starts_with_phrase(bare, STATUS_NOTES) {
        let is_note = |part: &str| {
            let part = fold(part);
            let part = strip_decoration(&part);
            STATUS_NOTES
                .iter()
                .find(|n| starts_with_phrase(part, &[n]))
                .is_some_and(|n| word_count(part) <= word_count(n) + 3)
        };
        let notes = crate::segment::split(content);
        if notes.len() <= MAX_NOTES && notes.into_iter().all(|r| is_note(&content[r])) {
            return Some(Boilerplate::Notice);
        }
    }
    // Section labels: "News Today", "Newsroom", "Advertisement".
    // Four words are enough to tell.
    let label_words: Vec<&str> =
        bare.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(4).collect();
    if (1..=3).contains(&label_words.len())
        && !ends_with_stop(content)
        && label_words.iter().all(|w| SECTION_WORDS.contains(w))
    {
        return Some(Boilerplate::Metadata);
    }
    // Wire tags alone on a line: "[UPDATE 2]", "(LEAD)".
    let t = content.trim();
    let bracketed = (t.starts_with('[') && t.ends_with(']'))
        || (t.starts_with('(') && t.ends_with(')') && !t.chars().any(char::is_lowercase));
    if bracketed && (1..=4).contains(&words) {
        return Some(Boilerplate::Metadata);
    }
    // A number alone on a line is a counter (comments, shares, views), not a sentence.
    if words == 1 && bare.chars().all(|c| c.is_ascii_digit()) {
        return Some(Boilerplate::Prompt);
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
    if ends_with_stop(content) || content.chars().count() > HEADING_MAX_CHARS {
        return false;
    }
    let words = word_count(content);
    let list_item = content
        .starts_with(|c: char| crate::text::is_bullet(c) || c == '-' || c == '*')
        || content.split_whitespace().next().is_some_and(|w| {
            w.trim_end_matches(['.', ')']).chars().all(|c| c.is_ascii_digit())
                && w.ends_with(['.', ')'])
        });
    (1..=HEADING_MAX_WORDS).contains(&words)
        && content.chars().any(char::is_alphabetic)
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
    // A name after a byline label, a name beside the page's date in its paragraph ("Jane Roe"
    // over "Published: 7 March 2019 9:15"), and a lone name closing the article, are bylines.
    let first_text = blocks.iter().position(|b| b.kind == BlockKind::Body);
    for i in 0..blocks.len() {
        let after_label =
            i > 0 && blocks[i - 1].kind == BlockKind::Boilerplate(Boilerplate::Byline);
        let dated = |j: usize| {
            blocks.get(j).is_some_and(|b| {
                b.paragraph == blocks[i].paragraph
                    && b.kind == BlockKind::Boilerplate(Boilerplate::Metadata)
                    && is_date_line(strip_decoration(&fold(content(b))))
            })
        };
        // The first text is the headline, even over the date.
        let by_date = || Some(i) != first_text && ((i > 0 && dated(i - 1)) || dated(i + 1));
        let last = i + 1 == blocks.len();
        if blocks[i].kind == BlockKind::Body
            && is_name_line(content(&blocks[i]))
            && (after_label || (last && i > 0) || by_date())
        {
            blocks[i].kind = BlockKind::Boilerplate(Boilerplate::Byline);
        }
    }
    link_lists(text, blocks);
    agency_captions(text, blocks);
    // A caption printed twice, once alone and once with its credit: the bare copy is the
    // same caption. A few words that merely open the caption are not a copy of it.
    for i in 0..blocks.len().saturating_sub(1) {
        let next = &blocks[i + 1];
        if blocks[i].kind == BlockKind::Body
            && next.kind == BlockKind::Boilerplate(Boilerplate::Caption)
            && word_count(content(&blocks[i])) >= 4
            && content(next).starts_with(content(&blocks[i]))
        {
            blocks[i].kind = BlockKind::Boilerplate(Boilerplate::Caption);
        }
    }
    captions_over_credits(text, blocks);
    trailing_chrome(text, blocks);
    leading_tags(text, blocks);
    short_line_runs(text, blocks);
    stray_headlines(text, blocks);
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

/// Most teaser lists under an introducer hold three to five links; past this many lines the
/// run is not a list of links any more.
const LINK_LIST_MAX: usize = 6;

/// Under a line that introduces links ("Related Stories", "ALSO READ:"), the headline-like
/// lines that follow are those links, up to the first line of text.
fn link_lists(text: &str, blocks: &mut [Block]) {
    for i in 0..blocks.len() {
        let introduces = matches!(blocks[i].kind, BlockKind::Boilerplate(_))
            && is_link_introducer(strip_decoration(&fold(&text[blocks[i].range.clone()])));
        if !introduces {
            continue;
        }
        for j in i + 1..blocks.len().min(i + 1 + LINK_LIST_MAX) {
            let c = &text[blocks[j].range.clone()];
            if blocks[j].kind != BlockKind::Body || c.contains('\n') || !is_link_headline(c) {
                break;
            }
            blocks[j].kind = BlockKind::Boilerplate(Boilerplate::Teaser);
        }
    }
}

/// A line closed by a bare agency credit ("… on Sunday. (Reuters)") is a picture's caption
/// when it is one sentence and more text follows it. The same credit closing the last
/// paragraph names the source of the whole text, and that paragraph is the article's own.
fn agency_captions(text: &str, blocks: &mut [Block]) {
    let last_text = blocks.iter().rposition(|b| b.kind == BlockKind::Body);
    for i in 0..blocks.len() {
        let c = &text[blocks[i].range.clone()];
        if blocks[i].kind != BlockKind::Body || Some(i) == last_text {
            continue;
        }
        let one_sentence =
            || trailing_credit(c).is_some_and(|(before, _)| rough_sentences(before) == 1);
        if caption_of(c) == Some(Credit::Agency) && one_sentence() {
            blocks[i].kind = BlockKind::Boilerplate(Boilerplate::Caption);
        }
    }
}

/// Captions run to a sentence or two; a longer line before a credit is text.
const CAPTION_MAX_WORDS: usize = 40;

/// A line without an end stop right above a credit that stands alone ("Photo: Jane Roe")
/// is that picture's caption. The first line is left alone: it is the title.
fn captions_over_credits(text: &str, blocks: &mut [Block]) {
    for i in 1..blocks.len().saturating_sub(1) {
        let credit = &text[blocks[i + 1].range.clone()];
        let alone = || trailing_credit(credit).is_some_and(|(before, _)| before.is_empty());
        let c = &text[blocks[i].range.clone()];
        if blocks[i].kind == BlockKind::Body
            && blocks[i + 1].kind == BlockKind::Boilerplate(Boilerplate::Caption)
            && alone()
            && !c.contains('\n')
            && !ends_with_stop(c)
            && word_count(c) <= CAPTION_MAX_WORDS
        {
            blocks[i].kind = BlockKind::Boilerplate(Boilerplate::Caption);
        }
    }
}

/// Before the text starts (the first line that ends with a stop), list items that are
/// names ("- Elections", "• East Coast") are the story's tags or categories. Points that
/// summarize the story are sentences, not names, and stay.
fn leading_tags(text: &str, blocks: &mut [Block]) {
    let start = blocks
        .iter()
        .position(|b| b.kind == BlockKind::Body && ends_with_stop(&text[b.range.clone()]))
        .unwrap_or(0);
    for b in &mut blocks[..start] {
        let c = &text[b.range.clone()];
        if b.kind == BlockKind::Body && is_tag_item(c) && is_name_line(strip_decoration(c)) {
            b.kind = BlockKind::Boilerplate(Boilerplate::Metadata);
        }
    }
}

/// A section heading is a short label ("What happened", "Rescue efforts"); a line of this
/// many words or more without a stop is a whole headline.
const STRAY_HEADLINE_MIN_WORDS: usize = 8;

/// A headline over its own paragraph (a live page's update) shares most of its words with
/// the text around it; a linked story's headline shares little more than the name the site
/// writes about. Below this share of its content words found in the paragraph before and
/// the two after, a headline is another story's. On the development events the linked
/// headlines share 1 of 8 to 10 words, a live-page update over its own paragraph 3 of 5.
const STRAY_HEADLINE_MAX_OVERLAP: f32 = 1.0 / 3.0;

/// Words headlines leave out: they report in the present ("Minister says") and drop the
/// auxiliaries, so a line holding these is a sentence that lost its stop.
const PAST_TENSE_MARKS: &[&str] = &["did", "had", "has", "have", "said", "told", "was", "were"];

/// Words that open sentences but rarely headlines, which start on their subject's name and
/// leave out articles and pronouns ("Mayor says …", not "The mayor says …").
#[rustfmt::skip]
const SENTENCE_OPENERS: &[&str] = &[
    "a", "after", "also", "an", "and", "as", "at", "before", "but", "by", "for", "from",
    "he", "her", "his", "however", "i", "if", "in", "it", "its", "meanwhile", "of", "on",
    "or", "our", "she", "so", "that", "the", "their", "then", "there", "these", "they",
    "this", "those", "to", "we", "when", "while", "with", "yet",
];

/// Whether a line without a stop reads as a headline rather than a sentence that lost its
/// stop: no comma, no past tense or auxiliary ([`PAST_TENSE_MARKS`]), no sentence opener
/// ([`SENTENCE_OPENERS`]), at most one article, and no figure (a line with a figure is kept
/// whatever it is: dimming a figure costs the reader most).
fn reads_as_headline(s: &str) -> bool {
    let folded = fold(s);
    let words: Vec<&str> = folded
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let articles = words.iter().filter(|w| matches!(**w, "a" | "an" | "the")).count();
    !s.contains(',')
        && !s.contains(|c: char| c.is_ascii_digit())
        && words.first().is_some_and(|w| !SENTENCE_OPENERS.contains(w))
        && !words.iter().any(|w| PAST_TENSE_MARKS.contains(w))
        && articles <= 1
}

/// Content words of a text, stemmed.
fn content_stems(s: &str) -> HashSet<String> {
    crate::text::tokenize(s)
        .into_iter()
        .filter(|t| t.kind == crate::text::TokenKind::Word && !crate::text::is_stop_word(&t.norm))
        .map(|t| crate::text::stem(&t.norm))
        .collect()
}

/// A whole headline standing alone between paragraphs of text, about something they do not
/// speak of, is a link to another story (sites drop them into the text without a "Read
/// more"). See [`STRAY_HEADLINE_MIN_WORDS`] and [`STRAY_HEADLINE_MAX_OVERLAP`].
fn stray_headlines(text: &str, blocks: &mut [Block]) {
    let content = |b: &Block| &text[b.range.clone()];
    let is_text = |b: &Block| b.kind == BlockKind::Body && ends_with_stop(content(b));
    for i in 1..blocks.len() {
        let c = content(&blocks[i]);
        let headline = blocks[i].kind == BlockKind::Body
            && !c.contains('\n')
            && is_link_headline(c)
            && word_count(c) >= STRAY_HEADLINE_MIN_WORDS
            && reads_as_headline(c);
        let placed = blocks[..i].iter().any(is_text)
            && (is_text(&blocks[i - 1]) || matches!(blocks[i - 1].kind, BlockKind::Boilerplate(_)))
            && blocks.get(i + 1).is_some_and(is_text);
        if !headline || !placed {
            continue;
        }
        let before = blocks[..i].iter().rev().filter(|b| is_text(b)).take(1);
        let after = blocks[i + 1..].iter().filter(|b| is_text(b)).take(2);
        let around: HashSet<String> =
            before.chain(after).flat_map(|b| content_stems(content(b))).collect();
        let own = content_stems(c);
        let shared = own.iter().filter(|w| around.contains(*w)).count();
        if !own.is_empty() && (shared as f32) < STRAY_HEADLINE_MAX_OVERLAP * own.len() as f32 {
            blocks[i].kind = BlockKind::Boilerplate(Boilerplate::Teaser);
        }
    }
}

/// The end of a page after its text: once the last line that ends with a stop has been
/// read, headline-like lines head nothing. When chrome stands among them (a comment form, a
/// link introducer) or there are two or more, they are links to other stories; short list
/// items there are the story's tags. A single line without a stop may be the article's last
/// sentence, cut or unpunctuated, and stays.
fn trailing_chrome(text: &str, blocks: &mut [Block]) {
    let content = |b: &Block| &text[b.range.clone()];
    let Some(last_stop) =
        blocks.iter().rposition(|b| b.kind == BlockKind::Body && ends_with_stop(content(b)))
    else {
        return;
    };
    // "The roads that stay shut:" and a list: the items are the article's.
    if content(&blocks[last_stop]).trim_end().ends_with(':') {
        return;
    }
    let tail = last_stop + 1..blocks.len();
    let chrome = blocks[tail.clone()].iter().any(|b| matches!(b.kind, BlockKind::Boilerplate(_)));
    let is_item = |b: &Block| {
        content(b).starts_with(|c: char| crate::text::is_bullet(c) || c == '-' || c == '*')
    };
    let headlines = blocks[tail.clone()]
        .iter()
        .filter(|b| b.kind == BlockKind::Body && !is_item(b) && is_link_headline(content(b)))
        .count();
    // A list item longer than a tag is a list of the article's own.
    let all_short = blocks[tail.clone()].iter().all(|b| {
        matches!(b.kind, BlockKind::Boilerplate(_))
            || is_tag_item(content(b))
            || (!is_item(b) && is_link_headline(content(b)))
    });
    let tags = blocks[tail.clone()].iter().filter(|b| is_tag_item(content(b))).count();
    if !all_short || !(chrome || headlines + tags >= 2 || (tags >= 1 && headlines == 0)) {
        return;
    }
    for b in &mut blocks[tail] {
        if b.kind != BlockKind::Body {
            continue;
        }
        b.kind = if is_tag_item(&text[b.range.clone()]) {
            BlockKind::Boilerplate(Boilerplate::Metadata)
        } else {
            BlockKind::Boilerplate(Boilerplate::Teaser)
        };
    }
}

/// A heading is one line; three or more short lines without a stop in a row, between
/// paragraphs of text, are a block of links or labels.
const SHORT_RUN_MIN: usize = 3;

/// Runs of short unpunctuated lines between paragraphs: see [`SHORT_RUN_MIN`]. Lines that
/// are list items are left to the list.
fn short_line_runs(text: &str, blocks: &mut [Block]) {
    let content = |b: &Block| &text[b.range.clone()];
    let is_text = |b: &Block| b.kind == BlockKind::Body && ends_with_stop(content(b));
    let mut i = 0;
    while i < blocks.len() {
        let short = |b: &Block| b.kind == BlockKind::Body && is_link_headline(content(b));
        let start = i;
        while i < blocks.len() && short(&blocks[i]) && !is_tag_item(content(&blocks[i])) {
            i += 1;
        }
        let between =
            start > 0 && blocks[..start].iter().any(is_text) && blocks[i..].iter().any(is_text);
        if i - start >= SHORT_RUN_MIN && between {
            for b in &mut blocks[start..i] {
                b.kind = BlockKind::Boilerplate(Boilerplate::Teaser);
            }
        }
        i = i.max(start + 1);
    }
}

/// A line repeated across articles is page template when it has at least this many words;
/// shorter ones ("What happened", "Background") are generic headings that two outlets may
/// both use.
const REPEATED_MIN_WORDS: usize = 3;

/// Marks headline-like lines that recur, word for word, in two or more of `articles` with
/// different text around them: the same teaser printed on several pages of one site. A
/// syndicated story repeats its headings too, but with the same paragraphs around them, so
/// a line whose neighbour recurs with it stays. Titles, lines with an end stop and quotes
/// are never marked. Returns `None` when nothing is marked.
pub fn mark_repeated_chrome(articles: &[Article]) -> Option<Vec<Article>> {
    let key = |s: &str| fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
    let block_key = |a: usize, b: usize| -> Option<String> {
        let article = articles.get(a)?;
        Some(key(&article.text[article.blocks.get(b)?.range.clone()]))
    };
    let mut seen: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (a, article) in articles.iter().enumerate() {
        for (b, block) in article.blocks.iter().enumerate() {
            let c = &article.text[block.range.clone()];
            let candidate = b > 0
                && matches!(block.kind, BlockKind::Body | BlockKind::Heading)
                && !c.contains('\n')
                && is_link_headline(c)
                && word_count(c) >= REPEATED_MIN_WORDS;
            if candidate {
                seen.entry(key(c)).or_default().push((a, b));
            }
        }
    }
    let mut marks = Vec::new();
    for places in seen.values() {
        let mut in_articles: Vec<usize> = places.iter().map(|p| p.0).collect();
        in_articles.dedup();
        if in_articles.len() < 2 {
            continue;
        }
        let (mut before, mut after) = (HashSet::new(), HashSet::new());
        let syndicated = places.iter().any(|&(a, b)| {
            let prev = b.checked_sub(1).and_then(|p| block_key(a, p));
            let next = block_key(a, b + 1);
            prev.is_some_and(|p| !before.insert(p)) || next.is_some_and(|n| !after.insert(n))
        });
        if !syndicated {
            marks.extend_from_slice(places);
        }
    }
    if marks.is_empty() {
        return None;
    }
    let mut out = articles.to_vec();
    for (a, b) in marks {
        if let Some(block) = out.get_mut(a).and_then(|x| x.blocks.get_mut(b)) {
            block.kind = BlockKind::Boilerplate(Boilerplate::Teaser);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_every_line_separator_and_control_characters_are_found_by_byte() {
        let text = "a\r\nb\rc\nd\u{85}e\u{2028}f\u{2029}g\u{2027}h\u{a0}\r\n\n";
        let got: Vec<&str> = lines(text).iter().map(|l| &text[l.range.clone()]).collect();
        assert_eq!(got, ["a", "b", "c", "d", "e", "f", "g\u{2027}h", "", ""]);
        assert_eq!(binary_offset("plain\ttext\u{0C}\r\n"), None);
        assert_eq!(binary_offset("caf\u{e9} x\u{0}y"), Some(7));
        // One control character in over a hundred is tolerated; more is binary.
        let one = format!("{}\u{1b}", "x".repeat(150));
        assert_eq!(binary_offset(&one), None);
        let many = format!("ab\u{85}\u{9f}{}", "\u{e9}".repeat(20));
        assert_eq!(binary_offset(&many), Some(2));
    }

    #[test]
    fn words_are_counted_as_runs_between_white_space_of_any_script() {
        for s in [
            "",
            "   ",
            "one",
            " Rebels  took\tHoms.\n",
            "a\u{0b}b\u{0c}c\rd",
            "Damascus\u{a0}fell\u{2009}today\u{3000}at\u{85}dawn",
            "Ünïcödé wörds, “quoted” — and 北京 市",
            "x\u{200b}y",
        ] {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
            assert_eq!(words_up_to(s, 2), s.split_whitespace().count().min(2), "{s:?}");
        }
    }

    #[test]
    fn a_page_whose_text_is_mostly_left_out_says_so() {
        let thread: String =
            (0..20).map(|i| format!("<p>Reply {i} says the bridge reopened.</p>")).collect();
        let mostly_form = format!("<html><p>Forum</p><form>{thread}</form></html>");
        let a = Article::from_bytes("thread.html", mostly_form.as_bytes()).unwrap();
        let note = a.left_out_note().expect("a note");
        assert!(note.starts_with("9") && note.contains("left out"), "{note}");
        // A page with a little navigation says nothing, nor does plain text.
        let page = format!("<html><nav>Home News</nav>{thread}</html>");
        assert_eq!(
            Article::from_bytes("page.html", page.as_bytes()).unwrap().left_out_note(),
            None
        );
        assert_eq!(
            Article::from_text("a.txt", "Home. News.".into()).unwrap().left_out_note(),
            None
        );
    }

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
            (b"\xFF\xFEa", ErrorKind::Utf16 { offset: 2 }),
            (b"\xFF\xFE\x00\xD8", ErrorKind::Utf16 { offset: 2 }),
            // A lone surrogate after a pair (🙂) and a letter: named at its own byte.
            (b"\xFF\xFE\x3D\xD8\x42\xDEa\x00\x00\xD8", ErrorKind::Utf16 { offset: 8 }),
            // UTF-16 without a mark, cut off inside its last unit: named as UTF-16.
            (b"T\0h\0e\0 \0c\0a\0t\0.\0x", ErrorKind::Utf16 { offset: 16 }),
        ];
        for (bytes, kind) in cases {
            let e = decode("file.txt", bytes).unwrap_err();
            assert_eq!(e.kind(), kind, "{bytes:?}");
            assert!(e.to_string().starts_with("file.txt: "), "{e}");
        }
    }

    fn utf16(text: &str, unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
        text.encode_utf16().flat_map(unit).collect()
    }

    #[test]
    fn decoding_says_which_encoding_and_how_many_bytes_it_replaced() {
        let le = utf16("The mayor’s café opened on Monday.", u16::to_le_bytes);
        let be = utf16("The mayor’s café opened on Monday.", u16::to_be_bytes);
        // (bytes, text, encoding, bytes replaced)
        let cases: &[(&[u8], &str, Encoding, usize)] = &[
            // Valid UTF-8 and plain ASCII.
            ("Le café ouvre tôt.".as_bytes(), "Le café ouvre tôt.", Encoding::Utf8, 0),
            (b"The tram was late.", "The tram was late.", Encoding::Utf8, 0),
            // UTF-8 cut off inside its last character: the earlier letters stay whole.
            (b"Le caf\xc3\xa9 ouvre t\xc3\xb4t \xe2\x80", "Le café ouvre tôt �", Encoding::Utf8, 2),
            (b"Un caf\xc3\xa9 au bar du caf\xc3", "Un café au bar du caf�", Encoding::Utf8, 1),
            // One damaged byte among good UTF-8.
            (b"R\xc3\xa9union \xff des \xc3\xa9lus", "Réunion � des élus", Encoding::Utf8, 1),
            // A byte-order mark says UTF-8, so a bad byte is damage even with no good letter.
            (b"\xEF\xBB\xBFThe tram\x92s bell", "The tram�s bell", Encoding::Utf8, 1),
            // No valid multi-byte sequence: Windows-1252.
            (b"L\x92\xe9t\xe9 arrive t\xf4t.", "L’été arrive tôt.", Encoding::Windows1252, 0),
            (b"It\x92s late.", "It’s late.", Encoding::Windows1252, 0),
            (b"Caf\xe9", "Café", Encoding::Windows1252, 0),
            // One sequence that happens to be valid UTF-8 among more bad ones: Windows-1252.
            (
                b"\xe2\x80\x99 caf\xe9 cr\xe8me br\xfbl\xe9e",
                "â€™ café crème brûlée",
                Encoding::Windows1252,
                0,
            ),
            // UTF-16 without a byte-order mark, told by its zero bytes.
            (&le, "The mayor’s café opened on Monday.", Encoding::Utf16Le, 0),
            (&be, "The mayor’s café opened on Monday.", Encoding::Utf16Be, 0),
        ];
        for &(bytes, text, encoding, replaced) in cases {
            let d = decode_file("a.txt", bytes).unwrap_or_else(|e| panic!("{bytes:?}: {e}"));
            assert_eq!((d.text.as_str(), d.encoding, d.replaced), (text, encoding, replaced));
        }
    }

    #[test]
    fn an_article_notes_the_bytes_it_could_not_read() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"The caf\xc3\xa9 opened.", None),
            (
                b"The caf\xc3\xa9 opened\xc3.",
                Some("1 byte could not be read as UTF-8 and was replaced with �"),
            ),
            (
                b"The caf\xc3\xa9 opened\xe2\x80.",
                Some("2 bytes could not be read as UTF-8 and were replaced with �"),
            ),
            (b"The caf\xe9 opened.", None),
        ];
        for &(bytes, note) in cases {
            let a = Article::from_bytes("02.txt", bytes).unwrap();
            assert_eq!(a.decoding_note().as_deref(), note, "{bytes:?}");
        }
    }

    #[test]
    fn lines_ending_in_stops_of_other_scripts_are_text_not_headings() {
        let text = "叛军进入首都\n\n叛军周日进入首都。总统已经离开。\n\n他在莫斯科吗？\n\n\
                    هل انتهى الاجتماع؟\n\nबारिश हुई।\n\n他说：「我们走吧。」";
        for line in [
            "叛军周日进入首都。总统已经离开。",
            "他在莫斯科吗？",
            "هل انتهى الاجتماع؟",
            "बारिश हुई।",
            "他说：「我们走吧。」",
        ] {
            assert_eq!(kind_of(text, line), BlockKind::Body, "{line}");
        }
        assert_eq!(kind_of(text, "叛军进入首都"), BlockKind::Title);
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
            ("Residents fled the city. (AP Photo/Jane Roe)", Boilerplate::Caption),
            ("Image source, Getty Images", Boilerplate::Caption),
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
    fn a_date_alone_is_metadata_but_a_sentence_about_a_date_is_not() {
        let dated = [
            "Thursday, March 7, 2019",
            "7 Mar 2019 | 09:15 GMT",
            "Updated: Tue, 5 June 2018, 6:30am IST",
            "March 7th, 2019 at 11:02 p.m. ET",
        ];
        // A timeline's headings name a day alone; they are the article's own.
        let others = [
            "March 7 Was a Turning Point",
            "Sunday Times",
            "On March 7, 2019 the dam broke.",
            "June 4, 1989",
            "Monday, March 4",
            "On Sunday at 9",
        ];
        for line in dated.iter().chain(&others) {
            let text =
                format!("The dam broke on Thursday. Water poured out.\n\n{line}\n\nRescuers came.");
            let kind = kind_of(&text, line);
            let metadata = kind == BlockKind::Boilerplate(Boilerplate::Metadata);
            assert_eq!(metadata, dated.contains(line), "{line}: {kind:?}");
        }
    }

    #[test]
    fn an_agency_alone_is_a_byline() {
        for line in ["ASSOCIATED PRESS", "Agence France-Presse", "Reuters"] {
            let text =
                format!("The dam broke on Thursday. Water poured out.\n\n{line}\n\nRescuers came.");
            assert_eq!(kind_of(&text, line), BlockKind::Boilerplate(Boilerplate::Byline), "{line}");
        }
        let text =
            "The dam broke on Thursday.\n\nReuters reported the toll on Friday.\n\nRescuers came.";
        assert_eq!(kind_of(text, "Reuters reported the toll on Friday."), BlockKind::Body);
        // A headline that opens with an agency's initials is not a credit.
        let text = "EPA Rolls Back Rules\n\nThe agency said on Friday it would act.\n\nMore came.";
        assert!(!matches!(kind_of(text, "EPA Rolls Back Rules"), BlockKind::Boilerplate(_)));
    }

    #[test]
    fn headings_are_short_lines_without_stop() {
        let text = "First paragraph here. Yes.\nLooking Ahead\nThe rapid escalation continued.";
        assert_eq!(kind_of(text, "Looking Ahead"), BlockKind::Heading);
        assert_eq!(kind_of(text, "The rapid escalation continued."), BlockKind::Body);
    }

    #[test]
    fn a_video_link_between_lines_of_one_paragraph_takes_none_of_them_along() {
        let text = "Water rose overnight in the old town
Two bridges closed.
                    WATCH: How the rescue unfolded on the river
Rescuers reached the last village.";
        assert_eq!(
            kind_of(text, "WATCH: How the rescue unfolded on the river"),
            BlockKind::Boilerplate(Boilerplate::Prompt)
        );
        for line in ["Two bridges closed.", "Rescuers reached the last village."] {
            assert_eq!(kind_of(text, line), BlockKind::Body, "{line}");
        }
        assert!(!matches!(
            kind_of(text, "Water rose overnight in the old town"),
            BlockKind::Boilerplate(_)
        ));
    }

    #[test]
    fn list_items_are_body_not_headings() {
        let text = "Intro line here. It goes on.\n• Rebels took Homs\n- Rebels took Hama\n1. Rebels took Daraa\nEnd.";
        for line in ["• Rebels took Homs", "- Rebels took Hama", "1. Rebels took Daraa"] {
            assert_eq!(kind_of(text, line), BlockKind::Body, "{line}");
        }
    }

    #[test]
    fn a_line_opening_in_lower_case_carries_on_the_sentence_before() {
        // (text, blocks' texts): a short text broken by hand joins where a line opens in
        // lower case after one without a stop; list lines and stopped lines stay apart.
        let table: &[(&str, &[&str])] = &[
            (
                "The bridge opened again on Monday\nafter a week of repairs.\nDrivers were glad.",
                &[
                    "The bridge opened again on Monday\nafter a week of repairs.",
                    "Drivers were glad.",
                ],
            ),
            (
                "Key points\nBridge reopened\nTolls suspended",
                &["Key points", "Bridge reopened", "Tolls suspended"],
            ),
            ("It ended.\nthen came the rain.", &["It ended.", "then came the rain."]),
            (
                "Results\n- two lanes closed\n- tolls suspended",
                &["Results", "- two lanes closed", "- tolls suspended"],
            ),
        ];
        for (text, want) in table {
            let blocks = find_blocks(text);
            let got: Vec<&str> = blocks.iter().map(|b| &text[b.range.clone()]).collect();
            assert_eq!(&got, want, "{text:?}");
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

    /// The kind of boilerplate `line` is when it stands between two paragraphs of text, or
    /// `None` when it is not boilerplate.
    fn chrome_between_paragraphs(line: &str) -> Option<Boilerplate> {
        let text = format!(
            "Floods hit the coast\n\nWater rose overnight in the old town. Two bridges closed.\n\n\
             {line}\n\nRescuers reached the last village on Tuesday. Schools stay shut."
        );
        match kind_of(&text, line) {
            BlockKind::Boilerplate(b) => Some(b),
            _ => None,
        }
    }

    #[test]
    fn chrome_lines_are_recognised_by_shape_and_body_lines_like_them_are_not() {
        use Boilerplate::*;
        #[rustfmt::skip]
        let cases: &[(&str, Option<Boilerplate>)] = &[
            // Credits, alone and closing a caption.
            ("Photographer: Lena Ortiz/Bloomberg", Some(Caption)),
            ("Flooded streets in the old town on Monday, May 6, 2025. . Photographer: Lena Ortiz/Bloomberg", Some(Caption)),
            ("Volunteers carry sandbags along the river. Photograph: Tom Reyes/PA", Some(Caption)),
            ("Firefighters hose down the burning depot beside the harbour wall on the second night of the blaze, as residents watch from the far bank on Tuesday. (Reuters/Ana Cruz/Reuters Photo)", Some(Caption)),
            ("A crowd gathers outside the court. /Courtesy of Harbor Times", Some(Caption)),
            ("Fishermen haul their boats up the beach. Photo: JANE ROE / AFP", Some(Caption)),
            ("Fishermen haul their boats up the beach. Photo: Jane Roe / Harbor Times", Some(Caption)),
            ("Floods Hit Coast / Rescue Teams Arrive", None),
            ("Storm Season / Day Seven", None),
            ("Photo: Reuters", Some(Caption)),
            ("Crowds in the square at dawn Credit: Jane Roe - Shutterstock", Some(Caption)),
            ("Storm Damage On The Pier Photo: Jane Roe via Getty Images", Some(Caption)),
            ("Child Tax Credit: Who Qualifies", None),
            ("Best Picture: Oppenheimer", None),
            ("Workers Photo: a day on the line at the plant", None),
            ("Water covers the square in the old town. (Reuters)", Some(Caption)),
            ("The flooded road near the dam. Jane Roe/Example Post", Some(Caption)),
            ("Photos showed the bridge had collapsed.", None),
            ("Courtesy calls were made to every family.", None),
            ("The toll rose to 12, said the ministry (AFP)", None),
            ("Officials said the agency (AFP) had been told.", None),
            ("AC/DC Announce World Tour", None),
            // Embedded posts.
            ("BREAKING: Court rules on the merger pic.twitter.com/Xy12AbCd May 2, 2025", Some(Embed)),
            // Contributor lines.
            ("Jane Roe of Example News contributed to this report.", Some(Byline)),
            ("Tom Reyes contributed reporting from the coast.", Some(Byline)),
            ("(With inputs from agencies.)", Some(Byline)),
            ("(Reporting by Jane Roe; Editing by Tom Reyes)", Some(Byline)),
            ("The mayor said the storm contributed to this year's losses.", None),
            ("The plan was drawn up with inputs from local councils.", None),
            ("The report drew on inputs from agencies", None),
            // Comment forms.
            ("Your email address will not be published. Required fields are marked *", Some(Prompt)),
            ("Please log in or register to comment.", Some(Prompt)),
            ("Leave a Reply", Some(Prompt)),
            ("Log in to comment", Some(Prompt)),
            ("He declined to leave a comment on the ruling.", None),
            // Calls to follow a live page.
            ("Live updates: Follow the latest on the flood", Some(Prompt)),
            ("Follow-up inspections found cracks in two bridges.", None),
            // Notes on the story's state.
            ("More to follow...", Some(Notice)),
            ("This is a developing story.", Some(Notice)),
            ("More to follow, officials said, as the inquiry widens.", None),
            ("This is a breaking news story. More to follow.", Some(Notice)),
            ("This story has been updated.", Some(Notice)),
            ("More to follow. Police sealed the coast road on Monday.", None),
            ("This is a breaking news story about the flood in the old town and its victims.", None),
            ("More to come at 5.30 pm", Some(Notice)),
            ("Details to follow on U.S. response.", Some(Notice)),
            // The page's date under a label.
            ("Update: 2025-05-06 09:30 GMT", Some(Metadata)),
            ("Originally Published: May 6, 2025 9:30 a.m.", Some(Metadata)),
            ("Update: the council reopened both bridges on Monday.", None),
            // A call to action after a lead-in.
            ("Don't miss out: SIGN UP for our FREE morning briefing", Some(Prompt)),
            ("Stay safe: subscribe to flood alerts", Some(Prompt)),
            ("The mayor's advice: sign up for the council's flood alerts.", None),
            // Titles of lists of links, whatever they list.
            ("Products You May Like", Some(Prompt)),
            ("Other stories you might also like:", Some(Prompt)),
            ("Voters in the towns of the coast say they know what you may like", None),
            ("Bayou may like", None),
            // Links to videos and galleries, however long their titles.
            (
                "WATCH: Rescuers reach the last village, the mayor thanks volunteers, and here's \
                 how the town cleaned up after the worst flood in a century of records",
                Some(Prompt),
            ),
            ("IN PICTURES: The flood in the old town", Some(Prompt)),
            (
                "Watch: the river rose two metres overnight, officials said, and the council \
                 closed both bridges before dawn.",
                None,
            ),
            ("Video: Jane Roe", Some(Caption)),
            // Section labels and wire tags.
            ("News Today", Some(Metadata)),
            ("Newsroom", Some(Metadata)),
            ("[UPDATE 2]", Some(Metadata)),
            ("(LEAD)", Some(Metadata)),
            ("News of the flood spread quickly across the region.", None),
            // Counters.
            ("0", Some(Prompt)),
            // Body text that starts like an introducer.
            ("Related to the case, police arrested two men on Friday.", None),
            ("Recommended evacuation routes were posted at every school.", None),
            ("Share prices fell 5 percent on Monday.", None),
            ("Share this article", Some(Prompt)),
            ("Sponsored content", Some(Prompt)),
            // A quote that lost its stop is text, or at most a heading.
            ("“We will rebuild every home”", None),
        ];
        for &(line, want) in cases {
            assert_eq!(chrome_between_paragraphs(line), want, "{line}");
        }
    }

    #[test]
    fn a_name_beside_the_pages_date_is_a_byline_and_a_heading_beside_text_is_not() {
        let text = "Floods hit the coast\n\nJane Roe\nPublished: May 6, 2025 9:30 a.m.\n\n\
                    Water rose overnight in the old town. Two bridges closed.\n\nRescue Teams Arrive\n\
                    Rescuers reached the last village on Tuesday. Schools stay shut.\n\n\
                    Updated: Tuesday 7 May 2025\nTom Reyes\n\nThe council met in the school hall.";
        assert_eq!(kind_of(text, "Jane Roe"), BlockKind::Boilerplate(Boilerplate::Byline));
        assert_eq!(kind_of(text, "Tom Reyes"), BlockKind::Boilerplate(Boilerplate::Byline));
        assert_eq!(kind_of(text, "Rescue Teams Arrive"), BlockKind::Heading);
        // A headline over the date is the headline; a name line a blank line away from it is
        // no byline.
        let text = "Floods Hit The Coast\nPublished: May 6, 2025 9:30 a.m.\n\nStorm Damage\n\n\
                    Water rose overnight in the old town. Two bridges closed.\n\n\
                    Rescuers reached the last village on Tuesday. Schools stay shut.";
        assert_eq!(kind_of(text, "Floods Hit The Coast"), BlockKind::Title);
        assert_ne!(kind_of(text, "Storm Damage"), BlockKind::Boilerplate(Boilerplate::Byline));
    }

    #[test]
    fn headline_lines_under_a_link_introducer_are_teasers_up_to_the_next_text() {
        let text = "Floods hit the coast\n\nWater rose overnight in the old town, and by morning the \
                    river had cut the two bridges that join it to the new districts on the far bank.\n\n\
                    Related Stories\nStorm season starts early on the east coast\n\
                    Insurers brace for a costly year\n“We have never seen water this high\n\
                    Rescuers reached the last village on Tuesday, after two days on roads that the \
                    water had turned to mud. Schools stay shut.\n\nALSO READ:\n\
                    Related to the flood, police arrested two looters on Friday.\n\n\
                    More from Example News\nCouncil votes on a flood levy\n\n\
                    The river rose again on Wednesday, and the council met in the school hall.";
        for line in [
            "Storm season starts early on the east coast",
            "Insurers brace for a costly year",
            "Council votes on a flood levy",
        ] {
            assert_eq!(kind_of(text, line), BlockKind::Boilerplate(Boilerplate::Teaser), "{line}");
        }
        for line in [
            "“We have never seen water this high",
            "Rescuers reached the last village on Tuesday, after two days on roads that the water \
             had turned to mud. Schools stay shut.",
            "Related to the flood, police arrested two looters on Friday.",
        ] {
            assert!(!matches!(kind_of(text, line), BlockKind::Boilerplate(_)), "{line}");
        }
    }

    #[test]
    fn headline_lines_after_the_last_text_are_chrome_but_one_unpunctuated_last_line_is_not() {
        let with_form = "Floods hit the coast\n\nWater rose overnight. Two bridges closed.\n\n\
                         Leave a comment\n\nA first look at the new city budget\n\
                         Markets slip as rates rise – money live | Money";
        for line in [
            "A first look at the new city budget",
            "Markets slip as rates rise – money live | Money",
        ] {
            assert_eq!(
                kind_of(with_form, line),
                BlockKind::Boilerplate(Boilerplate::Teaser),
                "{line}"
            );
        }
        let tags = "Floods hit the coast\n\nWater rose overnight. Two bridges closed.\n\n- Floods\n- East Coast";
        for line in ["- Floods", "- East Coast"] {
            assert_eq!(
                kind_of(tags, line),
                BlockKind::Boilerplate(Boilerplate::Metadata),
                "{line}"
            );
        }
        let cut = "Floods hit the coast\n\nWater rose overnight. Two bridges closed.\n\n\
                   The minister said the schools would reopen on Monday";
        let last = "The minister said the schools would reopen on Monday";
        assert!(!matches!(kind_of(cut, last), BlockKind::Boilerplate(_)));
        let list = "Floods hit the coast\n\nThe council listed the roads that stay shut.\n\n\
                    - Harbour Road was closed after the wall gave way\n- Mill Lane";
        let item = "- Harbour Road was closed after the wall gave way";
        assert!(!matches!(kind_of(list, item), BlockKind::Boilerplate(_)));
    }

    #[test]
    fn a_credit_label_inside_a_line_closes_a_caption_when_it_names_an_agency() {
        assert_eq!(
            trailing_credit("Crowds at dawn Credit: Jane Roe - AFP"),
            Some(("Crowds at dawn", Credit::Picture))
        );
        assert_eq!(trailing_credit("Crowds at dawn Credit: Jane Roe - Example Agency"), None);
        assert_eq!(trailing_credit("Tax Credit: What the Budget Means for Families"), None);
        assert_eq!(trailing_credit("Child Tax Credit: Who Qualifies"), None);
        assert_eq!(trailing_credit("Best Picture: Oppenheimer"), None);
        assert_eq!(trailing_credit("Landing Video: Space Agency Shares First Images"), None);
        assert_eq!(trailing_credit("Tax credit: Reuters"), None);
    }

    #[test]
    fn a_bare_agency_credit_closes_a_caption_but_not_the_last_paragraph() {
        let text = "Crowds fill the square on Sunday. (Reuters)\n\
                    Tens of thousands marched through the capital. Police kept away.\n\
                    The ministry confirmed the march passed off peacefully. (AFP)";
        assert_eq!(
            kind_of(text, "Crowds fill the square on Sunday. (Reuters)"),
            BlockKind::Boilerplate(Boilerplate::Caption)
        );
        let last = "The ministry confirmed the march passed off peacefully. (AFP)";
        assert!(!matches!(kind_of(text, last), BlockKind::Boilerplate(_)));
    }

    #[test]
    fn a_caption_printed_again_before_its_credited_copy_is_a_caption() {
        let text = "A man waves a flag in the square.\n\n\
                    A man waves a flag in the square. Photograph: Jane Roe/PA\n\n\
                    Crowds gathered from dawn. The vote count went on.";
        assert_eq!(
            kind_of(text, "A man waves a flag in the square."),
            BlockKind::Boilerplate(Boilerplate::Caption)
        );
        assert_eq!(
            kind_of(text, "Crowds gathered from dawn. The vote count went on."),
            BlockKind::Body
        );
    }

    #[test]
    fn three_short_unpunctuated_lines_between_paragraphs_are_chrome_and_two_headings_are_not() {
        let text = "Water rose overnight in the old town, and by morning the river had cut the two \
                    bridges that join it to the new districts on the far bank.\nWeather alerts for the coast\n\
                    School closures by county\nTraffic on the ring road\n\
                    Rescuers reached the last village. Schools stay shut.\nBackground\n\
                    The early warnings\nThe river last flooded in 1998, when the water stood a metre \
                    deep in the square for three days and the town was cut off. Nobody died.";
        for line in [
            "Weather alerts for the coast",
            "School closures by county",
            "Traffic on the ring road",
        ] {
            assert_eq!(kind_of(text, line), BlockKind::Boilerplate(Boilerplate::Teaser), "{line}");
        }
        for line in ["Background", "The early warnings"] {
            assert_eq!(kind_of(text, line), BlockKind::Heading, "{line}");
        }
    }

    #[test]
    fn a_headline_line_repeated_into_different_text_is_chrome_but_a_syndicated_heading_is_not() {
        let page = |body: &str, after: &str| {
            format!(
                "A title of its own {body}\n\nThe first paragraph, about {body}, runs on. It \
                 ends.\n\nCouncil votes on flood levy\n\n{after}\n\n\
                 Rescue teams return home\n\nThe crews drove back on Friday. Nobody was hurt."
            )
        };
        let articles: Vec<Article> = [
            page("the river", "Water rose overnight. Two bridges closed."),
            page("the dam", "The dam held, engineers said. Roads reopened."),
            page("the coast", "Boats were moved inland. Ports shut."),
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Article::from_text(&format!("a{i}"), t.clone()).unwrap())
        .collect();
        let marked = mark_repeated_chrome(&articles).expect("the teaser is marked");
        for article in &marked {
            let kind_of = |line: &str| {
                let b = article.blocks.iter().find(|b| &article.text[b.range.clone()] == line);
                b.map(|b| b.kind)
            };
            assert_eq!(
                kind_of("Council votes on flood levy"),
                Some(BlockKind::Boilerplate(Boilerplate::Teaser))
            );
            // The same heading over the same paragraph in every copy: syndicated, kept.
            assert_eq!(kind_of("Rescue teams return home"), Some(BlockKind::Heading));
            assert_eq!(article.blocks[0].kind, BlockKind::Title);
        }
        let one = [Article::from_text("a", page("the river", "Text. More.")).unwrap()];
        assert!(mark_repeated_chrome(&one).is_none());
    }

    #[test]
    fn a_line_without_stop_above_a_lone_credit_is_its_caption() {
        let text = "Floods hit the coast\n\nWater rose overnight. Two bridges closed.\n\n\
                    Residents wade through the flooded market\nPhoto: Jane Roe/Example Post\n\n\
                    The army sent boats. Schools stay shut.\n\nThe mayor spoke on Monday.\n\
                    Photo: Reuters";
        for line in ["Residents wade through the flooded market", "Photo: Jane Roe/Example Post"] {
            assert_eq!(kind_of(text, line), BlockKind::Boilerplate(Boilerplate::Caption), "{line}");
        }
        // A sentence above a credit is the article's own.
        assert_eq!(kind_of(text, "The mayor spoke on Monday."), BlockKind::Body);
    }

    #[test]
    fn name_items_before_the_text_are_tags_but_summary_points_are_not() {
        let text = "- Floods\n- East Coast\nFloods hit the coast\n• Seven dead in two towns\n\
                    Water rose overnight. Two bridges closed.";
        for line in ["- Floods", "- East Coast"] {
            assert_eq!(
                kind_of(text, line),
                BlockKind::Boilerplate(Boilerplate::Metadata),
                "{line}"
            );
        }
        assert!(!matches!(kind_of(text, "• Seven dead in two towns"), BlockKind::Boilerplate(_)));
        assert!(!matches!(kind_of(text, "Floods hit the coast"), BlockKind::Boilerplate(_)));
    }

    #[test]
    fn a_whole_headline_between_paragraphs_about_something_else_is_a_teaser() {
        let text = "Floods hit the coast\n\n\
                    Water rose overnight in the old town, and the river cut both bridges.\n\n\
                    Mayor says city will build new concert hall within three years\n\n\
                    Rescuers in boats reached the flooded streets by noon. Nobody drowned.\n\n\
                    Mayor says rescuers will search the flooded streets again at dawn\n\n\
                    The mayor said rescuers would search the streets again at dawn. Boats are ready.\n\n\
                    The storm moved north towards the hills above the old town\n\n\
                    Boats are moored in the square. Water is falling.\n\n\
                    Insurers expect claims of 40 million euros from the flooded district\n\n\
                    Boats are moored in the square. Water is falling.\n\n\
                    Rescue crews reached the last flooded village late on Tuesday night\n\n\
                    Police were still searching the river banks on Wednesday morning for two men\n\n\
                    The army sent more boats. Schools stay shut.\nLooking ahead\n\n\
                    The council meets on Friday. It will count the cost.";
        assert_eq!(
            kind_of(text, "Mayor says city will build new concert hall within three years"),
            BlockKind::Boilerplate(Boilerplate::Teaser)
        );
        for line in [
            // A live page's update over its own paragraph.
            "Mayor says rescuers will search the flooded streets again at dawn",
            // Sentences that lost their stop: a run of them, one in the past tense, one
            // opening on an article, one with a figure.
            "The storm moved north towards the hills above the old town",
            "Insurers expect claims of 40 million euros from the flooded district",
            "Rescue crews reached the last flooded village late on Tuesday night",
            "Police were still searching the river banks on Wednesday morning for two men",
            // A short section heading.
            "Looking ahead",
        ] {
            assert!(!matches!(kind_of(text, line), BlockKind::Boilerplate(_)), "{line}");
        }
    }
}
