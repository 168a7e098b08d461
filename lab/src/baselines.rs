//! The simple aligners the events' README measures, run on any keyed event so that their rows
//! stand beside Parallax's on events no one published scores for: TF-IDF cosine and the
//! sentence encoder's cosine, each with competitive linking (Melamed 2000: each sentence is
//! linked to its most similar sentence in each other article when the similarity reaches the
//! threshold, or when the two are each other's best match and reach the lower mutual
//! threshold; groups are the connected components), on Parallax's own segmentation with
//! boilerplate left out, as the README measured them.

use std::collections::HashMap;

use parallax::comparison::{Comparison, Group, Member};
use parallax::matching::encoder::{cosine, SentenceVectors};

/// The baselines: name, which vectors (`true`: the encoder's), threshold, mutual threshold.
/// The thresholds are the README's.
pub const BASELINES: [(&str, bool, f32, f32); 3] = [
    ("TF-IDF + competitive linking (0.5 / 0.15)", false, 0.5, 0.15),
    ("MiniLM cosine + competitive linking (0.7 / 0.5)", true, 0.7, 0.5),
    ("MiniLM cosine + competitive linking (0.5 / 0.3)", true, 0.5, 0.3),
];

/// `comparison` regrouped by each of [`BASELINES`], in that order. `vectors` holds the
/// encoder's vector of every sentence that is not boilerplate; without it the encoder's rows
/// are left out.
pub fn baseline_comparisons(
    comparison: &Comparison,
    vectors: Option<&SentenceVectors>,
) -> Vec<(&'static str, Comparison)> {
    let items = content_sentences(comparison);
    let tf_idf = tf_idf_vectors(comparison, &items);
    let encoded: Option<Vec<Vec<f32>>> = vectors.map(|v| {
        items
            .iter()
            .map(|&(a, s)| {
                let text = &comparison.articles[a].sentences[s].text;
                v.get(text).map_or_else(|| vec![0.0; v.dimension()], <[f32]>::to_vec)
            })
            .collect()
    });
    BASELINES
        .iter()
        .filter_map(|&(name, encoder, threshold, mutual)| {
            let v = if encoder { encoded.as_ref()? } else { &tf_idf };
            Some((name, competitive_linking(comparison, &items, v, threshold, mutual)))
        })
        .collect()
}

/// The (article, sentence) of every sentence that is not boilerplate.
fn content_sentences(c: &Comparison) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    for (a, article) in c.articles.iter().enumerate() {
        for (s, sentence) in article.sentences.iter().enumerate() {
            if !sentence.boilerplate {
                items.push((a, s));
            }
        }
    }
    items
}

/// Each sentence's TF-IDF vector (lower-cased runs of letters and digits, weighted by
/// `1 + ln(n / document frequency)` over the event's sentences), dense and of unit length.
fn tf_idf_vectors(c: &Comparison, items: &[(usize, usize)]) -> Vec<Vec<f32>> {
    let bags: Vec<Vec<String>> = items
        .iter()
        .map(|&(a, s)| {
            c.articles[a].sentences[s]
                .text
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        })
        .collect();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut df: Vec<f32> = Vec::new();
    for bag in &bags {
        let mut seen: Vec<usize> = bag
            .iter()
            .map(|w| {
                let next = ids.len();
                *ids.entry(w.as_str()).or_insert(next)
            })
            .collect();
        df.resize(ids.len(), 0.0);
        seen.sort_unstable();
        seen.dedup();
        for id in seen {
            df[id] += 1.0;
        }
    }
    let n = bags.len() as f32;
    bags.iter()
        .map(|bag| {
            let mut v = vec![0f32; ids.len()];
            for w in bag {
                let id = ids[w.as_str()];
                v[id] += (n / df[id]).ln() + 1.0;
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            v.iter_mut().for_each(|x| *x /= norm);
            v
        })
        .collect()
}

/// `c` with its groups replaced by competitive linking on `vectors` (one per item).
fn competitive_linking(
    c: &Comparison,
    items: &[(usize, usize)],
    vectors: &[Vec<f32>],
    threshold: f32,
    mutual: f32,
) -> Comparison {
    let n = items.len();
    let articles = c.articles.len();
    // Each item's best partner in each other article: (similarity, item).
    let mut best: Vec<Option<(f32, usize)>> = vec![None; n * articles];
    for i in 0..n {
        for j in 0..n {
            if items[i].0 != items[j].0 {
                let s = cosine(&vectors[i], &vectors[j]);
                let slot = &mut best[i * articles + items[j].0];
                if slot.is_none_or(|(b, _)| s > b) {
                    *slot = Some((s, j));
                }
            }
        }
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for i in 0..n {
        for &(s, j) in best[i * articles..(i + 1) * articles].iter().flatten() {
            let back = best[j * articles + items[i].0].is_some_and(|(_, k)| k == i);
            if s >= threshold || (back && s >= mutual) {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut out = c.clone();
    for sentence in out.articles.iter_mut().flat_map(|a| &mut a.sentences) {
        sentence.group = None;
    }
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for (k, &(a, s)) in items.iter().enumerate() {
        let r = root(&mut parent, k);
        let g = *group_of.entry(r).or_insert_with(|| {
            groups.push(Group {
                members: Vec::new(),
                reference: 0,
                articles: 0,
                cohesion: 1.0,
                loose: false,
                discrepancies: Vec::new(),
                corrected: false,
            });
            groups.len() - 1
        });
        groups[g].members.push(Member { article: a, sentence: s, diff: Vec::new() });
        out.articles[a].sentences[s].group = Some(g);
    }
    for g in &mut groups {
        // Members come in article order.
        let mut seen: Vec<usize> = g.members.iter().map(|m| m.article).collect();
        seen.dedup();
        g.articles = seen.len();
    }
    out.groups = groups;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax::compare_texts;

    #[test]
    fn tf_idf_links_reworded_reports_of_one_fact_and_leaves_the_rest_alone() {
        let c = compare_texts(
            &[
                ("a.txt", "Rebels entered Damascus on Sunday. The weather was mild."),
                ("b.txt", "On Sunday rebels entered Damascus. Markets in Tokyo rose sharply."),
            ],
            &parallax::Options::default(),
        )
        .unwrap();
        let (_, regrouped) = baseline_comparisons(&c, None).remove(0);
        let group = |a: usize, s: usize| regrouped.articles[a].sentences[s].group;
        assert_eq!(group(0, 0), group(1, 0));
        assert_ne!(group(0, 1), group(1, 1));
        assert_eq!(regrouped.groups.iter().map(|g| g.members.len()).sum::<usize>(), 4);
    }
}
