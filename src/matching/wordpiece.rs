//! The encoder's tokenizer: BERT's uncased WordPiece, as `tokenizer.json` of
//! all-MiniLM-L6-v2 configures it (BertNormalizer with lower-casing and accent stripping,
//! BertPreTokenizer, WordPiece with `##` continuations and `[UNK]` for a word it cannot
//! spell).

use std::collections::HashMap;

use crate::unicode_tables::{in_ranges, BASE_LETTERS, COMBINING_MARKS, PUNCTUATION};

/// The token that opens every sequence.
pub const CLS: &str = "[CLS]";
/// The token that closes it.
pub const SEP: &str = "[SEP]";
/// The token for a word the vocabulary cannot spell.
pub const UNK: &str = "[UNK]";

/// A word longer than this many characters becomes `[UNK]`, as `max_input_chars_per_word`
/// of `tokenizer.json` says.
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary: token text to id.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    cls: u32,
    sep: u32,
    unk: u32,
}

impl Vocabulary {
    /// Builds it from the tokens in id order. `None` when `[CLS]`, `[SEP]` or `[UNK]` is
    /// missing.
    pub fn new<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Option<Vocabulary> {
        let ids: HashMap<String, u32> =
            tokens.into_iter().enumerate().map(|(i, t)| (t.to_string(), i as u32)).collect();
        Some(Vocabulary { cls: *ids.get(CLS)?, sep: *ids.get(SEP)?, unk: *ids.get(UNK)?, ids })
    }

    /// How many tokens it has.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether it has none (never, for a vocabulary `new` accepted).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids of `text`: `[CLS]`, its word pieces, `[SEP]`, at most `max` in all (the word
    /// pieces past `max - 2` are dropped, as the model's truncation does).
    pub fn encode(&self, text: &str, max: usize) -> Vec<u32> {
        self.encode_marked(text, max).0
    }

    /// [`Vocabulary::encode`], with whether each id is a piece of a word with a letter or digit.
    pub fn encode_marked(&self, text: &str, max: usize) -> (Vec<u32>, Vec<bool>) {
        let mut ids = vec![self.cls];
        let mut marks = vec![false];
        let limit = max.max(2) - 1;
        let normalized = normalize(text);
        'words: for word in pre_tokenize(&normalized) {
            for id in self.word_pieces(word) {
                if ids.len() >= limit {
                    break 'words;
                }
                ids.push(id);
                marks.push(word.chars().any(char::is_alphanumeric));
            }
        }
        ids.push(self.sep);
        marks.push(false);
        (ids, marks)
    }

    /// Greedy longest-match-first pieces of one word, or `[UNK]` for the whole word when some
    /// part of it cannot be spelled.
    fn word_pieces(&self, word: &str) -> Vec<u32> {
        if word.chars().count() > MAX_WORD_CHARS {
            return vec![self.unk];
        }
        let mut pieces = Vec::new();
        let mut start = 0;
        let mut candidate = String::new();
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while end > start {
                candidate.clear();
                if start > 0 {
                    candidate.push_str("##");
                }
                candidate.push_str(&word[start..end]);
                if let Some(&id) = self.ids.get(&candidate) {
                    found = Some(id);
                    break;
                }
                end = word[start..end].char_indices().next_back().map_or(start, |(i, _)| start + i);
            }
            match found {
                Some(id) => pieces.push(id),
                None => return vec![self.unk],
            }
            start = end;
        }
        pieces
    }
}

/// BertNormalizer: control characters dropped, white space made plain spaces, CJK ideographs
/// set apart, accents stripped (canonical decomposition, marks dropped), lower case.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\0' || c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            continue;
        }
        if c.is_whitespace() {
            out.push(' ');
            continue;
        }
        if is_cjk(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
            continue;
        }
        if in_ranges(COMBINING_MARKS, c) {
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(base_letter(lower));
        }
    }
    out
}

/// BertPreTokenizer: words split at white space, and every punctuation character a word of
/// its own.
fn pre_tokenize(text: &str) -> impl Iterator<Item = &str> {
    text.split(' ').filter(|w| !w.is_empty()).flat_map(|word| {
        let mut pieces = Vec::new();
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if is_punctuation(c) {
                if start < i {
                    pieces.push(&word[start..i]);
                }
                pieces.push(&word[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < word.len() {
            pieces.push(&word[start..]);
        }
        pieces
    })
}

/// BERT's punctuation: every printable ASCII character that is not a letter or digit, and
/// Unicode's punctuation categories.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic() && !c.is_ascii_alphanumeric();
    }
    in_ranges(PUNCTUATION, c)
}

/// The CJK ideograph blocks BERT's tokenizer sets apart.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// The letter without its marks ("é" → "e"), or the character itself.
fn base_letter(c: char) -> char {
    let Ok(code) = u16::try_from(c as u32) else {
        return c;
    };
    match BASE_LETTERS.binary_search_by_key(&code, |&(k, _)| k) {
        Ok(i) => char::from_u32(u32::from(BASE_LETTERS[i].1)).unwrap_or(c),
        Err(_) => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let tokens = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "cafe", "quake", "##s", "struck", ",", "'",
            "it", "s", "un", "##believ", "##able", "!", "震",
        ];
        Vocabulary::new(tokens).expect("has the special tokens")
    }

    fn pieces(text: &str) -> Vec<u32> {
        vocabulary().encode(text, 64)
    }

    #[test]
    fn words_are_lower_cased_and_stripped_of_accents() {
        assert_eq!(normalize("Café QUAKE"), "cafe quake");
        assert_eq!(normalize("Ångström"), "angstrom");
        // A decomposed accent (e + combining acute) is stripped too.
        assert_eq!(normalize("cafe\u{301}"), "cafe");
    }

    #[test]
    fn punctuation_is_a_word_of_its_own() {
        let words: Vec<&str> = pre_tokenize("it's quakes, unbelievable!").collect();
        assert_eq!(words, ["it", "'", "s", "quakes", ",", "unbelievable", "!"]);
        let words: Vec<&str> = pre_tokenize("“quakes”").collect();
        assert_eq!(words, ["“", "quakes", "”"]);
    }

    #[test]
    fn a_word_is_spelled_with_continuation_pieces() {
        // [CLS] un ##believ ##able ! [SEP]
        assert_eq!(pieces("Unbelievable!"), vec![2, 13, 14, 15, 16, 3]);
        assert_eq!(pieces("quakes"), vec![2, 6, 7, 3]);
    }

    #[test]
    fn a_word_that_cannot_be_spelled_is_unknown() {
        assert_eq!(pieces("the xylophone"), vec![2, 4, 1, 3]);
        assert_eq!(pieces(&"a".repeat(MAX_WORD_CHARS + 1)), vec![2, 1, 3]);
    }

    #[test]
    fn control_characters_are_dropped_and_cjk_set_apart() {
        assert_eq!(pieces("the\u{7}\u{0}quake"), vec![2, 1, 3], "joined into one unknown word");
        assert_eq!(pieces("震the"), vec![2, 17, 4, 3]);
    }

    #[test]
    fn long_text_is_cut_to_the_limit_with_its_closing_token() {
        let ids = vocabulary().encode(&"the ".repeat(500), 8);
        assert_eq!(ids.len(), 8);
        assert_eq!((ids[0], ids[7]), (2, 3));
    }

    #[test]
    fn empty_text_is_just_the_opening_and_closing_tokens() {
        assert_eq!(pieces(""), vec![2, 3]);
        assert_eq!(pieces(" \t\n "), vec![2, 3]);
    }
}
