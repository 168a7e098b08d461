//! A sentence's word pieces as the encoder read them, and how much of one sentence another
//! covers, piece by piece.
//!
//! A sentence's vector is the mean of its pieces' states: it says what the sentence is about,
//! and two sentences of one event are all about the event. Whether a short report of one fact
//! is told inside a longer sentence shows better piece by piece: each word of the short one
//! either finds a word of like meaning in context in the long one ("killing all but one on
//! board", "only one of the 242 passengers survived") or does not ("fined €2 million" against
//! "sentenced to four years"). [`cover`] measures that, the rarer words weighing more, as
//! BERTScore does with its recall (Zhang et al. 2020), with one change: a word counts as found
//! when its best match passes a bar ([`FOUND`]), smoothly, rather than by its cosine, since
//! every two words of an event's reports are somewhat alike in context.

/// A sentence's word pieces: each piece of a word (punctuation, `[CLS]` and `[SEP]` left
/// out) by its vocabulary id, with the encoder's last hidden state for it as a unit vector in
/// eight bits, a scale per piece. About 400 bytes a piece, so about 12 KB a sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pieces {
    ids: Vec<u32>,
    scales: Vec<f32>,
    values: Vec<i8>,
}

/// The cosine at which a piece counts half found: below it a word of the other sentence is
/// about as alike as any word of the same event, above it it says the same thing. Chosen on
/// the development events (0.5 to 0.7 tried; 0.6 found the most must pairs).
pub const FOUND: f32 = 0.6;

/// How sharply a piece's count rises from not found to found around [`FOUND`]: a logistic
/// curve of the cosine with this width (a hard bar ranked pairs by accident of a few
/// hundredths).
const SOFTNESS: f32 = 0.05;

impl Pieces {
    /// From the states of a sentence's pieces (`dimension` floats each, in order of `ids`);
    /// `words` marks the pieces of words, the only ones kept.
    pub(crate) fn from_states(
        ids: &[u32],
        words: &[bool],
        states: &[f32],
        dimension: usize,
    ) -> Pieces {
        let mut pieces = Pieces::default();
        for (row, (&id, _)) in
            states.chunks_exact(dimension).zip(ids.iter().zip(words)).filter(|(_, (_, &w))| w)
        {
            let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
            let largest = row.iter().fold(0f32, |m, v| m.max(v.abs())) / norm;
            let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
            pieces.ids.push(id);
            pieces.scales.push(scale);
            pieces
                .values
                .extend(row.iter().map(|v| (v / norm / scale).round().clamp(-127.0, 127.0) as i8));
        }
        pieces
    }

    /// From its parts, as [`Pieces::parts`] gives them (a message from another thread):
    /// `None` unless there are `dimension` values for each id and a scale for each.
    pub fn from_parts(
        ids: Vec<u32>,
        scales: Vec<f32>,
        values: Vec<i8>,
        dimension: usize,
    ) -> Option<Pieces> {
        let fits = scales.len() == ids.len()
            && values.len() == ids.len() * dimension
            && scales.iter().all(|s| s.is_finite());
        fits.then_some(Pieces { ids, scales, values })
    }

    /// The ids, the scales and the values, to send elsewhere.
    pub fn parts(&self) -> (&[u32], &[f32], &[i8]) {
        (&self.ids, &self.scales, &self.values)
    }

    /// How many pieces.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The pieces' vocabulary ids.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    fn dimension(&self) -> usize {
        self.values.len() / self.ids.len().max(1)
    }

    /// The cosine of piece `k` here and piece `m` of `other`.
    #[cfg(test)]
    fn cosine(&self, k: usize, other: &Pieces, m: usize) -> f32 {
        let d = self.dimension();
        let (a, b) = (&self.values[k * d..(k + 1) * d], &other.values[m * d..(m + 1) * d]);
        let dot: i32 = a.iter().zip(b).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum();
        dot as f32 * self.scales[k] * other.scales[m]
    }
}

/// The count [`Packed`] gives a sentence sent without pieces.
pub const NO_PIECES: u32 = u32::MAX;

