//! Embeds the seed articles: every `.txt` file in `seeds/`, sorted by name, becomes part of
//! the web page, so a file dropped into `seeds/` shows up after a rebuild with no code change.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("/// The seed articles: (file name, contents), sorted by name.\n");
    out.push_str("pub const SEEDS: &[(&str, &[u8])] = &[\n");
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("seed.txt");
        let _ = writeln!(out, "    ({name:?}, include_bytes!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("seeds.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
