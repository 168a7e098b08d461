//! Sentence vectors and their word pieces as the page and its workers send them:
//! `{dimension, texts, data, pieces: {counts, ids, scales, values}}`: the vectors one after
//! another in `data`, and each text's pieces ([`Pieces`]) one after another in the typed
//! arrays of `pieces`, `counts` saying how many each text has ([`NO_PIECES`] for a text
//! without; [`Packed`] lays them out). The page's messages to the comparison's worker also
//! say how many vectors came before them (`first`): the worker keeps them between requests
//! ([`read_more`]), so that each request carries only the vectors the worker lacks, not
//! some ten megabytes for a thousand sentences.

use js_sys::{Array, Float32Array, Int8Array, Object, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::matching::encoder::SentenceVectors;
use crate::matching::pieces::{Packed, Pieces, NO_PIECES};

/// The dimension a message names (0 when it names none).
pub(super) fn dimension(message: &JsValue) -> usize {
    super::field(message, "dimension").as_f64().unwrap_or(0.0) as usize
}

/// Adds the vectors of `message` to `into`, each with its pieces when the message has them
/// and they fit. Vectors of another length than `into`'s are left out.
pub fn read(message: &JsValue, into: &mut SentenceVectors) {
    let d = into.dimension();
    if d == 0 || dimension(message) != d {
        return;
    }
    let data = super::field(message, "data")
        .dyn_into::<Float32Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default();
    let texts = Array::from(&super::field(message, "texts"));
    let pieces = super::field(message, "pieces");
    let array = |key: &str| super::field(&pieces, key);
    let counts = array("counts").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default();
    let ids = array("ids").dyn_into::<Uint32Array>().map(|a| a.to_vec()).unwrap_or_default();
    let scales = array("scales").dyn_into::<Float32Array>().map(|a| a.to_vec()).unwrap_or_default();
    let values = array("values").dyn_into::<Int8Array>().map(|a| a.to_vec()).unwrap_or_default();
    // Where the next text's pieces start; None once the counts stop making sense.
    let mut at = Some(0usize);
    for (k, (text, vector)) in texts.iter().zip(data.chunks_exact(d)).enumerate() {
        let read = match (at, counts.get(k).copied()) {
            (Some(start), Some(n)) if n != NO_PIECES => {
                // Counts past what the arrays (or the address space) hold read as none, and
                // so do all the texts after.
                at = start.checked_add(n as usize);
                let rows = at.and_then(|end| Some((start.checked_mul(d)?, end.checked_mul(d)?)));
                at.zip(rows).and_then(|(end, (first, last))| {
                    let (i, s, v) =
                        (ids.get(start..end)?, scales.get(start..end)?, values.get(first..last)?);
                    Pieces::from_parts(i.to_vec(), s.to_vec(), v.to_vec(), d)
                })
            }
            _ => None,
        };
        let Some(text) = text.as_string() else { continue };
        match read {
            Some(p) => into.insert_with_pieces(&text, vector, p),
            None => into.insert(&text, vector),
        };
    }
}

/// Adds the vectors of `message` to `kept`, the vectors of the messages before it (see
/// [`write`]): a message that names no vector before it (`first` 0) starts again. Err when it
/// follows vectors `kept` does not hold: `first` is not how many it holds.
pub fn read_more(message: &JsValue, kept: &mut Option<SentenceVectors>) -> Result<(), String> {
    let d = dimension(message);
    let first = super::field(message, "first").as_f64().unwrap_or(0.0) as usize;
    let held = match kept {
        Some(k) if first > 0 && k.dimension() == d => k,
        _ => kept.insert(SentenceVectors::new(d)),
    };
    if held.len() != first {
        return Err(format!(
            "vectors sent after the first {first}, to a worker holding {}",
            held.len()
        ));
    }
    read(message, held);
    Ok(())
}

/// The message of the vectors of `v` after the first `first` (every one when `first` is 0),
/// with the pieces of the texts that have them.
pub fn write(v: &SentenceVectors, first: usize) -> Object {
    let texts = Array::new();
    let mut data = Vec::with_capacity(v.len().saturating_sub(first) * v.dimension());
    let mut packed = Packed::default();
    for (text, vector) in v.since(first) {
        texts.push(&text.into());
        data.extend_from_slice(vector);
        packed.push(v.pieces(text));
    }
    let pieces = Object::new();
    let _ = Reflect::set(&pieces, &"counts".into(), &Uint32Array::from(&packed.counts[..]));
    let _ = Reflect::set(&pieces, &"ids".into(), &Uint32Array::from(&packed.ids[..]));
    let _ = Reflect::set(&pieces, &"scales".into(), &Float32Array::from(&packed.scales[..]));
    let _ = Reflect::set(&pieces, &"values".into(), &Int8Array::from(&packed.values[..]));
    let message = Object::new();
    let _ = Reflect::set(&message, &"dimension".into(), &(v.dimension() as f64).into());
    let _ = Reflect::set(&message, &"first".into(), &(first as f64).into());
    let _ = Reflect::set(&message, &"texts".into(), &texts);
    let _ = Reflect::set(&message, &"data".into(), &Float32Array::from(&data[..]));
    let _ = Reflect::set(&message, &"pieces".into(), &pieces);
    message
}