/// Sentences' pieces one after another, as a message between threads carries them: how many
/// each sentence has ([`NO_PIECES`] for one without), then all their ids, scales and values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Packed {
    pub counts: Vec<u32>,
    pub ids: Vec<u32>,
    pub scales: Vec<f32>,
    pub values: Vec<i8>,
}

impl Packed {
    /// Adds the next sentence's pieces, or says it has none.
    pub fn push(&mut self, pieces: Option<&Pieces>) {
        match pieces {
            Some(p) => {
                self.counts.push(p.ids.len() as u32);
                self.ids.extend_from_slice(&p.ids);
                self.scales.extend_from_slice(&p.scales);
                self.values.extend_from_slice(&p.values);
            }
            None => self.counts.push(NO_PIECES),
        }
    }
}

/// The pieces of every sentence of a comparison, ready to be compared: their states widened
/// to 16 bits, one after another, and each piece's weight, its rarity among the sentences
/// (ln((n + 1) / (df + 1)), n sentences, df of them with the piece).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PieceTable {
    dimension: usize,
    /// Where each sentence's pieces start, and past the last, where they end.
    starts: Vec<usize>,
    values: Vec<i16>,
    scales: Vec<f32>,
    weights: Vec<f32>,
    /// Whether the processor runs AVX2.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    avx2: bool,
}

impl PieceTable {
    /// The table of `sentences`' pieces, each piece weighing its rarity among them.
    pub fn new(sentences: &[&Pieces]) -> PieceTable {
        let mut df: std::collections::HashMap<u32, u32> = Default::default();
        for p in sentences {
            let mut ids = p.ids.clone();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                *df.entry(id).or_default() += 1;
            }
        }
        let n = sentences.len() as f32;
        PieceTable::with_weights(sentences, |id| {
            ((n + 1.0) / (df.get(&id).copied().unwrap_or(0) as f32 + 1.0)).ln()
        })
    }

    /// The table of `sentences`' pieces, each piece weighing `weight(id)`.
    pub fn with_weights(sentences: &[&Pieces], weight: impl Fn(u32) -> f32) -> PieceTable {
        let dimension = sentences.iter().find(|p| !p.is_empty()).map_or(0, |p| p.dimension());
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = false;
        let mut table = PieceTable { dimension, starts: vec![0], avx2, ..PieceTable::default() };
        for p in sentences {
            if p.dimension() == dimension {
                table.values.extend(p.values.iter().map(|&v| i16::from(v)));
                table.scales.extend_from_slice(&p.scales);
                table.weights.extend(p.ids.iter().map(|&id| weight(id)));
            }
            table.starts.push(table.scales.len());
        }
        table
    }

    /// How many sentences.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many pieces sentence `i` has.
    pub fn pieces(&self, i: usize) -> usize {
        self.starts[i + 1] - self.starts[i]
    }

    /// How much of sentence `part` sentence `whole` tells, 0 to 1: the share of `part`'s
    /// pieces found in `whole` (a piece found when its best cosine with a piece of `whole`
    /// passes [`FOUND`], smoothly), each piece weighing its rarity. 0 when `part` has no
    /// piece of weight or `whole` no piece.
    pub fn cover(&self, part: usize, whole: usize) -> f32 {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only where the processor runs AVX2.
            return unsafe { self.cover_avx2(part, whole) };
        }
        self.cover_on(part, whole)
    }

    /// [`PieceTable::cover`] compiled for AVX2, where the dot products run sixteen values a
    /// step ([`avx2_dot4`]).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn cover_avx2(&self, part: usize, whole: usize) -> f32 {
        self.cover_on(part, whole)
    }

    /// [`dot4`], in AVX2 where the processor has it (checked once per table).
    #[inline(always)]
    fn dot4(&self, row: &[i16], rows: &[i16], d: usize) -> [i32; 4] {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only where the processor runs AVX2.
            return unsafe { avx2_dot4(row, rows, d) };
        }
        dot4(row, rows, d)
    }

    #[inline(always)]
    fn cover_on(&self, part: usize, whole: usize) -> f32 {
        let d = self.dimension;
        let (p0, p1) = (self.starts[part], self.starts[part + 1]);
        let (w0, w1) = (self.starts[whole], self.starts[whole + 1]);
        if w0 == w1 || d == 0 {
            return 0.0;
        }
        let rows = &self.values[w0 * d..w1 * d];
        let scales = &self.scales[w0..w1];
        let (mut found, mut total) = (0f32, 0f32);
        for k in p0..p1 {
            let w = self.weights[k];
            if w <= 0.0 {
                continue;
            }
            let row = &self.values[k * d..(k + 1) * d];
            let mut best = f32::MIN;
            let mut m = 0;
            while m + 4 <= scales.len() {
                let dots = self.dot4(row, &rows[m * d..(m + 4) * d], d);
                for (j, &dot) in dots.iter().enumerate() {
                    best = best.max(dot as f32 * scales[m + j]);
                }
                m += 4;
            }
            for (j, &scale) in scales.iter().enumerate().skip(m) {
                best = best.max(dot(row, &rows[j * d..(j + 1) * d]) as f32 * scale);
            }
            let best = best * self.scales[k];
            found += w / (1.0 + (-(best - FOUND) / SOFTNESS).exp());
            total += w;
        }
        if total > 0.0 {
            found / total
        } else {
            0.0
        }
    }
}

