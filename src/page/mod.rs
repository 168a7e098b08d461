//! The page's state as a plain value, compiled and tested natively: the articles loaded, their
//! names, the base, the view, the filter, the selection, the position and the messages, and
//! what add, remove, rename, base change and navigation do to them. `web` binds events to
//! these calls and draws the result; it decides nothing itself.

pub mod markup;
pub mod names;
pub mod summary;

use crate::comparison::{
    compare_corrected, Alignment, Comparison, Correction, Finishing, Group, SentenceId,
};
use crate::intake::Format;
use crate::matching::encoder::SentenceVectors;
use crate::{Article, Options, MAX_ARTICLES};

/// Which view the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One row per group, one column per article.
    Overview,
    /// One article as written, with the counterparts of a selected sentence.
    Reading,
}

/// Which groups the overview lists: a display option, the comparison stays whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Reported by every article (when there are two or more).
    Every,
    /// Reported by two or more articles, not by all.
    Several,
    /// Reported by two or more articles.
    Shared,
    /// Reported by one article only.
    Unique,
    /// Reported by this article only.
    Only(usize),
    /// With at least one discrepancy.
    Disagreements,
}

impl Filter {
    /// Reads a filter from its [`Filter::token`]; anything else is [`Filter::All`].
    pub fn parse(value: &str) -> Filter {
        match value {
            "every" => Filter::Every,
            "several" => Filter::Several,
            "shared" => Filter::Shared,
            "unique" => Filter::Unique,
            "disagreements" => Filter::Disagreements,
            v => match v.strip_prefix("only-").and_then(|a| a.parse().ok()) {
                Some(a) => Filter::Only(a),
                None => Filter::All,
            },
        }
    }

    /// The filter's name in the select and the URL fragment.
    pub fn token(self) -> String {
        match self {
            Filter::All => "all".into(),
            Filter::Every => "every".into(),
            Filter::Several => "several".into(),
            Filter::Shared => "shared".into(),
            Filter::Unique => "unique".into(),
            Filter::Only(a) => format!("only-{a}"),
            Filter::Disagreements => "disagreements".into(),
        }
    }

    /// Whether the overview lists `group` of a comparison of `articles` articles.
    pub fn keeps(self, group: &Group, articles: usize) -> bool {
        match self {
            Filter::All => true,
            Filter::Every => articles > 1 && group.articles == articles,
            Filter::Several => group.articles > 1 && group.articles < articles,
            Filter::Shared => !group.is_unique(),
            Filter::Unique => group.is_unique(),
            Filter::Only(a) => group.is_unique() && group.members.iter().all(|m| m.article == a),
            Filter::Disagreements => !group.discrepancies.is_empty(),
        }
    }
}

/// Where the navigation keys and buttons move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seek {
    NextDisagreement,
    PreviousDisagreement,
    NextShared,
    PreviousShared,
}

/// One line above the articles, for one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Distinct for every event, so that a timer or a dismiss button names its own line.
    pub id: u32,
    pub text: String,
    /// Errors stay until dismissed; other lines go after a few seconds.
    pub error: bool,
}

/// The three corrections a reader can make of a sentence (see [`Page::correct`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionKind {
    Move,
    Detach,
    Join,
}

/// What a reload brings back ([`Page::session`], [`Page::restore`]): each article's name and
/// text as read (a web page's extracted text), and the base. The browser keeps it in
/// IndexedDB; nothing leaves the machine.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Session {
    pub articles: Vec<SavedArticle>,
    pub base: usize,
    /// The reader's corrections of the groups.
    pub corrections: Vec<Correction>,
}

/// One article of a [`Session`].
#[derive(Debug, Clone, PartialEq)]
pub struct SavedArticle {
    pub name: String,
    pub text: String,
    /// Whether it was read from a web page (its text is what was kept of the page).
    pub web_page: bool,
}

impl SavedArticle {
    /// The article read again from what was kept.
    pub fn article(&self) -> Result<Article, crate::error::Error> {
        let mut article = Article::from_text(&self.name, self.text.clone())?;
        if self.web_page {
            article.format = Format::Html;
        }
        Ok(article)
    }
}

/// Where the comparison being finished stands ([`Page::advance`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing is being finished.
    Idle,
    /// Some is left.
    Working,
    /// It is shown.
    Shown,
    /// Its alignment was made of other articles: the comparison is still pending.
    Stale,
}

