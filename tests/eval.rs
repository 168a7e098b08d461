//! `parallax-eval`: its table on a small invented bench folder, its skip lines when data is
//! absent, and (when ../shared/bench is there) the figures the project has reached.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/seed_facts.rs"]
#[allow(dead_code)]
mod seed_facts;

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
    assert_eq!(out.matches("\npass  ").count(), seed_facts::FACTS.len(), "{out}");
    assert!(!out.contains("FAIL"), "{out}");
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
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench");
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
    assert!(!out.contains("FAIL"), "{out}");
}