/// The dot products of `row` with four rows of `d` values one after another in `rows`.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn dot4(row: &[i16], rows: &[i16], d: usize) -> [i32; 4] {
    std::array::from_fn(|j| dot(row, &rows[j * d..(j + 1) * d]))
}

/// The dot product of two rows.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn dot(a: &[i16], b: &[i16]) -> i32 {
    // Sums in lanes, which the compiler makes a vector of 16-bit products added in pairs.
    let mut lanes = [0i32; 16];
    let (ca, cb) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: i32 =
        ca.remainder().iter().zip(cb.remainder()).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..16 {
            lanes[k] += i32::from(x[k]) * i32::from(y[k]);
        }
    }
    lanes.iter().sum::<i32>() + tail
}

/// [`dot4`] in AVX2: sixteen 16-bit products a step, added in pairs (`vpmaddwd`).
///
/// # Safety
/// Only on a processor with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn avx2_dot4(row: &[i16], rows: &[i16], d: usize) -> [i32; 4] {
    use std::arch::x86_64::*;
    assert!(row.len() >= d && rows.len() >= 4 * d);
    let mut acc = [_mm256_setzero_si256(); 4];
    let mut k = 0;
    while k + 16 <= d {
        // SAFETY: k + 16 ≤ d, within `row` and each of the four rows (asserted).
        let x = unsafe { _mm256_loadu_si256(row.as_ptr().add(k).cast()) };
        for (j, a) in acc.iter_mut().enumerate() {
            let y = unsafe { _mm256_loadu_si256(rows.as_ptr().add(j * d + k).cast()) };
            *a = _mm256_add_epi32(*a, _mm256_madd_epi16(x, y));
        }
        k += 16;
    }
    std::array::from_fn(|j| {
        let mut lanes = [0i32; 8];
        // SAFETY: eight lanes of 32 bits into eight i32.
        unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), acc[j]) };
        let tail: i32 = (k..d).map(|i| i32::from(row[i]) * i32::from(rows[j * d + i])).sum();
        lanes.iter().sum::<i32>() + tail
    })
}

/// The dot products of `row` with four rows of `d` values one after another in `rows`:
/// eight values a step, the step of `row` read once for the four.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn dot4(row: &[i16], rows: &[i16], d: usize) -> [i32; 4] {
    use std::arch::wasm32::*;
    assert!(row.len() >= d && rows.len() >= 4 * d);
    let mut acc = [i32x4_splat(0); 4];
    let mut k = 0;
    while k + 8 <= d {
        // SAFETY: k + 8 ≤ d, within `row` and each of the four rows (asserted); wasm loads
        // need no alignment.
        let x = unsafe { v128_load(row.as_ptr().add(k).cast()) };
        for (j, a) in acc.iter_mut().enumerate() {
            let y = unsafe { v128_load(rows.as_ptr().add(j * d + k).cast()) };
            *a = i32x4_add(*a, i32x4_dot_i16x8(x, y));
        }
        k += 8;
    }
    std::array::from_fn(|j| {
        let a = acc[j];
        let tail: i32 = (k..d).map(|i| i32::from(row[i]) * i32::from(rows[j * d + i])).sum();
        i32x4_extract_lane::<0>(a)
            + i32x4_extract_lane::<1>(a)
            + i32x4_extract_lane::<2>(a)
            + i32x4_extract_lane::<3>(a)
            + tail
    })
}