/// What the page holds: the loaded articles and how they are shown.
#[derive(Debug, Default)]
pub struct Page {
    pub articles: Vec<Article>,
    pub base: usize,
    pub view: Option<View>,
    pub filter: Filter,
    /// Article shown in the reading view.
    pub reading: usize,
    /// Sentence selected in the reading view: (article, sentence).
    pub selected: Option<(usize, usize)>,
    /// The group the reader last moved to, in the overview.
    pub group: Option<usize>,
    pub comparison: Option<Comparison>,
    /// The reader's corrections of the groups, applied at every comparison.
    pub corrections: Vec<Correction>,
    /// Whether comparisons are aligned elsewhere (a worker) and handed to
    /// [`Page::begin_finish`]: [`Page::recompute`] then only marks them [`Page::pending`].
    pub deferred: bool,
    /// The comparison pending, being finished from its alignment ([`Page::advance`]).
    pub finishing: Option<Finishing>,
    /// Whether the comparison shown is older than the articles, names, base or corrections.
    pub pending: bool,
    /// Counts the comparisons asked for ([`Page::recompute`]): an answer made for an older
    /// one is not shown.
    pub wanted: u64,
    pub messages: Vec<Message>,
    /// The event the messages now written belong to.
    event: u32,
    /// Counts the changes to what a [`Session`] keeps, so that the browser saves it only
    /// when it changed.
    revision: u64,
    /// The sentence encoder's vectors of the sentences seen so far.
    pub vectors: Option<SentenceVectors>,
}

impl Page {
    /// The view shown.
    pub fn view(&self) -> View {
        self.view.unwrap_or(View::Overview)
    }

    /// Starts a new event: lines of earlier events go, except errors, and what is said from
    /// now on goes on one new line.
    pub fn event(&mut self) {
        self.messages.retain(|m| m.error);
        self.event += 1;
    }

    fn say(&mut self, text: String, error: bool) {
        match self.messages.last_mut() {
            Some(m) if m.id == self.event => {
                m.text.push(' ');
                m.text.push_str(&text);
                m.error |= error;
            }
            _ => self.messages.push(Message { id: self.event, text, error }),
        }
    }

    /// Says something on this event's line.
    pub fn note(&mut self, text: String) {
        self.say(text, false);
    }

    /// Says what went wrong on this event's line, which then stays until dismissed.
    pub fn error(&mut self, text: String) {
        self.say(text, true);
    }

    /// Removes the line `id`, when it is still shown.
    pub fn dismiss(&mut self, id: u32) {
        self.messages.retain(|m| m.id != id);
    }

    /// Takes away line `id` when its time is up, unless an error was said on it since: an
    /// error stays until the reader dismisses it.
    pub fn expire(&mut self, id: u32) {
        self.messages.retain(|m| m.id != id || m.error);
    }

    /// Adds an article from a file's bytes, or says why it cannot be added. Nothing already
    /// loaded is lost either way. Call [`Page::recompute`] after a batch.
    pub fn add_file(&mut self, file_name: &str, bytes: &[u8]) {
        if self.full(file_name) {
            return;
        }
        match Article::from_bytes(file_name, bytes) {
            Ok(article) => {
                self.add(article, Some(file_name), None);
            }
            Err(e) => self.error(format!("{e}.")),
        }
    }

    /// Adds pasted text, named `name` or, when that is blank, by [`names::default_name`].
    pub fn add_pasted(&mut self, name: &str, text: &str) -> bool {
        let label = if name.trim().is_empty() { "pasted text" } else { name.trim() };
        if text.trim().is_empty() {
            self.error(format!("{label}: not added, the pasted text is empty."));
            return false;
        }
        if self.full(label) {
            return false;
        }
        match Article::from_text(label, text.to_string()) {
            Ok(article) => {
                let given = Some(name.trim()).filter(|n| !n.is_empty());
                self.add(article, None, given)
            }
            Err(e) => {
                self.error(format!("{e}."));
                false
            }
        }
    }

    fn full(&mut self, name: &str) -> bool {
        let full = self.articles.len() >= MAX_ARTICLES;
        if full {
            self.error(format!(
                "{name}: not added, {MAX_ARTICLES} articles is the most Parallax compares at once."
            ));
        }
        full
    }

    fn add(&mut self, mut article: Article, file: Option<&str>, given: Option<&str>) -> bool {
        if let Some(twin) = self.articles.iter().find(|a| a.text.trim() == article.text.trim()) {
            let what = given.or(file).unwrap_or("pasted text");
            let text = format!("{what}: not added, it is the same text as “{}”.", twin.name);
            self.error(text);
            return false;
        }
        let wanted = match given {
            Some(n) => names::clip(n),
            None => names::default_name(file, &article),
        };
        let name = self.distinct(&wanted, None);
        if name != wanted {
            self.note(format!("“{wanted}” was taken: the new article is “{name}”."));
        }
        article.name = name;
        let label = file.unwrap_or(&article.name).to_string();
        if article.format == Format::Html {
            self.note(format!("{label}: read as a web page; only its text was kept."));
        }
        for note in article.decoding_note().into_iter().chain(article.left_out_note()) {
            self.note(format!("{label}: {note}."));
        }
        self.articles.push(article);
        self.revision += 1;
        true
    }

    /// What a reload should bring back.
    pub fn session(&self) -> Session {
        Session {
            articles: self
                .articles
                .iter()
                .map(|a| SavedArticle {
                    name: a.name.clone(),
                    text: a.text.clone(),
                    web_page: a.format == Format::Html,
                })
                .collect(),
            base: self.base,
            corrections: self.corrections.clone(),
        }
    }

