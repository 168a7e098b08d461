//! `parallax-eval [BENCH_DIR] [--events DIR]…`: one table of how well Parallax segments,
//! matches and aligns, measured on data no one on the project wrote (default
//! `../shared/bench`, see its README) and on the seed articles. `--events` names more folders
//! of keyed events (the format of `BENCH_DIR/events`), scored the same way, for checks on
//! events no setting was chosen on. A data set that is absent is skipped with a line saying
//! so; the exit status is non-zero only on a real error (unreadable data, seeds that fail to
//! load).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use parallax::align::AlignOptions;
use parallax::comparison::compare;
use parallax::matching::encoder::{Encoder, SentenceVectors};
use parallax::matching::{Corpus, Model, Weights, FEATURES, SHIPPED_FEATURES};
use parallax::Options;
use parallax_lab::baselines::baseline_comparisons;
use parallax_lab::{
    accuracy_f1, align_mrpc, aligner_scores, best_threshold, features, features_with_encoder,
    golden_rules, jaccard, length_ratios, load_encoder, published_event_rows, published_rows,
    read_events, read_mrpc, score_event, score_events_with, scored, train_and_test, EventScore,
    Pair,
};

use parallax_lab::seed_facts;

fn main() -> ExitCode {
    let mut dir = PathBuf::from("../shared/bench");
    let mut more = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--events" {
            let Some(folder) = args.next() else {
                eprintln!("parallax-eval: --events needs a folder");
                return ExitCode::from(2);
            };
            more.push(PathBuf::from(folder));
        } else {
            dir = PathBuf::from(arg);
        }
    }
    println!("Parallax evaluation (data: {})", dir.display());
    let mut ok = true;
    ok &= segmentation(&dir);
    let encoder = match load_encoder(None) {
        Ok(e) => Some(e),
        Err(e) => {
            println!("\nskipped: the encoder's rows ({e}; scripts/setup makes the file)");
            None
        }
    };
    ok &= events(&dir.join("events"), encoder.as_ref(), true);
    for folder in &more {
        ok &= events(folder, encoder.as_ref(), false);
    }
    ok &= matching(&dir);
    ok &= seeds();
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn heading(title: &str) {
    println!("\n{title}\n{}", "-".repeat(title.chars().count()));
}

fn segmentation(dir: &Path) -> bool {
    heading("Segmentation: Golden Rules (pySBD's English set)");
    let path = dir.join("segmentation/golden_rules_en.json");
    if !path.exists() {
        println!("skipped: {} is not there", path.display());
        return true;
    }
    match golden_rules(&path) {
        Ok((passed, total, failed)) => {
            println!("{:<58} {:>6}", "segmenter", "passed");
            println!("{:<58} {:>6}", "Parallax", format!("{passed}/{total}"));
            println!("{:<58} {:>6}", "pySBD, best published (misses rule 18)", "47/48");
            println!(
                "failing rules: {}",
                if failed.is_empty() { "none".to_string() } else { failed.join(", ") }
            );
            true
        }
        Err(e) => {
            eprintln!("parallax-eval: {e}");
            false
        }
    }
}

/// One row of the events table: the event (or "total") and its score.
fn event_row(name: &str, s: &EventScore) {
    println!(
        "{name:<36} {:>6} {:>4.0} {:>6} {:>4.0} {:>7} {:>6} {:>5} {:>7} {:>5} {:>7} {:>5} {:>6} {:>5}",
        format!("{}/{}", s.must_found, s.must_listed),
        s.must_percent(),
        format!("{}/{}", s.false_links, s.unique_listed),
        s.false_link_percent(),
        format!("{}/{}", s.unique_marked_unique, s.unique_listed),
        format!("{}/{}", s.boilerplate_flagged, s.boilerplate_listed),
        s.content_lost,
        format!("{}/{}", s.discrepancies_found, s.discrepancies_listed),
        s.flags,
        s.flags_off_key,
        s.segmentation_misses,
        s.facts_merged,
        s.wrong_links,
    );
}

