//! The comparison: runs the pipeline (segment → match → align → diff → discrepancies) over
//! articles from the intake and returns [`Comparison`], the one value every front end reads.

use serde::Serialize;

use crate::align::{align_fixed, AlignOptions, AlignedGroup, Fix, Item, Vectors};
use crate::diff::{word_diff, Op, Piece};
use crate::discrepancy::{self, Discrepancy};
use crate::error::{Error, ErrorKind};
use crate::intake::{mark_repeated_chrome, Article, BlockKind, Boilerplate, Format};
use crate::matching::encoder::SentenceVectors;
use crate::matching::pieces::PieceTable;
use crate::matching::{Model, Weights};
use crate::quantity::{quantities, Kind, Quantity};
use crate::segment::{block_sentences, sentences};
use crate::MAX_ARTICLES;

/// Options that change the result of a comparison (display options belong to front ends).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Index of the base article: groups come out in its reading order and its sentence is
    /// the reference of every group it is in.
    pub base: usize,
    /// Minimum similarity for two sentences to share a group; see
    /// [`crate::align::MATCH_THRESHOLD`].
    pub threshold: f32,
    /// How sentence features are weighed; see [`crate::matching::Weights`].
    pub weights: Weights,
    /// The pair model behind the similarity; see [`crate::matching::Model`].
    pub model: Model,
    /// The threshold when sentences have vectors; see
    /// [`crate::align::SEMANTIC_THRESHOLD`].
    pub semantic_threshold: f32,
    /// The mutual share when sentences have vectors; see [`crate::align::SEMANTIC_MUTUAL`].
    pub semantic_mutual: f32,
}

/// Past this many sentences in all, a comparison keeps to the lexical matcher even when
/// vectors are given: finding each sentence's nearest neighbours looks at every pair, and
/// encoding takes about 11 ms a sentence natively (`cargo bench --bench encoder`), so 3,000
/// sentences cost about half a minute.
pub const MAX_SEMANTIC_SENTENCES: usize = 3_000;

/// Which judgement grouped the sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Matcher {
    /// The lexical pair model alone: shared words, names and figures.
    Lexical,
    /// The pair model with the sentence encoder's cosine.
    Encoder,
}

impl Default for Options {
    fn default() -> Self {
        let align = AlignOptions::default();
        Options {
            base: align.base,
            threshold: align.threshold,
            weights: align.weights,
            model: align.model,
            semantic_threshold: align.semantic_threshold,
            semantic_mutual: align.semantic_mutual,
        }
    }
}

impl Options {
    /// Chooses the base article.
    pub fn base(mut self, base: usize) -> Self {
        self.base = base;
        self
    }

    /// Sets the similarity threshold.
    pub fn threshold(mut self, threshold: f32) -> Self {
        self.threshold = threshold;
        self
    }
}

/// The result of comparing articles. Serialized, it is the public JSON of `parallax --json`
/// (see docs/json.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Index of the base article.
    pub base: usize,
    /// The articles in input order.
    pub articles: Vec<ComparedArticle>,
    /// The groups in the base article's reading order.
    pub groups: Vec<Group>,
    /// Which judgement grouped the sentences.
    pub matcher: Matcher,
    /// The reader's corrections of the groups, in the order made, each saying whether it
    /// applied (a correction naming a sentence that is not there, or changing nothing,
    /// did not). Empty when there are none.
    pub corrections: Vec<Applied>,
}

/// A reader's correction of the aligner's groups. Sentences are named by their article's
/// name and their text, so that a correction still holds when the comparison is made again
/// (another article added, another base, the encoder's refinement) as long as the
/// sentences it names are there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Correction {
    /// `sentence` leaves its group for the group of `to`.
    Move { sentence: SentenceId, to: SentenceId },
    /// `sentence` leaves its group and stands alone.
    Detach { sentence: SentenceId },
    /// The groups of `sentence` and `with` become one.
    Join { sentence: SentenceId, with: SentenceId },
}

/// A sentence as a correction names it: its article's name and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentenceId {
    pub article: String,
    pub text: String,
}

/// A correction and whether it applied to this comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    #[serde(flatten)]
    pub correction: Correction,
    pub applied: bool,
}

