//! Speed and memory of the core, printed as figures: the seed articles, many articles at once,
//! and pairs of long texts of growing length (to show how the work grows).
//!
//! Run with `cargo bench --bench speed`. The long texts are synthetic: sentences drawn from a
//! Zipf-distributed vocabulary, the second text a reordered and reworded copy of the first, so
//! that about two thirds of its sentences have a counterpart.

use std::path::Path;
use std::time::Instant;

use parallax::comparison::{align_articles, compare_aligned};
use parallax::{compare, compare_texts, Article, Options};

#[path = "../tests/support/timing.rs"]
mod timing;
use timing::median_time;

#[path = "../tests/support/rng.rs"]
mod rng;
use rng::Rng;

/// A word index with a Zipf-like distribution over `n` words.
fn zipf(rng: &mut Rng, n: usize) -> usize {
    let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
}

fn vocabulary(n: usize) -> Vec<String> {
    const SYLLABLES: &[&str] =
        &["ka", "ro", "mi", "ten", "sa", "lu", "vor", "di", "an", "pel", "ur", "zo", "bri", "nek"];
    (0..n)
        .map(|i| {
            let mut w = String::new();
            let mut k = i + 7;
            while k > 0 {
                w.push_str(SYLLABLES[k % SYLLABLES.len()]);
                k /= SYLLABLES.len();
            }
            w
        })
        .collect()
}

fn sentence(rng: &mut Rng, words: &[String]) -> Vec<String> {
    let len = 8 + rng.below(20);
    (0..len).map(|_| words[zipf(rng, words.len())].clone()).collect()
}

fn render(sentences: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (i, s) in sentences.iter().enumerate() {
        let mut text = s.join(" ");
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        out.push_str(&text);
        out.push_str(if i % 5 == 4 { ".\n\n" } else { ". " });
    }
    out
}

/// Two texts of `n` sentences: the second keeps two thirds of the first (reworded, locally
/// reordered) and adds new sentences.
fn pair(n: usize, seed: u64) -> (String, String) {
    let (a, b, _) = pair_with_truth(n, seed);
    (a, b)
}

/// [`pair`], with the truth: for each sentence of the second text, the index of the sentence
/// of the first it was made from.
fn pair_with_truth(n: usize, seed: u64) -> (String, String, Vec<Option<usize>>) {
    let words = vocabulary(20_000);
    let mut rng = Rng(seed);
    let a: Vec<Vec<String>> = (0..n).map(|_| sentence(&mut rng, &words)).collect();
    let mut b = Vec::with_capacity(n);
    let mut truth = Vec::with_capacity(n);
    for (k, s) in a.iter().enumerate() {
        if rng.below(3) == 0 {
            b.push(sentence(&mut rng, &words));
            truth.push(None);
        } else {
            let mut t = s.clone();
            for _ in 0..2 {
                let k = rng.below(t.len());
                t[k] = words[zipf(&mut rng, words.len())].clone();
            }
            b.push(t);
            truth.push(Some(k));
        }
    }
    for i in (1..b.len()).step_by(7) {
        b.swap(i - 1, i);
        truth.swap(i - 1, i);
    }
    (render(&a), render(&b), truth)
}

/// Peak resident memory of this process so far, from /proc (Linux only).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let options = Options::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut seeds: Vec<Article> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| {
            Article::from_bytes(&p.file_name()?.to_string_lossy(), &std::fs::read(&p).ok()?).ok()
        })
        .collect();
    seeds.sort_by(|a, b| a.name.cmp(&b.name));
    let t = median_time(21, || {
        let c = compare(&seeds, &options).expect("seeds compare");
        std::hint::black_box(c);
    });
    println!(
        "speed: the {} seed articles: {:.2} ms (median of 21)",
        seeds.len(),
        t.as_secs_f64() * 1e3
    );

    // Twenty articles of 50 sentences on one event.
    let (base, _) = pair(50, 1);
    let mut texts = vec![base.clone()];
    for k in 1..20 {
        let (_, other) = pair(50, 1);
        let mut rng = Rng(100 + k);
        let mut lines: Vec<&str> = other.split(". ").collect();
        for i in 1..lines.len() {
            if rng.below(4) == 0 {
                lines.swap(i - 1, i);
            }
        }
        texts.push(lines.join(". "));
    }
    let named: Vec<(String, &str)> =
        texts.iter().enumerate().map(|(i, t)| (format!("a{i}.txt"), t.as_str())).collect();
    let refs: Vec<(&str, &str)> = named.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let t = median_time(5, || {
        std::hint::black_box(compare_texts(&refs, &options).expect("compares"));
    });
    println!("speed: 20 articles of 50 sentences: {:.1} ms (median of 5)", t.as_secs_f64() * 1e3);

    for n in [1_000, 2_000, 5_000, 10_000, 20_000] {
        let (a, b, truth) = pair_with_truth(n, 42);
        let t = Instant::now();
        let c = compare_texts(&[("a.txt", &a), ("b.txt", &b)], &options).expect("compares");
        let elapsed = t.elapsed();
        // Pairs the alignment found against the pairs the generator made.
        let mut found = 0;
        let mut right = 0;
        for g in &c.groups {
            for x in g.members.iter().filter(|m| m.article == 0) {
                for y in g.members.iter().filter(|m| m.article == 1) {
                    found += 1;
                    right += usize::from(truth.get(y.sentence) == Some(&Some(x.sentence)));
                }
            }
        }
        let made = truth.iter().filter(|t| t.is_some()).count();
        println!(
            "speed: two texts of {n} sentences: {:.2} s, {} groups; pairs found {found}, right {right} \
             (precision {:.1}%, recall {:.1}%); peak memory so far {:.0} MiB",
            elapsed.as_secs_f64(),
            c.groups.len(),
            100.0 * right as f64 / found.max(1) as f64,
            100.0 * right as f64 / made.max(1) as f64,
            peak_rss_mib().unwrap_or(f64::NAN)
        );
    }

    // The page's split: its worker aligns, its own thread finishes the comparison (reading
    // the articles again, word differences, figures) from the alignment handed back.
    let (a, b, _) = pair_with_truth(20_000, 42);
    let articles = [
        Article::from_text("a.txt", a).expect("reads"),
        Article::from_text("b.txt", b).expect("reads"),
    ];
    let t = Instant::now();
    let alignment = align_articles(&articles, &options, None, &[]).expect("aligns");
    let aligned = t.elapsed();
    let t = Instant::now();
    let c = compare_aligned(&articles, &options, &[], alignment).expect("finishes");
    let finished = t.elapsed();
    println!(
        "speed: two texts of 20000 sentences, as the page splits it: aligning {:.2} s, \
         finishing {:.0} ms ({} groups)",
        aligned.as_secs_f64(),
        finished.as_secs_f64() * 1e3,
        c.groups.len()
    );
}
