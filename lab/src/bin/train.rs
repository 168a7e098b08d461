//! Trains the matching model on MRPC train and prints it in the format of
//! `src/matching/model.txt`. Run through `scripts/train`, which writes the file.

use std::path::PathBuf;
use std::process::ExitCode;

use parallax::matching::{Weights, SHIPPED_FEATURES};
use parallax_lab::{cross_validate, features, read_mrpc, train_and_test};

fn main() -> ExitCode {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/bench".into()));
    let Some(train) = read_mrpc(&dir.join("mrpc/train.tsv")) else {
        eprintln!("parallax-train: {} holds no mrpc/train.tsv", dir.display());
        return ExitCode::FAILURE;
    };
    let data = features(&train, Weights::default());
    let (model, threshold, accuracy, _) = train_and_test(&data, &data, &SHIPPED_FEATURES);
    eprintln!(
        "parallax-train: MRPC train accuracy {accuracy:.1}% at threshold {threshold:.2}; \
         10-fold cross-validation {:.1}%",
        cross_validate(&data, &SHIPPED_FEATURES, 10)
    );
    print!("{}", model.to_text());
    ExitCode::SUCCESS
}
