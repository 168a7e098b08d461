use parallax::matching::{Corpus, Weights};
fn main() {
    let mut c = Corpus::new(Weights::default());
    let mut meta = vec![];
    for (ai, path) in std::env::args().skip(1).enumerate() {
        let a = parallax::Article::from_bytes(&path, &std::fs::read(&path).unwrap()).unwrap();
        for s in parallax::segment::sentences(&a) {
            if s.is_aligned() {
                c.add(&a.text[s.range.clone()]);
                meta.push((ai, a.text[s.range.clone()].to_string()));
            }
        }
    }
    c.finish();
    let mut pairs = vec![];
    for i in 0..meta.len() {
        for j in i + 1..meta.len() {
            if meta[i].0 != meta[j].0 {
                pairs.push((c.similarity(i, j), i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (s, i, j) in pairs.iter().take(70) {
        println!(
            "{:.3} {:?}\n   [{}] {}\n   [{}] {}",
            s,
            c.measures(*i, *j),
            meta[*i].0,
            &meta[*i].1.chars().take(110).collect::<String>(),
            meta[*j].0,
            &meta[*j].1.chars().take(110).collect::<String>()
        );
    }
}
