//! The sentence encoder as a wasm module of its own, for the page's Web Worker
//! (`www/encoder-worker.js`): the page's module stays small and size-first, and this one is
//! built for speed (profile `wasm-worker`). It holds one encoder, loaded from the weights the
//! worker fetched, and turns sentences into vectors and word pieces.

#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;

    use parallax::matching::encoder::Encoder;
    use parallax::matching::pieces::Packed;
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

    /// The vectors of `texts` and their word pieces, as the page reads them.
    #[wasm_bindgen]
    pub struct Encoded {
        vectors: Vec<f32>,
        pieces: Packed,
    }

    #[wasm_bindgen]
    impl Encoded {
        /// The vectors, one after another.
        #[wasm_bindgen(getter)]
        pub fn vectors(&self) -> Vec<f32> {
            self.vectors.clone()
        }

        /// How many pieces each text has.
        #[wasm_bindgen(getter)]
        pub fn counts(&self) -> Vec<u32> {
            self.pieces.counts.clone()
        }

        /// The pieces' vocabulary ids, text after text.
        #[wasm_bindgen(getter)]
        pub fn ids(&self) -> Vec<u32> {
            self.pieces.ids.clone()
        }

        /// The pieces' scales, text after text.
        #[wasm_bindgen(getter)]
        pub fn scales(&self) -> Vec<f32> {
            self.pieces.scales.clone()
        }

        /// The pieces' 8-bit states, text after text, the vectors' length each.
        #[wasm_bindgen(getter)]
        pub fn values(&self) -> Vec<i8> {
            self.pieces.values.clone()
        }
    }

    /// The vectors of `texts` and their word pieces
    /// ([`parallax::matching::pieces::Pieces`]).
    #[wasm_bindgen(js_name = encodeSentences)]
    pub fn encode_sentences(texts: Vec<String>) -> Result<Encoded, JsError> {
        ENCODER.with(|e| {
            let encoder = e.borrow();
            let encoder =
                encoder.as_ref().ok_or_else(|| JsError::new("the encoder is not loaded"))?;
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let (vectors, pieces) = encoder.encode_with_pieces(&refs);
            let mut out = Encoded { vectors, pieces: Packed::default() };
            for p in &pieces {
                out.pieces.push(Some(p));
            }
            Ok(out)
        })
    }
}
