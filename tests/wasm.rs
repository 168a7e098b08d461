//! The exported wasm API, run under Node.js with wasm-bindgen-test:
//! `cargo test --target wasm32-unknown-unknown --no-default-features --features page --test wasm`.
#![cfg(all(target_arch = "wasm32", feature = "page"))]

use js_sys::{Array, Reflect, Uint8Array};
use parallax::web::compare_files;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn array(value: &JsValue) -> Array {
    Array::from(value)
}

fn files(contents: &[&[u8]]) -> Vec<Uint8Array> {
    contents.iter().map(|c| Uint8Array::from(*c)).collect()
}

const A: &[u8] = "Rebels entered Damascus on December 8. Russia granted Assad asylum on humanitarian grounds.\n\nBy Jane Roe".as_bytes();
const B: &[u8] =
    "Moscow granted Assad asylum for humanitarian reasons. Rebels entered Damascus on December 7."
        .as_bytes();

#[wasm_bindgen_test]
fn comparison_comes_back_as_a_plain_object_shaped_like_the_json() {
    let c =
        compare_files(vec!["a.txt".into(), "b.txt".into()], files(&[A, B]), 0).expect("compares");
    let articles = array(&get(&c, "articles"));
    assert_eq!(articles.length(), 2);
    assert_eq!(get(&articles.get(0), "name").as_string().as_deref(), Some("a.txt"));
    let sentences = array(&get(&articles.get(0), "sentences"));
    let last = sentences.get(sentences.length() - 1);
    assert_eq!(get(&last, "boilerplate").as_bool(), Some(true), "the byline is boilerplate");
    assert_eq!(get(&last, "start").as_f64(), Some(93.0), "offsets count code points");

    let groups = array(&get(&c, "groups"));
    let shared: Vec<JsValue> =
        groups.iter().filter(|g| array(&get(g, "members")).length() == 2).collect();
    assert_eq!(shared.len(), 2, "both facts are reported by both articles");
    let dated = shared
        .iter()
        .find(|g| array(&get(g, "discrepancies")).length() > 0)
        .expect("the dates disagree");
    let d = array(&get(dated, "discrepancies")).get(0);
    assert_eq!(get(&d, "kind").as_string().as_deref(), Some("date"));
    let texts: Vec<String> =
        array(&get(&d, "values")).iter().filter_map(|v| get(&v, "text").as_string()).collect();
    assert_eq!(texts, ["December 8", "December 7"]);
}

#[wasm_bindgen_test]
fn base_changes_the_order_of_groups() {
    let c =
        compare_files(vec!["a.txt".into(), "b.txt".into()], files(&[A, B]), 1).expect("compares");
    assert_eq!(get(&c, "base").as_f64(), Some(1.0));
    let first = array(&get(&c, "groups")).get(0);
    let members = array(&get(&first, "members"));
    let reference = get(&first, "reference").as_f64().unwrap_or(-1.0) as u32;
    assert_eq!(get(&members.get(reference), "article").as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_naming_the_file_never_a_panic() {
    for (bytes, expected) in [
        (&b""[..], "empty.txt: no text in it"),
        (&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], "empty.txt: not a text file"),
        (&b"abc \x81 def"[..], "empty.txt: unknown text encoding"),
    ] {
        let err = compare_files(vec!["ok.txt".into(), "empty.txt".into()], files(&[A, bytes]), 0)
            .expect_err("refused");
        let message = JsValue::from(err);
        let text = get(&message, "message").as_string().unwrap_or_default();
        assert!(text.starts_with(expected), "{text}");
    }
}

#[wasm_bindgen_test]
fn utf16_and_windows_1252_files_are_read() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Zoë’s café reopened.".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let cp1252: &[u8] = b"Zo\xeb\x92s caf\xe9 reopened.";
    let c = compare_files(vec!["u16.txt".into(), "1252.txt".into()], files(&[&utf16, cp1252]), 0)
        .expect("compares");
    let articles = array(&get(&c, "articles"));
    for i in 0..2 {
        let first = array(&get(&articles.get(i), "sentences")).get(0);
        assert_eq!(get(&first, "text").as_string().as_deref(), Some("Zoë’s café reopened."));
    }
}

#[wasm_bindgen_test]
fn mismatched_names_and_files_are_an_error() {
    assert!(compare_files(vec!["a.txt".into()], files(&[A, B]), 0).is_err());
    assert!(compare_files(vec!["a.txt".into(), "b.txt".into()], files(&[A, B]), 5).is_err());
}

#[wasm_bindgen_test]
fn the_encoder_gives_the_same_vector_in_wasm_as_natively() {
    use parallax::matching::encoder::{tiny_weights, Encoder, TINY_RIVER};
    let (_, bytes) = tiny_weights();
    let encoder = Encoder::from_bytes("tiny", &bytes).expect("reads");
    let v = encoder.encode(&["river floods rose"]);
    for (got, want) in v.iter().zip(TINY_RIVER) {
        assert!((got - want).abs() < 1e-4, "{:?}", &v[..4]);
    }
}

#[wasm_bindgen_test]
fn the_encoders_wasm_kernel_sums_as_plain_rust_does() {
    use parallax::matching::encoder::rows_kernel_disagreement;
    // Odd sizes (inputs padded to a whole step, outputs to a whole four), and the model's.
    for (outputs, inputs) in [(42, 25), (4, 8), (384, 1536)] {
        assert_eq!(rows_kernel_disagreement(outputs, inputs), 0.0, "{outputs} × {inputs}");
    }
}