/// The events of `path` with each matcher, per event and in total, then the simple aligners
/// of `baselines` measured on the same events; for the development events (`published`) also
/// the rows their README gives.
fn events(path: &Path, encoder: Option<&Encoder>, published: bool) -> bool {
    heading(&format!("Same fact across outlets: real events ({})", path.display()));
    if !path.exists() {
        println!("skipped: {} is not there", path.display());
        return true;
    }
    for encoder in [None].into_iter().chain(encoder.map(Some)) {
        println!(
            "\n{}",
            if encoder.is_some() {
                "matcher: sentence encoder (all-MiniLM-L6-v2) and wording"
            } else {
                "matcher: lexical (the pair model, words alone)"
            }
        );
        let scores = match score_events_with(path, &Options::default(), encoder) {
            Ok(scores) => scores,
            Err(e) => {
                eprintln!("parallax-eval: {e}");
                return false;
            }
        };
        event_table(&scores);
    }
    println!(
        "must: must pairs in one group; false: unique sentences grouped with another article's;\n\
         unique: unique sentences in a group of one article; boiler: keyed boilerplate flagged;\n\
         lost: must, unique or discrepancy sentences flagged boilerplate; discr.: keyed\n\
         discrepancies held whole by one flagged group; flags: groups with a discrepancy; off\n\
         key: flags on no keyed discrepancy; seg.: snippets in no single sentence; merged:\n\
         keyed facts sharing a group with another keyed fact (a sentence that carries two\n\
         keyed facts joins them, so this undercounts); wrong: pairs of keyed sentences of\n\
         different articles and different facts in one group (a unique sentence is a fact)"
    );
    match baseline_totals(path, encoder) {
        Ok(rows) => {
            println!("\nsimple aligners on the same sentences (measured here), in total:");
            for (method, s) in rows {
                println!(
                    "measured:  {method:<60} {:>7} {:>3.0} % {:>6} {:>3.0} % wrong {}",
                    format!("{}/{}", s.must_found, s.must_listed),
                    s.must_percent(),
                    format!("{}/{}", s.false_links, s.unique_listed),
                    s.false_link_percent(),
                    s.wrong_links
                );
            }
        }
        Err(e) => {
            eprintln!("parallax-eval: {e}");
            return false;
        }
    }
    if published {
        let readme = std::fs::read_to_string(path.join("README.md")).unwrap_or_default();
        for (method, must, false_links) in published_event_rows(&readme) {
            println!("published: {method:<70} {must:>13} {false_links:>9}");
        }
    }
    true
}

