//! Sentence boundaries: splits one block of text (a paragraph, a heading, a list item) into
//! sentences and keeps each sentence's byte range in the text.
//!
//! The rules follow the "Golden Rules" of pragmatic_segmenter, the benchmark pySBD publishes
//! its score on: a full stop, question or exclamation mark ends a sentence when white space
//! and then something other than a lower-case letter follow, except after abbreviations,
//! initials and list markers, inside numbers, addresses and ellipses. After an abbreviation a
//! capitalized word starts a new sentence only when it is a word that usually starts one
//! (`It`, `The`, `How`…), so "the U.S. Government" stays whole while "the E.U. How about
//! you?" splits. Numbered, lettered and bulleted lists start a sentence at every item.
//!
//! Line structure is the intake's job: it hands over one block at a time, so headings and
//! lines without end punctuation are already separate.

use std::collections::HashSet;
use std::ops::Range;

use crate::intake::{Article, Block, BlockKind};
use crate::text::{is_bullet, is_combining_mark, is_terminal, is_wide_stop};

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the article's text, trimmed of white space.
    pub range: Range<usize>,
    /// The kind of block it comes from: title, heading, body or boilerplate.
    pub kind: BlockKind,
    /// Index of the paragraph it is in.
    pub paragraph: usize,
}

impl Sentence {
    /// Whether the sentence takes part in alignment (everything but boilerplate).
    pub fn is_aligned(&self) -> bool {
        !matches!(self.kind, BlockKind::Boilerplate(_))
    }
}

/// Splits every block of an article into sentences, in reading order. Titles and headings
/// stay whole.
pub fn sentences(article: &Article) -> Vec<Sentence> {
    article.blocks.iter().flat_map(|b| block_sentences(&article.text, b)).collect()
}

/// The sentences of one block of an article's `text`: see [`sentences`].
pub fn block_sentences(text: &str, block: &Block) -> impl Iterator<Item = Sentence> {
    let within = &text[block.range.clone()];
    let ranges = match block.kind {
        BlockKind::Title | BlockKind::Heading => std::iter::once(0..within.len()).collect(),
        _ => split(within),
    };
    let (start, kind, paragraph) = (block.range.start, block.kind, block.paragraph);
    ranges.into_iter().map(move |r| Sentence {
        range: start + r.start..start + r.end,
        kind,
        paragraph,
    })
}

/// Characters that may close a sentence after its end mark: quotes and brackets.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '）' | '】')
}

/// Characters that may open a sentence before its first word.
#[rustfmt::skip]
fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡' | '「' | '『' | '（' | '【')
}

/// Abbreviations that stand before a name and so never end a sentence: "Mr. Smith".
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "adm", "brig", "capt", "cmdr", "col", "dr", "fr", "gen", "gov", "hon", "lt", "maj", "messrs",
    "mlle", "mme", "mr", "mrs", "ms", "mt", "pres", "prof", "rep", "rev", "sen", "sgt", "st",
    "supt",
];

/// Other common English abbreviations; a full stop after them ends a sentence only before a
/// typical sentence-starting word.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "apr", "assn", "aug", "ave", "blvd", "bn", "bros", "cf", "ch", "co", "corp",
    "dec", "dept", "ed", "eds", "eg", "est", "etc", "feb", "fig", "figs", "fri", "ft", "govt",
    "hr", "hrs", "ie", "inc", "intl", "jan", "jr", "jul", "jun", "kg", "km", "lb", "lbs", "ltd",
    "mar", "max", "min", "mln", "mon", "no", "nos", "nov", "n°", "nº", "oct", "oz", "pp", "rd",
    "sec", "sep", "sept", "sr", "thu", "thur", "thurs", "tue", "tues", "univ", "vol", "vols", "vs",
    "wed", "yr", "yrs",
];

