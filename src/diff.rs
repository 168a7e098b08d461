//! Word differences between a group member and the group's reference sentence.
//!
//! Words are compared by their folded form (case, accents and quote style do not count), with
//! `similar`'s patience diff, which anchors on words that occur once in each sentence and so
//! keeps reordered clauses readable. A phrase deleted in one place and inserted in another is
//! then reported once, as *moved*, instead of as an unrelated deletion and insertion.

use serde::Serialize;
use similar::algorithms::{myers, Capture, Compact, DiffHook, NoFinishHook, Replace};
use similar::DiffOp;

use crate::text::{is_stop_word, tokenize, Token, TokenKind};

/// What a piece of a member sentence is, compared with the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Op {
    /// In both sentences.
    Same,
    /// Only in the member.
    Added,
    /// Only in the reference; the piece's text is the reference's.
    Removed,
    /// In both, at another place in the reference.
    Moved,
}

/// A run of text with one [`Op`]. Pieces of a member, read in order and leaving out the
/// removed ones, give back the member's sentence; the text includes the space before a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub text: String,
    pub op: Op,
}

/// Sentence pairs longer than this many tokens together are diffed without looking for moved
/// phrases, which costs the product of the two lengths in time and memory (at 2,000 tokens,
/// at most a million steps and 4 MB). A news sentence has 20–60 tokens; a "sentence" of
/// thousands of tokens is a text without punctuation.
const MAX_MOVE_SEARCH_TOKENS: usize = 2000;

/// The operations turning `old` into `new` by patience diff: the words that occur once on
/// each side anchor the alignment, in the longest run that keeps both orders, and Myers'
/// algorithm diffs the gaps between anchors, as `similar`'s own patience does, with the same
/// result. `similar`'s own patience compiles its Myers six times over (two variants chosen
/// at run time, three hook types) and its preflight twice more: this drives one copy, the
/// variant without preflight, through one hook (12 KB less page, gzipped).
fn patience_ops(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    let mut hook = Compact::new(Replace::new(Capture::new()), old, new);
    {
        let mut gaps = NoFinishHook::new(&mut hook);
        let (mut o, mut n) = (0, 0);
        // As `similar` does, and so with its result: from the last anchor on (the anchor
        // itself included), the words both sides share are one run; Myers diffs the rest of
        // the gap up to the next anchor.
        for (ao, an) in anchors(old, new).into_iter().chain([(old.len(), new.len())]) {
            let (o0, n0) = (o, n);
            while o < ao && n < an && old[o] == new[n] {
                (o, n) = (o + 1, n + 1);
            }
            // Capture's error type is Infallible.
            if o > o0 {
                let Ok(()) = gaps.equal(o0, n0, o - o0);
            }
            let Ok(()) = myers::diff_deadline_raw(&mut gaps, old, o..ao, new, n..an, None);
            (o, n) = (ao, an);
        }
    }
    let Ok(()) = hook.finish();
    hook.into_inner().into_inner().into_ops()
}

/// The words that occur exactly once in `old` and once in `new`, as (old index, new index)
/// pairs: the longest list of them in the same order on both sides, chosen as `similar`'s
/// patience chooses it (Myers' algorithm over the two lists of such words, through the same
/// hook type as the gaps, so that no second copy of it is compiled).
fn anchors(old: &[&str], new: &[&str]) -> Vec<(usize, usize)> {
    use std::collections::HashMap;
    // Per word: occurrences in old and new.
    let mut counts: HashMap<&str, (u32, u32)> = HashMap::new();
    for w in old {
        counts.entry(w).or_default().0 += 1;
    }
    for w in new {
        counts.entry(w).or_default().1 += 1;
    }
    // Each side's list holds the words that side has once, whether or not the other has
    // them: so `similar` builds them, and the words that cannot match still steer Myers'
    // choice between equally long runs.
    let (old_at, old_once): (Vec<usize>, Vec<&str>) = old
        .iter()
        .enumerate()
        .filter(|(_, w)| counts.get(*w).is_some_and(|c| c.0 == 1))
        .map(|(i, w)| (i, *w))
        .unzip();
    let (new_at, new_once): (Vec<usize>, Vec<&str>) = new
        .iter()
        .enumerate()
        .filter(|(_, w)| counts.get(*w).is_some_and(|c| c.1 == 1))
        .map(|(i, w)| (i, *w))
        .unzip();
    // As slices, like the words themselves: the same types, the same compiled Myers.
    let (old_once, new_once) = (old_once.as_slice(), new_once.as_slice());
    let mut hook = Compact::new(Replace::new(Capture::new()), old_once, new_once);
    {
        let mut d = NoFinishHook::new(&mut hook);
        let Ok(()) = myers::diff_deadline_raw(
            &mut d,
            old_once,
            0..old_once.len(),
            new_once,
            0..new_once.len(),
            None,
        );
    }
    let Ok(()) = hook.finish();
    let mut run = Vec::new();
    for op in hook.into_inner().into_inner().into_ops() {
        if let DiffOp::Equal { old_index, new_index, len } = op {
            run.extend((0..len).map(|k| (old_at[old_index + k], new_at[new_index + k])));
        }
    }
    run
}