/// One article as compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparedArticle {
    pub name: String,
    /// What it was read from: `text`, or `html` for a web page whose text was extracted
    /// (offsets then point into the extracted text).
    pub format: Format,
    /// For a web page, the text extracted from it, which the sentences' offsets index; absent
    /// for plain text, whose offsets index the file as decoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The title, when the first line reads as one.
    pub title: Option<String>,
    pub sentences: Vec<Sentence>,
    pub summary: Summary,
}

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    /// The sentence as written.
    pub text: String,
    /// Offset of its first character in the article's text, in Unicode code points.
    pub start: usize,
    /// Offset just past its last character, in Unicode code points.
    pub end: usize,
    /// Page chrome: shown, never aligned, in no group.
    pub boilerplate: bool,
    /// Why it is boilerplate, when it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boilerplate_kind: Option<Boilerplate>,
    /// A title or section heading.
    pub heading: bool,
    /// Index of its paragraph in the article.
    pub paragraph: usize,
    /// Index of its group in `groups`; `None` for boilerplate.
    pub group: Option<usize>,
}

/// How an article's sentences fare against the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Sentences that take part in the comparison (boilerplate excluded).
    pub sentences: usize,
    /// Of those, how many at least one other article also reports.
    pub shared: usize,
    /// Of those, how many no other article reports.
    pub unique: usize,
    /// Boilerplate sentences.
    pub boilerplate: usize,
}

/// Sentences, across all articles, that report the same fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// Members sorted by article, then sentence.
    pub members: Vec<Member>,
    /// Index into `members` of the reference sentence the others are diffed against.
    pub reference: usize,
    /// How many different articles report this fact.
    pub articles: usize,
    /// Average similarity between members, 0 to 1 (1 for a group of one).
    pub cohesion: f32,
    /// Whether the members are only loosely alike: on average below the comparison's
    /// grouping threshold, joined as each other's best match. The figures of such a group
    /// may belong to different facts, so a reader should check them before calling them a
    /// disagreement.
    pub loose: bool,
    /// Figures the members give differently.
    pub discrepancies: Vec<Discrepancy>,
    /// Whether a reader's correction made or changed this group: the reader judged its
    /// members one fact, so it is not `loose`.
    pub corrected: bool,
}

impl Group {
    /// Whether only one article reports this fact.
    pub fn is_unique(&self) -> bool {
        self.articles == 1
    }

    /// What a reader should check before taking discrepancy `d` of this group as a
    /// disagreement, as words to follow the figures (" (…)"), or nothing when it is asserted
    /// in a tight group.
    pub fn caution(&self, d: &Discrepancy) -> &'static str {
        if self.loose {
            " (loosely matched: check it is one fact)"
        } else if !d.asserted {
            " (may be two facts: check the words around the figures)"
        } else {
            ""
        }
    }
}

/// One sentence in a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// Index of the article.
    pub article: usize,
    /// Index of the sentence in the article.
    pub sentence: usize,
    /// Word differences against the reference (all `same` for the reference itself).
    pub diff: Vec<Piece>,
}

/// Compares articles read by the intake. Fails only for too many articles or a base that
/// does not exist.
pub fn compare(articles: &[Article], options: &Options) -> Result<Comparison, Error> {
    compare_with(articles, options, None)
}

/// The texts of the sentences a comparison of `articles` aligns, then those of the sentences
/// that open with a pronoun read after the sentence before them (see `in_context`): those
/// to encode for [`compare_with`]. Empty past [`MAX_SEMANTIC_SENTENCES`].
pub fn sentences_to_encode(articles: &[Article]) -> Vec<String> {
    let marked = mark_repeated_chrome(articles);
    let articles = marked.as_deref().unwrap_or(articles);
    // Every block to align holds a sentence at least: past the limit, nothing is split.
    let blocks = articles.iter().flat_map(|a| &a.blocks);
    if blocks.filter(|b| !matches!(b.kind, BlockKind::Boilerplate(_))).count()
        > MAX_SEMANTIC_SENTENCES
    {
        return Vec::new();
    }
    let segmented: Vec<_> = articles.iter().map(sentences).collect();
    let items = items_of(articles, &segmented);
    let mut out: Vec<String> =
        items.iter().flatten().flatten().map(|i| i.text.to_string()).collect();
    if out.len() > MAX_SEMANTIC_SENTENCES {
        out.clear();
        return out;
    }
    for article in &items {
        out.extend((0..article.len()).filter_map(|s| in_context(article, s)));
    }
    out
}

/// Words that open a sentence whose subject is named in the sentence before: "His family had
/// ruled for over 50 years", "It stands at 397 feet".
const REFERRING: &[&str] = &["he", "she", "it", "they", "his", "her", "its", "their"];