/// Words that usually start a sentence, so a capitalized one after an abbreviation means a new
/// sentence rather than a name ("the U.S. How…" and not "the U.S. Government").
#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "a", "about", "after", "all", "also", "although", "an", "and", "another", "are", "as", "at",
    "because", "before", "both", "but", "by", "can", "could", "despite", "did", "do", "does",
    "during", "each", "earlier", "even", "every", "for", "from", "had", "has", "have", "he", "her",
    "here", "his", "how", "however", "i", "if", "in", "instead", "is", "it", "its", "last",
    "later", "let", "many", "meanwhile", "more", "most", "my", "next", "no", "nor", "not", "now",
    "of", "on", "once", "one", "only", "or", "other", "our", "over", "she", "should", "since",
    "so", "some", "still", "such", "that", "the", "their", "then", "there", "these", "they",
    "this", "those", "though", "to", "today", "under", "was", "we", "were", "what", "when",
    "where", "whether", "which", "while", "who", "why", "will", "with", "would", "yesterday",
    "yet", "you", "your",
];

/// Verbs of saying, for [`Segmenter::is_attribution`]; sorted.
#[rustfmt::skip]
const SAYING: &[&str] = &[
    "added", "adds", "announced", "asked", "asks", "continued", "declared", "exclaimed",
    "explained", "noted", "posted", "posts", "remarked", "replied", "said", "says", "shouted",
    "tweeted", "tweets", "writes", "wrote", "yelled",
];

/// Words that may follow a verb of saying in an attribution ("said on X", "wrote after the
/// launch"): prepositions and adverbs, never an object; sorted.
#[rustfmt::skip]
const AFTER_SAYING: &[&str] = &[
    "after", "afterwards", "as", "at", "before", "during", "earlier", "from", "in", "later",
    "on", "then", "today", "via", "when", "while", "yesterday",
];

/// The most words an attribution after a quotation has ("SpaceX CEO Elon Musk posted on X").
const ATTRIBUTION_WORDS: usize = 9;

/// Closing quotation marks (not brackets): what ends a quotation before its attribution.
fn is_quote_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '»' | '›' | '」' | '』')
}

/// Words that open a phrase of time ("At 5 a.m.", "Shortly after 6 p.m."); sorted.
const TIME_OPENERS: &[&str] = &[
    "about", "after", "around", "at", "before", "by", "from", "just", "shortly", "since", "till",
    "until",
];

fn in_list(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// Whether `word` (without its final full stop) is an abbreviation, an initial or a dotted
/// abbreviation such as `U.S` or `a.m`. Combining marks count with their letter, so a
/// decomposed "É." is an initial as the precomposed one is.
fn is_abbreviation(word: &str) -> bool {
    let lower: String = word.chars().filter(|&c| !is_combining_mark(c)).collect();
    let lower = lower.to_ascii_lowercase();
    let mut letters = lower.chars();
    let single_letter =
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_alphabetic());
    let dotted = lower.contains('.')
        && lower.split('.').all(|part| {
            let n = part.chars().count();
            (1..=2).contains(&n) && part.chars().all(char::is_alphabetic)
        });
    single_letter || dotted || in_list(TITLES, &lower) || in_list(ABBREVIATIONS, &lower)
}

/// A list marker: `1.`, `2)`, `3.)`, `a.`, `b)`; its number (a = 1) and style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    /// Character index of the marker's first character.
    at: usize,
    value: u32,
    /// Digits or letter, and which punctuation follows: `(is_letter, ".", ")", ".)")`.
    style: (bool, u8),
}

/// Splits one block of text into sentences: byte ranges into `text`, trimmed of white space,
/// in order, never empty.
pub fn split(text: &str) -> Vec<Range<usize>> {
    Segmenter::new(text).run()
}

struct Segmenter<'t> {
    text: &'t str,
    chars: Vec<(usize, char)>,
    /// Character indexes where a new sentence must start: bullets and list items.
    forced: HashSet<usize>,
    /// Character indexes of the punctuation that belongs to a list marker.
    marker_punct: HashSet<usize>,
    sentences: Vec<Range<usize>>,
}

impl<'t> Segmenter<'t> {
    fn new(text: &'t str) -> Self {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut s = Segmenter {
            text,
            chars,
            forced: HashSet::new(),
            marker_punct: HashSet::new(),
            sentences: Vec::new(),
        };
        s.find_lists();
        s
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    fn is_space(&self, i: usize) -> bool {
        self.char_at(i).is_some_and(char::is_whitespace)
    }