/// The word differences of `member` against `reference`.
pub fn word_diff(reference: &str, member: &str) -> Vec<Piece> {
    let old = tokenize(reference);
    let new = tokenize(member);
    let old_keys: Vec<&str> = old.iter().map(|t| t.norm.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|t| t.norm.as_str()).collect();
    let ops = patience_ops(&old_keys, &new_keys);

    // Which reference tokens were removed and which member tokens added.
    let mut removed = vec![false; old.len()];
    let mut added = vec![false; new.len()];
    for op in &ops {
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_index, old_len, .. } => {
                removed[old_index..old_index + old_len].fill(true)
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                added[new_index..new_index + new_len].fill(true)
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                removed[old_index..old_index + old_len].fill(true);
                added[new_index..new_index + new_len].fill(true);
            }
        }
    }
    let mut moved_old = vec![false; old.len()];
    let mut moved_new = vec![false; new.len()];
    if old.len() + new.len() <= MAX_MOVE_SEARCH_TOKENS {
        find_moves(&old, &new, &removed, &added, &mut moved_old, &mut moved_new);
    }

    let mut out = Pieces::default();
    let mut old_end = 0;
    let mut new_end = 0;
    let emit_old = |out: &mut Pieces, i: usize, old_end: &mut usize| {
        let t = &old[i];
        if !moved_old[i] {
            out.push(&reference[*old_end..t.end], Op::Removed);
        }
        *old_end = t.end;
    };
    for op in &ops {
        let (old_range, new_range) = match *op {
            DiffOp::Equal { old_index, new_index, len } => {
                (old_index..old_index + len, new_index..new_index + len)
            }
            DiffOp::Delete { old_index, old_len, new_index } => {
                (old_index..old_index + old_len, new_index..new_index)
            }
            DiffOp::Insert { old_index, new_index, new_len } => {
                (old_index..old_index, new_index..new_index + new_len)
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index..old_index + old_len, new_index..new_index + new_len)
            }
        };
        let equal = matches!(op, DiffOp::Equal { .. });
        if !equal {
            for i in old_range.clone() {
                emit_old(&mut out, i, &mut old_end);
            }
        }
        for j in new_range {
            let t = &new[j];
            let op = if equal {
                Op::Same
            } else if moved_new[j] {
                Op::Moved
            } else {
                Op::Added
            };
            out.push(&member[new_end..t.end], op);
            new_end = t.end;
        }
        if equal {
            if let Some(last) = old_range.last() {
                old_end = old[last].end;
            }
        }
    }
    out.0
}

/// Collects pieces, merging neighbours with the same op.
#[derive(Default)]
struct Pieces(Vec<Piece>);

impl Pieces {
    fn push(&mut self, text: &str, op: Op) {
        match self.0.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => self.0.push(Piece { text: text.to_string(), op }),
        }
    }
}

/// A run of moved tokens must hold a content word (not a stop word or punctuation), and be a
/// phrase of two tokens or more ("on Sunday") unless it is a figure: in a reworded sentence
/// single shared words land in other places all the time, and marking each as moved is noise.
fn worth_moving(tokens: &[Token]) -> bool {
    let content = tokens.iter().any(|t| t.kind != TokenKind::Punct && !is_stop_word(&t.norm));
    content && (tokens.len() >= 2 || tokens.iter().all(|t| t.kind == TokenKind::Number))
}

