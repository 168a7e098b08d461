// Synthetic long texts for the page's end-to-end test and its benchmark (benches/page.mjs):
// sentences drawn from a Zipf-distributed made-up vocabulary, so that no article text of
// anyone's is copied.

/** A deterministic pseudo-random sequence (xorshift). */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

/**
 * Two texts of `n` sentences each: the second holds two thirds of the first's sentences,
 * reordered in blocks and a word or two changed, and new ones for the rest.
 */
export function longTexts(n) {
  const syllables = ['ka', 'ro', 'mi', 'ten', 'sa', 'lu', 'vor', 'di', 'an', 'pel', 'ur', 'zo', 'bri', 'nek'];
  const words = Array.from({ length: 5000 }, (_, i) => {
    let w = ''; let k = i + 7;
    while (k > 0) { w += syllables[k % syllables.length]; k = Math.floor(k / syllables.length); }
    return w;
  });
  const next = rng(11);
  const zipf = () => Math.min(words.length - 1, Math.max(0, Math.floor(words.length ** next()) - 1));
  const sentence = () => Array.from({ length: 8 + Math.floor(next() * 20) }, () => words[zipf()]);
  const first = Array.from({ length: n }, sentence);
  // The second: two thirds of the first's sentences, reordered in blocks and a word or two
  // changed; the rest new.
  const second = first.map((s) => (next() < 0.67
    ? s.map((w) => (next() < 0.1 ? words[zipf()] : w)) : sentence()));
  for (let i = 0; i + 40 < second.length; i += 40) {
    if (next() < 0.3) second.splice(i, 0, ...second.splice(i + 20, 20));
  }
  const render = (ss) => ss.map((s, i) => {
    const t = s.join(' ');
    return t[0].toUpperCase() + t.slice(1) + (i % 5 === 4 ? '.\n\n' : '. ');
  }).join('');
  return [{ name: 'long-a.txt', text: render(first) }, { name: 'long-b.txt', text: render(second) }];
}
