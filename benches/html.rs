//! Speed of the HTML reader against page size, printed as figures, to show the work grows
//! linearly with the input.
//!
//! Run with `cargo bench --bench html`; sizes in MB may follow (`cargo bench --bench html --
//! 0.5 1`), otherwise 0.5 to 8 MB, the largest an article may be. The pages are synthetic and
//! hostile on purpose: every block has a paragraph, a script, a style, an inline SVG with a
//! style of its own, a comment and a tag left open, the mix that made the reader quadratic
//! (issue 14).

use parallax::{html, MAX_ARTICLE_BYTES};

#[path = "../tests/support/timing.rs"]
mod timing;
use timing::median_time;

/// One block of the synthetic page; `i` makes every block's text different.
fn block(i: usize) -> String {
    format!(
        "<p class=\"body\">Paragraph {i} says the council met on Tuesday &amp; voted.</p>\
         <script>var x{i} = 1;</script>\
         <STYLE>.c{i} {{ color: red }}</STYLE>\
         <svg viewBox=\"0 0 1 1\"><style>path {{ fill: none }}</style><path d=\"M0 0\"/></svg>\
         <!-- note {i} -->\
         <div><b>Item {i}</b> and <i>more</i><span\n"
    )
}

/// A page of about `bytes` bytes (never more than `MAX_ARTICLE_BYTES`).
fn page(bytes: usize) -> String {
    let mut out = String::from("<!DOCTYPE html><html><head><title>Bench</title></head><body>");
    let limit = bytes.min(MAX_ARTICLE_BYTES) - 16;
    let mut i = 0;
    loop {
        let b = block(i);
        if out.len() + b.len() > limit {
            break;
        }
        out.push_str(&b);
        i += 1;
    }
    out.push_str("</body></html>");
    out
}

fn main() {
    let mut sizes: Vec<f64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        sizes = vec![0.5, 1.0, 2.0, 4.0, 8.0];
    }
    for mb in sizes {
        let html = page((mb * 1024.0 * 1024.0) as usize);
        let mut chars = 0;
        let t = median_time(7, || chars = std::hint::black_box(html::to_text(&html)).len());
        let (mib, ms) = (html.len() as f64 / (1024.0 * 1024.0), t.as_secs_f64() * 1e3);
        println!(
            "html: {mib:5.2} MiB page -> {:5.2} MiB text: {ms:9.1} ms, {:7.1} ms per MiB (median of 7)",
            chars as f64 / (1024.0 * 1024.0),
            ms / mib
        );
    }
}
