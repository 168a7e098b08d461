//! `parallax-eval`: its table on a small invented bench folder, its skip lines when data is
//! absent, and (when ../shared/bench is there) the figures the project has reached.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use parallax::Options;
use parallax_lab::{read_event, score_event, score_events};

use parallax_lab::seed_facts;

fn eval(dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax-eval"))
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("parallax-eval runs")
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn scratch_bench(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parallax-eval-{}-{name}", std::process::id()));
    std::fs::create_dir_all(dir.join("mrpc")).unwrap();
    std::fs::create_dir_all(dir.join("segmentation")).unwrap();
    dir
}

#[test]
fn absent_data_is_skipped_with_a_line_and_the_seed_facts_still_print() {
    let out = stdout(&eval(Path::new("/nonexistent/bench")));
    assert!(out.contains("skipped: /nonexistent/bench/segmentation/golden_rules_en.json"), "{out}");
    assert!(out.contains("skipped: /nonexistent/bench/mrpc/train.tsv"), "{out}");
    assert!(out.contains("skipped: /nonexistent/bench/events is not there"), "{out}");
    let lexical = |l: &&str| !l.contains("with the encoder");
    let passed = out.lines().filter(|l| l.starts_with("pass  ")).filter(lexical).count();
    assert_eq!(passed, seed_facts::FACTS.len(), "{out}");
    assert!(!out.lines().filter(|l| l.starts_with("FAIL")).any(|l| lexical(&l)), "{out}");
}

#[test]
fn a_small_bench_folder_gives_every_row() {
    let dir = scratch_bench("small");
    std::fs::write(
        dir.join("segmentation/golden_rules_en.json"),
        r#"{"cases": [
            {"rule": 1, "input": "Hello World. My name is Jonas.", "expected": ["Hello World.", "My name is Jonas."]},
            {"rule": 2, "input": "Hello World. My name is Jonas.", "expected": ["Hello World. My name is Jonas."]}
        ]}"#,
    )
    .unwrap();
    let mut tsv = String::from("Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n");
    let topics = ["the bridge collapsed", "rebels took the city", "the bank raised rates"];
    for i in 0..30 {
        let t = topics[i % 3];
        if i % 2 == 0 {
            tsv += &format!("1\t{i}\t{i}\tOn Tuesday {t} at dawn.\tAt dawn on Tuesday {t}.\n");
        } else {
            tsv += &format!(
                "0\t{i}\t{i}\tOn Tuesday {t} at dawn.\tThe weather stayed cold all week.\n"
            );
        }
    }
    std::fs::write(dir.join("mrpc/train.tsv"), &tsv).unwrap();
    std::fs::write(dir.join("mrpc/test.tsv"), &tsv).unwrap();
    std::fs::write(
        dir.join("README.md"),
        "| method (test set) | accuracy | F1 |\n|---|---|---|\n| coin toss | 50.0 | 50.0 |\n\nafter\n",
    )
    .unwrap();
    let out = stdout(&eval(&dir));
    assert!(
        out.contains("Parallax                                                      1/2"),
        "{out}"
    );
    assert!(out.contains("failing rules: 2"), "{out}");
    assert!(out.contains("published: coin toss"), "{out}");
    assert!(!out.contains("published: after"), "{out}");
    // Paraphrases and unrelated pairs this far apart are told apart perfectly.
    let line = out.lines().find(|l| l.starts_with("Parallax: shipped model")).expect(&out);
    assert!(line.contains("100.0"), "{line}");
    assert!(out.contains("µs a pair"), "{out}");
    // 8 words against 6 at the most unequal ("On Tuesday rebels took the city at dawn.").
    assert!(out.contains("at least 0.75, and 0.0% below 0.66"), "{out}");
    std::fs::remove_dir_all(dir).ok();
}