    /// Reads a list marker starting at character `i`, returning it and the index just after it.
    fn marker_at(&self, i: usize) -> Option<(Marker, usize, Vec<usize>)> {
        let before_ok =
            i == 0 || self.is_space(i - 1) || self.char_at(i - 1).is_some_and(is_bullet);
        if !before_ok {
            return None;
        }
        let mut j = i;
        let mut value: u32 = 0;
        while let Some(d) = self.char_at(j).and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(d);
            j += 1;
        }
        let is_letter = j == i;
        if is_letter {
            match self.char_at(i) {
                Some(c @ 'a'..='z') => {
                    value = u32::from(c) - u32::from('a') + 1;
                    j = i + 1;
                }
                _ => return None,
            }
        } else if j - i > 3 {
            return None;
        }
        let (style, len) = match (self.char_at(j), self.char_at(j + 1)) {
            (Some('.'), Some(')')) => (3, 2),
            (Some('.'), _) => (1, 1),
            (Some(')'), _) => (2, 1),
            _ => return None,
        };
        let end = j + len;
        if !(self.is_space(end)) {
            return None;
        }
        let punct = (j..end).collect();
        Some((Marker { at: i, value, style: (is_letter, style) }, end, punct))
    }

    /// Finds bullets and numbered or lettered lists (two or more items counting up from one)
    /// and records where their items start.
    fn find_lists(&mut self) {
        let mut markers = Vec::new();
        for i in 0..self.chars.len() {
            let c = self.chars[i].1;
            if is_bullet(c) && (i == 0 || self.is_space(i - 1)) {
                self.forced.insert(i);
                // A marker right after a bullet ("• 9.") is part of the item, not an end.
                let mut k = i + 1;
                while self.is_space(k) {
                    k += 1;
                }
                if let Some((_, _, punct)) = self.marker_at(k) {
                    self.marker_punct.extend(punct);
                }
            }
            if let Some(found) = self.marker_at(i) {
                markers.push(found);
            }
        }
        let mut in_chain = vec![false; markers.len()];
        for first in 0..markers.len() {
            if markers[first].0.value != 1 || in_chain[first] {
                continue;
            }
            let mut chain = vec![first];
            let mut want = 2;
            for (next, (m, _, _)) in markers.iter().enumerate().skip(first + 1) {
                if m.value == want && m.style == markers[first].0.style {
                    chain.push(next);
                    want += 1;
                }
            }
            if chain.len() >= 2 {
                for &k in &chain {
                    in_chain[k] = true;
                    let (m, _, punct) = &markers[k];
                    self.forced.insert(m.at);
                    self.marker_punct.extend(punct.iter().copied());
                }
            }
        }
    }

    /// Ends the current sentence at character `end`; the next one starts at `next`.
    fn push(&mut self, start: usize, end: usize) {
        let slice_start = self.byte(start);
        let slice_end = self.byte(end);
        let slice = &self.text[slice_start..slice_end];
        let trimmed_start = slice_start + (slice.len() - slice.trim_start().len());
        let trimmed_end = slice_start + slice.trim_end().len();
        if trimmed_start < trimmed_end {
            self.sentences.push(trimmed_start..trimmed_end);
        }
    }

    /// The word just before character `i`, without the quotes or brackets that open it.
    fn word_before(&self, i: usize) -> (usize, &'t str) {
        let mut k = i;
        while k > 0 && !self.is_space(k - 1) {
            k -= 1;
        }
        while k < i && self.char_at(k).is_some_and(|c| is_opener(c) || is_bullet(c)) {
            k += 1;
        }
        (k, &self.text[self.byte(k)..self.byte(i)])
    }

    /// The word starting at character `i`, without opening quotes: letters and dots.
    fn word_after(&self, mut i: usize) -> &'t str {
        while self.char_at(i).is_some_and(is_opener) {
            i += 1;
        }
        let mut j = i;
        let in_word = |c: char| c.is_alphabetic() || is_combining_mark(c) || c == '\'' || c == '’';
        while self.char_at(j).is_some_and(in_word) {
            j += 1;
        }
        &self.text[self.byte(i)..self.byte(j)]
    }

    /// First character of the current sentence that is not space or a bullet.
    fn content_start(&self, start: usize) -> usize {
        let mut k = start;
        while self.char_at(k).is_some_and(|c| c.is_whitespace() || is_bullet(c)) {
            k += 1;
        }
        k
    }

    fn run(mut self) -> Vec<Range<usize>> {
        let n = self.chars.len();
        let mut start = 0;
        let mut i = 0;
        while i < n {
            if i > start && self.forced.contains(&i) && self.content_start(start) < i {
                self.push(start, i);
                start = i;
            }
            let c = self.chars[i].1;
            if !is_terminal(c) || self.marker_punct.contains(&i) {
                i += 1;
                continue;
            }
            // The run of end marks, with spaced dots ". . ." counted in.
            let mut j = i;
            let mut dots = 0;
            let mut loud = false;
            let mut wide = false;
            loop {
                match self.char_at(j) {
                    Some('.') => dots += 1,
                    Some('…') => dots += 3,
                    Some(t) if is_terminal(t) => {
                        loud = true;
                        wide |= is_wide_stop(t);
                    }
                    Some(' ') if self.char_at(j + 1) == Some('.') && dots > 0 => {}
                    // A mark belongs to the character before it: "end.\u{301} Next" ends.
                    Some(c) if is_combining_mark(c) => {}
                    _ => break,
                }
                j += 1;
            }
            let mut k = j;
            while self.char_at(k).is_some_and(|c| is_closer(c) || is_combining_mark(c)) {
                k += 1;
            }
            if k >= n {
                break;
            }
            if !self.is_space(k) && (wide || self.glued_start(i, j, k)) {
                // "下雨了。我们" needs no space; "ended.The next" lost it.
                self.push(start, k);
                start = k;
                i = k;
                continue;
            }
            if !self.is_space(k) || (i > 0 && self.char_at(i - 1) == Some('[')) {
                // "100.00", "mean...see", "Jr.'s", "[...]": not an end.
                i = k.max(i + 1);
                continue;
            }
            let mut m = k;
            while self.is_space(m) {
                m += 1;
            }
            if m >= n {
                break;
            }
            let next = self.chars[m].1;
            let attached = i > 0 && !self.is_space(i - 1);
            let boundary = if next.is_lowercase() {
                false
            } else if loud && self.chars[j..k].iter().any(|&(_, c)| is_quote_closer(c)) {
                // "“The tower caught it!” Musk wrote." is one sentence: a quotation that
                // ends in "!" or "?" and a short attribution after it.
                !self.is_attribution(m)
            } else if self.forced.contains(&m) || loud {
                true
            } else if dots >= 2 {
                if attached && dots >= 4 && self.char_at(i + 1) == Some(' ') {
                    // "compounds. . . . The": the first dot ends the sentence and the
                    // ellipsis opens the next one.
                    self.push(start, i + 1);
                    start = i + 2;
                    i = start;
                    continue;
                }
                // A bare ellipsis continues the sentence; four dots are an ellipsis and a stop.
                dots >= 4
            } else {
                self.single_stop_ends(i, start, m)
            };
            if boundary {
                self.push(start, k);
                start = m;
                i = m;
            } else {
                i = k;
            }
        }
        self.push(start, n);
        self.sentences
    }

    /// Whether the text from `m` up to its next end mark is the attribution of a quotation
    /// before it: at most [`ATTRIBUTION_WORDS`] words, a verb of saying among them with no
    /// object after it (the end, or a word of [`AFTER_SAYING`]), no quotation of its own, and
    /// a full stop at its end ("Musk wrote on X.", "SpaceX's Kate Tice said."). Anything else
    /// is a sentence of its own.
    fn is_attribution(&self, m: usize) -> bool {
        let mut words = 0;
        let mut saying = false;
        let mut previous_saying = false;
        let mut i = m;
        while i < self.chars.len() {
            let c = self.chars[i].1;
            if matches!(c, '“' | '”' | '"' | '«' | '»' | '„') {
                return false;
            }
            if is_terminal(c) {
                if c == '.' && in_list(TITLES, &self.word_before(i).1.to_ascii_lowercase()) {
                    i += 1;
                    continue;
                }
                return c == '.' && saying;
            }
            if c.is_alphanumeric() && (i == m || self.is_space(i - 1)) {
                words += 1;
                if words > ATTRIBUTION_WORDS {
                    return false;
                }
                let word = self.word_after(i).to_ascii_lowercase();
                if previous_saying && !in_list(AFTER_SAYING, &word) {
                    // "Officials said the launch would slip": the verb has an object, so this
                    // is a sentence of its own, not an attribution.
                    return false;
                }
                previous_saying = in_list(SAYING, &word);
                saying |= previous_saying;
            }
            i += 1;
        }
        false
    }

    /// Decides whether the full stop at `i` ends its sentence; `m` is the next character
    /// that is not space, known not to be lower case.
    fn single_stop_ends(&self, i: usize, start: usize, m: usize) -> bool {
        let (word_start, word) = self.word_before(i);
        if word.is_empty() {
            return true;
        }
        if word_start == self.content_start(start) && self.marker_at(word_start).is_some() {
            return false;
        }
        if !is_abbreviation(word) {
            return true;
        }
        let lower = word.to_ascii_lowercase();
        if in_list(TITLES, &lower) {
            return false;
        }
        let next = self.chars[m].1;
        if next.is_ascii_digit() {
            return false;
        }
        if !next.is_uppercase() {
            return true;
        }
        let next_word = self.word_after(m).to_ascii_lowercase();
        if matches!(lower.as_str(), "a.m" | "p.m") {
            // A time of day is followed by a day, a month or a time zone inside its sentence
            // ("at 10 a.m. Tuesday", "5 p.m. EST"), and a sentence is more than a phrase of
            // time ("At 5 a.m. Mr. Smith left"); otherwise a capitalized word starts a new one.
            return !is_date_word(&next_word) && !self.is_time_phrase(start, word_start);
        }
        in_list(STARTERS, &next_word) || in_list(TITLES, &next_word)
    }

    /// Whether the end mark at `i` (its run ends at `j`, its closers at `k`) ends a sentence
    /// that lost the space after it: "ended.The next". Only a single `.`, `!` or `?` after a
    /// word ending in a lower-case letter, which is not an abbreviation, and before a
    /// capitalized word of two letters or more whose second is lower case. That keeps
    /// "3.5", "x.com", "U.S.", "e.g.", "Mr.Smith", "Node.JS" and "…A" whole.
    fn glued_start(&self, i: usize, j: usize, k: usize) -> bool {
        if self.chars[i..j].iter().filter(|&&(_, c)| !is_combining_mark(c)).count() != 1
            || !matches!(self.char_at(i), Some('.' | '!' | '?'))
        {
            return false;
        }
        let (_, word) = self.word_before(i);
        let last = word.chars().rev().find(|&c| !is_combining_mark(c));
        if !last.is_some_and(char::is_lowercase) || is_abbreviation(word) {
            return false;
        }
        // After an opening quote ("over.“Never”") a missing space is as likely a typo
        // inside the sentence; and the word below must start at `k` for its end to be found.
        if self.char_at(k).is_none_or(is_opener) {
            return false;
        }
        let after = self.word_after(k);
        let mut letters = after.chars().filter(|&c| !is_combining_mark(c));
        let first_two = (letters.next(), letters.next());
        // The word is all the token holds but closing punctuation: "Jane.Doe@example.com" and
        // "site.Com/news" are addresses, not two sentences.
        let from = self.byte(k) + after.len();
        let token = self.text[from..].split(char::is_whitespace).next().unwrap_or_default();
        let trailing = token.trim_end_matches(['.', '!', '?']);
        let plain = |c: char| matches!(c, ',' | ';' | ':') || is_closer(c);
        !word.contains(['@', '/'])
            && trailing.chars().all(plain)
            && matches!(first_two, (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
    }

    /// Whether the sentence from `start` up to the time of day at `time` is no more than an
    /// opening phrase of time ("At 5", "Shortly after 6"), which cannot stand alone.
    fn is_time_phrase(&self, start: usize, time: usize) -> bool {
        let from = self.byte(self.content_start(start));
        let words: Vec<&str> = self.text[from..self.byte(time)].split_whitespace().collect();
        words.len() <= 3
            && words.first().is_some_and(|w| in_list(TIME_OPENERS, &w.to_ascii_lowercase()))
            && words.iter().any(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    }
}

/// Days, months and time zones: the words that follow a time of day within its sentence.
pub(crate) fn is_date_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "et",
        "ct",
        "pt",
        "gmt",
        "utc",
        "bst",
        "cet",
        "cest",
        "msk",
        "ist",
        "kst",
        "jst",
        "aest",
        "hkt",
        "sgt",
        "local",
    ];
    WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [TITLES, ABBREVIATIONS, STARTERS, TIME_OPENERS, SAYING, AFTER_SAYING] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{:?} is not sorted", list);
        }
    }

    /// Cases grouped by what they exercise: (input, expected sentences).
    const CASES: &[(&str, &[&str])] = &[
        // Abbreviations and initials.
        ("Mr. Peskov said so. He left.", &["Mr. Peskov said so.", "He left."]),
        ("The U.S. Government said no.", &["The U.S. Government said no."]),
        ("It was in the U.S. The rest followed.", &["It was in the U.S.", "The rest followed."]),
        ("Shares of Acme Co. rose. They fell.", &["Shares of Acme Co. rose.", "They fell."]),
        ("J. R. R. Tolkien wrote it.", &["J. R. R. Tolkien wrote it."]),
        ("On Dec. 8 rebels entered.", &["On Dec. 8 rebels entered."]),
        ("He left at 6 a.m. on Sunday.", &["He left at 6 a.m. on Sunday."]),
        ("It began at 10 a.m. Tuesday in Homs.", &["It began at 10 a.m. Tuesday in Homs."]),
        ("Talks end at 5 p.m. EST today.", &["Talks end at 5 p.m. EST today."]),
        ("It began at 10 p.m. Police arrived.", &["It began at 10 p.m.", "Police arrived."]),
        ("At 5 a.m. Rebels took the city.", &["At 5 a.m. Rebels took the city."]),
        ("Shortly after 6 p.m. Police arrived.", &["Shortly after 6 p.m. Police arrived."]),
        ("They met at 5 a.m. Police arrived.", &["They met at 5 a.m.", "Police arrived."]),
        (
            "He lives in Washington, D.C. The rest is known.",
            &["He lives in Washington, D.C.", "The rest is known."],
        ),
        (
            "Acme Inc., the maker, said so. It fell.",
            &["Acme Inc., the maker, said so.", "It fell."],
        ),
        ("J.K. Rowling wrote it.", &["J.K. Rowling wrote it."]),
        ("He was born in St. Louis. He left.", &["He was born in St. Louis.", "He left."]),
        ("The vote was 52-48. It passed.", &["The vote was 52-48.", "It passed."]),
        ("Lt. Gen. Smith spoke.", &["Lt. Gen. Smith spoke."]),
        // Numbers, addresses, ellipses.
        ("It cost $2.5 million. Nobody paid.", &["It cost $2.5 million.", "Nobody paid."]),
        ("Over 500,000 died. Millions fled.", &["Over 500,000 died.", "Millions fled."]),
        ("Wait... what? No.", &["Wait... what?", "No."]),
        ("It ended… Then it began.", &["It ended… Then it began."]),
        ("See example.com. Then go.", &["See example.com.", "Then go."]),
        // Quotations.
        ("“We are leaving. It is over,” he said.", &["“We are leaving.", "It is over,” he said."]),
        ("“Why?” she asked.", &["“Why?” she asked."]),
        ("“It flew!” Ann Lee wrote on X. It did.", &["“It flew!” Ann Lee wrote on X.", "It did."]),
        ("“Why?” Dr. Lee asked.", &["“Why?” Dr. Lee asked."]),
        ("“It flew!” The crowd cheered.", &["“It flew!”", "The crowd cheered."]),
        ("“Go!” Then it said “stop.”", &["“Go!”", "Then it said “stop.”"]),
        ("“It flew!” Lee said after the launch.", &["“It flew!” Lee said after the launch."]),
        ("“Go!” Officials said it would slip.", &["“Go!”", "Officials said it would slip."]),
        (
            "“It flew!” Lee said after the long and very loud launch in Texas.",
            &["“It flew!”", "Lee said after the long and very loud launch in Texas."],
        ),
        ("He said: “No.” Then he left.", &["He said: “No.”", "Then he left."]),
        // Lists and bullets.
        ("• First point • Second point", &["• First point", "• Second point"]),
        ("1) Homs 2) Hama 3) Damascus", &["1) Homs", "2) Hama", "3) Damascus"]),
        // Scripts beyond Latin: ideographic and full-width stops need no space after them.
        ("今天下雨了。我们没有出门！你呢？", &["今天下雨了。", "我们没有出门！", "你呢？"]),
        ("東京は晴れ。 大阪は雨。", &["東京は晴れ。", "大阪は雨。"]),
        ("他说：「我们走吧。」然后离开了。", &["他说：「我们走吧。」", "然后离开了。"]),
        ("It rained all day？Then it stopped.", &["It rained all day？", "Then it stopped."]),
        ("هل انتهى الاجتماع؟ نعم، انتهى.", &["هل انتهى الاجتماع؟", "نعم، انتهى."]),
        ("انتهى الاجتماعُ؟ نعم.", &["انتهى الاجتماعُ؟", "نعم."]),
        ("बारिश हुई। हम घर पर रहे।", &["बारिश हुई।", "हम घर पर रहे।"]),
        // Combining marks count with the character before them.
        ("He left.\u{301} Then she came.", &["He left.\u{301}", "Then she came."]),
        (
            "Ze\u{301}\u{301}\u{301} ended.\u{301}\u{301} The\u{301} rest fell.",
            &["Ze\u{301}\u{301}\u{301} ended.\u{301}\u{301}", "The\u{301} rest fell."],
        ),
        (
            "They met at the cafe\u{301}. Then it rained.",
            &["They met at the cafe\u{301}.", "Then it rained."],
        ),
        ("E\u{301}. Zola wrote it.", &["E\u{301}. Zola wrote it."]),
        ("\u{10c}. Havel spoke.", &["\u{10c}. Havel spoke."]),
        // A stop that lost its space: a new sentence only before a capitalized word.
        (
            "The talks ended.The next round is in May.",
            &["The talks ended.", "The next round is in May."],
        ),
        ("Why not?Nobody knows.", &["Why not?", "Nobody knows."]),
        ("It was over.“Never,” he said.", &["It was over.“Never,” he said."]),
        ("It grew 3.5 percent.", &["It grew 3.5 percent."]),
        ("Visit x.com today.", &["Visit x.com today."]),
        ("Talk to Mr.Smith now.", &["Talk to Mr.Smith now."]),
        ("It runs on Node.JS servers.", &["It runs on Node.JS servers."]),
        ("Troops of the U.S.Army left.", &["Troops of the U.S.Army left."]),
        ("Write to Jane.Doe@example.com now.", &["Write to Jane.Doe@example.com now."]),
        ("See news.Site/world first.", &["See news.Site/world first."]),
        ("It was late.Nobody came, again.", &["It was late.", "Nobody came, again."]),
        ("The plan failed.A new one came.", &["The plan failed.A new one came."]),
        // No end punctuation, or none at all.
        ("Russia will not extradite Assad", &["Russia will not extradite Assad"]),
        ("", &[]),
        ("   ", &[]),
        ("...", &["..."]),
        ("?!", &["?!"]),
    ];

    #[test]
    fn table_of_cases() {
        for (input, expected) in CASES {
            assert_eq!(sentences(input), *expected, "input: {input:?}");
        }
    }

    #[test]
    fn ranges_cover_only_char_boundaries_of_odd_text() {
        for text in [
            "é. É. ü",
            "\u{0}. \u{FFFD}. 1.",
            "a.) b.) c",
            "• ⁃ • .",
            "[...] ]. .",
            "it.“Zoë” b",
            "was.Zoë]🙂A x",
            "e\u{301}.\u{301}Éé c",
        ] {
            for r in split(text) {
                assert!(text.get(r.clone()).is_some(), "{text:?} {r:?}");
            }
        }
    }

    #[test]
    fn abbreviation_does_not_end_sentence() {
        assert_eq!(
            sentences("Gen. Smith and Dr. Jones met."),
            vec!["Gen. Smith and Dr. Jones met."]
        );
    }
}