/// The dot product of two rows, eight values a step.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn dot(a: &[i16], b: &[i16]) -> i32 {
    use std::arch::wasm32::*;
    let d = a.len().min(b.len());
    let mut acc = i32x4_splat(0);
    let mut k = 0;
    while k + 8 <= d {
        // SAFETY: k + 8 ≤ the length of both rows; wasm loads need no alignment.
        let (x, y) =
            unsafe { (v128_load(a.as_ptr().add(k).cast()), v128_load(b.as_ptr().add(k).cast())) };
        acc = i32x4_add(acc, i32x4_dot_i16x8(x, y));
        k += 8;
    }
    let tail: i32 = a[k..d].iter().zip(&b[k..d]).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum();
    i32x4_extract_lane::<0>(acc)
        + i32x4_extract_lane::<1>(acc)
        + i32x4_extract_lane::<2>(acc)
        + i32x4_extract_lane::<3>(acc)
        + tail
}

/// How far the dot product of the build differs from plain Rust's on rows of several lengths
/// (0 when it is right): for the wasm tests, which run the wasm kernel.
#[doc(hidden)]
pub fn dot_disagreement() -> i64 {
    (0..100)
        .map(|n: i32| {
            let a: Vec<i8> = (0..n).map(|k| ((k * 7 + n) % 255 - 127) as i8).collect();
            let b: Vec<i8> = (0..n).map(|k| ((k * 13) % 255 - 127) as i8).collect();
            let plain: i32 = a.iter().zip(&b).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum();
            let (a, b): (Vec<i16>, Vec<i16>) = (
                a.iter().map(|&v| i16::from(v)).collect(),
                b.iter().map(|&v| i16::from(v)).collect(),
            );
            let n = n as usize;
            let four: Vec<i16> =
                (0..4).flat_map(|j| b.iter().map(move |&v| v.wrapping_mul(j + 1))).collect();
            let dots = dot4(&a, &four, n);
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the processor has just been found to run AVX2.
                let fast = unsafe { avx2_dot4(&a, &four, n) };
                if fast != dots {
                    return i64::MAX / 200;
                }
            }
            let want: [i32; 4] = std::array::from_fn(|j| plain * (j as i32 + 1));
            i64::from((dot(&a, &b) - plain).abs())
                + dots.iter().zip(want).map(|(&x, y)| i64::from((x - y).abs())).sum::<i64>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces of unit vectors in four dimensions, ids 1, 2, …
    fn pieces(rows: &[[f32; 4]]) -> Pieces {
        let ids: Vec<u32> = (1..=rows.len() as u32).collect();
        let flat: Vec<f32> = rows.iter().flatten().copied().collect();
        Pieces::from_states(&ids, &vec![true; rows.len()], &flat, 4)
    }

    #[test]
    fn packed_pieces_read_back_sentence_by_sentence() {
        let (a, b) = (pieces(&[[1.0, 0.0, 0.0, 0.0]]), pieces(&[[0.0, 1.0, 0.0, 0.0]; 2]));
        let mut packed = Packed::default();
        packed.push(Some(&a));
        packed.push(None);
        packed.push(Some(&b));
        assert_eq!(packed.counts, [1, NO_PIECES, 2]);
        let back = Pieces::from_parts(
            packed.ids[1..].to_vec(),
            packed.scales[1..].to_vec(),
            packed.values[4..].to_vec(),
            4,
        );
        assert_eq!(back, Some(b));
    }

    #[test]
    fn eight_bit_rows_keep_their_cosines() {
        let a = pieces(&[[0.6, 0.8, 0.0, 0.0], [0.0, 0.0, 3.0, 4.0]]);
        let b = pieces(&[[1.0, 0.0, 0.0, 0.0]]);
        assert!((a.cosine(0, &b, 0) - 0.6).abs() < 0.01);
        assert!(a.cosine(1, &b, 0).abs() < 0.01);
        // States come unnormalized: the row is made a unit vector first.
        assert!((a.cosine(1, &a, 1) - 1.0).abs() < 0.01);
    }

    #[test]
    fn only_the_pieces_of_words_are_kept() {
        let flat = [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0];
        let p = Pieces::from_states(&[101, 7, 102], &[false, true, false], &flat, 4);
        assert_eq!(p.ids(), &[7]);
        assert!((p.cosine(0, &pieces(&[[0.0, 1.0, 0.0, 0.0]]), 0) - 1.0).abs() < 0.01);
    }

    /// How much of `part` `whole` tells, each piece weighing `weight(id)`.
    fn cover(part: &Pieces, whole: &Pieces, weight: impl Fn(u32) -> f32) -> f32 {
        PieceTable::with_weights(&[part, whole], weight).cover(0, 1)
    }

    #[test]
    fn a_part_told_inside_a_whole_is_covered_and_the_whole_is_not() {
        let x = [1.0, 0.0, 0.0, 0.0];
        let y = [0.0, 1.0, 0.0, 0.0];
        let z = [0.0, 0.0, 1.0, 0.0];
        let part = pieces(&[x, y]);
        let whole = pieces(&[z, y, x, z, z]);
        let even = |_| 1.0;
        assert!(cover(&part, &whole, even) > 0.99);
        // Three fifths of the whole (z) are in no piece of the part.
        assert!((cover(&whole, &part, even) - 2.0 / 5.0).abs() < 0.01);
        // A piece of no weight counts for nothing either way.
        let z_weightless = |id| if [1, 4, 5].contains(&id) { 0.0 } else { 1.0 };
        assert!(cover(&whole, &part, z_weightless) > 0.99);
        assert_eq!(cover(&part, &whole, |_| 0.0), 0.0);
        assert_eq!(cover(&Pieces::default(), &whole, even), 0.0);
        assert_eq!(cover(&part, &Pieces::default(), even), 0.0);
    }

    #[test]
    fn rarer_pieces_weigh_more() {
        let (x, y, z) = ([1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]);
        // Piece 1 (x) is in every sentence, piece 2 (y) in one: y found matters most.
        let common = |rows: &[[f32; 4]], ids: &[u32]| {
            let flat: Vec<f32> = rows.iter().flatten().copied().collect();
            Pieces::from_states(ids, &vec![true; ids.len()], &flat, 4)
        };
        let sentences = [common(&[x, y], &[1, 2]), common(&[x, z], &[1, 3]), common(&[x], &[1])];
        let table = PieceTable::new(&sentences.each_ref());
        assert_eq!(table.len(), 3);
        assert_eq!(table.pieces(0), 2);
        // Piece 1 in all three sentences weighs ln(4 / 4) = 0: only y counts, and it is not
        // found in sentence 1.
        assert!(table.cover(0, 1) < 0.01);
        assert!(table.cover(2, 0) == 0.0, "no piece of weight");
    }

    #[test]
    fn parts_round_trip_and_bad_parts_are_refused() {
        let a = pieces(&[[0.6, 0.8, 0.0, 0.0], [0.0, 0.0, 3.0, 4.0]]);
        let (ids, scales, values) = a.parts();
        let back = Pieces::from_parts(ids.to_vec(), scales.to_vec(), values.to_vec(), 4);
        assert_eq!(back.as_ref(), Some(&a));
        assert_eq!(Pieces::from_parts(ids.to_vec(), scales.to_vec(), values.to_vec(), 3), None);
        assert_eq!(Pieces::from_parts(ids.to_vec(), vec![1.0], values.to_vec(), 4), None);
        assert_eq!(Pieces::from_parts(ids.to_vec(), vec![f32::NAN, 1.0], values.to_vec(), 4), None);
    }

    #[test]
    fn the_dot_product_is_exact() {
        assert_eq!(dot_disagreement(), 0);
    }
}