/// An invented flood told by three outlets: two report the same facts in other words (and
/// disagree on the toll), one adds a fact no other has, and two carry a photo credit.
const FLOOD: &[(&str, &str)] = &[
    (
        "01_riverpost.txt",
        "Floods along the Mirren\n\n\
         Floodwaters from the Mirren River swept through the town of Calder on Monday night.\n\n\
         Rescuers said 12 people were killed in the flooding.\n\n\
         The town's only bridge was closed after its pillars cracked.\n\n\
         (Photo credit: Jan Holt for the Riverpost)\n",
    ),
    (
        "02_valleynews.txt",
        "Deadly flood hits Calder\n\n\
         The Mirren River flooded the town of Calder late on Monday night.\n\n\
         Rescuers said the floods killed 14 people in the town.\n\n\
         A dog was saved from a rooftop by a fisherman in a rowing boat.\n",
    ),
    (
        "03_dailyherald.txt",
        "Calder counts the cost\n\n\
         The mayor said the bridge of the town was closed because its pillars cracked.\n\n\
         (Photo credit: Dana Reed for the Daily Herald)\n",
    ),
];

const FLOOD_KEY: &str = r#"{"about": "an invented flood",
 "files": {"a": "01_riverpost.txt", "b": "02_valleynews.txt", "c": "03_dailyherald.txt"},
 "must": [
  [["a", "swept through the town of Calder"], ["b", "flooded the town of Calder"]],
  [["a", "Rescuers said 12 people were killed"], ["b", "the floods killed 14 people"]],
  [["a", "only bridge was closed after its pillars"], ["c", "closed because its pillars cracked"]]
 ],
 "unique": [["b", "A dog was saved from a rooftop"]],
 "boilerplate": [["a", "Photo credit: Jan Holt"], ["c", "Photo credit: Dana Reed"]],
 "discrepancies": [{"members": [["a", "Rescuers said 12 people were killed"],
                                ["b", "the floods killed 14 people"]],
                    "why": "toll 12 vs 14"}]
}"#;

fn flood_bench(name: &str) -> PathBuf {
    let dir = scratch_bench(name);
    let event = dir.join("events/mirren-flood");
    std::fs::create_dir_all(&event).unwrap();
    for (file, text) in FLOOD {
        std::fs::write(event.join(file), text).unwrap();
    }
    std::fs::write(event.join("key.json"), FLOOD_KEY).unwrap();
    std::fs::write(
        dir.join("events/README.md"),
        "| method | must pairs found | false links (of 1 unique) |\n|---|---|---|\n\
         | coin toss | 2/3 (67 %) | 1 (100 %) |\n\nafter\n",
    )
    .unwrap();
    dir
}