    /// How many changes [`Page::session`] has seen: a new number means a new session.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Puts back the articles of a saved session in place of any loaded, read again from
    /// their text; an article that can no longer be read is named in a message and left
    /// out. Call [`Page::recompute`] after.
    pub fn restore(&mut self, session: &Session) {
        self.articles.clear();
        for saved in session.articles.iter().take(MAX_ARTICLES) {
            match saved.article() {
                Ok(mut article) => {
                    article.name = self.distinct(&names::clip(&saved.name), None);
                    self.articles.push(article);
                }
                Err(e) => self.error(format!("{e}: it was not brought back.")),
            }
        }
        self.base = if session.base < self.articles.len() { session.base } else { 0 };
        self.reading = self.base;
        self.corrections = session.corrections.clone();
        self.revision += 1;
    }

    /// How a correction names sentence `s` of article `a`.
    pub fn sentence_id(&self, a: usize, s: usize) -> Option<SentenceId> {
        let article = self.comparison.as_ref()?.articles.get(a)?;
        let text = article.sentences.get(s)?.text.clone();
        Some(SentenceId { article: article.name.clone(), text })
    }

    /// Applies a correction of sentence `s` of article `a` against `group`: `Move` it into
    /// that group, `Join` its group with it, or (`group` ignored) `Detach` it; the position
    /// follows the sentence.
    pub fn correct(&mut self, kind: CorrectionKind, a: usize, s: usize, group: usize) {
        let Some(sentence) = self.sentence_id(a, s) else { return };
        let other = || {
            let m = self.comparison.as_ref()?.groups.get(group)?.members.first()?;
            self.sentence_id(m.article, m.sentence)
        };
        let correction = match kind {
            CorrectionKind::Detach => Correction::Detach { sentence },
            CorrectionKind::Move => match other() {
                Some(to) => Correction::Move { sentence, to },
                None => return self.no_group(group),
            },
            CorrectionKind::Join => match other() {
                Some(with) => Correction::Join { sentence, with },
                None => return self.no_group(group),
            },
        };
        self.corrections.push(correction);
        self.revision += 1;
        self.recompute();
        self.group =
            self.comparison.as_ref().and_then(|c| c.articles.get(a)?.sentences.get(s)?.group);
    }

    fn no_group(&mut self, group: usize) {
        self.error(format!("There is no group #{}: nothing was changed.", group + 1));
    }

    /// Takes back correction `k`.
    pub fn undo(&mut self, k: usize) {
        if k < self.corrections.len() {
            self.corrections.remove(k);
            self.revision += 1;
            self.recompute();
        }
    }

    /// Removes every article (the browser then forgets the saved session too).
    pub fn clear(&mut self) {
        if self.articles.is_empty() {
            return;
        }
        let count = self.articles.len();
        self.articles.clear();
        let which = if count == 1 {
            "the one article".to_string()
        } else {
            format!("all {count} articles")
        };
        self.note(format!("Removed {which}; this browser no longer keeps them."));
        self.base = 0;
        self.reading = 0;
        self.filter = Filter::All;
        self.selected = None;
        self.group = None;
        self.revision += 1;
        self.recompute();
    }

    /// `name`, or `name (2)`, `name (3)`… when another article than `except` has it.
    fn distinct(&self, name: &str, except: Option<usize>) -> String {
        let taken = |n: &str| {
            self.articles.iter().enumerate().any(|(i, a)| a.name == n && Some(i) != except)
        };
        if !taken(name) {
            return name.to_string();
        }
        (2..).map(|k| format!("{name} ({k})")).find(|n| !taken(n)).unwrap_or_default()
    }

    /// Renames article `i`; refused, with a message, for a blank name or one another article
    /// has. Returns whether the name changed.
    pub fn rename(&mut self, i: usize, name: &str) -> bool {
        let name = names::clip(name);
        let Some(old) = self.articles.get(i).map(|a| a.name.clone()) else {
            return false;
        };
        if name.is_empty() {
            self.error(format!("An article needs a name: “{old}” is kept."));
            return false;
        }
        if name == old {
            return false;
        }
        if self.distinct(&name, Some(i)) != name {
            self.error(format!(
                "“{name}” is already the name of another article: “{old}” is kept."
            ));
            return false;
        }
        if let Some(a) = self.articles.get_mut(i) {
            a.name = name.clone();
        }
        // Corrections name sentences by their article's name.
        for c in &mut self.corrections {
            let ids = match c {
                Correction::Move { sentence, to } => [Some(sentence), Some(to)],
                Correction::Detach { sentence } => [Some(sentence), None],
                Correction::Join { sentence, with } => [Some(sentence), Some(with)],
            };
            for id in ids.into_iter().flatten().filter(|id| id.article == old) {
                id.article = name.clone();
            }
        }
        self.revision += 1;
        self.recompute();
        true
    }

