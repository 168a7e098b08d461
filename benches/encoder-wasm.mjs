// The sentence encoder as the page runs it: the worker's wasm module (dist/, built by
// `trunk build --release`) under Node.js, which runs wasm SIMD as browsers do. Encodes the
// seed articles' sentences sixteen at a time, as the page's workers take them, eight rounds
// after a warm-up, and prints the fastest round and the median (this machine's timings vary
// from round to round by a third). Run by scripts/bench:
//   node benches/encoder-wasm.mjs [dist] [weights] [seeds]
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist = 'dist', weights = 'weights/minilm-l6-v2.q8', seeds = 'seeds'] = process.argv.slice(2);
const glue = resolve(dist, 'parallax-worker.js');
const encoder = await import(pathToFileURL(glue).href);
await encoder.default({ module_or_path: readFileSync(resolve(dist, 'parallax-worker_bg.wasm')) });
const start = performance.now();
encoder.loadEncoder(readFileSync(weights));
const loaded = performance.now() - start;

// Sentences as the segmenter would roughly cut them: enough for timing.
const texts = readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort()
  .flatMap((f) => readFileSync(join(seeds, f), 'utf8').split(/(?<=[.!?])\s+/))
  .map((s) => s.trim()).filter((s) => s.length > 20);
const CHUNK = 16;
const round = () => {
  const t = performance.now();
  for (let i = 0; i < texts.length; i += CHUNK) encoder.encodeSentences(texts.slice(i, i + CHUNK));
  return (performance.now() - t) / texts.length;
};
round();
const rounds = Array.from({ length: 8 }, round).sort((a, b) => a - b);
console.log(`encoder (wasm, Node.js ${process.versions.node}): weights read in ${loaded.toFixed(0)} ms; `
  + `${texts.length} seed sentences, ${rounds[0].toFixed(1)} ms a sentence at best, ${rounds[4].toFixed(1)} median`);