#[test]
fn an_invented_event_is_scored_against_its_key() {
    let dir = flood_bench("flood");
    let events = dir.join("events");
    let scores = score_events(&events, &Options::default()).unwrap();
    assert_eq!(scores.len(), 1);
    let (name, s) = &scores[0];
    assert_eq!(name, "mirren-flood");
    assert_eq!((s.must_found, s.must_listed), (3, 3), "{s:?}");
    assert_eq!((s.false_links, s.unique_marked_unique, s.unique_listed), (0, 1, 1), "{s:?}");
    assert_eq!((s.boilerplate_flagged, s.boilerplate_listed, s.content_lost), (2, 2, 0), "{s:?}");
    assert_eq!((s.discrepancies_found, s.discrepancies_listed), (1, 1), "{s:?}");
    assert_eq!((s.flags, s.flags_off_key, s.segmentation_misses), (1, 0, 0), "{s:?}");

    // The scorer reads any comparison: the articles compared with the other as base score the
    // same.
    let event = read_event(&events.join("mirren-flood")).unwrap();
    let c = parallax::compare(&event.articles, &Options::default().base(1)).unwrap();
    assert_eq!(score_event(&c, &event.key), *s);

    let out = stdout(&eval(&dir));
    let section = out
        .split("Same fact across outlets: real events")
        .nth(1)
        .expect(&out)
        .split("\nAlignment on the seed")
        .next()
        .unwrap()
        .to_string();
    let cells = |prefix: &str| -> Vec<String> {
        let line = section.lines().find(|l| l.starts_with(prefix)).expect(&section);
        line[prefix.len()..].split_whitespace().map(str::to_string).collect()
    };
    let expected = ["3/3", "100", "0/1", "0", "1/1", "2/2", "0", "1/1", "1", "0", "0", "0", "0"];
    assert_eq!(cells("mirren-flood "), expected, "{section}");
    assert_eq!(cells("total "), expected, "{section}");
    assert!(section.contains("published: coin toss"), "{section}");
    assert!(!section.contains("after"), "{section}");
    // It comes first after segmentation.
    assert!(out.find("real events").unwrap() < out.find("Alignment on the seed").unwrap());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_event_whose_file_is_missing_is_a_real_error() {
    let dir = flood_bench("missing");
    std::fs::remove_file(dir.join("events/mirren-flood/02_valleynews.txt")).unwrap();
    let out = eval(&dir);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("02_valleynews.txt"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn unreadable_data_is_a_real_error() {
    let dir = scratch_bench("broken");
    std::fs::write(dir.join("segmentation/golden_rules_en.json"), "not json").unwrap();
    let out = eval(&dir);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("golden_rules_en.json"));
    std::fs::remove_dir_all(dir).ok();
}

/// The figures reached so far, as floors: a change that loses them fails here.
#[test]
fn shared_bench_figures_hold_when_the_data_is_there() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench");
    if !dir.join("mrpc/test.tsv").exists() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let out = stdout(&eval(&dir));
    assert!(
        out.contains("Parallax                                                    48/48"),
        "{out}"
    );
    let accuracy = |prefix: &str| -> f64 {
        let line = out.lines().find(|l| l.starts_with(prefix)).expect(prefix);
        line[58..].split_whitespace().next().unwrap().parse().unwrap()
    };
    // Above the word-set Jaccard baseline (73.0) that the README measured.
    assert!(accuracy("Parallax: shipped model") > 73.0, "{out}");
    // The seed facts all hold, with either matcher.
    let fails = |encoder: bool| {
        out.lines()
            .filter(|l| l.starts_with("FAIL") && l.contains("with the encoder") == encoder)
            .count()
    };
    assert_eq!(fails(false), 0, "{out}");
    // The events, totals of the lexical matcher then of the encoder: must pairs found and
    // false links, as floors.
    let totals: Vec<Vec<usize>> = out
        .lines()
        .filter(|l| l.starts_with("total "))
        .map(|l| {
            l.split_whitespace()
                .skip(1)
                .flat_map(|c| c.split('/'))
                .filter_map(|c| c.parse().ok())
                .collect()
        })
        .collect();
    // Lexical: distances read as a kind of their own (2026-12-02) found one must pair more
    // and linked one unique sentence more (42 → 43, 5 → 6).
    assert!(totals[0][0] >= 43 && totals[0][3] <= 6, "lexical: {:?}\n{out}", totals[0]);
    // Keyed chrome flagged (of 20), and no keyed body sentence flagged, with either matcher.
    for t in &totals {
        assert!(t[8] >= 18 && t[10] == 0, "boilerplate: {t:?}\n{out}");
    }
    if std::env::var_os("PARALLAX_REQUIRE_MODEL").is_some() || totals.len() > 1 {
        assert_eq!(fails(true), 0, "{out}");
        // The encoder: the pair judged by a model of both judges and at most three sentences
        // of an article a group (2026-12-03) found 61 must pairs where the larger groups
        // before found 71, for 3 false links rather than 4 and a third fewer pairs of
        // different keyed facts in one group; on eight events keyed the same way and never
        // tuned on, as many must pairs and a third fewer false links (README).
        let wrong = *totals[1].last().unwrap();
        assert!(
            totals[1][0] >= 61 && totals[1][3] <= 3 && wrong <= 66,
            "encoder: {:?}\n{out}",
            totals[1]
        );
    }
}
