//! Diagnostics: per event, the encoder's cosines of cross-article pairs (mean and spread), of
//! the key's must pairs, and each unique sentence's best cross-article cosine.
//! `cargo run --release -p parallax-lab --example events_cosines -- [EVENTS_DIR …]`
use parallax::comparison::{compare_with, sentences_to_encode, Options};
use parallax::matching::encoder::{cosine, SentenceVectors};
use parallax_lab::{event_dirs_from_args, load_encoder, read_events};

fn main() {
    let encoder = load_encoder(None).expect("encoder");
    for dir in event_dirs_from_args() {
        for e in read_events(&dir).unwrap() {
            let texts = sentences_to_encode(&e.articles);
            let v = SentenceVectors::encode(&encoder, texts.iter().map(String::as_str));
            let c = compare_with(&e.articles, &Options::default(), Some(&v)).unwrap();
            let vec_of = |a: usize, s: usize| v.get(&c.articles[a].sentences[s].text);
            let mut items = Vec::new();
            for (a, art) in c.articles.iter().enumerate() {
                for (s, sen) in art.sentences.iter().enumerate() {
                    if !sen.boilerplate && vec_of(a, s).is_some() {
                        items.push((a, s));
                    }
                }
            }
            let mut all = Vec::new();
            for (k, &(a, s)) in items.iter().enumerate() {
                for &(b, t) in &items[k + 1..] {
                    if a != b {
                        all.push(cosine(vec_of(a, s).unwrap(), vec_of(b, t).unwrap()));
                    }
                }
            }
            let n = all.len() as f32;
            let mean = all.iter().sum::<f32>() / n;
            let sd = (all.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n).sqrt();
            all.sort_by(|x, y| x.total_cmp(y));
            let q = |p: f32| all[((all.len() - 1) as f32 * p) as usize];
            let letters: Vec<&String> = e.key.files.keys().collect();
            let find = |letter: &str, snip: &str| -> Option<(usize, usize)> {
                let a = letters.iter().position(|l| l.as_str() == letter)?;
                let s = c.articles[a].sentences.iter().position(|s| s.text.contains(snip))?;
                Some((a, s))
            };
            let mut must: Vec<f32> = e
                .key
                .must
                .iter()
                .filter_map(|(x, y)| {
                    let (i, j) = (find(&x.letter, &x.text)?, find(&y.letter, &y.text)?);
                    Some(cosine(vec_of(i.0, i.1)?, vec_of(j.0, j.1)?))
                })
                .collect();
            must.sort_by(|x, y| x.total_cmp(y));
            let mut uniq: Vec<f32> = e
                .key
                .unique
                .iter()
                .filter_map(|u| {
                    let (a, s) = find(&u.letter, &u.text)?;
                    let vu = vec_of(a, s)?;
                    items
                        .iter()
                        .filter(|&&(b, _)| b != a)
                        .filter_map(|&(b, t)| vec_of(b, t).map(|w| cosine(vu, w)))
                        .reduce(f32::max)
                })
                .collect();
            uniq.sort_by(|x, y| x.total_cmp(y));
            let fmt = |v: &[f32]| v.iter().map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(" ");
            println!(
                "== {}  pairs mean {mean:.3} sd {sd:.3} q50 {:.2} q90 {:.2} q99 {:.2}",
                e.name,
                q(0.5),
                q(0.9),
                q(0.99)
            );
            println!("   must   {}", fmt(&must));
            println!("   unique {}", fmt(&uniq));
        }
    }
}
