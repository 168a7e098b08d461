use parallax::matching::{Corpus, Weights};
fn main() {
    let sents: Vec<String> = std::env::args().skip(1).collect();
    let mut c = Corpus::new(Weights::default());
    for s in &sents {
        c.add(s);
    }
    c.finish();
    for i in 0..sents.len() {
        for j in i + 1..sents.len() {
            let s = c.similarity(i, j);
            if s > 0.2 {
                println!("{i}-{j} {:.3} {:?}", s, c.measures(i, j));
            }
        }
    }
}
