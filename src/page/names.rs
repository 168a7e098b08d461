//! Readable default names for articles: the file's own name when a person chose it, else the
//! outlet a wire dateline names, else the title, else the first words of the first sentence.

use crate::segment::sentences;
use crate::Article;

/// Longest default name, in characters: a card and a column header show about 40 characters
/// of bold text on one line at 1400 px with four articles.
pub const NAME_CHARS: usize = 40;

/// Longest name a reader may give, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// Suffixes taken off a file name: what it is, not what it says.
const EXTENSIONS: &[&str] = &[".txt", ".text", ".html", ".htm"];

/// A run of this many hexadecimal digits (one a digit at least) makes a file name machine-made:
/// "000_fdf7cf9fd6accedf.txt", "IMG_20241209". Eight is the shortest hash or date stamp seen.
const MACHINE_RUN: usize = 8;

/// A name a reader typed, trimmed and cut to [`MAX_NAME_CHARS`].
pub fn clip(name: &str) -> String {
    name.trim().chars().take(MAX_NAME_CHARS).collect()
}

/// The name an article gets when added from `file_name` (`None` for pasted text).
pub fn default_name(file_name: Option<&str>, article: &Article) -> String {
    let file = file_name.unwrap_or("").trim();
    let stem = EXTENSIONS
        .iter()
        .find_map(|e| {
            let cut = file.len().checked_sub(e.len())?;
            file.get(cut..).filter(|x| x.eq_ignore_ascii_case(e))?;
            file.get(..cut)
        })
        .unwrap_or(file)
        .trim();
    if !stem.is_empty() && !machine_made(stem) {
        return clip(stem);
    }
    let first = sentences(article)
        .into_iter()
        .find(|s| s.is_aligned())
        .and_then(|s| article.text.get(s.range));
    if let Some(outlet) = first.and_then(outlet) {
        return clip(outlet);
    }
    let words = match (article.title(), first) {
        (Some(title), _) => title,
        (None, Some(first)) => without_dateline(first),
        (None, None) => stem,
    };
    match shorten(words) {
        s if s.is_empty() => "article".to_string(),
        s => s,
    }
}

fn machine_made(stem: &str) -> bool {
    if !stem.chars().any(char::is_alphabetic) {
        return true;
    }
    let mut run = 0;
    let mut digit = false;
    for c in stem.chars() {
        if c.is_ascii_hexdigit() {
            run += 1;
            digit |= c.is_ascii_digit();
            if run >= MACHINE_RUN && digit {
                return true;
            }
        } else {
            run = 0;
            digit = false;
        }
    }
    false
}

/// Where a dateline ends: "MOSCOW (Reuters) - ", "Moscow, Russia – December 9: ".
const DATELINE_ENDS: &[&str] = &[": ", " – ", " — ", " - "];

/// The dateline opening `sentence` and the rest, when it opens with one: a few words, each
/// capitalized, a figure or in parentheses, before a colon or a dash.
fn dateline(sentence: &str) -> Option<(&str, &str)> {
    let (at, end) =
        DATELINE_ENDS.iter().filter_map(|e| sentence.find(e).map(|at| (at, at + e.len()))).min()?;
    let head = sentence.get(..at)?;
    let words = head.split_whitespace().count();
    let capitalized = head.split_whitespace().all(|w| {
        w.trim_start_matches('(').chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())
    });
    (words > 0 && words <= 5 && capitalized).then(|| (head, sentence.get(end..).unwrap_or("")))
}

/// The outlet a wire dateline names in parentheses: "WASHINGTON (AP) — …" gives "AP".
fn outlet(sentence: &str) -> Option<&str> {
    let (head, _) = dateline(sentence)?;
    let inner = head.split_once('(')?.1.split_once(')')?.0.trim();
    (!inner.is_empty()).then_some(inner)
}

fn without_dateline(mut sentence: &str) -> &str {
    // "Moscow, Russia – December 9: In a dramatic turn…" has two.
    for _ in 0..3 {
        match dateline(sentence) {
            Some((_, rest)) if !rest.trim().is_empty() => sentence = rest,
            _ => break,
        }
    }
    sentence
}

/// `text` cut at a word to [`NAME_CHARS`] characters, with "…" when cut.
fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= NAME_CHARS {
        return text.trim_end_matches(['.', '!', '?']).to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > NAME_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(NAME_CHARS).collect();
    }
    let mut out = out.trim_end_matches([',', ';', ':', '.', '–', '—', '-']).to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(file: &str, text: &str) -> String {
        default_name(
            Some(file).filter(|f| *f != "pasted"),
            &Article::from_text(file, text.to_string()).expect("text"),
        )
    }

    #[test]
    fn a_name_a_person_chose_is_kept_without_its_extension() {
        assert_eq!(name("reuters.txt", "Rebels entered Damascus."), "reuters");
        assert_eq!(name("Le Monde.HTML", "Rebels entered Damascus."), "Le Monde");
        assert_eq!(name("notes", "Rebels entered Damascus."), "notes");
    }

    #[test]
    fn a_hash_file_name_gives_way_to_the_title_or_the_first_words() {
        // (file, text, name): table of the seeds' shapes.
        let table = [
            (
                "000_fdf7cf9fd6accedf.txt",
                "Russia gives Bashar Assad and his family asylum, will not extradite them to anyone\n\nBashar al-Assad has arrived in Russia.",
                "Russia gives Bashar Assad and his family…",
            ),
            (
                "001_be7e029a7d16086c.txt",
                "Moscow, Russia – December 9: In a dramatic turn of events, Russia has granted asylum to Assad.",
                "In a dramatic turn of events, Russia has…",
            ),
            ("IMG_20241209.txt", "Assad fled.", "Assad fled"),
            ("000.txt", "Assad fled to Moscow.", "Assad fled to Moscow"),
            ("x_0123456789abcdef.txt", "WASHINGTON (AP) — Assad fled to Moscow.", "AP"),
        ];
        for (file, text, expected) in table {
            assert_eq!(name(file, text), expected, "{file}");
        }
    }

    #[test]
    fn pasted_text_is_named_by_its_words() {
        let text = "MOSCOW (Reuters) - Russia granted Assad asylum, the Kremlin said.";
        assert_eq!(name("pasted", text), "Reuters");
        assert_eq!(name("pasted", "Syria: Assad fled."), "Assad fled");
    }

    #[test]
    fn a_sentence_that_opens_with_capitalized_words_is_not_a_dateline() {
        assert_eq!(
            without_dateline("Assad fled: the Kremlin said so."),
            "Assad fled: the Kremlin said so."
        );
        assert_eq!(without_dateline("Syria: Assad fled."), "Assad fled.");
    }
}
