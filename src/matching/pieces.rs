//! A sentence's word pieces as the encoder read them, and how much of one sentence another
//! covers, piece by piece.
//!
//! A sentence's vector is the mean of its pieces' states: it says what the sentence is about,
//! and two sentences of one event are all about the event. Whether a short report of one fact
//! is told inside a longer sentence shows better piece by piece: each word of the short one
//! either finds a word of like meaning in context in the long one ("killing all but one on
//! board", "only one of the 242 passengers survived") or does not ("fined €2 million" against
//! "sentenced to four years"). [`PieceTable::cover`] measures that, the rarer words weighing
//! more, as BERTScore does with its recall (Zhang et al. 2020), with one change: a word counts
//! as found when its best match passes a bar ([`FOUND`]), smoothly, rather than by its cosine,
//! since every two words of an event's reports are somewhat alike in context.

use super::encoder::{kernels, ROW_TOKENS};

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

/// The pieces of every sentence of a comparison, ready to be compared: their states one
/// after another, each padded with zeros to a whole step of the kernels, and each piece's
/// weight, its rarity among the sentences (ln((n + 1) / (df + 1)), n sentences, df of them
/// with the piece).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PieceTable {
    /// Values a piece: the dimension rounded up to a step of the kernels.
    stride: usize,
    /// Where each sentence's pieces start, and past the last, where they end.
    starts: Vec<usize>,
    values: Vec<i8>,
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
        // The AVX2 kernel takes sixteen values a step, the wasm one eight.
        let stride = dimension.next_multiple_of(16);
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::arch::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = false;
        let mut table = PieceTable { stride, starts: vec![0], avx2, ..PieceTable::default() };
        for p in sentences {
            if p.dimension() == dimension && dimension > 0 {
                for row in p.values.chunks_exact(dimension) {
                    table.values.extend_from_slice(row);
                    table.values.resize(table.values.len() + stride - dimension, 0);
                }
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
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        return self.cover_with(part, whole, kernels::simd128_rows);
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only where the processor runs AVX2.
            return unsafe { self.cover_avx2(part, whole) };
        }
        #[allow(unreachable_code)]
        self.cover_with(part, whole, kernels::portable_rows)
    }

    /// [`PieceTable::cover`] compiled for AVX2, with the encoder's AVX2 kernel inlined.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn cover_avx2(&self, part: usize, whole: usize) -> f32 {
        // SAFETY: this function runs only where AVX2 does.
        self.cover_with(part, whole, |x, w, stride| unsafe { kernels::avx2_rows(x, w, stride) })
    }

    /// [`PieceTable::cover`] with `kernel` for the dot products: [`ROW_TOKENS`] of `part`'s
    /// pieces, widened to 16 bits, against four of `whole`'s at a time.
    #[inline(always)]
    fn cover_with(
        &self,
        part: usize,
        whole: usize,
        kernel: impl Fn(&[i16], &[i8], usize) -> [[i32; 4]; ROW_TOKENS],
    ) -> f32 {
        let s = self.stride;
        let (w0, w1) = (self.starts[whole], self.starts[whole + 1]);
        if w0 == w1 || s == 0 {
            return 0.0;
        }
        let weighed: Vec<usize> =
            (self.starts[part]..self.starts[part + 1]).filter(|&k| self.weights[k] > 0.0).collect();
        if weighed.is_empty() {
            return 0.0;
        }
        let scales = &self.scales[w0..w1];
        // `whole`'s rows four at a time, the last four padded with rows of zeros.
        let rows = &self.values[w0 * s..w1 * s];
        let whole_fours = rows.len() / (4 * s) * (4 * s);
        let mut last = rows[whole_fours..].to_vec();
        last.resize(if last.is_empty() { 0 } else { 4 * s }, 0);
        let mut tile = vec![0i16; ROW_TOKENS * s];
        let mut bests = Vec::with_capacity(weighed.len());
        for ks in weighed.chunks(ROW_TOKENS) {
            tile.fill(0);
            for (&k, out) in ks.iter().zip(tile.chunks_exact_mut(s)) {
                for (o, &v) in out.iter_mut().zip(&self.values[k * s..(k + 1) * s]) {
                    *o = i16::from(v);
                }
            }
            let mut best = [f32::MIN; ROW_TOKENS];
            let fours = rows[..whole_fours].chunks_exact(4 * s).chain(last.chunks_exact(4 * s));
            for (m, four) in fours.enumerate() {
                let sums = kernel(&tile, four, s);
                for (b, sums) in best.iter_mut().zip(sums) {
                    for (&dot, &scale) in sums.iter().zip(&scales[4 * m..]) {
                        *b = b.max(dot as f32 * scale);
                    }
                }
            }
            bests.extend(ks.iter().zip(best).map(|(&k, b)| (self.weights[k], b * self.scales[k])));
        }
        share_found(bests)
    }

    /// [`PieceTable::cover`] written out plainly, one dot product at a time: what the kernels
    /// must give.
    fn cover_plainly(&self, part: usize, whole: usize) -> f32 {
        let s = self.stride;
        let (w0, w1) = (self.starts[whole], self.starts[whole + 1]);
        if w0 == w1 || s == 0 {
            return 0.0;
        }
        let row = |k: usize| &self.values[k * s..(k + 1) * s];
        share_found(
            (self.starts[part]..self.starts[part + 1]).filter(|&k| self.weights[k] > 0.0).map(
                |k| {
                    let best = (w0..w1)
                        .map(|m| {
                            let dot: i32 = row(k)
                                .iter()
                                .zip(row(m))
                                .map(|(&x, &y)| i32::from(x) * i32::from(y))
                                .sum();
                            dot as f32 * self.scales[m]
                        })
                        .fold(f32::MIN, f32::max);
                    (self.weights[k], best * self.scales[k])
                },
            ),
        )
    }
}

