//! Parallax compares news articles about the same event, sentence by sentence.
//!
//! The core is a pipeline, one module a stage, each depending only on the ones before it:
//!
//! 1. [`intake`]: bytes → [`intake::Article`]: decoding (web pages through [`html`]), lines,
//!    title, headings, boilerplate;
//! 2. [`segment`]: article → sentences with their offsets;
//! 3. [`matching`]: how likely two sentences are to report the same fact;
//! 4. [`align`]: every sentence of every article into exactly one *group*;
//! 5. [`diff`]: word differences of each group member against the group's reference;
//! 6. [`discrepancy`]: figures the members of a group give differently.
//!
//! [`comparison::compare`] runs them all and returns [`Comparison`], the one value the
//! terminal report, the JSON output and the web page read. [`text`] and [`quantity`] hold
//! the tokenizer and the number reader the stages share.
//!
//! ```
//! use parallax::{compare_texts, Options};
//!
//! let comparison = compare_texts(
//!     &[
//!         ("tass.txt", "Rebels entered Damascus on December 8. Assad fled to Moscow."),
//!         ("afp.txt", "Assad has fled to Moscow. Rebels entered Damascus on December 7."),
//!     ],
//!     &Options::default(),
//! )?;
//! // The two reports of the rebels entering Damascus form one group, whatever their order…
//! let group = &comparison.groups[0];
//! assert_eq!(group.members.len(), 2);
//! // …and the dates they give disagree.
//! assert_eq!(group.discrepancies[0].values[1].text, "December 7");
//! # Ok::<(), parallax::Error>(())
//! ```

pub mod align;
pub mod comparison;
pub mod diff;
pub mod discrepancy;
pub mod error;
pub mod export;
pub mod html;
pub mod intake;
pub mod matching;
pub mod page;
pub mod quantity;
pub mod report;
pub mod segment;
pub mod text;
mod unicode_tables;

#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod web;

pub use comparison::{compare, Comparison, Options};
pub use error::{Error, ErrorKind};
pub use intake::Article;

/// The largest article accepted, in bytes of UTF-8 text. A long novel is 1–3 MB; 8 MiB leaves
/// room for two book-length texts side by side in the browser's memory.
pub const MAX_ARTICLE_BYTES: usize = 8 * 1024 * 1024;

/// The largest file read as an article, in bytes as stored: twice [`MAX_ARTICLE_BYTES`],
/// since UTF-16 takes two bytes for each character UTF-8 writes in one. The CLI and the page
/// check a file's size against it before reading it, and read no more than this.
pub const MAX_FILE_BYTES: usize = 2 * MAX_ARTICLE_BYTES;

/// The most articles compared at once. Twenty articles is the largest case the project
/// plans for; 64 leaves room while keeping a runaway drop of a whole folder in check.
pub const MAX_ARTICLES: usize = 64;

/// Compares texts given as (name, text) pairs: the one-line shortcut for reading each with
/// [`Article::from_text`] and calling [`compare`].
pub fn compare_texts(texts: &[(&str, &str)], options: &Options) -> Result<Comparison, Error> {
    let articles = texts
        .iter()
        .map(|(name, text)| Article::from_text(name, text.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    compare(&articles, options)
}
