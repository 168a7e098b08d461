//! What a reader checks in the comparison of the four seed articles, each fact a function
//! that says what is wrong. Shared by `tests/seeds.rs` and `parallax-eval` (which prints them
//! as pass/fail rows).

use std::path::Path;

use parallax::comparison::Group;
use parallax::{Article, Comparison, Options};

/// Reads the `.txt` files of `dir` in name order and compares them.
pub fn compare_dir(dir: &Path) -> Result<Comparison, String> {
    compare_dir_with(dir, &Options::default())
}

/// [`compare_dir`] with other options (an evaluation trying another model or threshold).
pub fn compare_dir_with(dir: &Path, options: &Options) -> Result<Comparison, String> {
    compare_dir_encoded(dir, options, None)
}

/// [`compare_dir_with`] with the sentence encoder's vectors.
pub fn compare_dir_encoded(
    dir: &Path,
    options: &Options,
    encoder: Option<&parallax::matching::encoder::Encoder>,
) -> Result<Comparison, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let articles = paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Article::from_bytes(&p.file_name().unwrap_or_default().to_string_lossy(), &bytes)
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let vectors = encoder.map(|e| {
        let texts = parallax::comparison::sentences_to_encode(&articles);
        parallax::matching::encoder::SentenceVectors::encode(e, texts.iter().map(String::as_str))
    });
    parallax::comparison::compare_with(&articles, options, vectors.as_ref())
        .map_err(|e| e.to_string())
}

/// A check of one fact: `Err` says what is wrong.
pub type Check = fn(&Comparison) -> Result<(), String>;

/// The seed facts: (what a reader expects, the check).
pub const FACTS: &[(&str, Check)] = &[
    ("the asylum reports of 000, 001 and 002 share a group", asylum),
    ("003's unrelated teasers align with nothing", teasers),
    ("years of Assad family rule are a discrepancy", years),
    ("two quotes sharing only \"as reported by … news agency\" are apart", attribution),
    ("000's byline and 003's page chrome are boilerplate", boilerplate),
    ("titles come from first lines that read as one", titles),
];

fn check(ok: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(message())
    }
}

pub fn text(c: &Comparison, article: usize, sentence: usize) -> &str {
    &c.articles[article].sentences[sentence].text
}

fn group_of<'c>(c: &'c Comparison, article: usize, needle: &str) -> Result<&'c Group, String> {
    let s = c
        .articles
        .get(article)
        .and_then(|a| a.sentences.iter().find(|s| s.text.contains(needle)))
        .ok_or_else(|| format!("no sentence of article {article} contains {needle:?}"))?;
    let g = s.group.ok_or_else(|| format!("{needle:?} is in no group"))?;
    Ok(&c.groups[g])
}

fn asylum(c: &Comparison) -> Result<(), String> {
    let shared = c.groups.iter().any(|g| {
        (0..3).all(|a| {
            g.members.iter().any(|m| m.article == a && text(c, a, m.sentence).contains("asylum"))
        })
    });
    check(shared, || "no group holds an asylum sentence of each of 000, 001 and 002".into())
}

fn teasers(c: &Comparison) -> Result<(), String> {
    let article = c.articles.get(3).ok_or("no article 003")?;
    let first = article
        .sentences
        .iter()
        .position(|s| s.text.starts_with("Narcotrafficking"))
        .ok_or("003 has no teaser")?;
    for s in &article.sentences[first..] {
        let unique = s.group.is_some_and(|g| c.groups[g].is_unique());
        check(s.boilerplate || unique, || {
            format!("teaser aligned with another article: {}", s.text)
        })?;
    }
    check(article.sentences.iter().any(|s| s.text == "Read More →" && s.boilerplate), || {
        "\"Read More →\" is not boilerplate".into()
    })
}

fn years(c: &Comparison) -> Result<(), String> {
    let g = group_of(c, 0, "over 50 years")?;
    let texts: Vec<&str> =
        g.discrepancies.iter().flat_map(|d| d.values.iter().map(|v| v.text.as_str())).collect();
    check(
        texts.contains(&"over 50 years")
            && (texts.contains(&"nearly six decades") || texts.contains(&"five decades")),
        || format!("the group of \"over 50 years\" flags {texts:?}"),
    )
}

/// 001's UN quote and 002's Peskov quote share nothing but how they are attributed.
fn attribution(c: &Comparison) -> Result<(), String> {
    let un = group_of(c, 1, "We insist that UN-mediated negotiations")?;
    let peskov = group_of(c, 2, "It was his decision")?;
    check(!std::ptr::eq(un, peskov), || {
        "\"We insist that UN-mediated negotiations…\" and \"It was his decision…\" share a group"
            .into()
    })
}

fn boilerplate(c: &Comparison) -> Result<(), String> {
    let is = |a: usize, t: &str| {
        c.articles.get(a).is_some_and(|a| a.sentences.iter().any(|s| s.text == t && s.boilerplate))
    };
    for (a, t) in [
        (0, "Andrey Mihayloff"),
        (0, "Author`s name"),
        (3, "• Post category:International"),
        (3, "• Reading time:7 mins read"),
    ] {
        check(is(a, t), || format!("{t:?} of article {a} is not boilerplate"))?;
    }
    check(!c.articles[1].sentences.iter().any(|s| s.boilerplate), || {
        "001 has no chrome, yet a sentence is boilerplate".into()
    })
}

fn titles(c: &Comparison) -> Result<(), String> {
    let title = |a: usize| c.articles.get(a).and_then(|a| a.title.as_deref());
    let expected = [
        (0, Some("Russia gives Bashar Assad and his family asylum, will not extradite them to anyone")),
        (1, None),
        (3, Some("Syria: Moscow admits for the first time that Bashar al-Assad has fled to Russia")),
    ];
    for (a, want) in expected {
        check(title(a) == want, || format!("title of {a} is {:?}, not {want:?}", title(a)))?;
    }
    Ok(())
}
