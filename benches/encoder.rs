//! Speed of the sentence encoder, printed as figures: the sentences of the seed articles
//! encoded natively on one core, in a batch and one at a time; then whole comparisons with
//! it (encoding and aligning): the seeds, and twenty articles of 50 sentences.
//!
//! Run with `cargo bench --bench encoder` after `scripts/setup` has made the weights file
//! (`weights/minilm-l6-v2.q8`, or the file `PARALLAX_MODEL` names).

use std::path::Path;
use std::time::Instant;

use parallax::comparison::{compare_with, sentences_to_encode};
use parallax::matching::encoder::{cosine, Encoder, SentenceVectors};
use parallax::segment::sentences;
use parallax::{Article, Options};

#[path = "../tests/support/rng.rs"]
mod rng;
use rng::Rng;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = std::env::var("PARALLAX_MODEL")
        .unwrap_or_else(|_| root.join("weights/minilm-l6-v2.q8").display().to_string());
    let Ok(bytes) = std::fs::read(&path) else {
        println!("encoder: skipped: {path} is not there (scripts/setup makes it)");
        return;
    };
    let start = Instant::now();
    let encoder = match Encoder::from_bytes(&path, &bytes) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("encoder: {e}");
            std::process::exit(1);
        }
    };
    println!("encoder: weights read in {:.0} ms", start.elapsed().as_secs_f64() * 1e3);

    let mut texts: Vec<String> = Vec::new();
    let mut seeds: Vec<Article> = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("seeds"))
        .expect("seeds/ is there")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        let bytes = std::fs::read(&p).expect("a seed reads");
        let article = Article::from_bytes("seed", &bytes).expect("a seed is text");
        for s in sentences(&article) {
            texts.push(article.text[s.range].to_string());
        }
        seeds.push(article);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let tokens = encoder.token_count(&refs);
    encoder.encode(&refs[..4]);

    const ROUNDS: u32 = 3;
    let start = Instant::now();
    for _ in 0..ROUNDS {
        std::hint::black_box(encoder.encode(&refs));
    }
    let batch = start.elapsed().as_secs_f64() / f64::from(ROUNDS);
    let start = Instant::now();
    for s in &refs {
        std::hint::black_box(encoder.encode(&[s]));
    }
    let single = start.elapsed().as_secs_f64();
    let n = refs.len() as f64;
    println!(
        "encoder: {} seed sentences, {:.1} word pieces each on average",
        refs.len(),
        tokens as f64 / n
    );
    println!(
        "encoder: batched {:.2} ms a sentence ({:.0} sentences/s); one at a time {:.2} ms a sentence",
        batch * 1e3 / n,
        n / batch,
        single * 1e3 / n
    );

    // With AVX-512 VNNI or AVX2 (without AVX-512) the dense layers run in integers: how far
    // that moves each sentence's vector from the float kernels' one.
    let fast = encoder.encode(&refs);
    std::env::set_var("PARALLAX_FLOAT_KERNELS", "1");
    let float = Encoder::from_bytes(&path, &bytes).expect("read once already");
    std::env::remove_var("PARALLAX_FLOAT_KERNELS");
    let start = Instant::now();
    let slow = float.encode(&refs);
    let float_batch = start.elapsed().as_secs_f64();
    let d = encoder.dimension();
    let agreement: Vec<f32> =
        fast.chunks(d).zip(slow.chunks(d)).map(|(a, b)| cosine(a, b)).collect();
    let least = agreement.iter().copied().fold(1f32, f32::min);
    let mean = agreement.iter().sum::<f32>() / agreement.len() as f32;
    println!(
        "encoder: float kernels batched {:.2} ms a sentence; the kernel used agrees with them to \
         a cosine of {mean:.5} on average, {least:.5} at least",
        float_batch * 1e3 / n
    );

    // Whole comparisons with the encoder: its vectors, then the alignment with them. Twenty
    // articles of 50 sentences drawn from the seeds' running text (each a different draw, so
    // that most sentences have counterparts in most articles, as on one event).
    let body: Vec<&str> =
        refs.iter().copied().filter(|t| t.split_whitespace().count() >= 8).collect();
    let mut rng = Rng(7);
    let drawn: Vec<Article> = (0..20)
        .map(|k| {
            let text: Vec<&str> = (0..50).map(|_| body[rng.below(body.len())]).collect();
            let bytes = text.join(" ").into_bytes();
            Article::from_bytes(&format!("a{k}.txt"), &bytes).expect("drawn text reads")
        })
        .collect();
    for (what, articles) in
        [("the 4 seed articles", &seeds), ("20 articles of 50 sentences", &drawn)]
    {
        let start = Instant::now();
        let to_encode = sentences_to_encode(articles);
        let vectors = SentenceVectors::encode(&encoder, to_encode.iter().map(String::as_str));
        let encoded = start.elapsed().as_secs_f64();
        let start = Instant::now();
        let c = compare_with(articles, &Options::default(), Some(&vectors)).expect("compares");
        let aligned = start.elapsed().as_secs_f64();
        println!(
            "encoder: {what}: {} sentences encoded in {:.0} ms, compared with their vectors in \
             {:.0} ms ({} groups, matcher {:?})",
            to_encode.len(),
            encoded * 1e3,
            aligned * 1e3,
            c.groups.len(),
            c.matcher
        );
    }
}