/// Each baseline's score summed over the events of `path`.
fn baseline_totals(
    path: &Path,
    encoder: Option<&Encoder>,
) -> Result<Vec<(&'static str, EventScore)>, String> {
    let mut totals: Vec<(&'static str, EventScore)> = Vec::new();
    for event in read_events(path)? {
        let comparison = compare(&event.articles, &Options::default())
            .map_err(|e| format!("{}: {e}", event.name))?;
        let vectors = encoder.map(|encoder| {
            let texts: Vec<&str> = comparison
                .articles
                .iter()
                .flat_map(|a| a.sentences.iter().filter(|s| !s.boilerplate))
                .map(|s| s.text.as_str())
                .collect();
            SentenceVectors::encode(encoder, texts)
        });
        for (k, (name, regrouped)) in
            baseline_comparisons(&comparison, vectors.as_ref()).into_iter().enumerate()
        {
            if totals.len() <= k {
                totals.push((name, EventScore::default()));
            }
            totals[k].1 += &score_event(&regrouped, &event.key);
        }
    }
    Ok(totals)
}

fn event_table(scores: &[(String, parallax_lab::EventScore)]) {
    println!(
        "{:<36} {:>6} {:>4} {:>6} {:>4} {:>7} {:>6} {:>5} {:>7} {:>5} {:>7} {:>5} {:>6} {:>5}",
        "event",
        "must",
        "%",
        "false",
        "%",
        "unique",
        "boiler",
        "lost",
        "discr.",
        "flags",
        "off key",
        "seg.",
        "merged",
        "wrong"
    );
    for (name, score) in scores {
        event_row(name, score);
    }
    event_row("total", &scores.iter().map(|(_, s)| s).sum());
}

fn row(method: &str, accuracy: impl std::fmt::Display, f1: impl std::fmt::Display, note: &str) {
    println!("{method:<58} {accuracy:>8} {f1:>6}  {note}");
}

/// The pair model with the encoder's cosine as a feature, trained on train: with the shipped
/// features, and with every feature (the cosine among them). The vectors are kept under
/// `target/parallax-vectors` (encoding MRPC's 11,600 sentences takes about a minute).
fn encoder_rows(train: &[Pair], test: &[Pair]) {
    let encoder = match load_encoder(None) {
        Ok(e) => e,
        Err(e) => {
            println!("skipped: the pair model with the encoder's cosine ({e})");
            return;
        }
    };
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/parallax-vectors");
    let train_f = features_with_encoder(train, &encoder, &cache.join("mrpc-train.bin"));
    let test_f = features_with_encoder(test, &encoder, &cache.join("mrpc-test.bin"));
    let mut shipped_and_cosine = SHIPPED_FEATURES;
    let cosine = FEATURES.iter().position(|&f| f == "cosine").expect("a cosine feature");
    shipped_and_cosine[cosine] = true;
    for (name, used) in [
        ("Parallax: shipped features and the encoder's cosine", shipped_and_cosine),
        ("Parallax: every feature, the encoder's cosine among them", [true; FEATURES.len()]),
    ] {
        let (_, threshold, a, f) = train_and_test(&train_f, &test_f, &used);
        row(name, format!("{a:.1}"), format!("{f:.1}"), &format!("threshold {threshold:.2}"));
    }
}

fn matching(dir: &Path) -> bool {
    heading("Same fact or not: MRPC test (1,725 pairs), thresholds and weights from train only");
    let (train_path, test_path) = (dir.join("mrpc/train.tsv"), dir.join("mrpc/test.tsv"));
    if !train_path.exists() || !test_path.exists() {
        println!("skipped: {} and {} are not there", train_path.display(), test_path.display());
        return true;
    }
    let (Some(train), Some(test)) = (read_mrpc(&train_path), read_mrpc(&test_path)) else {
        eprintln!("parallax-eval: cannot read {}", dir.join("mrpc").display());
        return false;
    };
    row("method", "accuracy", "F1", "");
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap_or_default();
    for (method, accuracy, f1) in published_rows(&readme) {
        row(&format!("published: {method}"), accuracy, f1, "");
    }
    let threshold = best_threshold(&jaccard(&train));
    let (a, f) = accuracy_f1(&jaccard(&test), threshold);
    row(
        "measured: word-set Jaccard",
        format!("{a:.1}"),
        format!("{f:.1}"),
        &format!("threshold {threshold:.2}"),
    );

    let (train_f, test_f) =
        (features(&train, Weights::default()), features(&test, Weights::default()));
    let shipped = Model::shipped();
    let threshold = best_threshold(&scored(&shipped, &train_f));
    let (a, f) = accuracy_f1(&scored(&shipped, &test_f), threshold);
    row(
        "Parallax: shipped model, sentences whole",
        format!("{a:.1}"),
        format!("{f:.1}"),
        &format!("threshold {threshold:.2}"),
    );
    let threshold = best_threshold(&aligner_scores(&train, shipped));
    let (a, f) = accuracy_f1(&aligner_scores(&test, shipped), threshold);
    row(
        "Parallax: as the aligner scores (clauses, figures aside)",
        format!("{a:.1}"),
        format!("{f:.1}"),
        &format!("threshold {threshold:.2}"),
    );
    let all = [true; FEATURES.len()];
    let (_, threshold, a, f) = train_and_test(&train_f, &test_f, &all);
    row(
        &format!("Parallax: all {} lexical features (not shipped, see below)", FEATURES.len() - 1),
        format!("{a:.1}"),
        format!("{f:.1}"),
        &format!("threshold {threshold:.2}"),
    );
    encoder_rows(&train, &test);

    let (min, below) = length_ratios(test.iter().map(|p| (p.a.as_str(), p.b.as_str())), 0.66);
    println!(
        "MRPC's pairs are alike in length (shorter over longer, in words): at least {min:.2}, \
         and {below:.1}% below 0.66. Compare the seed pairs grouped, below."
    );

    heading("Ablation: the shipped model retrained on train without one feature");
    let (_, _, base, base_f1) = train_and_test(&train_f, &test_f, &SHIPPED_FEATURES);
    row("feature removed", "accuracy", "F1", "change in accuracy");
    row("(none)", format!("{base:.1}"), format!("{base_f1:.1}"), "");
    for (i, name) in FEATURES.iter().enumerate().filter(|&(i, _)| SHIPPED_FEATURES[i]) {
        let mut used = SHIPPED_FEATURES;
        used[i] = false;
        let (_, _, a, f) = train_and_test(&train_f, &test_f, &used);
        row(name, format!("{a:.1}"), format!("{f:.1}"), &format!("{:+.1}", a - base));
    }
    println!("features the shipped model leaves out, each added alone:");
    for (i, name) in FEATURES.iter().enumerate().filter(|&(i, _)| !SHIPPED_FEATURES[i]) {
        let mut used = SHIPPED_FEATURES;
        used[i] = true;
        let (_, _, a, f) = train_and_test(&train_f, &test_f, &used);
        row(
            &format!("+ {name}"),
            format!("{a:.1}"),
            format!("{f:.1}"),
            &format!("{:+.1}", a - base),
        );
    }

    heading("Alignment: comparisons built from MRPC test (30 items each, shuffled)");
    let counts = align_mrpc(&test, &AlignOptions::default());
    let (recall, precision, f1) = counts.scores();
    println!(
        "paraphrase pairs found {recall:.1}%, precision {precision:.1}% (F1 {f1:.1}); \
         pairs of different items grouped {}, same-event non-paraphrases grouped {}",
        counts.wrong, counts.related
    );

    heading("Speed: MRPC test pairs scored natively (one core)");
    speed(&test);
    true
}

fn speed(pairs: &[Pair]) {
    let start = Instant::now();
    let mut corpus = Corpus::new(Weights::default());
    let ids: Vec<(usize, usize)> =
        pairs.iter().map(|p| (corpus.add(&p.a), corpus.add(&p.b))).collect();
    corpus.finish();
    let profiled = start.elapsed();
    const ROUNDS: u32 = 20;
    let start = Instant::now();
    let mut sum = 0.0f32;
    for _ in 0..ROUNDS {
        for &(a, b) in &ids {
            sum += corpus.similarity(a, b);
        }
    }
    let scoring = start.elapsed() / ROUNDS;
    println!(
        "{} pairs: reading and profiling {} sentences {:.1} ms; scoring all pairs {:.2} ms \
         ({:.2} µs a pair; checksum {:.1})",
        ids.len(),
        2 * ids.len(),
        profiled.as_secs_f64() * 1e3,
        scoring.as_secs_f64() * 1e3,
        scoring.as_secs_f64() * 1e6 / ids.len().max(1) as f64,
        sum / ROUNDS as f32
    );
}

fn seeds() -> bool {
    heading("Alignment on the seed articles: what a reader checks");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let c = match seed_facts::compare_dir(&dir) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("parallax-eval: {e}");
            return false;
        }
    };
    for (name, fact) in seed_facts::FACTS {
        match fact(&c) {
            Ok(()) => println!("pass  {name}"),
            Err(e) => println!("FAIL  {name}: {e}"),
        }
    }
    match load_encoder(None) {
        Err(e) => println!("skipped: the seed facts with the encoder ({e})"),
        Ok(encoder) => {
            match seed_facts::compare_dir_encoded(&dir, &Options::default(), Some(&encoder)) {
                Ok(c) => {
                    for (name, fact) in seed_facts::FACTS {
                        match fact(&c) {
                            Ok(()) => println!("pass  with the encoder: {name}"),
                            Err(e) => println!("FAIL  with the encoder: {name}: {e}"),
                        }
                    }
                }
                Err(e) => {
                    eprintln!("parallax-eval: {e}");
                    return false;
                }
            }
        }
    }
    let text = |m: &parallax::comparison::Member| {
        c.articles[m.article].sentences[m.sentence].text.as_str()
    };
    let grouped: Vec<(&str, &str)> = c
        .groups
        .iter()
        .flat_map(|g| {
            g.members.iter().enumerate().flat_map(move |(i, x)| {
                g.members[i + 1..].iter().filter(|y| y.article != x.article).map(move |y| (x, y))
            })
        })
        .map(|(x, y)| (text(x), text(y)))
        .collect();
    let (min, below) = length_ratios(grouped.iter().copied(), 0.66);
    println!(
        "{} pairs grouped; length ratio at least {min:.2}, {below:.1}% below 0.66: features that \
         divide by the longer sentence win on MRPC and split these",
        grouped.len()
    );
    true
}