/// Sentence `s` read after the sentence before it, when it opens with a word of
/// [`REFERRING`] and the sentence before is aligned running text: the encoder then sees whose
/// fact it is. `None` for any other sentence.
fn in_context(article: &[Option<Item>], s: usize) -> Option<String> {
    let item = article.get(s)?.as_ref()?;
    let first = item.text.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty())?;
    if item.heading || !REFERRING.iter().any(|r| first.eq_ignore_ascii_case(r)) {
        return None;
    }
    let before = article.get(s.checked_sub(1)?)?.as_ref().filter(|b| !b.heading)?;
    Some(format!("{} {}", before.text, item.text))
}

/// Sentence `s`'s quantities, a sentence that opens with a pronoun and names no year of its
/// own telling of the last year the sentence before it names ("In 1999 a quake struck
/// Nantou. It killed about 2,400 people."). News seldom names the year of its own event, and
/// the years it names are most often of earlier events ("the strongest since 1999") or of
/// plans ("by 2026"), so a figure told of a year is compared only with figures told of it.
fn told_of(mut found: Vec<Quantity>, article: &[Option<Item>], s: usize) -> Vec<Quantity> {
    let names_year = found.iter().any(|q| q.kind == Kind::Year);
    if !names_year && in_context(article, s).is_some() {
        let before = s.checked_sub(1).and_then(|b| article.get(b)?.as_ref());
        let year = before.and_then(|b| {
            quantities(b.text)
                .into_iter()
                .filter(|q| q.kind == Kind::Year)
                .map(|q| q.value)
                .next_back()
        });
        found.iter_mut().for_each(|q| q.year = year);
    }
    found
}

/// The sentences of each article as the aligner takes them: `None` for boilerplate.
fn items_of<'a>(
    articles: &'a [Article],
    segmented: &[Vec<crate::segment::Sentence>],
) -> Vec<Vec<Option<Item<'a>>>> {
    articles
        .iter()
        .zip(segmented)
        .map(|(a, ss)| {
            ss.iter()
                .map(|s| {
                    s.is_aligned().then(|| Item {
                        text: &a.text[s.range.clone()],
                        heading: matches!(s.kind, BlockKind::Title | BlockKind::Heading),
                    })
                })
                .collect()
        })
        .collect()
}

/// [`compare`] with the sentence encoder's vectors: when every sentence to align has one
/// (and there are at most [`MAX_SEMANTIC_SENTENCES`]), the pair model weighs their cosine
/// and each sentence's nearest neighbours by vector are candidates; otherwise the comparison
/// is lexical, and its `matcher` says so.
pub fn compare_with(
    articles: &[Article],
    options: &Options,
    vectors: Option<&SentenceVectors>,
) -> Result<Comparison, Error> {
    compare_corrected(articles, options, vectors, &[])
}

/// [`compare_with`], with the reader's corrections applied to the groups, in order.
pub fn compare_corrected(
    articles: &[Article],
    options: &Options,
    vectors: Option<&SentenceVectors>,
    corrections: &[Correction],
) -> Result<Comparison, Error> {
    check(articles, options)?;
    let prepared = Prepared::new(articles);
    let alignment = prepared.align(options, vectors, corrections);
    let Prepared { articles, segmented } = prepared;
    Finishing::new_marked(articles.into_owned(), Some(segmented), options, corrections, alignment)
        .finish()
}

/// The aligner's part of a comparison, the costly one: the groups, which corrections
/// applied, and whether the sentence encoder's vectors judged. The page computes it away
/// from its own thread ([`Alignment::to_numbers`]) and finishes the comparison there
/// ([`compare_aligned`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub groups: Vec<AlignedGroup>,
    pub applied: Vec<bool>,
    pub semantic: bool,
}

/// The aligner's part of [`compare_corrected`].
pub fn align_articles(
    articles: &[Article],
    options: &Options,
    vectors: Option<&SentenceVectors>,
    corrections: &[Correction],
) -> Result<Alignment, Error> {
    check(articles, options)?;
    Ok(Prepared::new(articles).align(options, vectors, corrections))
}

/// The rest of [`compare_corrected`], from an [`Alignment`] of the same articles, options
/// and corrections; one of other articles (a group naming a sentence they lack) is refused.
pub fn compare_aligned(
    articles: &[Article],
    options: &Options,
    corrections: &[Correction],
    alignment: Alignment,
) -> Result<Comparison, Error> {
    Finishing::new(articles, options, corrections, alignment)?.finish()
}

