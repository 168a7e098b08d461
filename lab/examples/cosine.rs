//! Prints the encoder's cosine of every pair of the sentences given as arguments:
//! `cargo run --release -p parallax-lab --example cosine -- "first sentence" "second sentence" …`
use parallax::matching::encoder::cosine;
use parallax_lab::load_encoder;

fn main() {
    let texts: Vec<String> = std::env::args().skip(1).collect();
    let encoder = match load_encoder(None) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cosine: {e}");
            std::process::exit(1);
        }
    };
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let v = encoder.encode(&refs);
    let d = encoder.dimension();
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            let c = cosine(&v[i * d..(i + 1) * d], &v[j * d..(j + 1) * d]);
            println!("{c:.3}  {i} {j}");
        }
    }
}
