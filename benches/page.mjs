// The page at three sizes, in headless Chromium: the four seed articles as the page opens
// with them, twenty articles of fifty sentences (drawn from the seeds' sentences, shuffled,
// so that most facts are in several), and two texts of 20,000 sentences each (synthetic: the
// second a reordered, partly reworded copy of the first). For each: the time to the first
// rows drawn, to the comparison by meaning when the encoder runs (the page keeps to wording
// past 3,000 sentences), the longest task on the page's thread, the elements in the page and
// the page's wasm memory. Figures, not checks. Run by scripts/bench after `trunk build`:
//   node benches/page.mjs [dist]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(resolve('tests/e2e/package.json'));
const { chromium } = require('playwright-core');
const dist = resolve(process.argv[2] ?? 'dist');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
  try {
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' })
      .end(await readFile(join(dist, path)));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A deterministic pseudo-random sequence (xorshift). */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

function seedSentences() {
  return readdirSync('seeds').filter((f) => f.endsWith('.txt')).sort()
    .flatMap((f) => readFileSync(join('seeds', f), 'utf8').split(/(?<=[.!?])\s+/))
    .map((s) => s.trim()).filter((s) => s.length > 30 && /[.!?]$/.test(s));
}

function twentyArticles() {
  const pool = seedSentences();
  const next = rng(7);
  return Array.from({ length: 20 }, (_, a) => {
    const picked = Array.from({ length: 50 }, () => pool[Math.floor(next() * pool.length)]);
    const paragraphs = [];
    for (let i = 0; i < picked.length; i += 5) paragraphs.push(picked.slice(i, i + 5).join(' '));
    return { name: `outlet-${String(a + 1).padStart(2, '0')}.txt`, text: paragraphs.join('\n\n') };
  });
}

function longTexts(n) {
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

async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
    addEventListener('TrunkApplicationStarted', (e) => { window.__memory = e.detail.wasm.memory; });
  });
  return page;
}

const figures = async (page, since) => page.evaluate((since) => ({
  longest: Math.max(0, ...window.__longTasks.filter(([t]) => t >= since).map(([, d]) => d)),
  elements: document.getElementsByTagName('*').length,
  memory: window.__memory ? window.__memory.buffer.byteLength : 0,
}), since);

const rows = [];
async function scenario(name, files, timeout) {
  const page = await openPage();
  const opened = Date.now();
  await page.goto(origin);
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 60000 });
  let since = 0;
  let first;
  if (files) {
    // Wait for the seeds' comparison by meaning, so that it does not run beside the one timed.
    await page.waitForSelector('#matcher[data-matcher="encoder"]', { timeout: 120000 }).catch(() => {});
    for (let i = 0; i < 4; i++) await page.click('.card button[data-action="remove"]');
    since = await page.evaluate(() => performance.now());
    const start = Date.now();
    await page.evaluate((files) => {
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, files);
    await page.waitForFunction((n) => document.querySelectorAll('table.groups thead th').length === n + 1,
      files.length, { timeout, polling: 50 });
    first = Date.now() - start;
    var t0 = start;
  } else {
    first = Date.now() - opened;
    var t0 = opened;
  }
  const refined = await page.waitForSelector('#matcher[data-matcher="encoder"]', { timeout })
    .then(() => `${((Date.now() - t0) / 1000).toFixed(1)} s`).catch(() => 'by wording only');
  const f = await figures(page, since);
  rows.push([name, `${(first / 1000).toFixed(1)} s`, refined, `${f.longest.toFixed(0)} ms`,
    f.elements.toLocaleString('en'), `${(f.memory / 1048576).toFixed(0)} MiB`]);
  await page.close();
}

try {
  await scenario('4 seed articles (the page opening)', null, 60000);
  await scenario('20 articles × 50 sentences', twentyArticles(), 180000);
  await scenario('2 texts × 20,000 sentences', longTexts(20000), 600000);
} finally {
  await browser.close();
  server.close();
}
const header = ['case', 'first rows', 'by meaning', 'longest task', 'elements', 'wasm memory'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
