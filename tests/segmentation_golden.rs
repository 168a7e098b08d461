//! The English Golden Rules of sentence segmentation (pySBD's benchmark copy), when present.

use std::path::Path;

#[test]
fn passes_all_48_golden_rules() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/bench/segmentation/golden_rules_en.json");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not here", path.display());
        return;
    };
    let data: serde_json::Value = serde_json::from_str(&raw).expect("golden rules file is JSON");
    let cases = data["cases"].as_array().expect("cases array");
    assert_eq!(cases.len(), 48);
    let mut failed = Vec::new();
    for case in cases {
        let input = case["input"].as_str().unwrap();
        let expected: Vec<&str> =
            case["expected"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let got: Vec<&str> =
            parallax::segment::split(input).into_iter().map(|r| input[r].trim()).collect();
        if got != expected {
            failed.push(format!("rule {} ({}): got {:?}", case["rule"], case["name"], got));
        }
    }
    eprintln!("golden rules: {}/48 passed", 48 - failed.len());
    assert!(failed.is_empty(), "golden rules fail:\n{}", failed.join("\n"));
}
