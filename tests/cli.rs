//! The `parallax` command: its JSON contract and its messages for bad files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the parallax binary runs")
}

fn seeds() -> Vec<String> {
    let mut files: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
            .expect("seeds/")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| format!("seeds/{}", p.file_name().unwrap().to_string_lossy()))
            .collect();
    files.sort();
    files
}

/// A scratch file with the given bytes, unique to this test run.
fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = parallax(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn json_follows_the_documented_contract() {
    let files = seeds();
    let mut args = vec!["--json"];
    args.extend(files.iter().map(String::as_str));
    let c = json(&args);
    let articles = c["articles"].as_array().expect("articles array");
    assert_eq!(articles.len(), files.len());
    let mut seen = std::collections::HashSet::new();
    for (i, a) in articles.iter().enumerate() {
        assert_eq!(
            a["name"].as_str(),
            Path::new(&files[i]).file_name().and_then(|n| n.to_str()),
            "input order"
        );
        assert!(a["title"].is_string() || a["title"].is_null());
        let original: Vec<char> = std::fs::read_to_string(&files[i]).unwrap().chars().collect();
        for (s, sentence) in a["sentences"].as_array().expect("sentences").iter().enumerate() {
            let (start, end) = (
                sentence["start"].as_u64().unwrap() as usize,
                sentence["end"].as_u64().unwrap() as usize,
            );
            let text: String = original[start..end].iter().collect();
            assert_eq!(
                sentence["text"].as_str(),
                Some(text.as_str()),
                "start/end are code point offsets"
            );
            assert!(sentence["boilerplate"].is_boolean());
            if !sentence["boilerplate"].as_bool().unwrap() {
                seen.insert((i, s));
            }
        }
    }
    let mut members = Vec::new();
    for g in c["groups"].as_array().expect("groups") {
        assert!(g["discrepancies"].is_array());
        for m in g["members"].as_array().expect("members") {
            let (a, s) =
                (m["article"].as_u64().unwrap() as usize, m["sentence"].as_u64().unwrap() as usize);
            assert!(articles[a]["sentences"][s].is_object(), "member points at a sentence");
            members.push((a, s));
        }
    }
    let unique: std::collections::HashSet<_> = members.iter().copied().collect();
    assert_eq!(unique.len(), members.len(), "no sentence is in two groups");
    assert_eq!(unique, seen, "every non-boilerplate sentence is in exactly one group");
}

#[test]
fn base_picks_the_reference_article() {
    let files = seeds();
    let mut args = vec!["--json", "--base", "2"];
    args.extend(files.iter().map(String::as_str));
    let c = json(&args);
    assert_eq!(c["base"], 2);
    // Every group the base article is in has the base's sentence as its reference.
    let groups = c["groups"].as_array().unwrap();
    let holding: Vec<_> = groups
        .iter()
        .filter(|g| g["members"].as_array().unwrap().iter().any(|m| m["article"] == 2))
        .collect();
    assert!(!holding.is_empty());
    for g in holding {
        let reference = g["reference"].as_u64().unwrap() as usize;
        assert_eq!(g["members"][reference]["article"], 2, "{g}");
    }
}

#[test]
fn report_is_readable_text() {
    let files = seeds();
    let mut args = vec!["--color", "never"];
    args.extend(files.iter().map(String::as_str));
    let out = parallax(&args);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Parallax: 4 articles"), "{text}");
    assert!(text.contains("≠ duration in years"), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn bad_files_get_one_line_naming_the_file_and_a_failure_exit() {
    let empty = scratch("empty.txt", b"");
    let blank = scratch("blank.txt", b" \n\t\n");
    let binary = scratch("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    let encoding = scratch("latin2.txt", b"Zaz\x81\x8d\x8f\x90\x9d");
    let dir = std::env::temp_dir();
    for (path, expected) in [
        (PathBuf::from("seeds/no-such-file.txt"), "no such file"),
        (dir.clone(), "cannot read it"),
        (empty, "no text in it"),
        (blank, "no text in it"),
        (binary, "not a text file"),
        (encoding, "unknown text encoding"),
    ] {
        let path = path.to_string_lossy().to_string();
        let out = parallax(&["seeds/000_fdf7cf9fd6accedf.txt", &path]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with(&format!("parallax: {path}: ")), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn control_characters_in_file_names_and_articles_reach_the_terminal_as_escapes() {
    // Enough plain text around the escapes that intake reads it as text, not as binary.
    let article = format!(
        "Rebels \x1b]0;owned\x07entered the city. The screen \x1b[2Jwent blank. {}",
        "The market stayed open all week and the trams ran on time. ".repeat(8)
    );
    let evil = scratch("evil\x1b]0;owned\x07.txt", article.as_bytes());
    let empty = scratch("empty\x1b[2J.txt", b"");
    // (files, where to look, what must not be there raw, what must be there instead)
    let cases: [(Vec<&Path>, bool, &str, &str); 4] = [
        (vec![&evil], true, "\x1b]0;owned\x07", "evil\\x1b]0;owned\\x07.txt"),
        (vec![&evil], true, "\x1b[2J", "The screen \\x1b[2Jwent blank."),
        (vec![&evil], true, "\x07", "Rebels \\x1b]0;owned\\x07entered the city."),
        (vec![&evil, &empty], false, "\x1b[2J", "empty\\x1b[2J.txt: no text in it"),
    ];
    for (files, stdout, raw, shown) in cases {
        for color in ["never", "always"] {
            let mut args = vec!["--lexical", "--color", color];
            args.extend(files.iter().map(|p| p.to_str().unwrap()));
            let out = parallax(&args);
            let text = String::from_utf8_lossy(if stdout { &out.stdout } else { &out.stderr });
            assert!(!text.contains(raw), "{raw:?} ({color}): {text:?}");
            assert!(text.contains(shown), "{shown:?} ({color}): {text}");
            // `--color always` still colours the report.
            assert_eq!(stdout && color == "always", text.contains("\x1b[1m"), "{text:?}");
        }
    }
}

/// Runs the command and kills it if it has not finished in `limit`: a test of a file that
/// could block (a FIFO, a device) must fail, not hang.
fn parallax_within(args: &[&str], limit: Duration) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the parallax binary runs");
    while child.try_wait().expect("wait for parallax").is_none() {
        if start.elapsed() > limit {
            child.kill().ok();
            panic!("parallax {args:?} still runs after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().expect("parallax's output");
    (out, start.elapsed())
}

#[test]
fn special_and_oversized_files_are_refused_without_reading_them() {
    let dir = std::env::temp_dir().join(format!("parallax-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Sparse: set_len takes no disk for the bytes it adds.
    let huge = dir.join("huge.txt");
    std::fs::File::create(&huge).unwrap().set_len(parallax::MAX_FILE_BYTES as u64 + 1).unwrap();
    let mut cases = vec![
        (huge, "too large to compare".to_string()),
        (dir.join("sub-folder"), "cannot read it (it is a directory, not a regular file)".into()),
    ];
    std::fs::create_dir_all(&cases[1].0).unwrap();
    if cfg!(unix) {
        let fifo = dir.join("pipe.txt");
        std::fs::remove_file(&fifo).ok();
        let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success());
        cases.push((fifo, "cannot read it (it is a named pipe (FIFO), not a regular file)".into()));
        cases.push((
            PathBuf::from("/dev/zero"),
            "cannot read it (it is a character device, not a regular file)".into(),
        ));
    }
    for (path, expected) in cases {
        let path = path.to_string_lossy().to_string();
        // The good file beside it is still read, and the refusal is the one line on stderr.
        let args = ["--lexical", "seeds/000_fdf7cf9fd6accedf.txt", &path];
        let (out, took) = parallax_within(&args, Duration::from_secs(10));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(took < Duration::from_secs(1), "{path} took {took:?}");
        assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with(&format!("parallax: {path}: {expected}")), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn encodings_are_read_correctly() {
    let text = "Zoë’s café — “reopened” on December 8.";
    let utf8_bom = scratch("bom.txt", &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
    let le: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let cp1252 = scratch("cp1252.txt", b"Zo\xeb\x92s caf\xe9 \x97 \x93reopened\x94 on December 8.");
    // Without a byte-order mark, UTF-16 is told by its zero bytes.
    let bare_le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let bare_be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let (bare_le, bare_be) = (scratch("bare-le.txt", &bare_le), scratch("bare-be.txt", &bare_be));
    let (le, be) = (scratch("le.txt", &le), scratch("be.txt", &be));
    for path in [utf8_bom, le, be, cp1252, bare_le, bare_be] {
        let c = json(&["--json", &path.to_string_lossy()]);
        assert_eq!(
            c["articles"][0]["sentences"][0]["text"].as_str(),
            Some(text),
            "{}",
            path.display()
        );
    }
}

#[test]
fn bytes_that_cannot_be_decoded_are_replaced_and_counted_on_stderr() {
    // (file, bytes, how its first sentence starts, the warning on stderr, if any)
    let cases: [(&str, &[u8], &str, Option<&str>); 3] = [
        (
            "cut.txt",
            b"The caf\xc3\xa9 reopened on Monday. It closed at noon\xe2\x80",
            "The café reopened on Monday.",
            Some("cut.txt: 2 bytes could not be read as UTF-8 and were replaced with �"),
        ),
        (
            "damaged.txt",
            b"The caf\xc3\xa9 \xffreopened on Monday.",
            "The café �reopened on Monday.",
            Some("damaged.txt: 1 byte could not be read as UTF-8 and was replaced with �"),
        ),
        ("cp1252.txt", b"The caf\xe9 reopened on Monday.", "The café reopened on Monday.", None),
    ];
    for (name, bytes, first, warning) in cases {
        let path = scratch(name, bytes);
        let path = path.to_string_lossy();
        let out = parallax(&["--json", "--lexical", &path]);
        assert!(out.status.success(), "{name}");
        let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let text = c["articles"][0]["sentences"][0]["text"].as_str().unwrap_or_default();
        assert!(text.starts_with(first), "{name}: {text}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        match warning {
            Some(w) => assert_eq!(stderr.trim_end(), format!("parallax: {path}").replace(name, w)),
            None => assert!(stderr.is_empty(), "{stderr}"),
        }
    }
}

#[test]
fn saved_web_pages_are_read_for_their_text() {
    let page = scratch(
        "page.html",
        b"<!DOCTYPE html><html><head><title>Rebels win</title><script>x()</script></head>\
          <body><nav>Home</nav><p>Rebels took Homs &amp; Hama.</p></body></html>",
    );
    let c = json(&["--json", &page.to_string_lossy()]);
    let article = &c["articles"][0];
    assert_eq!(article["format"], "html");
    assert_eq!(article["title"], "Rebels win");
    let texts: Vec<&str> = article["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["text"].as_str())
        .collect();
    assert_eq!(texts, ["Rebels win", "Rebels took Homs & Hama."]);
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &[][..],
        &["--bogus", "a.txt"][..],
        &["--base", "x", "a.txt"][..],
        &["--threshold", "7", "a.txt"][..],
    ] {
        let out = parallax(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Usage: parallax"));
    }
    let out = parallax(&["--base", "9", "seeds/000_fdf7cf9fd6accedf.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article 9"));
}

#[test]
fn lexical_says_which_matcher_ran_and_refuses_a_model_beside_it() {
    let mut args = vec!["--json", "--lexical"];
    let files = seeds();
    args.extend(files.iter().map(String::as_str));
    assert_eq!(json(&args)["matcher"], "lexical");
    let out = parallax(&["--lexical", "--model", "weights/x.q8", "seeds/README.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("contradict"));
}

#[test]
fn a_model_file_that_cannot_be_used_is_named_and_nothing_is_compared() {
    let bad = scratch("not-weights.q8", b"these are not weights");
    let out = parallax(&["--model", bad.to_str().unwrap(), "seeds/README.md"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not-weights.q8") && err.contains("not a Parallax encoder"), "{err}");
    assert!(out.stdout.is_empty());
    let out = parallax(&["--model", "/nonexistent/weights.q8", "seeds/README.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("/nonexistent/weights.q8: cannot read it")
    );
}

#[test]
fn the_encoder_runs_when_its_weights_are_in_the_default_place() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("weights/minilm-l6-v2.q8");
    if !path.exists() {
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_MODEL").is_none(),
            "{} is missing",
            path.display()
        );
        eprintln!("skipped: {} is not there (scripts/setup makes it)", path.display());
        return;
    }
    let mut args = vec!["--json"];
    let files = seeds();
    args.extend(files.iter().map(String::as_str));
    assert_eq!(json(&args)["matcher"], "encoder");
    let out = parallax(&files.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(String::from_utf8_lossy(&out.stdout).contains("matched by meaning"));
}

#[test]
fn formats_for_people_hold_the_same_comparison_as_the_json() {
    let files = seeds();
    let with = |extra: &[&str]| {
        let mut args = vec!["--lexical"];
        args.extend_from_slice(extra);
        args.extend(files.iter().map(String::as_str));
        let out = parallax(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let c: serde_json::Value = serde_json::from_str(&with(&["--json"])).expect("JSON");
    let groups = c["groups"].as_array().expect("groups").len();
    let members: usize = c["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["members"].as_array().unwrap().len())
        .sum();
    let flagged = c["groups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| !g["discrepancies"].as_array().unwrap().is_empty())
        .count();
    assert!(flagged > 0, "the seeds have disagreements");

    assert_eq!(with(&["--format", "json"]), with(&["--json"]));
    let md = with(&["--format", "md"]);
    let rows = md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| #")).count();
    assert_eq!(rows, groups, "{md}");
    assert!(md.lines().filter(|l| l.starts_with("- Group ")).count() >= flagged, "{md}");
    let csv = with(&["--format", "csv"]);
    assert_eq!(csv.lines().count(), members + 1, "one header and a row per member");
    let html = with(&["--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("default-src 'none'"));
    assert_eq!(html.matches("<tr").count(), groups + 1, "a header row and a row per group");
    assert_eq!(html.matches("<script").count(), 0);

    let out = parallax(&["--format", "pdf", "seeds/000.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format takes"));
    let out = parallax(&["--json", "--format", "md", "seeds/000.txt"]);
    assert_eq!(out.status.code(), Some(2));
}