    /// Removes article `a`; the base, the reading view and the filter follow.
    pub fn remove(&mut self, a: usize) {
        if a >= self.articles.len() {
            return;
        }
        let removed = self.articles.remove(a);
        self.note(format!("Removed “{}”.", removed.name));
        let shift = |i: usize| {
            if i > a {
                i - 1
            } else if i == a {
                0
            } else {
                i
            }
        };
        self.base = shift(self.base);
        self.reading = if self.reading == a { self.base } else { shift(self.reading) };
        self.filter = match self.filter {
            Filter::Only(i) if i == a => Filter::All,
            Filter::Only(i) => Filter::Only(shift(i)),
            f => f,
        };
        self.selected = None;
        self.group = None;
        self.revision += 1;
        self.recompute();
    }

    /// Makes article `base` the base; the position stays on the same fact.
    pub fn set_base(&mut self, base: usize) {
        if base < self.articles.len() && base != self.base {
            self.base = base;
            self.revision += 1;
            self.recompute();
        }
    }

    /// Compares the articles again; the selection and the position stay on the same
    /// sentences when they still exist.
    /// When the page is [`Page::deferred`], only marks the comparison [`Page::pending`]: the
    /// browser aligns away from the page's thread and hands the result to [`Page::begin_finish`].
    pub fn recompute(&mut self) {
        if self.base >= self.articles.len() {
            self.base = 0;
        }
        if self.reading >= self.articles.len() {
            self.reading = self.base;
        }
        self.wanted += 1;
        self.finishing = None;
        if self.deferred {
            self.pending = true;
            return;
        }
        let options = Options::default().base(self.base);
        let vectors = self.vectors.as_ref();
        let result = compare_corrected(&self.articles, &options, vectors, &self.corrections);
        self.settle(result);
    }

    /// Whether the comparison shown numbers the articles otherwise than the page now does
    /// (articles added, removed or renamed since, and its successor not made yet): actions
    /// that name an article by the comparison's number must wait for the next one.
    pub fn renumbered(&self) -> bool {
        self.comparison.as_ref().is_some_and(|c| {
            c.articles.len() != self.articles.len()
                || c.articles.iter().zip(&self.articles).any(|(x, y)| x.name != y.name)
        })
    }

    /// Starts finishing the comparison of the articles, options and corrections now held
    /// from an alignment made of them elsewhere; [`Page::advance`] does the work.
    pub fn begin_finish(&mut self, alignment: Alignment) {
        let options = Options::default().base(self.base);
        match Finishing::new(&self.articles, &options, &self.corrections, alignment) {
            Ok(f) => self.finishing = Some(f),
            Err(e) => self.settle(Err(e)),
        }
    }

    /// Does about `work` sentences' or group members' worth of the comparison being
    /// finished, and shows it once done.
    pub fn advance(&mut self, work: usize) -> Step {
        let Some(finishing) = &mut self.finishing else { return Step::Idle };
        if !finishing.advance(work) {
            return Step::Working;
        }
        match self.finishing.take().map(Finishing::finish) {
            // Made of other articles (they changed since it was asked for): still pending.
            Some(Err(e)) if *e.kind() == crate::error::ErrorKind::Stale => Step::Stale,
            Some(result) => {
                self.settle(result);
                Step::Shown
            }
            None => Step::Idle,
        }
    }

    /// Shows a new comparison; the selection and the position stay on the same sentences
    /// when they still exist.
    fn settle(&mut self, result: Result<Comparison, crate::error::Error>) {
        self.pending = false;
        self.finishing = None;
        // The position is kept as a sentence of the old comparison: group numbers change
        // with the base.
        let anchor =
            self.group.and_then(|g| self.comparison.as_ref()?.groups.get(g)).and_then(|g| {
                let m = g.members.first()?;
                Some((m.article, m.sentence, self.articles.get(m.article)?.name.clone()))
            });
        self.comparison = match result {
            Ok(c) => Some(c),
            Err(e) => {
                self.error(format!("{e}."));
                None
            }
        };
        let c = self.comparison.as_ref();
        let sentence = |(a, s): (usize, usize)| c?.articles.get(a)?.sentences.get(s);
        if self.selected.is_some_and(|sel| sentence(sel).is_none()) {
            self.selected = None;
        }
        self.group = anchor.and_then(|(a, s, name)| {
            let same = self.articles.get(a).is_some_and(|x| x.name == name);
            sentence((a, s)).filter(|_| same)?.group
        });
        if let Filter::Only(a) = self.filter {
            if a >= self.articles.len() {
                self.filter = Filter::All;
            }
        }
    }

    /// Moves to a group: the overview shows it (the filter is lifted if it hides it).
    pub fn jump(&mut self, g: usize) {
        let Some(c) = &self.comparison else { return };
        let Some(group) = c.groups.get(g) else { return };
        if !self.filter.keeps(group, c.articles.len()) {
            self.filter = Filter::All;
        }
        self.group = Some(g);
        self.view = Some(View::Overview);
    }