/// A comparison finished from its [`Alignment`] a little at a time ([`Finishing::advance`]),
/// so that the page's thread can draw between the steps: the sentences of each article,
/// then the word differences and figures of each group.
#[derive(Debug)]
pub struct Finishing {
    /// The articles, chrome that repeats across them marked.
    articles: Vec<Article>,
    segmented: Vec<Vec<crate::segment::Sentence>>,
    /// The article and the block to split into sentences next.
    next: (usize, usize),
    options: Options,
    corrections: Vec<Correction>,
    alignment: Alignment,
    /// The articles as compared, once all are split, and the groups finished so far.
    compared: Vec<ComparedArticle>,
    groups: Vec<Group>,
    /// Whether the alignment places every sentence to align once and nothing else, once
    /// all are split; one that does not was made of other articles.
    fits: Option<bool>,
}

impl Finishing {
    /// Starts finishing the comparison of `articles` from an alignment made of them, the
    /// same options and corrections.
    pub fn new(
        articles: &[Article],
        options: &Options,
        corrections: &[Correction],
        alignment: Alignment,
    ) -> Result<Finishing, Error> {
        check(articles, options)?;
        // Chrome that only shows across articles: the same teaser on several pages of one site.
        let articles = mark_repeated_chrome(articles).unwrap_or_else(|| articles.to_vec());
        Ok(Finishing::new_marked(articles, None, options, corrections, alignment))
    }

    /// From articles whose repeated chrome is marked, and their sentences when they are
    /// already split (as aligning them on this thread did).
    fn new_marked(
        articles: Vec<Article>,
        segmented: Option<Vec<Vec<crate::segment::Sentence>>>,
        options: &Options,
        corrections: &[Correction],
        alignment: Alignment,
    ) -> Finishing {
        let next = (if segmented.is_some() { articles.len() } else { 0 }, 0);
        Finishing {
            segmented: segmented.unwrap_or_else(|| vec![Vec::new(); articles.len()]),
            articles,
            next,
            options: *options,
            corrections: corrections.to_vec(),
            alignment,
            compared: Vec::new(),
            groups: Vec::new(),
            fits: None,
        }
    }

    /// Does about `work` sentences' or group members' worth of what is left; `true` once
    /// nothing is.
    pub fn advance(&mut self, mut work: usize) -> bool {
        while let Some(article) = self.articles.get(self.next.0) {
            if work == 0 {
                return false;
            }
            let Some(block) = article.blocks.get(self.next.1) else {
                self.next = (self.next.0 + 1, 0);
                continue;
            };
            let before = self.segmented[self.next.0].len();
            self.segmented[self.next.0].extend(block_sentences(&article.text, block));
            work = work.saturating_sub((self.segmented[self.next.0].len() - before).max(1));
            self.next.1 += 1;
        }
        let items = items_of(&self.articles, &self.segmented);
        let fits =
            *self.fits.get_or_insert_with(|| fits(&items, &self.alignment, &self.corrections));
        if !fits {
            return true;
        }
        if self.compared.is_empty() {
            self.compared = compared_articles(&self.articles, &self.segmented);
        }
        let semantic = self.alignment.semantic;
        let threshold =
            if semantic { self.options.semantic_threshold } else { self.options.threshold };
        while let Some(group) = self.alignment.groups.get(self.groups.len()) {
            if work == 0 {
                return false;
            }
            work = work.saturating_sub(group.members.len());
            let g = self.groups.len();
            self.groups.push(finish_group(&items, group, g, threshold, &mut self.compared));
        }
        true
    }

    /// The comparison, what is left of it done now; refused when the alignment was made of
    /// other articles.
    pub fn finish(mut self) -> Result<Comparison, Error> {
        self.advance(usize::MAX);
        if self.fits != Some(true) {
            return Err(Error::new("comparison", ErrorKind::Stale));
        }
        let Finishing { mut compared, groups, corrections, alignment, options, .. } = self;
        for article in &mut compared {
            let mut summary = Summary { sentences: 0, shared: 0, unique: 0, boilerplate: 0 };
            for s in &article.sentences {
                match s.group.and_then(|g| groups.get(g)) {
                    None => summary.boilerplate += 1,
                    Some(g) => {
                        summary.sentences += 1;
                        if g.is_unique() {
                            summary.unique += 1;
                        } else {
                            summary.shared += 1;
                        }
                    }
                }
            }
            article.summary = summary;
        }
        let corrections = corrections
            .into_iter()
            .zip(alignment.applied)
            .map(|(correction, applied)| Applied { correction, applied })
            .collect();
        let matcher = if alignment.semantic { Matcher::Encoder } else { Matcher::Lexical };
        Ok(Comparison { base: options.base, articles: compared, groups, matcher, corrections })
    }
}

