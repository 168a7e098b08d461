//! The Python module `parallax._native`: reads articles as the CLI reads files and compares them
//! with the core, for `parallax.compare` and the Arrow entry point (python/parallax/).
//!
//! Bad input never panics or crashes the interpreter: an article that cannot be read raises
//! `parallax.ArticleError` (a `ValueError`) whose message names it, or, for the Arrow entry
//! point, comes back as a (position, reason) pair while the others are compared.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use parallax::comparison::{compare_with, sentences_to_encode};
use parallax::matching::encoder::{Encoder, SentenceVectors};
use parallax::{Article, Options};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

create_exception!(
    _native,
    ArticleError,
    PyValueError,
    "An article that cannot be read: empty, binary, in an unknown encoding or too large. The \
     message names the article."
);

/// The encoder last loaded, by its path: a Spark executor compares thousands of events with
/// one Python worker, and reading the 23 MB weights for each would cost more than the events.
static ENCODER: Mutex<Option<(PathBuf, Arc<Encoder>)>> = Mutex::new(None);

fn encoder(path: PathBuf) -> PyResult<Arc<Encoder>> {
    let mut cached = ENCODER.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((p, e)) = cached.as_ref() {
        if *p == path {
            return Ok(Arc::clone(e));
        }
    }
    let shown = path.display().to_string();
    let bytes = std::fs::read(&path)
        .map_err(|e| PyValueError::new_err(format!("{shown}: cannot read it ({e})")))?;
    let loaded = Arc::new(
        Encoder::from_bytes(&shown, &bytes).map_err(|e| PyValueError::new_err(e.to_string()))?,
    );
    *cached = Some((path, Arc::clone(&loaded)));
    Ok(loaded)
}

/// An article's bytes as given: a `str` (read as its UTF-8), `bytes` (decoded as the CLI
/// decodes a file), or `None` (no text).
fn article_bytes(name: &str, text: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if text.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(s) = text.cast::<PyString>() {
        return Ok(s.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(b) = text.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    Err(PyTypeError::new_err(format!(
        "{name}: the text must be str or bytes, not {}",
        text.get_type().name()?
    )))
}

/// A comparison as JSON (None when no article could be read) and the articles that could not
/// be read, as (position among those given, reason).
type Compared = (Option<String>, Vec<(usize, String)>);

/// Compares `articles`, (name, text) pairs, and returns the comparison as `parallax --json`
/// writes it (None when no article could be read) with the articles that could not be read,
/// as (position in `articles`, reason). With `skip_bad` false, an article that cannot be read
/// raises `ArticleError` instead. `threshold` is the similarity two sentences need to share a
/// group (the CLI's `--threshold`); `model` the encoder's weights file (the CLI's `--model`;
/// without it the lexical matcher runs, as with `--lexical`).
#[pyfunction]
#[pyo3(signature = (articles, base=0, threshold=None, model=None, skip_bad=false))]
fn compare_json(
    py: Python<'_>,
    articles: Vec<(String, Bound<'_, PyAny>)>,
    base: usize,
    threshold: Option<f32>,
    model: Option<PathBuf>,
    skip_bad: bool,
) -> PyResult<Compared> {
    if let Some(t) = threshold {
        if !(0.0..=1.0).contains(&t) {
            return Err(PyValueError::new_err(format!(
                "threshold must be between 0 and 1, not {t}"
            )));
        }
    }
    let given: Vec<(String, Vec<u8>)> = articles
        .iter()
        .map(|(name, text)| Ok((name.clone(), article_bytes(name, text)?)))
        .collect::<PyResult<_>>()?;
    let encoder = model.map(encoder).transpose()?;
    let names: Vec<String> = given.iter().map(|(name, _)| name.clone()).collect();
    // A panic is a bug in the core; caught here, it fails this call alone (a RuntimeError
    // naming the articles), not the Python worker and the events it has still to compare.
    let result = py.detach(move || {
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            compare_given(&given, base, threshold, encoder.as_deref(), skip_bad)
        }))
    });
    let result = result.map_err(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        PyRuntimeError::new_err(format!(
            "{}: internal error in Parallax's comparison ({why}); please report it",
            names.join(", ")
        ))
    })?;
    match result {
        Ok((_, bad)) if !skip_bad && !bad.is_empty() => {
            let reasons: Vec<&str> = bad.iter().map(|(_, r)| r.as_str()).collect();
            Err(ArticleError::new_err(reasons.join("; ")))
        }
        Ok(out) => Ok(out),
        Err(message) => Err(PyValueError::new_err(message)),
    }
}

/// [`compare_json`]'s work, without the interpreter: reads the articles, compares those that
/// could be read (all of them, unless `skip_bad`) and writes the comparison as JSON.
fn compare_given(
    given: &[(String, Vec<u8>)],
    base: usize,
    threshold: Option<f32>,
    encoder: Option<&Encoder>,
    skip_bad: bool,
) -> Result<Compared, String> {
    let mut read = Vec::with_capacity(given.len());
    let mut bad = Vec::new();
    for (i, (name, bytes)) in given.iter().enumerate() {
        match Article::from_bytes(name, bytes) {
            Ok(article) => read.push(article),
            Err(e) => bad.push((i, e.to_string())),
        }
    }
    if read.is_empty() {
        return Ok((None, bad));
    }
    if !skip_bad && !bad.is_empty() {
        return Ok((None, bad));
    }
    let mut options = Options::default().base(base);
    if let Some(t) = threshold {
        options.threshold = t;
        options.semantic_threshold = t;
    }
    let vectors = encoder.map(|e| {
        let texts = sentences_to_encode(&read);
        SentenceVectors::encode(e, texts.iter().map(String::as_str))
    });
    let comparison = compare_with(&read, &options, vectors.as_ref()).map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&comparison).map_err(|e| e.to_string())?;
    Ok((Some(json), bad))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(compare_json, m)?)?;
    m.add("ArticleError", m.py().get_type::<ArticleError>())?;
    m.add("MAX_ARTICLES", parallax::MAX_ARTICLES)?;
    m.add("MAX_ARTICLE_BYTES", parallax::MAX_ARTICLE_BYTES)?;
    Ok(())
}