    /// Moves to the next or previous disagreement or shared fact after the position, round
    /// the end; says so when there is none. Returns the group moved to.
    pub fn seek(&mut self, seek: Seek) -> Option<usize> {
        let c = self.comparison.as_ref()?;
        let n = c.groups.len();
        let wanted = |g: &Group| match seek {
            Seek::NextDisagreement | Seek::PreviousDisagreement => !g.discrepancies.is_empty(),
            Seek::NextShared | Seek::PreviousShared => !g.is_unique(),
        };
        let forward = matches!(seek, Seek::NextDisagreement | Seek::NextShared);
        let order: Vec<usize> = match (self.group, forward) {
            (Some(at), true) => (at + 1..n).chain(0..=at.min(n.saturating_sub(1))).collect(),
            (Some(at), false) => (0..at.min(n)).rev().chain((at.min(n)..n).rev()).collect(),
            (None, true) => (0..n).collect(),
            (None, false) => (0..n).rev().collect(),
        };
        let found = order.into_iter().find(|&g| c.groups.get(g).is_some_and(wanted));
        match found {
            Some(g) => self.jump(g),
            None => {
                self.event();
                let what = match seek {
                    Seek::NextDisagreement | Seek::PreviousDisagreement => "disagreement",
                    _ => "fact reported by two or more articles",
                };
                self.note(format!("There is no {what} to move to."));
            }
        }
        found
    }

    /// Opens sentence `s` of article `a` in the reading view (`s` `None`: the article).
    pub fn read(&mut self, a: usize, s: Option<usize>) {
        if a < self.articles.len() {
            self.view = Some(View::Reading);
            self.reading = a;
            self.selected = s.map(|s| (a, s));
        }
    }

    /// The position as a URL fragment: `g=12&base=1&filter=disagreements` (the group as
    /// numbered on the page, from 1); only what differs from the default.
    pub fn fragment(&self) -> String {
        let mut parts = Vec::new();
        if let Some(g) = self.group {
            parts.push(format!("g={}", g + 1));
        }
        if self.base != 0 {
            parts.push(format!("base={}", self.base));
        }
        if self.filter != Filter::All {
            parts.push(format!("filter={}", self.filter.token()));
        }
        if self.view() == View::Reading {
            parts.push(format!("read={}", self.reading));
        }
        parts.join("&")
    }

    /// The base a fragment of [`Page::fragment`] names, made the base: before the first
    /// comparison of a visit is asked of a worker, so that the group the fragment names is
    /// one of a comparison on that base ([`Page::apply_fragment`] sets the rest once it
    /// comes).
    pub fn apply_fragment_base(&mut self, fragment: &str) {
        for (key, value) in fragment_parts(fragment) {
            if let ("base", Ok(b)) = (key, value.parse::<usize>()) {
                self.set_base(b);
            }
        }
    }

    /// Returns to the position a fragment of [`Page::fragment`] names (with or without its
    /// `#`); what does not exist in this comparison is left as it is.
    pub fn apply_fragment(&mut self, fragment: &str) {
        let mut group = None;
        for (key, value) in fragment_parts(fragment) {
            let number = value.parse::<usize>().ok();
            match (key, number) {
                ("base", Some(b)) => self.set_base(b),
                ("filter", _) => self.filter = Filter::parse(value),
                ("g", Some(g)) => group = g.checked_sub(1),
                ("read", Some(a)) => self.read(a, None),
                _ => {}
            }
        }
        if let Filter::Only(a) = self.filter {
            if a >= self.articles.len() {
                self.filter = Filter::All;
            }
        }
        if let Some(g) = group {
            let view = self.view;
            self.jump(g);
            self.view = view;
        }
    }
}

/// The `key=value` parts of a fragment (with or without its `#`).
fn fragment_parts(fragment: &str) -> impl Iterator<Item = (&str, &str)> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .map(|part| part.split_once('=').unwrap_or((part, "")))
}