/// Whether `alignment` places every sentence to align in exactly one group, and nothing
/// else, and applied as many corrections as there are.
fn fits(items: &[Vec<Option<Item>>], alignment: &Alignment, corrections: &[Correction]) -> bool {
    let mut seen: Vec<Vec<bool>> = items.iter().map(|a| vec![false; a.len()]).collect();
    let mut placed = 0;
    alignment.groups.iter().flat_map(|g| &g.members).all(|&(a, s)| {
        placed += 1;
        let known = items.get(a).and_then(|x| x.get(s)).is_some_and(|i| i.is_some());
        known && !std::mem::replace(&mut seen[a][s], true)
    }) && placed == items.iter().flatten().flatten().count()
        && alignment.applied.len() == corrections.len()
}

impl Alignment {
    /// The alignment as numbers, to hand between threads: per group its member count, each
    /// member's article and sentence, its reference and whether it was corrected, then the
    /// corrections applied; and each group's cohesion.
    pub fn to_numbers(&self) -> (Vec<u32>, Vec<f32>) {
        let mut ints = vec![u32::from(self.semantic), self.groups.len() as u32];
        for g in &self.groups {
            ints.push(g.members.len() as u32);
            for &(a, s) in &g.members {
                ints.extend([a as u32, s as u32]);
            }
            ints.extend([g.reference as u32, u32::from(g.corrected)]);
        }
        ints.extend(self.applied.iter().map(|&a| u32::from(a)));
        (ints, self.groups.iter().map(|g| g.cohesion).collect())
    }

    /// What [`Alignment::to_numbers`] gave, read back; `None` for numbers of another shape.
    pub fn from_numbers(ints: &[u32], cohesion: &[f32]) -> Option<Alignment> {
        let mut it = ints.iter().map(|&x| x as usize);
        let semantic = it.next()? == 1;
        let count = it.next()?;
        let mut groups = Vec::with_capacity(count.min(cohesion.len()));
        for &c in cohesion.get(..count)? {
            let members = (0..it.next()?)
                .map(|_| Some((it.next()?, it.next()?)))
                .collect::<Option<Vec<_>>>()?;
            let reference = it.next()?;
            let corrected = it.next()? == 1;
            if reference >= members.len() {
                return None;
            }
            groups.push(AlignedGroup { members, reference, cohesion: c, corrected });
        }
        Some(Alignment { groups, applied: it.map(|a| a == 1).collect(), semantic })
    }
}

fn check(articles: &[Article], options: &Options) -> Result<(), Error> {
    if articles.len() > MAX_ARTICLES {
        return Err(Error::new(
            "comparison",
            ErrorKind::TooManyArticles { count: articles.len(), limit: MAX_ARTICLES },
        ));
    }
    if !articles.is_empty() && options.base >= articles.len() {
        return Err(Error::new(
            "comparison",
            ErrorKind::NoSuchBase { base: options.base, count: articles.len() },
        ));
    }
    Ok(())
}

/// The articles read for a comparison: chrome that repeats across them marked, and their
/// sentences.
struct Prepared<'a> {
    articles: std::borrow::Cow<'a, [Article]>,
    segmented: Vec<Vec<crate::segment::Sentence>>,
}

impl<'a> Prepared<'a> {
    fn new(articles: &'a [Article]) -> Self {
        // Chrome that only shows across articles: the same teaser on several pages of one site.
        let articles = match mark_repeated_chrome(articles) {
            Some(marked) => std::borrow::Cow::Owned(marked),
            None => std::borrow::Cow::Borrowed(articles),
        };
        let segmented: Vec<_> = articles.iter().map(sentences).collect();
        Prepared { articles, segmented }
    }

