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

/// The cosines of the first sentence with the second and third, and of the second with the
/// third.
fn cosines(encoder: &Encoder, sentences: [&str; 3]) -> [f32; 3] {
    let v = encoder.encode(&sentences);
    let d = encoder.dimension();
    let (a, b, c) = (&v[..d], &v[d..2 * d], &v[2 * d..]);
    [cosine(a, b), cosine(a, c), cosine(b, c)]
}

#[test]
fn the_model_cards_example_similarities_are_reproduced() {
    let Some(encoder) = encoder() else { return };
    // sentence-transformers' README example for all-MiniLM-L6-v2, and the similarities it
    // prints: 0.6660, 0.1046, 0.1411.
    let got = cosines(
        &encoder,
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."],
    );
    for (got, want) in got.into_iter().zip([0.6660, 0.1046, 0.1411]) {
        eprintln!("similarity {got:.4}, published {want:.4}");
        assert!((got - want).abs() < 0.01, "similarity {got:.4}, published {want:.4}");
    }
}

#[test]
fn a_paraphrase_is_closer_than_a_sentence_on_the_same_topic() {
    let Some(encoder) = encoder() else { return };
    let [paraphrase, topic, _] = cosines(
        &encoder,
        [
            "Floodwaters swept away the old stone bridge on Tuesday.",
            "On Tuesday the historic stone bridge was washed away by the flood.",
            "The town council will discuss the bridge budget next month.",
        ],
    );
    assert!(paraphrase > topic + 0.2, "{paraphrase} vs {topic}");
}

#[test]
fn a_paraphrase_sharing_no_rare_word_is_grouped_only_with_the_encoder() {
    let Some(encoder) = encoder() else { return };
    use parallax::comparison::{compare_with, sentences_to_encode, Matcher};
    use parallax::matching::encoder::SentenceVectors;
    use parallax::{Article, Options};
    let a = Article::from_text(
        "a.txt",
        "The ferry sank off the northern coast on Monday. Rescuers pulled forty passengers \
         from the water. The harbour will reopen next week."
            .into(),
    )
    .unwrap();
    let b = Article::from_text(
        "b.txt",
        "Emergency crews saved dozens of travellers from the sea. A passenger vessel sank near \
         the north shore at the start of the week. Local schools stayed open."
            .into(),
    )
    .unwrap();
    let articles = [a, b];
    let texts = sentences_to_encode(&articles);
    let vectors = SentenceVectors::encode(&encoder, texts.iter().map(String::as_str));
    let together = |c: &parallax::Comparison, x: usize, y: usize| {
        c.articles[0].sentences[x].group == c.articles[1].sentences[y].group
    };
    let lexical = parallax::compare(&articles, &Options::default()).unwrap();
    assert_eq!(lexical.matcher, Matcher::Lexical);
    let encoded = compare_with(&articles, &Options::default(), Some(&vectors)).unwrap();
    assert_eq!(encoded.matcher, Matcher::Encoder);
    // The sinking, and the rescue, told in other words (the sinking shares one word, "sank";
    // the rescue none but "from the").
    assert!(together(&encoded, 0, 1) && together(&encoded, 1, 0), "{:#?}", encoded.groups);
    assert!(!together(&lexical, 0, 1) && !together(&lexical, 1, 0), "{:#?}", lexical.groups);
    // The harbour and the schools are different facts.
    assert!(!together(&encoded, 2, 2));
}

#[test]
fn a_comparison_given_too_few_vectors_stays_lexical() {
    let Some(encoder) = encoder() else { return };
    use parallax::comparison::{compare_with, Matcher};
    use parallax::matching::encoder::SentenceVectors;
    let articles = [
        parallax::Article::from_text("a", "Rebels took Homs. Crowds cheered.".into()).unwrap(),
        parallax::Article::from_text("b", "Homs fell to the rebels.".into()).unwrap(),
    ];
    let vectors = SentenceVectors::encode(&encoder, ["Rebels took Homs."]);
    let c = compare_with(&articles, &parallax::Options::default(), Some(&vectors)).unwrap();
    assert_eq!(c.matcher, Matcher::Lexical);
}
