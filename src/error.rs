//! Typed errors of the core: what was wrong with which input, in words a reader can act on.

use std::fmt;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input holds no text at all (or only white space).
    Empty,
    /// The input holds control bytes that text never has: an image, a PDF, an archive.
    Binary {
        /// Byte offset of the first such byte.
        offset: usize,
    },
    /// The bytes are neither UTF-8, UTF-16 nor Windows-1252.
    Encoding {
        /// Byte offset of the first byte that fits no supported encoding.
        offset: usize,
    },
    /// The bytes are UTF-16 (by their byte-order mark, or by their zero bytes) but not valid
    /// UTF-16: an odd number of bytes, or half of a surrogate pair alone.
    Utf16 {
        /// Byte offset of the first bad code unit.
        offset: usize,
    },
    /// The input is larger than [`crate::MAX_ARTICLE_BYTES`].
    TooLarge { bytes: usize, limit: usize },
    /// More articles than [`crate::MAX_ARTICLES`] were given.
    TooManyArticles { count: usize, limit: usize },
    /// The chosen base article does not exist.
    NoSuchBase { base: usize, count: usize },
    /// An alignment was made of other articles than those given to finish it.
    Stale,
    /// A sentence encoder's weights file cannot be used.
    Weights {
        /// What is wrong with it.
        reason: String,
        /// Its size in bytes.
        bytes: usize,
    },
}

/// An error about one input, named by the name it was given (usually its file name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    name: String,
    kind: ErrorKind,
}

impl Error {
    pub fn new(name: impl Into<String>, kind: ErrorKind) -> Self {
        Error { name: name.into(), kind }
    }

    /// The name of the input the error is about.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.kind {
            ErrorKind::Empty => write!(f, "{name}: no text in it (the file is empty or blank)"),
            ErrorKind::Binary { offset } => write!(
                f,
                "{name}: not a text file (binary data at byte {offset}); \
                 save the article as plain text first"
            ),
            ErrorKind::Encoding { offset } => write!(
                f,
                "{name}: unknown text encoding (byte {offset} fits neither UTF-8, UTF-16 nor \
                 Windows-1252); save the article as UTF-8"
            ),
            ErrorKind::Utf16 { offset } => write!(
                f,
                "{name}: damaged UTF-16 text (the code unit at byte {offset} is not valid \
                 UTF-16); save the article as UTF-8"
            ),
            ErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "{name}: too large to compare ({bytes} bytes; the limit is {limit} bytes)"
            ),
            ErrorKind::TooManyArticles { count, limit } => {
                write!(f, "{name}: too many articles ({count}; the limit is {limit})")
            }
            ErrorKind::NoSuchBase { base, count } => write!(
                f,
                "{name}: there is no article {base} to use as the base (articles are numbered \
                 0 to {})",
                count.saturating_sub(1)
            ),
            ErrorKind::Stale => {
                write!(f, "{name}: the groups were made for other articles; compare them again")
            }
            ErrorKind::Weights { reason, bytes } => {
                write!(f, "{name}: cannot use these encoder weights ({bytes} bytes): {reason}")
            }
        }
    }
}

impl std::error::Error for Error {}