    /// The sentences as the aligner takes them.
    fn items(&self) -> Vec<Vec<Option<Item<'_>>>> {
        items_of(&self.articles, &self.segmented)
    }

    fn align(
        &self,
        options: &Options,
        vectors: Option<&SentenceVectors>,
        corrections: &[Correction],
    ) -> Alignment {
        let articles: &[Article] = &self.articles;
        let items = self.items();
        let flat: Option<Vectors> = vectors.and_then(|v| {
            let texts: Vec<&str> = items.iter().flatten().flatten().map(|i| i.text).collect();
            if texts.len() > MAX_SEMANTIC_SENTENCES {
                return None;
            }
            let mut flat = Vec::with_capacity(texts.len() * v.dimension());
            for t in &texts {
                flat.extend_from_slice(v.get(t)?);
            }
            // A sentence's vector in context is a bonus: one the caller did not encode is skipped.
            let mut context = Vec::new();
            let mut index = 0;
            for article in &items {
                for (s, item) in article.iter().enumerate() {
                    if item.is_none() {
                        continue;
                    }
                    // in_context reads only a sentence whose predecessor is aligned: index - 1.
                    if let Some(vector) = in_context(article, s).and_then(|t| v.get(&t)) {
                        context.push((index, index - 1, vector.to_vec()));
                    }
                    index += 1;
                }
            }
            // Pieces count only when every sentence has them.
            let pieces: Option<Vec<_>> = texts.iter().map(|t| v.pieces(t)).collect();
            let pieces = pieces.map(|p| PieceTable::new(&p));
            Some(Vectors { dimension: v.dimension(), sentences: flat, context, pieces })
        });
        let semantic = flat.is_some();
        // A correction's sentence by article name and text, among the sentences aligned.
        let find = |id: &SentenceId| -> Option<(usize, usize)> {
            let a = articles.iter().position(|x| x.name == id.article)?;
            let s = items[a].iter().position(|i| i.is_some_and(|i| i.text == id.text))?;
            Some((a, s))
        };
        // A correction that names a sentence not there becomes one that applies to nothing.
        const NOWHERE: (usize, usize) = (usize::MAX, usize::MAX);
        let at = |id: &SentenceId| find(id).unwrap_or(NOWHERE);
        let fixes: Vec<Fix> = corrections
            .iter()
            .map(|c| match c {
                Correction::Move { sentence, to } => Fix::Move(at(sentence), at(to)),
                Correction::Detach { sentence } => Fix::Detach(at(sentence)),
                Correction::Join { sentence, with } => Fix::Join(at(sentence), at(with)),
            })
            .collect();
        let (aligned, applied) = align_fixed(
            &items,
            &AlignOptions {
                base: options.base,
                threshold: options.threshold,
                mutual: crate::align::MUTUAL_FACTOR,
                weights: options.weights,
                model: options.model,
                semantic_threshold: options.semantic_threshold,
                semantic_mutual: options.semantic_mutual,
            },
            flat,
            &fixes,
        );
        Alignment { groups: aligned, applied, semantic }
    }
}

/// The articles as a comparison shows them: their sentences, not yet in groups.
fn compared_articles(
    articles: &[Article],
    segmented: &[Vec<crate::segment::Sentence>],
) -> Vec<ComparedArticle> {
    articles
        .iter()
        .zip(segmented)
        .map(|(a, ss)| {
            let mut chars = CharOffsets::new(&a.text);
            let sentences = ss
                .iter()
                .map(|s| {
                    let boilerplate_kind = match s.kind {
                        BlockKind::Boilerplate(b) => Some(b),
                        _ => None,
                    };
                    Sentence {
                        text: a.text[s.range.clone()].to_string(),
                        start: chars.at(s.range.start),
                        end: chars.at(s.range.end),
                        boilerplate: boilerplate_kind.is_some(),
                        boilerplate_kind,
                        heading: matches!(s.kind, BlockKind::Title | BlockKind::Heading),
                        paragraph: s.paragraph,
                        group: None,
                    }
                })
                .collect();
            ComparedArticle {
                name: a.name.clone(),
                format: a.format,
                text: (a.format == Format::Html).then(|| a.text.clone()),
                title: a.title().map(str::to_string),
                sentences,
                summary: Summary { sentences: 0, shared: 0, unique: 0, boilerplate: 0 },
            }
        })
        .collect()
}

