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
import { longTexts, rng } from '../tests/e2e/long-texts.mjs';

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
    // The files are made before the clock starts: making them is the benchmark's work.
    await page.evaluate((files) => {
      window.__staged = files.map((f) => new File([f.text], f.name, { type: 'text/plain' }));
    }, files);
    const start = Date.now();
    since = await page.evaluate(() => {
      const dt = new DataTransfer();
      for (const f of window.__staged) dt.items.add(f);
      const t = performance.now();
      document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
      return t;
    });
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
