//! The core never panics, whatever it is given: thousands of generated texts full of the
//! characters the segmenter, the tokenizer and the number reader treat specially, and random
//! bytes, go through the whole pipeline; every offset it reports must point into the text.

use parallax::{compare, Article, Options};

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// Pieces that exercise the special cases: stops, ellipses, quotes, brackets, bullets, list
/// markers, abbreviations, numbers and number words, dates, multi-byte letters, line breaks.
const PIECES: &[&str] = &[
    ".",
    ". ",
    "...",
    ". . .",
    "…",
    "?",
    "!",
    "?!",
    "\"",
    "“",
    "”",
    "'",
    "’",
    "(",
    ")",
    "[",
    "]",
    "• ",
    "⁃",
    "1.",
    "2)",
    "a.",
    "b.)",
    "Mr.",
    "U.S.",
    "a.m.",
    "No.",
    "Dec. 8",
    "December 7",
    "8 December",
    "over 50 years",
    "nearly six decades",
    "twenty-five",
    "500,000",
    "$2.5 million",
    "3.5 percent",
    "2015",
    "Sunday",
    "-",
    "—",
    "–",
    ":",
    ";",
    ",",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "é",
    "Zoë",
    "ß",
    "ﬁ",
    "日本",
    "🙂",
    "\u{200B}",
    "\u{FEFF}",
    "\u{2028}",
    "Read More →",
    "By Jane Roe",
    "Author's name",
    "Share",
    "© 2024",
    "(@handle)",
    "http://x.y",
    "the",
    "Rebels",
    "entered",
    "Damascus",
    "Assad",
    "asylum",
    "Kremlin",
    "said",
    "family",
    "rule",
    "years",
    "A",
    "I",
    "e.g.",
    "etc.",
    "Jr.'s",
    "N°.",
    "1026.253.553",
    "Yahoo!",
];

fn text(rng: &mut Rng, max_pieces: usize) -> String {
    let n = rng.below(max_pieces) + 1;
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

fn check(articles: &[Article]) {
    for base in 0..articles.len().max(1) {
        let c = compare(articles, &Options::default().base(base)).expect("a valid base");
        let mut seen = 0;
        for (a, article) in c.articles.iter().enumerate() {
            let chars: Vec<char> = articles[a].text.chars().collect();
            for s in &article.sentences {
                assert!(s.start <= s.end && s.end <= chars.len(), "{s:?}");
                let slice: String = chars[s.start..s.end].iter().collect();
                assert_eq!(slice, s.text);
                seen += usize::from(!s.boilerplate);
            }
        }
        let members: usize = c.groups.iter().map(|g| g.members.len()).sum();
        assert_eq!(members, seen, "every aligned sentence is in exactly one group");
        for g in &c.groups {
            assert!(g.reference < g.members.len());
        }
    }
}

#[test]
fn generated_texts_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let count = rng.below(4) + 1;
        let articles: Vec<Article> = (0..count)
            .filter_map(|k| Article::from_text(&format!("{round}-{k}"), text(&mut rng, 60)).ok())
            .collect();
        check(&articles);
    }
}

#[test]
fn generated_web_pages_never_panic() {
    let mut rng = Rng(7);
    for round in 0..400 {
        let page = format!("<!DOCTYPE html><html>{}", text(&mut rng, 80));
        if let Ok(article) = Article::from_bytes(&format!("page-{round}.html"), page.as_bytes()) {
            check(&[article]);
        }
    }
}

#[test]
fn random_bytes_are_refused_or_read_never_a_panic() {
    let mut rng = Rng(42);
    for round in 0..2000 {
        let len = rng.below(200);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if let Ok(article) = Article::from_bytes(&format!("random-{round}"), &bytes) {
            check(&[article]);
        }
    }
}

#[test]
fn one_very_long_line_without_punctuation_is_handled() {
    let words: String = (0..20_000).map(|i| format!("word{} ", i % 997)).collect();
    let article = Article::from_text("long", words).unwrap();
    check(&[article]);
}