/// Group `g` of an alignment, finished: its members' word differences from its reference
/// and the figures they disagree on; its sentences in `compared` are marked as its own.
fn finish_group(
    items: &[Vec<Option<Item>>],
    group: &crate::align::AlignedGroup,
    g: usize,
    threshold: f32,
    compared: &mut [ComparedArticle],
) -> Group {
    // Loosely alike members, joined as each other's best match, unless a reader joined them.
    let loose = !group.corrected && group.members.len() > 1 && group.cohesion < threshold;
    let text = |a: usize, s: usize| items[a][s].map(|i| i.text).unwrap_or_default();
    let (ra, rs) = group.members[group.reference];
    let reference = text(ra, rs);
    let members: Vec<Member> = group
        .members
        .iter()
        .map(|&(a, s)| {
            let diff = if (a, s) == (ra, rs) {
                vec![Piece { text: reference.to_string(), op: Op::Same }]
            } else {
                word_diff(reference, text(a, s))
            };
            Member { article: a, sentence: s, diff }
        })
        .collect();
    let mut distinct: Vec<usize> = group.members.iter().map(|m| m.0).collect();
    distinct.dedup();
    // Only facts two articles report can disagree; most groups are unique, so reading their
    // figures again (matching read them already) would be wasted work.
    let discrepancies = if distinct.len() < 2 {
        Vec::new()
    } else {
        let found: Vec<_> = group
            .members
            .iter()
            .map(|&(a, s)| told_of(quantities(text(a, s)), &items[a], s))
            .collect();
        let inputs: Vec<_> = group
            .members
            .iter()
            .zip(&found)
            .map(|(&(a, s), q)| (a, s, text(a, s), q.as_slice()))
            .collect();
        let mut found = discrepancy::find(&inputs);
        // A loose group's figures may belong to different facts.
        if loose {
            found.iter_mut().for_each(|d| d.asserted = false);
        }
        found
    };
    for &(a, s) in &group.members {
        if let Some(sentence) = compared.get_mut(a).and_then(|x| x.sentences.get_mut(s)) {
            sentence.group = Some(g);
        }
    }
    Group {
        members,
        reference: group.reference,
        articles: distinct.len(),
        cohesion: group.cohesion,
        loose,
        discrepancies,
        corrected: group.corrected,
    }
}

