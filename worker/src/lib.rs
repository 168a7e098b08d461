//! The sentence encoder as a wasm module of its own, for the page's Web Worker
//! (`www/encoder-worker.js`): the page's module stays small and size-first, and this one is
//! built for speed (profile `wasm-worker`). It holds one encoder, loaded from the weights the
//! worker fetched, and turns sentences into vectors.

#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;

    use parallax::matching::encoder::Encoder;
    use wasm_bindgen::prelude::*;

    thread_local! {
        static ENCODER: RefCell<Option<Encoder>> = const { RefCell::new(None) };
    }

    /// Reads the weights file; returns the length of the vectors.
    #[wasm_bindgen(js_name = loadEncoder)]
    pub fn load_encoder(bytes: &[u8]) -> Result<usize, JsError> {
        let encoder = Encoder::from_bytes("minilm-l6-v2.q8", bytes)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let dimension = encoder.dimension();
        ENCODER.with(|e| *e.borrow_mut() = Some(encoder));
        Ok(dimension)
    }

    /// The vectors of `texts`, one after another.
    #[wasm_bindgen(js_name = encodeSentences)]
    pub fn encode_sentences(texts: Vec<String>) -> Result<Vec<f32>, JsError> {
        ENCODER.with(|e| {
            let encoder = e.borrow();
            let encoder =
                encoder.as_ref().ok_or_else(|| JsError::new("the encoder is not loaded"))?;
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            Ok(encoder.encode(&refs))
        })
    }
}