/// Pairs runs removed from the reference with equal runs added in the member, longest first.
///
/// One pass of dynamic programming finds, for every pair of positions, how long a run of
/// equal removed and added tokens starts there (time and memory: the product of the two
/// lengths); the maximal runs are then taken longest first when they hold a content word and
/// overlap no run already taken.
fn find_moves(
    old: &[Token],
    new: &[Token],
    removed: &[bool],
    added: &[bool],
    moved_old: &mut [bool],
    moved_new: &mut [bool],
) {
    let width = new.len() + 1;
    let mut run = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            if removed[i] && added[j] && old[i].norm == new[j].norm {
                run[i * width + j] = 1 + run[(i + 1) * width + j + 1];
            }
        }
    }
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..old.len() {
        for j in 0..new.len() {
            let len = run[i * width + j] as usize;
            let maximal = i == 0 || j == 0 || run[(i - 1) * width + j - 1] == 0;
            if len > 0 && maximal {
                runs.push((len, i, j));
            }
        }
    }
    runs.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    for (len, i, j) in runs {
        let free = !moved_old[i..i + len].contains(&true) && !moved_new[j..j + len].contains(&true);
        if free && worth_moving(&old[i..i + len]) {
            moved_old[i..i + len].fill(true);
            moved_new[j..j + len].fill(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patience_called_directly_gives_what_capture_diff_slices_gives() {
        let cases: [(&str, &str); 5] = [
            ("a b c d e", "a x c d y e"),
            ("the city fell on sunday", "on sunday the city fell"),
            ("", "one two"),
            ("one two", ""),
            ("x y x y x y z", "y x y x z z x"),
        ];
        for (old, new) in cases {
            let (old, new): (Vec<&str>, Vec<&str>) =
                (old.split_whitespace().collect(), new.split_whitespace().collect());
            let expected = similar::capture_diff_slices(similar::Algorithm::Patience, &old, &new);
            assert_eq!(patience_ops(&old, &new), expected, "{old:?} → {new:?}");
        }
    }

    #[test]
    fn patience_gives_what_similars_own_gives_on_random_sentences() {
        // Words from a small vocabulary, so that some repeat and some occur once: the anchors,
        // the gaps between them and the ties between equally long runs all come up.
        const WORDS: [&str; 12] = [
            "the", "a", "city", "fell", "on", "sunday", "rebels", "took", "it", "in", "two", "days",
        ];
        let mut state = 0x2545_f491_u32;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as usize % n
        };
        for _ in 0..3000 {
            let old: Vec<&str> = (0..next(20)).map(|_| WORDS[next(WORDS.len())]).collect();
            let new: Vec<&str> = (0..next(20)).map(|_| WORDS[next(WORDS.len())]).collect();
            let expected = similar::capture_diff_slices(similar::Algorithm::Patience, &old, &new);
            assert_eq!(patience_ops(&old, &new), expected, "{old:?} → {new:?}");
        }
    }

    fn show(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.op {
                Op::Same => p.text.clone(),
                Op::Added => format!("{{+{}+}}", p.text),
                Op::Removed => format!("[-{}-]", p.text),
                Op::Moved => format!("<{}>", p.text),
            })
            .collect()
    }

    #[test]
    fn identical_sentences_are_all_same() {
        let d = word_diff("Rebels took Homs.", "Rebels took Homs.");
        assert_eq!(d, vec![Piece { text: "Rebels took Homs.".into(), op: Op::Same }]);
    }

    #[test]
    fn case_and_quote_style_do_not_count() {
        let d = word_diff("He said “It’s over.”", "he said \"it's over.\"");
        assert!(d.iter().all(|p| p.op == Op::Same), "{}", show(&d));
    }

    #[test]
    fn changed_number_shows_both_values() {
        let d = word_diff("Rebels entered on December 8.", "Rebels entered on December 7.");
        assert_eq!(show(&d), "Rebels entered on December[- 8-]{+ 7+}.");
    }

    #[test]
    fn moved_phrase_reads_as_moved_not_deleted_and_added() {
        let d =
            word_diff("On Sunday, rebels entered Damascus.", "Rebels entered Damascus on Sunday.");
        let text = show(&d);
        assert!(!d.iter().any(|p| p.op == Op::Removed && p.text.contains("Sunday")), "{text}");
        assert!(d.iter().any(|p| p.op == Op::Moved && p.text.contains("Sunday")), "{text}");
    }

    #[test]
    fn moved_name_is_found_even_when_a_longer_run_of_stop_words_moved_too() {
        let d = word_diff(
            "Ryabkov said that it was in the interest of all.",
            "It was in the interest of all, Ryabkov said.",
        );
        assert!(d.iter().any(|p| p.op == Op::Moved && p.text.contains("Ryabkov")), "{}", show(&d));
    }

    #[test]
    fn member_text_is_rebuilt_from_its_pieces() {
        let reference = "The Kremlin source confirmed that Assad arrived in Moscow.";
        let member = "Assad and his family members are in Moscow, the source said.";
        let rebuilt: String = word_diff(reference, member)
            .iter()
            .filter(|p| p.op != Op::Removed)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(rebuilt.trim(), member);
    }

    #[test]
    fn empty_sides() {
        assert_eq!(show(&word_diff("", "New words.")), "{+New words.+}");
        assert_eq!(show(&word_diff("Old words.", "")), "[-Old words.-]");
    }
}