/// Turns increasing byte offsets into code point offsets in one pass over the text.
struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str) -> Self {
        CharOffsets { text, byte: 0, chars: 0 }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let slice = self.text.get(self.byte..byte).unwrap_or_default();
        self.chars += slice.chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(name: &str, text: &str) -> Article {
        Article::from_text(name, text.to_string()).unwrap()
    }

    #[test]
    fn an_alignment_made_apart_and_handed_over_as_numbers_finishes_the_same_comparison() {
        let articles = [
            article("a", "Rebels entered Damascus on Sunday. Assad fled to Moscow. It was cold."),
            article(
                "b",
                "On Sunday rebels entered Damascus. Assad is in Moscow, the Kremlin said.",
            ),
        ];
        let corrections = [Correction::Detach {
            sentence: SentenceId {
                article: "b".into(),
                text: "On Sunday rebels entered Damascus.".into(),
            },
        }];
        let options = Options::default().base(1);
        let whole = compare_corrected(&articles, &options, None, &corrections).unwrap();
        let alignment = align_articles(&articles, &options, None, &corrections).unwrap();
        let (ints, floats) = alignment.to_numbers();
        let back = Alignment::from_numbers(&ints, &floats).unwrap();
        assert_eq!(back, alignment);
        assert_eq!(compare_aligned(&articles, &options, &corrections, back).unwrap(), whole);
        // Numbers cut short are refused, and an alignment of other articles cannot finish.
        assert_eq!(Alignment::from_numbers(&ints[..ints.len() / 2], &floats), None);
        let other = [article("c", "Something else entirely.")];
        assert!(compare_aligned(&other, &Options::default(), &corrections, alignment).is_err());
    }

    #[test]
    fn corrections_hold_when_an_article_is_added_and_the_base_changes() {
        let a = article("a", "Rebels entered Damascus on Sunday. Assad fled to Moscow.");
        let b = article("b", "On Sunday rebels entered Damascus. The weather was cold.");
        let id =
            |article: &str, text: &str| SentenceId { article: article.into(), text: text.into() };
        let corrections = vec![
            Correction::Detach { sentence: id("b", "On Sunday rebels entered Damascus.") },
            Correction::Move {
                sentence: id("b", "The weather was cold."),
                to: id("a", "Assad fled to Moscow."),
            },
            Correction::Detach { sentence: id("gone", "A sentence of no article.") },
        ];
        let c = article("c", "Assad is in Moscow, the Kremlin said.");
        for (articles, base) in [(vec![a.clone(), b.clone()], 0), (vec![a, b, c], 1)] {
            let options = Options::default().base(base);
            let plain = compare(&articles, &options).unwrap();
            assert!(plain.corrections.is_empty() && plain.groups.iter().all(|g| !g.corrected));
            let fixed = compare_corrected(&articles, &options, None, &corrections).unwrap();
            let applied: Vec<bool> = fixed.corrections.iter().map(|x| x.applied).collect();
            assert_eq!(applied, vec![true, true, false]);
            let group_of = |a: usize, s: usize| fixed.articles[a].sentences[s].group.unwrap();
            // The entries, alike, now stand apart; the weather sits with the flight.
            assert_ne!(group_of(0, 0), group_of(1, 0));
            assert_eq!(group_of(0, 1), group_of(1, 1));
            let flight = &fixed.groups[group_of(0, 1)];
            assert!(flight.corrected && !flight.loose);
        }
    }

    #[test]
    fn a_pronoun_sentence_tells_of_the_year_the_sentence_before_names() {
        let texts = [
            "In 1999 a quake struck the island.",
            "It killed about 2,400 people.",
            "Rescuers found 12 survivors.",
        ];
        let items: Vec<Option<Item>> = texts.iter().map(|t| Some(Item::body(t))).collect();
        let years = |s: usize| -> Vec<Option<f64>> {
            told_of(quantities(texts[s]), &items, s).iter().map(|q| q.year).collect()
        };
        assert_eq!(years(1), [Some(1999.0)]);
        // Not after a sentence naming no year, nor for a sentence that does not refer back.
        assert_eq!(years(2), [None]);
        let items = [None, Some(Item::body(texts[1]))];
        assert_eq!(told_of(quantities(texts[1]), &items, 1)[0].year, None);
    }

    #[test]
    fn a_sentence_opening_with_a_pronoun_is_also_encoded_after_the_one_before() {
        let a = article(
            "a",
            "Flood waters\n\nHis boat was lost.\n\nThe river rose in the night. \
             Its banks broke at dawn. Residents left. They returned on Friday.",
        );
        let texts = sentences_to_encode(&[a]);
        let context: Vec<&str> = texts[texts.len() - 2..].iter().map(String::as_str).collect();
        // A heading or nothing before: no context. "Residents left." opens with no pronoun.
        assert_eq!(
            context,
            [
                "The river rose in the night. Its banks broke at dawn.",
                "Residents left. They returned on Friday.",
            ],
            "{texts:?}"
        );
        assert_eq!(texts.len(), 8, "{texts:?}");
    }

    #[test]
    fn offsets_are_code_points_into_the_original_text() {
        let a = article("a", "Zoë’s café opened.\r\nIt closed.");
        let c = compare(&[a], &Options::default()).unwrap();
        let text: Vec<char> = "Zoë’s café opened.\r\nIt closed.".chars().collect();
        for s in &c.articles[0].sentences {
            let slice: String = text[s.start..s.end].iter().collect();
            assert_eq!(slice, s.text);
        }
    }

    #[test]
    fn every_aligned_sentence_is_in_exactly_one_group_and_boilerplate_in_none() {
        let a =
            article("a", "Rebels took Homs on Sunday. They met little resistance.\n\nBy Jane Roe");
        let b = article("b", "On Sunday the rebels captured Homs. Crowds cheered.");
        let c = compare(&[a, b], &Options::default()).unwrap();
        for (ai, art) in c.articles.iter().enumerate() {
            for (si, s) in art.sentences.iter().enumerate() {
                let count = c
                    .groups
                    .iter()
                    .filter(|g| g.members.iter().any(|m| (m.article, m.sentence) == (ai, si)))
                    .count();
                assert_eq!(count, usize::from(!s.boilerplate), "{}", s.text);
            }
        }
        assert_eq!(
            c.articles[0].summary,
            Summary { sentences: 2, shared: 1, unique: 1, boilerplate: 1 }
        );
    }

    #[test]
    fn a_teaser_two_pages_of_one_site_carry_is_boilerplate_in_both() {
        let teaser = "Council votes on flood levy";
        let a = article("a", &format!("Rebels took Homs on Sunday. They met little resistance.\n\n{teaser}\n\nCrowds cheered in the square."));
        let b = article("b", &format!("On Sunday the rebels captured Homs. Crowds cheered.\n\n{teaser}\n\nThe army had left the city."));
        let c = compare(&[a, b], &Options::default()).unwrap();
        for art in &c.articles {
            let s = art.sentences.iter().find(|s| s.text == teaser).unwrap();
            assert!(s.boilerplate && s.group.is_none(), "{}", art.name);
        }
    }

    #[test]
    fn no_such_base_is_an_error_not_a_panic() {
        let e = compare(&[article("a", "Text.")], &Options::default().base(3)).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NoSuchBase { base: 3, count: 1 });
    }

    #[test]
    fn no_articles_give_an_empty_comparison() {
        let c = compare(&[], &Options::default()).unwrap();
        assert!(c.articles.is_empty() && c.groups.is_empty());
    }
}
