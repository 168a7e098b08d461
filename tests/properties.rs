//! The JSON contract holds on whatever a user drops in: for a bounded time (the
//! `PARALLAX_PROPERTY_SECONDS` environment variable, 5 s by default; `scripts/test` gives it
//! 60), mixed inputs go through intake and comparison and out as JSON:
//! - random bytes, random Unicode (controls, combining marks, other scripts, bidi marks);
//! - the seed articles mutated (cut, repeated, spliced, bytes flipped, cut inside a
//!   character);
//! - web pages of random tag soup (unclosed tags, quotes and comments, scripts, entities).
//!
//! Each comparison's JSON is checked as a consumer reads it: every non-boilerplate sentence
//! is in exactly one group and no boilerplate sentence in any, every index is in range, and
//! `start` and `end` cut the article's text (the extracted `text` for a web page) to the
//! sentence. A panic is a failure too. A failing input is shrunk (chunks removed while it
//! still fails) and printed as a byte string to add to [`REGRESSIONS`], which run first.
//! The generator is seeded per round, so a round can be replayed.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use parallax::{compare, Article, Options};
use serde_json::Value;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

/// Inputs that once failed, shrunk: each the files (name, bytes) of one comparison, checked
/// first.
const REGRESSIONS: &[&[(&str, &[u8])]] = &[];

/// Why an input breaks the contract, or `Ok` when it holds (a refused file holds it).
fn check(inputs: &[(String, Vec<u8>)]) -> Result<(), String> {
    let articles: Vec<Article> =
        inputs.iter().filter_map(|(name, bytes)| Article::from_bytes(name, bytes).ok()).collect();
    let c = compare(&articles, &Options::default()).map_err(|e| format!("compare: {e}"))?;
    let json = serde_json::to_value(&c).map_err(|e| format!("JSON: {e}"))?;
    let text = serde_json::to_string(&json).map_err(|e| format!("JSON text: {e}"))?;
    let json: Value = serde_json::from_str(&text).map_err(|e| format!("JSON reads back: {e}"))?;
    let list = |v: &Value, key: &str| -> Result<Vec<Value>, String> {
        v.get(key).and_then(Value::as_array).cloned().ok_or(format!("no array {key:?}"))
    };
    let number = |v: &Value, key: &str| -> Result<usize, String> {
        v.get(key).and_then(Value::as_u64).map(|n| n as usize).ok_or(format!("no number {key:?}"))
    };
    let out_articles = list(&json, "articles")?;
    if out_articles.len() != articles.len() {
        return Err(format!("{} articles in, {} out", articles.len(), out_articles.len()));
    }
    // How many groups hold each sentence, per article.
    let mut held: Vec<Vec<usize>> = Vec::new();
    for (a, (out, article)) in out_articles.iter().zip(&articles).enumerate() {
        let web = out.get("format").and_then(Value::as_str) == Some("html");
        let source = match out.get("text").and_then(Value::as_str) {
            Some(t) if web => t.to_string(),
            None if !web => article.text.clone(),
            _ => return Err(format!("article {a}: extracted text present iff a web page")),
        };
        let chars: Vec<char> = source.chars().collect();
        let sentences = list(out, "sentences")?;
        for (s, sentence) in sentences.iter().enumerate() {
            let (start, end) = (number(sentence, "start")?, number(sentence, "end")?);
            if start > end || end > chars.len() {
                return Err(format!("{a}:{s}: offsets {start}..{end} of {}", chars.len()));
            }
            let cut: String = chars[start..end].iter().collect();
            if Some(cut.as_str()) != sentence.get("text").and_then(Value::as_str) {
                return Err(format!("{a}:{s}: offsets cut {cut:?}, not the sentence"));
            }
        }
        held.push(vec![0; sentences.len()]);
    }
    let groups = list(&json, "groups")?;
    for (g, group) in groups.iter().enumerate() {
        let members = list(group, "members")?;
        if number(group, "reference")? >= members.len() {
            return Err(format!("group {g}: reference out of range"));
        }
        for m in &members {
            let (a, s) = (number(m, "article")?, number(m, "sentence")?);
            let count = held.get_mut(a).and_then(|h| h.get_mut(s));
            *count.ok_or(format!("group {g}: member {a}:{s} out of range"))? += 1;
            let said = out_articles[a]["sentences"][s].get("group").and_then(Value::as_u64);
            if said != Some(g as u64) {
                return Err(format!("{a}:{s} is in group {g} but says {said:?}"));
            }
        }
        for d in list(group, "discrepancies")? {
            for v in list(&d, "values")? {
                let (a, s) = (number(&v, "article")?, number(&v, "sentence")?);
                if !members.iter().any(|m| m["article"] == a && m["sentence"] == s) {
                    return Err(format!("group {g}: a value of {a}:{s}, not a member"));
                }
            }
        }
    }
    for (a, counts) in held.iter().enumerate() {
        for (s, &n) in counts.iter().enumerate() {
            let boilerplate = out_articles[a]["sentences"][s]["boilerplate"] == true;
            if n != usize::from(!boilerplate) {
                return Err(format!("{a}:{s} (boilerplate: {boilerplate}) is in {n} groups"));
            }
        }
    }
    Ok(())
}

/// [`check`], with a panic as a failure.
fn holds(inputs: &[(String, Vec<u8>)]) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| check(inputs))) {
        Ok(result) => result,
        Err(panic) => Err(format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or(panic.downcast_ref::<&str>().copied())
                .unwrap_or("?")
        )),
    }
}