/// Cuts `count` items into blocks of `size` (the page's virtual rows), or where `boundary`
/// allows after `size` items, and at most at four times `size`.
pub fn blocks(
    count: usize,
    size: usize,
    boundary: impl Fn(usize) -> bool,
) -> Vec<std::ops::Range<usize>> {
    let size = size.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..count {
        let len = i - start;
        if (len >= size && boundary(i)) || len >= 4 * size {
            out.push(start..i);
            start = i;
        }
    }
    if start < count {
        out.push(start..count);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_item_once_and_cut_at_boundaries() {
        let b = blocks(10, 3, |_| true);
        assert_eq!(b, vec![0..3, 3..6, 6..9, 9..10]);
        // Cut only at tens, and never past four times the size.
        let b = blocks(20, 3, |i| i % 10 == 0);
        assert_eq!(b, vec![0..10, 10..20]);
        let b = blocks(30, 2, |_| false);
        assert_eq!(b, vec![0..8, 8..16, 16..24, 24..30]);
        assert!(blocks(0, 5, |_| true).is_empty());
    }

    #[test]
    fn a_line_whose_time_is_up_stays_when_an_error_was_said_on_it() {
        let mut page = Page::default();
        page.event();
        page.note("a.txt: read as a web page.".into());
        let id = page.messages[0].id;
        page.expire(id);
        assert!(page.messages.is_empty(), "a note alone goes");
        page.event();
        page.note("a.txt: read as a web page.".into());
        page.error("b.txt: not added, it is empty.".into());
        let id = page.messages[0].id;
        page.expire(id);
        assert_eq!(page.messages.len(), 1, "the error stays until dismissed");
        page.dismiss(id);
        assert!(page.messages.is_empty());
    }

    #[test]
    fn a_deferred_page_waits_for_an_alignment_of_what_it_holds() {
        let mut page = Page::default();
        page.add_pasted("a", "Rebels entered Damascus on Sunday. Assad fled to Moscow.");
        page.add_pasted("b", "On Sunday rebels entered Damascus.");
        page.recompute();
        let before = page.comparison.clone();
        page.deferred = true;
        page.set_base(1);
        assert!(page.pending && page.comparison == before, "nothing compared yet");
        let options = Options::default().base(1);
        let alignment =
            crate::comparison::align_articles(&page.articles, &options, None, &[]).unwrap();
        // The articles change before the alignment comes back: it no longer fits.
        let stale = alignment.clone();
        page.add_pasted("c", "Assad is in Moscow.");
        page.recompute();
        assert!(page.renumbered(), "the comparison shown has two articles, the page three");
        page.begin_finish(stale);
        assert_eq!(page.advance(usize::MAX), Step::Stale);
        assert!(page.pending && page.finishing.is_none());
        let fresh = crate::comparison::align_articles(&page.articles, &options, None, &[]).unwrap();
        page.begin_finish(fresh.clone());
        // A little at a time: nothing shown until all is done.
        let mut steps = 0;
        while page.advance(1) == Step::Working {
            assert!(page.pending);
            steps += 1;
        }
        assert!(steps >= 3, "one step a block or group: {steps} steps");
        assert!(!page.pending && !page.renumbered());
        let sliced = page.comparison.clone();
        page.comparison = None;
        page.begin_finish(fresh.clone());
        assert_eq!(page.advance(usize::MAX), Step::Shown);
        assert_eq!(page.comparison, sliced, "the same done at once");
        // New input drops a comparison being finished.
        page.begin_finish(fresh);
        page.advance(1);
        page.set_base(0);
        assert_eq!(page.advance(usize::MAX), Step::Idle);
        assert!(page.pending);
        page.set_base(1);
        page.deferred = false;
        let finished = page.comparison.clone();
        page.deferred = true;
        page.set_base(0);
        page.set_base(1);
        assert!(page.pending);
        // The worker is lost: comparing here settles what was pending.
        page.deferred = false;
        page.recompute();
        assert!(!page.pending);
        assert_eq!(page.comparison, finished, "the same as comparing here");
        assert!(alignment.groups.len() > 1);
    }

    #[test]
    fn corrections_apply_follow_renames_come_back_with_the_session_and_undo() {
        let mut page = Page::default();
        page.add_pasted("a", "Rebels entered Damascus on Sunday. Assad fled to Moscow.");
        page.add_pasted("b", "On Sunday rebels entered Damascus. The weather was cold.");
        page.recompute();
        let group_of = |page: &Page, a: usize, s: usize| {
            page.comparison.as_ref().unwrap().articles[a].sentences[s].group.unwrap()
        };
        assert_eq!(group_of(&page, 0, 0), group_of(&page, 1, 0));
        page.correct(CorrectionKind::Detach, 1, 0, 0);
        assert_ne!(group_of(&page, 0, 0), group_of(&page, 1, 0));
        let flight = group_of(&page, 0, 1);
        page.correct(CorrectionKind::Move, 1, 1, flight);
        assert_eq!(group_of(&page, 0, 1), group_of(&page, 1, 1));
        assert_eq!(page.group, Some(group_of(&page, 1, 1)), "the position follows the sentence");
        page.correct(CorrectionKind::Join, 0, 0, 99);
        assert!(page.messages.iter().any(|m| m.error && m.text.contains("no group #100")));
        assert_eq!(page.corrections.len(), 2);

        assert!(page.rename(1, "bee"));
        assert_eq!(group_of(&page, 0, 1), group_of(&page, 1, 1), "a rename keeps the corrections");
        let mut again = Page::default();
        again.restore(&page.session());
        again.recompute();
        assert_eq!(again.corrections, page.corrections);
        assert_eq!(group_of(&again, 0, 1), group_of(&again, 1, 1));
        let applied =
            |p: &Page| p.comparison.as_ref().unwrap().corrections.iter().all(|c| c.applied);
        assert!(applied(&again));

        page.undo(0);
        assert_eq!(
            group_of(&page, 0, 0),
            group_of(&page, 1, 0),
            "undone, the entries share a group again"
        );
        assert_eq!(page.corrections.len(), 1);
    }

    #[test]
    fn a_session_brings_back_articles_names_and_base() {
        let mut page = Page::default();
        page.add_file("000_fdf7cf9fd6accedf.txt", b"Rebels entered Damascus on Sunday.");
        page.add_pasted("wire", "Russia granted Assad asylum, the Kremlin said.");
        page.add_file(
            "saved.html",
            b"<html><body><p>The Kremlin said Assad is in Moscow.</p></body></html>",
        );
        assert!(page.rename(1, "wire copy"));
        page.set_base(2);
        let saved = page.session();
        assert_eq!(saved.articles.len(), 3);
        assert!(saved.articles[2].web_page && !saved.articles[0].web_page);

        let mut again = Page::default();
        again.restore(&saved);
        again.recompute();
        let names: Vec<&str> = again.articles.iter().map(|a| a.name.as_str()).collect();
        let before: Vec<&str> = page.articles.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, before);
        assert_eq!(again.base, 2);
        assert_eq!(again.articles[2].format, Format::Html);
        assert_eq!(again.session(), saved);
        assert_eq!(
            again.comparison.as_ref().map(|c| c.groups.len()),
            page.comparison.as_ref().map(|c| c.groups.len())
        );
    }

    #[test]
    fn a_session_that_cannot_be_read_back_loses_only_its_bad_article() {
        let saved = Session {
            articles: vec![
                SavedArticle { name: "empty".into(), text: "   ".into(), web_page: false },
                SavedArticle {
                    name: "kept".into(),
                    text: "Rebels took Homs.".into(),
                    web_page: false,
                },
            ],
            base: 5,
            corrections: Vec::new(),
        };
        let mut page = Page::default();
        page.restore(&saved);
        assert_eq!(page.articles.len(), 1);
        assert_eq!(page.base, 0);
        assert!(page.messages.iter().any(|m| m.error && m.text.contains("empty")));
    }

    #[test]
    fn every_change_a_session_keeps_is_a_new_revision_and_clearing_empties_the_page() {
        let mut page = Page::default();
        let mut last = page.revision();
        let mut changed = |page: &Page| {
            let now = page.revision();
            let changed = now != last;
            last = now;
            changed
        };
        page.add_pasted("a", "Rebels entered Damascus on Sunday.");
        assert!(changed(&page));
        page.add_pasted("b", "Russia granted Assad asylum.");
        page.recompute();
        assert!(changed(&page));
        page.filter = Filter::Disagreements;
        page.recompute();
        assert!(!changed(&page), "the filter is kept in the address, not the session");
        assert!(page.rename(0, "first"));
        assert!(changed(&page));
        page.set_base(1);
        assert!(changed(&page));
        page.remove(0);
        assert!(changed(&page));
        page.clear();
        assert!(changed(&page));
        assert!(
            page.articles.is_empty()
                && page.comparison.as_ref().is_none_or(|c| c.groups.is_empty())
        );
        assert!(page.messages.iter().any(|m| m.text.contains("Removed the one article")));
    }

    const A: &str = "Rebels entered Damascus on December 8. Russia granted Assad asylum on \
                     humanitarian grounds. The army withdrew from the capital.";
    const B: &str = "Moscow granted Assad asylum for humanitarian reasons. Rebels entered \
                     Damascus on December 7.";
    const C: &str = "Russia granted Assad asylum on humanitarian grounds, the Kremlin said. \
                     Crowds gathered in the central square.";

    fn page(texts: &[(&str, &str)]) -> Page {
        let mut page = Page::default();
        for (name, text) in texts {
            page.add_file(name, text.as_bytes());
        }
        page.recompute();
        page
    }

    fn names(page: &Page) -> Vec<&str> {
        page.articles.iter().map(|a| a.name.as_str()).collect()
    }

    #[test]
    fn the_same_text_added_twice_is_refused_with_a_message() {
        let mut p = page(&[("a.txt", A), ("b.txt", B)]);
        p.event();
        p.add_file("copy.txt", A.as_bytes());
        assert_eq!(p.articles.len(), 2);
        let m = p.messages.last().expect("a message");
        assert!(m.error && m.text.contains("copy.txt") && m.text.contains("same text as “a”"));
    }

    #[test]
    fn two_articles_never_share_a_name() {
        let mut p = page(&[("a.txt", A), ("a.html", B)]);
        assert_eq!(names(&p), ["a", "a (2)"]);
        assert!(p.messages.iter().any(|m| m.text.contains("“a (2)”")));
        p.event();
        assert!(!p.rename(1, " a "), "a taken name is refused");
        assert_eq!(names(&p), ["a", "a (2)"]);
        assert!(p.messages[0].error && p.messages[0].text.contains("already the name"));
        assert!(!p.rename(1, "  "), "a blank name is refused");
        assert!(p.rename(1, "tass"));
        assert_eq!(p.comparison.as_ref().map(|c| c.articles[1].name.as_str()), Some("tass"));
    }

    #[test]
    fn empty_pasted_text_is_called_pasted_text() {
        let mut p = page(&[("a.txt", A)]);
        p.event();
        assert!(!p.add_pasted("", "  \n "));
        assert!(p.messages[0].text.contains("the pasted text is empty"), "{:?}", p.messages);
        assert!(p.add_pasted("", B));
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[1].name, "Moscow granted Assad asylum for…");
    }

    #[test]
    fn one_line_per_event_and_older_lines_go() {
        let mut p = page(&[("a.txt", A), ("b.txt", B), ("c.txt", C)]);
        p.event();
        p.remove(2);
        p.event();
        p.remove(1);
        assert_eq!(p.messages.len(), 1, "{:?}", p.messages);
        assert_eq!(p.messages[0].text, "Removed “b”.");
        p.event();
        p.add_file("x.png", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13]);
        p.add_file("y.txt", b"");
        assert_eq!(p.messages.len(), 1, "two refusals of one drop share a line");
        assert!(p.messages[0].error && p.messages[0].text.contains("x.png"));
        assert!(p.messages[0].text.contains("y.txt"));
        p.event();
        assert_eq!(p.messages.len(), 1, "errors stay until dismissed");
        let id = p.messages[0].id;
        p.dismiss(id);
        assert!(p.messages.is_empty());
    }

    #[test]
    fn removing_an_article_moves_base_reading_and_filter_with_it() {
        let mut p = page(&[("a.txt", A), ("b.txt", B), ("c.txt", C)]);
        p.set_base(2);
        p.read(1, None);
        p.filter = Filter::Only(2);
        p.remove(0);
        assert_eq!((p.base, p.reading, p.filter), (1, 0, Filter::Only(1)));
        p.remove(1);
        assert_eq!((p.base, p.filter), (0, Filter::All));
        assert_eq!(p.comparison.as_ref().map(|c| c.articles.len()), Some(1));
    }

    #[test]
    fn a_base_change_keeps_the_position_on_the_same_fact() {
        let mut p = page(&[("a.txt", A), ("b.txt", B)]);
        let g = p.seek(Seek::NextDisagreement).expect("the dates disagree");
        let text = |p: &Page, g: usize| {
            let c = p.comparison.as_ref().unwrap();
            let m = &c.groups[g].members[0];
            c.articles[m.article].sentences[m.sentence].text.clone()
        };
        let before = text(&p, g);
        p.set_base(1);
        let after = p.group.expect("a position");
        assert_eq!(text(&p, after), before);
        assert_ne!(after, g, "the groups follow the new base's order");
    }

    #[test]
    fn seeking_moves_between_disagreements_and_shared_facts_round_the_end() {
        let mut p = page(&[("a.txt", A), ("b.txt", B), ("c.txt", C)]);
        let c = p.comparison.clone().unwrap();
        let flagged: Vec<usize> =
            (0..c.groups.len()).filter(|&g| !c.groups[g].discrepancies.is_empty()).collect();
        let shared: Vec<usize> =
            (0..c.groups.len()).filter(|&g| !c.groups[g].is_unique()).collect();
        assert_eq!(flagged.len(), 1);
        assert!(shared.len() >= 2);
        assert_eq!(p.seek(Seek::NextDisagreement), Some(flagged[0]));
        assert_eq!(p.seek(Seek::NextDisagreement), Some(flagged[0]), "round the end");
        p.group = None;
        assert_eq!(p.seek(Seek::NextShared), Some(shared[0]));
        assert_eq!(p.seek(Seek::NextShared), Some(shared[1]));
        assert_eq!(p.seek(Seek::PreviousShared), Some(shared[0]));
        assert_eq!(p.seek(Seek::PreviousShared), Some(*shared.last().unwrap()));
        p.filter = Filter::Unique;
        p.seek(Seek::NextShared);
        assert_eq!(p.filter, Filter::All, "a filter that hides the row is lifted");
        let mut lone = page(&[("a.txt", A)]);
        assert_eq!(lone.seek(Seek::NextDisagreement), None);
        assert!(lone.messages[0].text.contains("no disagreement"));
    }

    #[test]
    fn the_fragment_brings_the_reader_back() {
        let mut p = page(&[("a.txt", A), ("b.txt", B), ("c.txt", C)]);
        p.set_base(1);
        p.filter = Filter::Shared;
        p.seek(Seek::NextShared);
        let fragment = p.fragment();
        let mut q = page(&[("a.txt", A), ("b.txt", B), ("c.txt", C)]);
        q.apply_fragment(&format!("#{fragment}"));
        assert_eq!((q.base, q.filter, q.group), (p.base, p.filter, p.group), "{fragment}");
        q.apply_fragment("g=999&filter=only-9&base=x");
        assert_eq!((q.base, q.filter), (1, Filter::All), "what does not exist is ignored");
        // A page that waits for a worker takes the base first, and the group once a
        // comparison on that base is there.
        let mut r = page(&[("a.txt", A), ("b.txt", B), ("c.txt", C)]);
        r.deferred = true;
        r.apply_fragment_base(&format!("#{fragment}"));
        assert!(r.pending && r.base == 1 && r.group.is_none(), "{fragment}");
        r.deferred = false;
        r.recompute();
        r.apply_fragment(&fragment);
        assert_eq!((r.base, r.filter, r.group), (p.base, p.filter, p.group), "{fragment}");
    }

    #[test]
    fn filters_read_back_their_tokens() {
        for f in [
            Filter::All,
            Filter::Every,
            Filter::Several,
            Filter::Shared,
            Filter::Unique,
            Filter::Only(3),
            Filter::Disagreements,
        ] {
            assert_eq!(Filter::parse(&f.token()), f);
        }
        assert_eq!(Filter::parse("only-x"), Filter::All);
    }
}