/// The share of pieces found, given each piece's weight and best cosine in the other sentence,
/// in order: a piece counts found smoothly around [`FOUND`]. 0 when no piece weighs anything.
fn share_found(pieces: impl IntoIterator<Item = (f32, f32)>) -> f32 {
    let (mut found, mut total) = (0f32, 0f32);
    for (w, best) in pieces {
        found += w / (1.0 + (-(best - FOUND) / SOFTNESS).exp());
        total += w;
    }
    if total > 0.0 {
        found / total
    } else {
        0.0
    }
}

/// How many covers the build's kernel, or plain Rust's, gives otherwise than one dot product
/// at a time does (0 when they are right), on tables of pieces of several dimensions and
/// counts (0 to 9 pieces: every remainder of the kernels' four rows): for the wasm tests too,
/// which run the wasm kernel.
#[doc(hidden)]
pub fn cover_disagreement() -> usize {
    let mut wrong = 0;
    for dimension in [1, 4, 7, 8, 16, 17, 40, 384] {
        // Sentences of 0 to 9 pieces, with values from a fixed sequence reaching ±127.
        let mut next = 0u32;
        let sentences: Vec<Pieces> = (0..10)
            .map(|n| {
                let rows: Vec<Vec<f32>> = (0..n)
                    .map(|_| {
                        (0..dimension)
                            .map(|_| {
                                next = next.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                                (next >> 16) as f32 / 32_768.0 - 1.0
                            })
                            .collect()
                    })
                    .collect();
                let ids: Vec<u32> = (1..=n as u32).collect();
                Pieces::from_states(&ids, &vec![true; n], &rows.concat(), dimension)
            })
            .collect();
        let refs: Vec<&Pieces> = sentences.iter().collect();
        let table = PieceTable::with_weights(&refs, |id| (id % 3) as f32);
        for part in 0..table.len() {
            for whole in 0..table.len() {
                let plainly = table.cover_plainly(part, whole).to_bits();
                // The build's kernel, and plain Rust's, which runs where no other does.
                let portable = table.cover_with(part, whole, kernels::portable_rows).to_bits();
                wrong += usize::from(table.cover(part, whole).to_bits() != plainly)
                    + usize::from(portable != plainly);
            }
        }
    }
    wrong
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
    fn the_kernels_give_the_covers_of_one_dot_product_at_a_time() {
        assert_eq!(cover_disagreement(), 0);
    }
}