/// The smallest input found that still fails: chunks removed from each file, halves first,
/// down to single bytes.
fn shrink(mut inputs: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    for i in 0..inputs.len() {
        let mut chunk = inputs[i].1.len().div_ceil(2).max(1);
        loop {
            let mut at = 0;
            while at < inputs[i].1.len() {
                let mut tried = inputs.clone();
                let end = (at + chunk).min(tried[i].1.len());
                tried[i].1.drain(at..end);
                if holds(&tried).is_err() {
                    inputs = tried;
                } else {
                    at += chunk;
                }
            }
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    inputs
}

/// Pieces of text and markup that the readers treat specially.
const PIECES: &[&str] = &[
    ". ",
    "...",
    "?",
    "!",
    "。",
    "！",
    "؟",
    "\u{301}",
    "\u{202e}",
    "\u{200f}",
    "\u{1b}[2J",
    "\u{7}",
    "\u{0}",
    "\r\n",
    "\n\n",
    "\t",
    "“",
    "”",
    "\"",
    "'",
    "(",
    ")",
    "Mr.",
    "U.S.",
    "3.5",
    "12",
    "December 8",
    "over 50 years",
    "killing 7 people",
    "40 to 50 years",
    "$2.5 million",
    "9:03 a.m.",
    "2-1",
    "15.5km",
    "1999",
    "Read more:",
    "By Jane Roe",
    "Share",
    "日本語",
    "Zoë",
    "🙂",
    "\u{feff}",
    "<p>",
    "</p>",
    "<br>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<a href=\"x",
    "\">",
    "<svg><g>",
    "</svg>",
    "&amp;",
    "&#x1F600;",
    "&bogus;",
    "<",
    ">",
    "<div class='a>",
    "</div>",
    "<h1>",
    "</h1>",
    "The rebels entered the capital",
    "the minister said",
    "officials confirmed",
];

fn pieces(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect()
}

fn random_unicode(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .filter_map(|_| match rng.below(6) {
            0 => char::from_u32(rng.below(0x80) as u32),
            1 => char::from_u32(0x300 + rng.below(0x70) as u32),
            2 => char::from_u32(0x4e00 + rng.below(0x5000) as u32),
            3 => char::from_u32(0x600 + rng.below(0x100) as u32),
            4 => char::from_u32(rng.below(0x11_0000) as u32),
            _ => Some(' '),
        })
        .collect()
}

fn mutate(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.below(6) + 1 {
        let len = bytes.len().max(1);
        let (a, b) = (rng.below(len), rng.below(len));
        let (a, b) = (a.min(b).min(bytes.len()), a.max(b).min(bytes.len()));
        match rng.below(5) {
            0 => {
                bytes.drain(a..b);
            }
            1 => {
                let copy = bytes[a..b].to_vec();
                bytes.splice(a..a, copy);
            }
            2 => bytes.splice(a..a, pieces(rng, 3).into_bytes()).for_each(drop),
            3 => {
                if let Some(x) = bytes.get_mut(a) {
                    *x ^= 1 << rng.below(8);
                }
            }
            _ => bytes.truncate(a),
        }
    }
    bytes
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seeds/ is there")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).expect("a seed reads")).collect()
}

/// Round `round`'s inputs: one to three files of one of the four shapes.
fn inputs(round: u64, seeds: &[Vec<u8>]) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(round.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let count = rng.below(3) + 1;
    (0..count)
        .map(|k| {
            let (name, bytes) = match rng.below(4) {
                0 => {
                    let len = rng.below(400);
                    ("bytes.txt", (0..len).map(|_| rng.next() as u8).collect())
                }
                1 => {
                    let n = rng.below(200);
                    ("unicode.txt", random_unicode(&mut rng, n).into_bytes())
                }
                2 => {
                    let seed = seeds[rng.below(seeds.len())].clone();
                    ("mutated.txt", mutate(&mut rng, seed))
                }
                _ => {
                    let n = rng.below(120);
                    let page = format!("<!DOCTYPE html><html><body>{}", pieces(&mut rng, n));
                    ("page.html", page.into_bytes())
                }
            };
            (format!("{round}-{k}-{name}"), bytes)
        })
        .collect()
}

#[test]
fn regressions_hold() {
    for files in REGRESSIONS {
        let input: Vec<(String, Vec<u8>)> =
            files.iter().map(|(name, bytes)| (name.to_string(), bytes.to_vec())).collect();
        if let Err(why) = holds(&input) {
            panic!("{why}: {files:?}");
        }
    }
}

#[test]
fn the_json_contract_holds_on_mixed_input() {
    let seconds: u64 =
        std::env::var("PARALLAX_PROPERTY_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let seeds = seeds();
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut round = 0u64;
    while Instant::now() < until {
        let input = inputs(round, &seeds);
        if let Err(why) = holds(&input) {
            let small = shrink(input);
            let why = holds(&small).err().unwrap_or(why);
            let files: Vec<String> = small
                .iter()
                .map(|(name, bytes)| format!("({name:?}, b\"{}\")", bytes.escape_ascii()))
                .collect();
            panic!(
                "round {round}: {why}\nshrunk input; add to REGRESSIONS:\n    &[{}],",
                files.join(", ")
            );
        }
        round += 1;
    }
    // Print how much was covered, so a run that checked nothing shows.
    println!("properties: {round} rounds in {seconds} s");
    assert!(round > 0, "no round ran");
}
