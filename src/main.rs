//! The `parallax` command: compares article files and prints a report or the JSON comparison.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use std::path::PathBuf;

use parallax::comparison::{compare_with, sentences_to_encode, Matcher, MAX_SEMANTIC_SENTENCES};
use parallax::matching::encoder::{Encoder, SentenceVectors};
use parallax::report::{render, visible_line, ReportOptions};
use parallax::{Article, Options, MAX_FILE_BYTES};

const USAGE: &str = "\
Usage: parallax [OPTIONS] FILE...

Compares news articles about the same event, sentence by sentence.

Options:
  --json            print the comparison as JSON (see docs/json.md) instead of a report
  --format F        what to print: text (the report, default), json (as --json), md (a
                    Markdown table of groups and the disagreements), csv (one row per group
                    member) or html (a self-contained page to print or send)
  --base N          order groups by article N (counting from 0, in the order given); default 0
  --threshold X     similarity (0 to 1) two sentences need to share a group; default 0.3
                    with the lexical matcher, 0.19 with the encoder (a probability from
                    the cosine, the wording and the word pieces)
  --model PATH      the sentence encoder's weights file (default: $PARALLAX_MODEL, else
                    $XDG_DATA_HOME/parallax/minilm-l6-v2.q8, else
                    ~/.local/share/parallax/minilm-l6-v2.q8, else weights/minilm-l6-v2.q8
                    in the current folder, the file scripts/setup makes)
  --lexical         match by words alone, without the sentence encoder
  --boilerplate     list each article's boilerplate at the end of the report
  --color WHEN      colour the report: auto (default), always or never
  -h, --help        print this help
  -V, --version     print the version
";

/// What the command line asks for.
struct Args {
    files: Vec<String>,
    json: bool,
    /// `--format`, when given.
    format: Option<String>,
    options: Options,
    report: ReportOptions,
    /// `--model`, when given.
    model: Option<PathBuf>,
    lexical: bool,
    threshold: Option<f32>,
}

