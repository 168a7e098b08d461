//! The sentence encoder with the real all-MiniLM-L6-v2 weights (made by `scripts/setup`):
//! it gives the similarities sentence-transformers publishes for this model.
//!
//! Without the weights file these tests say so and pass, unless `PARALLAX_REQUIRE_MODEL` is
//! set, as `scripts/test` sets it: there, a missing file fails.

use parallax::matching::encoder::{cosine, Encoder};

fn encoder() -> Option<Encoder> {
    let path = std::env::var("PARALLAX_MODEL").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/weights/minilm-l6-v2.q8").to_string()
    });
    match std::fs::read(&path) {
        Ok(bytes) => Some(Encoder::from_bytes(&path, &bytes).expect("the weights file reads")),
        Err(e) if std::env::var_os("PARALLAX_REQUIRE_MODEL").is_some() => {
            panic!("{path}: {e} (scripts/setup makes it)")
        }
        Err(e) => {
            eprintln!("skipped: {path}: {e} (scripts/setup makes it)");
            None
        }
    }
}

#[test]
fn the_model_cards_example_similarities_are_reproduced() {
    let Some(encoder) = encoder() else { return };
    // sentence-transformers' README example for all-MiniLM-L6-v2, and the similarities it
    // prints: 0.6660, 0.1046, 0.1411.
    let v = encoder.encode(&[
        "The weather is lovely today.",
        "It's so sunny outside!",
        "He drove to the stadium.",
    ]);
    let d = encoder.dimension();
    let (a, b, c) = (&v[..d], &v[d..2 * d], &v[2 * d..]);
    for (got, want) in [(cosine(a, b), 0.6660), (cosine(a, c), 0.1046), (cosine(b, c), 0.1411)] {
        eprintln!("similarity {got:.4}, published {want:.4}");
        assert!((got - want).abs() < 0.01, "similarity {got:.4}, published {want:.4}");
    }
}

#[test]
fn a_paraphrase_is_closer_than_a_sentence_on_the_same_topic() {
    let Some(encoder) = encoder() else { return };
    let v = encoder.encode(&[
        "Floodwaters swept away the old stone bridge on Tuesday.",
        "On Tuesday the historic stone bridge was washed away by the flood.",
        "The town council will discuss the bridge budget next month.",
    ]);
    let d = encoder.dimension();
    let (a, b, c) = (&v[..d], &v[d..2 * d], &v[2 * d..]);
    assert!(cosine(a, b) > cosine(a, c) + 0.2, "{} vs {}", cosine(a, b), cosine(a, c));
}