#[wasm_bindgen_test]
fn the_word_pieces_cover_in_wasm_is_that_of_one_dot_product_at_a_time() {
    assert_eq!(parallax::matching::pieces::cover_disagreement(), 0);
}

/// The vectors and pieces a worker sends are read back whole; a message without pieces (or
/// with counts that do not fit) still gives its vectors.
#[wasm_bindgen_test]
fn vectors_and_their_pieces_cross_between_threads() {
    use parallax::matching::encoder::{tiny_weights, Encoder, SentenceVectors};
    use parallax::web::{read_vectors_message, vectors_message};
    let (_, bytes) = tiny_weights();
    let encoder = Encoder::from_bytes("tiny", &bytes).expect("reads");
    let texts = ["river floods rose", "rose, river!", "floods"];
    let sent = SentenceVectors::encode(&encoder, texts);
    assert!(texts.iter().all(|t| sent.pieces(t).is_some_and(|p| !p.is_empty())));
    let message = vectors_message(&sent, 0);
    let mut got = SentenceVectors::new(sent.dimension());
    read_vectors_message(&message, &mut got);
    for t in texts {
        assert_eq!(got.get(t), sent.get(t), "{t}");
        assert_eq!(got.pieces(t), sent.pieces(t), "{t}");
    }
    // Counts past the arrays: vectors without pieces.
    let pieces = Reflect::get(&message, &"pieces".into()).unwrap();
    Reflect::set(&pieces, &"counts".into(), &js_sys::Uint32Array::from(&[1000u32, 1, 1][..]))
        .unwrap();
    let mut got = SentenceVectors::new(sent.dimension());
    read_vectors_message(&message, &mut got);
    assert!(texts.iter().all(|t| got.get(t) == sent.get(t) && got.pieces(t).is_none()));
    // Counts that overflow any length.
    let huge = [u32::MAX - 1, u32::MAX - 1, 1];
    Reflect::set(&pieces, &"counts".into(), &js_sys::Uint32Array::from(&huge[..])).unwrap();
    let mut got = SentenceVectors::new(sent.dimension());
    read_vectors_message(&message, &mut got);
    assert!(texts.iter().all(|t| got.get(t) == sent.get(t) && got.pieces(t).is_none()));
    // No pieces at all (a worker of an older page).
    Reflect::delete_property(&message, &"pieces".into()).unwrap();
    let mut got = SentenceVectors::new(sent.dimension());
    read_vectors_message(&message, &mut got);
    assert!(texts.iter().all(|t| got.get(t) == sent.get(t) && got.pieces(t).is_none()));
    // Vectors of another length are left out.
    let mut other = SentenceVectors::new(sent.dimension() + 1);
    read_vectors_message(&message, &mut other);
    assert!(other.is_empty());
}

/// The comparison's worker keeps the vectors of the page's requests: each request carries
/// only those it lacks, and one that follows vectors it does not hold is refused.
#[wasm_bindgen_test]
fn the_comparisons_worker_is_sent_only_the_vectors_it_lacks() {
    use parallax::matching::encoder::{tiny_weights, Encoder, SentenceVectors};
    use parallax::web::{read_more_vectors, vectors_message};
    let (_, bytes) = tiny_weights();
    let encoder = Encoder::from_bytes("tiny", &bytes).expect("reads");
    let texts = |m: &js_sys::Object| -> Vec<String> {
        Array::from(&Reflect::get(m, &"texts".into()).unwrap())
            .iter()
            .filter_map(|t| t.as_string())
            .collect()
    };
    let mut page = SentenceVectors::encode(&encoder, ["river floods rose", "rose, river!"]);
    let mut worker = None;
    read_more_vectors(&vectors_message(&page, 0), &mut worker).expect("a first request");
    let later = SentenceVectors::encode(&encoder, ["floods", "river floods rose"]);
    for (text, vector) in later.iter() {
        page.insert_with_pieces(text, vector, later.pieces(text).unwrap().clone());
    }
    assert_eq!(page.len(), 3);
    let message = vectors_message(&page, 2);
    assert_eq!(texts(&message).to_vec(), ["floods"]);
    read_more_vectors(&message, &mut worker).expect("the next request");
    let held = worker.as_ref().expect("kept");
    assert_eq!(held.len(), 3);
    for (text, vector) in page.iter() {
        assert_eq!(held.get(text), Some(vector), "{text}");
        assert_eq!(held.pieces(text), page.pieces(text), "{text}");
    }
    // Nothing new: nothing sent, and the worker still holds every vector.
    let message = vectors_message(&page, 3);
    assert!(texts(&message).is_empty());
    read_more_vectors(&message, &mut worker).expect("a request with no new vector");
    assert_eq!(worker.as_ref().map(|w| w.len()), Some(3));
    // Vectors after some the worker never had (it was started again) are refused; a message
    // of every vector starts again.
    let mut fresh = None;
    assert!(read_more_vectors(&vectors_message(&page, 2), &mut fresh).is_err());
    read_more_vectors(&vectors_message(&page, 0), &mut fresh).expect("every vector");
    assert_eq!(fresh.map(|w| w.len()), Some(3));
}