fn parse_args(raw: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut args = Args {
        files: Vec::new(),
        json: false,
        format: None,
        options: Options::default(),
        report: ReportOptions::default(),
        model: None,
        lexical: false,
        threshold: None,
    };
    let mut color = "auto".to_string();
    let mut raw = raw.peekable();
    let mut only_files = false;
    while let Some(arg) = raw.next() {
        if only_files {
            args.files.push(arg);
            continue;
        }
        let mut value = |name: &str| raw.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("parallax {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--json" => args.json = true,
            "--format" => {
                let f = value("--format")?;
                if !matches!(f.as_str(), "text" | "json" | "md" | "csv" | "html") {
                    return Err(format!("--format takes text, json, md, csv or html, not {f:?}"));
                }
                args.format = Some(f);
            }
            "--boilerplate" => args.report.show_boilerplate = true,
            "--base" => {
                let v = value("--base")?;
                args.options.base =
                    v.parse().map_err(|_| format!("--base needs an article number, not {v:?}"))?;
            }
            "--threshold" => {
                let v = value("--threshold")?;
                let t: f32 =
                    v.parse().map_err(|_| format!("--threshold needs a number, not {v:?}"))?;
                if !(0.0..=1.0).contains(&t) {
                    return Err(format!("--threshold must be between 0 and 1, not {t}"));
                }
                args.threshold = Some(t);
            }
            "--model" => args.model = Some(PathBuf::from(value("--model")?)),
            "--lexical" => args.lexical = true,
            "--color" => {
                color = value("--color")?;
                if !matches!(color.as_str(), "auto" | "always" | "never") {
                    return Err(format!("--color takes auto, always or never, not {color:?}"));
                }
            }
            "--" => only_files = true,
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            _ => args.files.push(arg),
        }
    }
    if args.files.is_empty() {
        return Err("no files given".into());
    }
    match (args.json, args.format.as_deref()) {
        (true, Some("json")) | (_, None) => {}
        (true, Some(f)) => return Err(format!("--json and --format {f} contradict each other")),
        (false, Some("json")) => args.json = true,
        (false, Some(_)) => {}
    }
    if args.lexical && args.model.is_some() {
        return Err("--lexical and --model contradict each other".into());
    }
    args.report.color = match color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => return ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("parallax: {}\n\n{USAGE}", visible_line(&message));
            return ExitCode::from(2);
        }
    };
    let mut articles = Vec::new();
    let mut failed = false;
    for path in &args.files {
        let read = read_article_file(path).and_then(|bytes| {
            Article::from_bytes(path_name(path), &bytes).map_err(|e| with_path(path, e))
        });
        match read {
            Ok(article) => {
                for note in article.decoding_note().into_iter().chain(article.left_out_note()) {
                    say(&format!("{path}: {note}"));
                }
                articles.push(article);
            }
            Err(message) => {
                say(&message);
                failed = true;
            }
        }
    }
    if failed {
        return ExitCode::FAILURE;
    }
    let encoder = if args.lexical {
        None
    } else {
        match load_encoder(args.model.as_deref()) {
            Ok(encoder) => encoder,
            Err(message) => {
                say(&message);
                return ExitCode::FAILURE;
            }
        }
    };
    let mut options = args.options;
    if let Some(t) = args.threshold {
        options.threshold = t;
        options.semantic_threshold = t;
    }
    let vectors = encoder.as_ref().map(|e| {
        let texts = sentences_to_encode(&articles);
        SentenceVectors::encode(e, texts.iter().map(String::as_str))
    });
    let comparison = match compare_with(&articles, &options, vectors.as_ref()) {
        Ok(c) => c,
        Err(e) => {
            say(&e.to_string());
            return ExitCode::FAILURE;
        }
    };
    if encoder.is_some() && comparison.matcher == Matcher::Lexical {
        eprintln!(
            "parallax: more than {MAX_SEMANTIC_SENTENCES} sentences in all: matched by wording \
             alone, without the sentence encoder"
        );
    }
    let output = if args.json {
        match serde_json::to_string_pretty(&comparison) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("parallax: cannot write JSON: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        match args.format.as_deref() {
            Some("md") => parallax::export::markdown(&comparison),
            Some("csv") => parallax::export::csv(&comparison),
            Some("html") => parallax::export::html(&comparison),
            _ => render(&comparison, &args.report),
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`parallax … | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parallax: cannot write output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One line on stderr. Messages name files, and a file name may hold any byte but `/` and NUL,
/// escape sequences and newlines included: those are shown as escapes (see
/// [`visible_line`]), so a message stays one line and cannot drive the terminal.
fn say(message: &str) {
    eprintln!("parallax: {}", visible_line(message));
}

/// The sentence encoder: the file `--model` names (which must then be usable), or the first
/// of the default places that holds a file; `Ok(None)` when none does.
fn load_encoder(given: Option<&std::path::Path>) -> Result<Option<Encoder>, String> {
    let path = match given {
        Some(p) => p.to_path_buf(),
        None => match default_model() {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(&path).map_err(|e| format!("{shown}: cannot read it ({})", io_reason(&e)))?;
    Encoder::from_bytes(&shown, &bytes).map(Some).map_err(|e| e.to_string())
}

/// The first default place of the encoder's weights that holds a file (see the usage text).
fn default_model() -> Option<PathBuf> {
    const FILE: &str = "minilm-l6-v2.q8";
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(p) = env("PARALLAX_MODEL") {
        return Some(p);
    }
    let data = env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local/share")));
    [data.map(|d| d.join("parallax").join(FILE)), Some(PathBuf::from("weights").join(FILE))]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
}

/// The bytes of an article file, read only when it is a regular file of at most
/// [`MAX_FILE_BYTES`]. The type and size come from the file's metadata before it is opened:
/// `/dev/zero` or `/dev/urandom` would be read forever, opening a FIFO blocks until something
/// writes to it, and a 2 GB video given by mistake must not be loaded to be refused. A file
/// that grows between the check and the read is still read no further than the limit and one
/// byte, which is enough to tell that it is too large.
fn read_article_file(path: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot = |why: String| format!("{path}: cannot read it ({why})");
    let meta = std::fs::metadata(path).map_err(|e| cannot(io_reason(&e)))?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(cannot(format!("{kind}, not a regular file")));
    }
    let too_large = |bytes: u64| {
        format!("{path}: too large to compare ({bytes} bytes; the limit is {MAX_FILE_BYTES} bytes)")
    };
    let limit = MAX_FILE_BYTES as u64;
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(io_reason(&e)))?;
    // The path may have been replaced since the check; what was opened is what counts.
    let opened = file.metadata().map_err(|e| cannot(io_reason(&e)))?;
    if let Some(kind) = not_regular(&opened.file_type()) {
        return Err(cannot(format!("{kind}, not a regular file")));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| cannot(io_reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(opened.len().max(bytes.len() as u64)));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, in words for a message; `None` for a regular
/// file.
fn not_regular(t: &std::fs::FileType) -> Option<&'static str> {
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("it is a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_char_device() {
            return Some("it is a character device");
        }
        if t.is_block_device() {
            return Some("it is a block device");
        }
        if t.is_fifo() {
            return Some("it is a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("it is a socket");
        }
    }
    Some("it is a special file")
}

/// The name an article is shown under: its file name without directories.
fn path_name(path: &str) -> &str {
    std::path::Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path)
}

/// The core names the file by its short name; the CLI message names the path as given.
fn with_path(path: &str, e: parallax::Error) -> String {
    let text = e.to_string();
    match text.strip_prefix(e.name()) {
        Some(rest) => format!("{path}{rest}"),
        None => text,
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}
