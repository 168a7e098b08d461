// End-to-end test of the built page (dist/) in real headless Chromium.
//
// Serves dist/ under a sub-path (/sub/parallax/) on localhost, as GitHub Pages would, and
// checks what a reader sees and does: the seed articles compared, a dropped file becoming a
// new column, hostile HTML shown as text and never run, a bad file refused with a message
// while everything loaded stays, renaming, removing, pasting, the reading view. It fails on
// any console error and on any request to another host, checks that the Content-Security-Policy
// refuses inline scripts, inline event handlers and remote loads, and saves a screenshot. Then
// it opens the one-file build (parallax.html) through a file:// URL and checks it works there.
// The sentence encoder: the main walk-through runs with its weights refused (so the lexical
// comparison it checks stays put, and the refusal is shown in one line); a second visit lets
// the worker load them and checks that the page refines the comparison with them.
//
// Usage: node tests/e2e/page.mjs [dist-dir] [screenshot.png]

import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { longTexts } from './long-texts.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on `tab` as it stands (evaluated through the debugging protocol, which the
 * page's policy does not govern); fails on serious or critical violations, and returns the
 * counts by impact.
 */
async function axe(tab, where) {
  await tab.evaluate(axeSource);
  const violations = await tab.evaluate(async () => (await window.axe.run(document)).violations
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(' ') })));
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe on ${where}: ${JSON.stringify(bad)}`);
  const counts = {};
  for (const v of violations) counts[v.impact] = (counts[v.impact] ?? 0) + v.nodes;
  console.log(`e2e: axe on ${where}: ${violations.length} rules violated ${JSON.stringify(counts)}${violations.length ? ' ' + violations.map((v) => v.id).join(', ') : ''}`);
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));
const screenshot = resolve(process.argv[3] ?? join(root, 'target', 'e2e', 'screenshot.png'));
const prefix = '/sub/parallax/';
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.png': 'image/png',
};

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`e2e: ${dist}/index.html is missing; run \`trunk build --release\` first`);
  process.exit(2);
}

let weightsVersion = 1;
let weightsSent = 0;
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  if (!path.startsWith(prefix)) {
    res.writeHead(404).end('outside the sub-path');
    return;
  }
  const rel = normalize(path.slice(prefix.length) || 'index.html');
  const file = join(dist, rel.endsWith('/') ? join(rel, 'index.html') : rel);
  if (!file.startsWith(dist)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
    // The weights carry a version, as a host's ETag would (a test bumps it to deploy "new"
    // weights under the same name), and may be kept ten minutes, as GitHub Pages says.
    if (file.endsWith('.q8.gz')) {
      headers.etag = `"weights-${weightsVersion}"`;
      headers['cache-control'] = 'max-age=600';
      if (req.method === 'GET') weightsSent += 1;
    }
    res.writeHead(200, headers).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const failures = [];
let step = '';
function check(condition, message) {
  if (!condition) {
    failures.push(`${step}: ${message}`);
    console.error(`  FAIL ${message}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const consoleErrors = [];
const foreignRequests = [];
const dialogs = [];
// The refused weights are logged by the browser itself; nothing else may be.
const WEIGHTS = 'minilm-l6-v2.q8.gz';
await page.route(`**/${WEIGHTS}`, (r) => r.fulfill({ status: 404, body: 'refused by the test' }));
page.on('console', (m) => {
  if (m.type() === 'error' && !`${m.text()} ${m.location().url}`.includes(WEIGHTS) && !/status of 404/.test(m.text())) {
    consoleErrors.push(`${m.text()} (${m.location().url})`);
  }
});
page.on('pageerror', (e) => consoleErrors.push(String(e)));
page.on('request', (r) => { if (!r.url().startsWith(origin)) foreignRequests.push(r.url()); });
page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });

/** Waits until the page has drawn the comparison it was making (the worker's answer). */
async function settled(tab = page) {
  await tab.waitForFunction(() => document.querySelector('#overview')?.getAttribute('aria-busy') !== 'true', null, { timeout: 30000 });
}

/** Drops files on the page with a synthetic drop event, as a browser does for a real drag. */
async function drop(files, tab = page) {
  await tab.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(f.bytes);
      dt.items.add(new File([bytes], f.name, { type: 'text/plain' }));
    }
    const target = document.querySelector('#overview') ?? document.body;
    target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: dt }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, files.map((f) => ({ name: f.name, bytes: Array.from(f.bytes) })));
}
const utf8 = (s) => new TextEncoder().encode(s);

/** Two synthetic texts of `n` sentences (long-texts.mjs), as files to drop. */
const longFiles = (n) => longTexts(n).map((f) => ({ name: f.name, bytes: utf8(f.text) }));

/** A desktop-sized tab of its own, the page opened and every article cleared. */
async function emptyTab() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const tab = await context.newPage();
  tab.on('pageerror', (e) => consoleErrors.push(String(e)));
  await tab.goto(`${origin}${prefix}`);
  await tab.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  await tab.click('#clear-all');
  return { context, tab };
}

/**
 * Virtual rows: two texts of 2,000 sentences each, in a tab of its own. The page keeps a few
 * thousand elements at the top, at the bottom and in the reading view, scrolling draws the
 * rows that come into view, and a jump from the coverage strip finds its row.
 */
async function checkLongTexts() {
  const { context, tab } = await emptyTab();
  // While the worker compares, a line says so.
  await tab.evaluate(() => {
    window.__busyLine = '';
    const busy = document.querySelector('#busy');
    new MutationObserver(() => { if (!busy.hidden) window.__busyLine = busy.textContent; })
      .observe(busy, { attributes: true, childList: true });
  });
  await drop(longFiles(2000), tab);
  await tab.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 3, null, { timeout: 60000 });
  await settled(tab);
  const busyLine = await tab.evaluate(() => window.__busyLine);
  // The tab held no articles before: no rows "from before" are shown, so not "again".
  check(busyLine === 'Comparing the articles…' && await tab.$eval('#busy', (b) => b.hidden),
    `a line says the comparison is under way, and goes when it is done; got "${busyLine}"`);
  const frames = () => tab.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const state = () => tab.evaluate(() => {
    const rows = [...document.querySelectorAll('#overview tr.group')].map((r) => Number(r.dataset.group));
    const seen = rows.filter((g) => {
      const r = document.querySelector(`#overview tr.group[data-group="${g}"]`).getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    });
    return {
      elements: document.getElementsByTagName('*').length,
      drawn: rows.length,
      seen,
      height: document.documentElement.scrollHeight,
      last: Number(document.querySelector('#overview .count-line').textContent.match(/of (\d+) groups/)?.[1]),
    };
  });
  await frames();
  const top = await state();
  check(top.elements < 5000 && top.drawn > 10 && top.seen.includes(0),
    `at the top, the first rows drawn and at most 5,000 elements; got ${JSON.stringify({ ...top, seen: top.seen.length })}`);
  check(top.height > 30 * 1000, `the page is as long as every row; got ${top.height} px`);
  await tab.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  for (let i = 0; i < 3; i++) await frames();
  const bottom = await state();
  check(bottom.elements < 5000 && bottom.seen.includes(bottom.last - 1),
    `at the bottom, the last row (#${bottom.last}) drawn and in view; got ${JSON.stringify({ ...bottom, seen: bottom.seen.slice(-3) })}`);
  // A mark in the middle of the coverage strip opens its row.
  await tab.evaluate(() => scrollTo(0, 0));
  await frames();
  const marks = await tab.$$('.strip .col');
  const target = await marks[Math.floor(marks.length / 2)].getAttribute('data-group');
  await marks[Math.floor(marks.length / 2)].click();
  for (let i = 0; i < 3; i++) await frames();
  const jumped = await state();
  check(jumped.seen.includes(Number(target)) && jumped.elements < 5000,
    `the strip's middle mark brings group ${target} into view; in view ${jumped.seen}`);
  const focused = await tab.evaluate(() => document.activeElement?.dataset.group);
  check(focused === target, `and focuses its row; got ${focused}`);
  // The reading view, at the top and at the end of the article.
  await tab.click('#tab-reading');
  await frames();
  const reading = () => tab.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    sentences: document.querySelectorAll('#reading article .s, #reading article .boilerplate').length,
    lastShown: Math.max(...[...document.querySelectorAll('#reading article [data-sentence]')].map((s) => Number(s.dataset.sentence))),
  }));
  const readTop = await reading();
  await tab.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  for (let i = 0; i < 3; i++) await frames();
  const readEnd = await reading();
  check(readTop.elements < 5000 && readTop.sentences > 20 && readEnd.elements < 5000 && readEnd.lastShown >= 1990,
    `the reading view draws the sentences near the screen; got ${JSON.stringify([readTop, readEnd])}`);
  console.log(`e2e: long texts: ${top.last} groups, ${top.elements} elements at the top, ${bottom.elements} at the bottom, ${readEnd.elements} reading`);

  // New input cancels a long comparison under way: a third, longer text is dropped, then
  // removed while the worker aligns; the worker is stopped and another answers for the two.
  await tab.click('#tab-overview');
  let workers = 0;
  tab.on('worker', (w) => { if (w.url().includes('compare-worker')) workers += 1; });
  await drop([{ ...longFiles(6000)[1], name: 'long-c.txt' }], tab);
  await tab.waitForSelector('#busy:not([hidden])', { timeout: 30000 });
  // The two texts' rows stay shown meanwhile, and the line says they are from before.
  const again = await tab.$eval('#busy', (b) => b.textContent);
  check(again === 'Comparing the articles again… (the rows below are from before)',
    `while a third text is compared the line says the rows are from before; got "${again}"`);
  await tab.waitForTimeout(600);
  // Moving about while it works changes nothing compared: nothing is cancelled.
  await tab.evaluate(() => document.activeElement?.blur());
  for (const key of ['j', 'j', 'k']) await tab.keyboard.press(key);
  await tab.waitForTimeout(400);
  check(workers === 0, `keys pressed during a comparison leave it under way; ${workers} new workers`);
  const removed = Date.now();
  await tab.click('.card:last-child button[data-action="remove"]');
  await settled(tab);
  const after = await tab.$$eval('table.groups thead th', (t) => t.length - 1);
  check(after === 2 && workers === 1,
    `removing the text under comparison cancels it (a new worker) and shows the two; got ${after} articles, ${workers} new workers, ${Date.now() - removed} ms`);
  console.log(`e2e: a cancelled comparison: the two shown ${Date.now() - removed} ms after the third was removed`);

  // A reload brings the two long texts back, compared by the worker, not on the page's
  // thread (which would hold it for seconds); the address's position is taken then.
  const group = await tab.evaluate(() => Number(document.querySelector('.strip .col:nth-child(40)').dataset.group));
  await tab.evaluate((g) => { location.hash = `g=${g + 1}`; }, group);
  await tab.addInitScript(() => {
    window.__longest = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const reloaded = Date.now();
  await tab.reload();
  await tab.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 3, null, { timeout: 60000 });
  await settled(tab);
  for (let i = 0; i < 3; i++) await frames();
  const back = await state();
  check(back.seen.includes(group), `after a reload the address's group ${group + 1} is in view; in view ${back.seen}`);
  const longest = await tab.evaluate(() => window.__longest);
  console.log(`e2e: two 2,000-sentence texts reloaded and compared in ${Date.now() - reloaded} ms; longest task ${Math.round(longest)} ms`);
  await context.close();
}

/**
 * Book length: two texts of 20,000 sentences each, dropped in a tab of its own. The files are
 * made in the page before the drop, so that the long-task observer sees the page's own work
 * only: reading each file, the worker's comparison finished in slices, and drawing it. Prints
 * the longest task on the page's thread (a figure, not a check; benches/page.mjs prints it
 * too), and checks that the comparison arrives and the page stays within a few thousand
 * elements.
 */
async function checkBookLength() {
  const { context, tab } = await emptyTab();
  await tab.evaluate((files) => {
    window.__staged = files.map((f) => new File([f.text], f.name, { type: 'text/plain' }));
  }, longTexts(20000));
  await tab.evaluate(() => {
    window.__tasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__tasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
    const dt = new DataTransfer();
    for (const f of window.__staged) dt.items.add(f);
    document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  const start = Date.now();
  await tab.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 3
    && document.querySelector('#overview')?.getAttribute('aria-busy') !== 'true', null, { timeout: 300000, polling: 200 });
  for (let i = 0; i < 3; i++) await tab.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
  const { tasks, elements, groups } = await tab.evaluate(() => ({
    tasks: window.__tasks,
    elements: document.getElementsByTagName('*').length,
    groups: document.querySelector('#position')?.textContent ?? '',
  }));
  check(/of \d{5,}|\d{5,} groups/.test(groups.replace(/,/g, '')), `two 20,000-sentence texts compared: ${groups}`);
  check(elements < 5000, `book length: ${elements} elements in the page (at most about 5,000)`);
  // Past the encoder's limit the page keeps to wording, and says so once the encoder is ready.
  const says = await tab.waitForFunction(() => /past \d+ sentences/.test(document.querySelector('#matcher')?.textContent ?? ''),
    null, { timeout: 60000 }).then(() => true, () => false);
  check(says, `book length: the matcher line says the page matches by wording past the limit; it says “${await tab.textContent('#matcher')}”`);
  console.log(`e2e: two 20,000-sentence texts compared in ${Date.now() - start} ms; tasks over 50 ms on the page's thread: ${tasks.length}, the longest ${Math.max(0, ...tasks)} ms (${tasks.join(', ')})`);
  await context.close();
}

/**
 * Checks that the page's Content-Security-Policy is in force: an inline script, an inline
 * event handler, a script and an image from another host and a request to another host are
 * all refused. (The console errors the refusals log are expected; call this after the page
 * health checks.)
 */
async function checkPolicy(page) {
  const probe = await page.evaluate(async () => {
    const refused = [];
    document.addEventListener('securitypolicyviolation', (e) => refused.push(e.effectiveDirective));
    const inline = document.createElement('script');
    inline.textContent = 'window.__csp = "inline script";';
    document.body.append(inline);
    const handler = document.createElement('div');
    handler.setAttribute('onclick', 'window.__csp = "event handler"');
    document.body.append(handler);
    handler.click();
    const remote = document.createElement('script');
    remote.src = 'https://cdn.example.com/x.js';
    document.body.append(remote);
    const img = new Image();
    img.src = 'https://tracker.example.com/pixel.png';
    document.body.append(img);
    let fetched = 'refused';
    try { await fetch('https://api.example.com/'); fetched = 'allowed'; } catch { /* refused */ }
    await new Promise((ok) => setTimeout(ok, 300));
    handler.remove(); inline.remove(); remote.remove(); img.remove();
    return { ran: window.__csp ?? null, refused: [...new Set(refused)].sort(), fetched };
  });
  check(probe.ran === null, `the policy let ${probe.ran} run`);
  check(probe.fetched === 'refused', 'the policy refuses requests to other hosts');
  for (const directive of ['connect-src', 'img-src', 'script-src-attr', 'script-src-elem']) {
    check(probe.refused.includes(directive), `the policy refuses ${directive}; refused: ${probe.refused}`);
  }
}

/**
 * A new desktop-sized page (in a context of its own, or in `context`, whose viewport it
 * takes) that records its console errors, uncaught exceptions and every request it makes.
 */
async function recordingPage(context = null) {
  const tab = context ? await context.newPage() : await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  const requests = [];
  tab.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  tab.on('pageerror', (e) => errors.push(String(e)));
  tab.on('request', (r) => requests.push(r.url()));
  return { tab, errors, requests };
}

/**
 * Opens the single self-contained file through a file:// URL, as someone who saved it would:
 * the seed comparison renders, a pasted article is compared, nothing is fetched from anywhere
 * and the policy holds.
 */
async function checkSingleFile(file) {
  if (!existsSync(file)) {
    check(false, `${file} is missing`);
    return;
  }
  const { tab: single, errors, requests } = await recordingPage();
  const url = pathToFileURL(file).href;
  await single.goto(url);
  await single.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  // The first rows are drawn over a few frames, the table busy until the last.
  await single.waitForSelector('table.groups:not([aria-busy="true"])', { timeout: 30000 });
  const cols = await single.$$eval('table.groups thead th', (ths) => ths.length - 1);
  check(cols === 4, `the single file compares the 4 seed articles; got ${cols} columns`);
  const rows = await single.$$eval('tr.group.shared', (r) => r.length);
  check(rows >= 10, `the single file shows shared facts; got ${rows}`);
  const flags = await single.$$eval('tr.discrepancy', (r) => r.length);
  check(flags > 0, 'the single file flags disagreements');
  // Comparisons after the first are made in the worker the single file carries (a blob URL):
  // the views are marked busy until it answers.
  await single.waitForFunction(() => document.querySelector('#overview') !== null);
  await single.evaluate(() => {
    window.__busy = false;
    new MutationObserver(() => {
      if (document.querySelector('#overview').getAttribute('aria-busy') === 'true') window.__busy = true;
    }).observe(document.querySelector('#overview'), { attributes: true });
  });
  await single.click('#paste-toggle');
  await single.fill('#paste-name', 'pasted from disk');
  await single.fill('#paste-text', 'The Kremlin said Russia granted Assad and his family asylum on humanitarian grounds.');
  await single.click('#paste-add');
  await single.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 6, null, { timeout: 10000 });
  const pasted = await single.$$eval('tr.group', (rs) => rs.some((r) => {
    const cells = [...r.querySelectorAll('td.cell')];
    return cells.length === 5 && !cells[4].classList.contains('missing') && cells.filter((c) => !c.classList.contains('missing')).length >= 2;
  }));
  check(pasted, 'the pasted article is aligned with the seeds in the single file');
  await settled(single);
  const workers = single.workers().map((w) => w.url());
  check(await single.evaluate(() => window.__busy) && workers.length === 1 && workers[0].startsWith('blob:'),
    `the single file compares in a worker from a blob URL; workers ${workers}`);
  check(await single.$('#offline-copy') === null, 'the single file does not offer itself for download');
  const matcher = await single.$eval('#matcher', (m) => m.textContent);
  check(/Matched by wording alone: this one-file copy/.test(matcher), `the single file says it matches by wording; got ${matcher}`);
  check(errors.length === 0, `console errors in the single file: ${errors.join(' | ')}`);
  const elsewhere = requests.filter((r) => r !== url && !r.startsWith('data:') && !r.startsWith('blob:'));
  check(elsewhere.length === 0, `the single file fetched: ${elsewhere.join(', ')}`);
  await checkPolicy(single);
  await single.close();
}
const columns = () => page.$$eval('table.groups thead th', (ths) => ths.length - 1);

/**
 * Opens parallax-full.html, the single file that carries the encoder, through a file:// URL:
 * the lexical comparison first, then the comparison refined by meaning, with workers started
 * from a blob URL, nothing fetched from anywhere and the policy holding. Prints how long the
 * refinement took (a figure, not a check).
 */
async function checkFullFile(file) {
  if (!existsSync(file)) {
    check(false, `${file} is missing (scripts/setup makes the weights it carries)`);
    return;
  }
  const { tab: full, errors, requests } = await recordingPage();
  const url = pathToFileURL(file).href;
  const start = Date.now();
  await full.goto(url);
  await full.waitForSelector('table.groups tbody tr.group', { timeout: 60000 });
  const lexical = Date.now() - start;
  await full.waitForSelector('#matcher[data-matcher="encoder"]', { timeout: 180000 });
  const refined = Date.now() - start;
  const line = await full.$eval('#matcher', (m) => m.textContent);
  check(/Matched by meaning/.test(line), `the full single file matches by meaning; got ${line}`);
  const asylum = await full.$$eval('tr.group', (rows) => rows.filter((r) => {
    const cells = [...r.querySelectorAll('td.cell')];
    return [0, 1, 2].every((i) => cells[i] && !cells[i].classList.contains('missing') && /asylum/i.test(cells[i].textContent));
  }).length);
  check(asylum >= 1, 'in the full single file the asylum sentences of 000, 001 and 002 share a row');
  check(errors.length === 0, `console errors in the full single file: ${errors.join(' | ')}`);
  const elsewhere = requests.filter((r) => r !== url && !r.startsWith('data:') && !r.startsWith('blob:'));
  check(elsewhere.length === 0, `the full single file fetched: ${elsewhere.join(', ')}`);
  await checkPolicy(full);
  console.log(`e2e: parallax-full.html from disk: lexical view ${lexical} ms, refined ${refined} ms`);
  await full.close();
}

/** A visit whose browser refuses storage: the seeds are compared, and one line says the
 * articles will not be kept after the visit. */
async function checkStorageRefused() {
  const { tab, errors } = await recordingPage();
  await tab.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('storage is off in this test', 'SecurityError'); } });
  });
  await tab.goto(`${origin}${prefix}`);
  await tab.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  check(await tab.$$eval('table.groups thead th', (t) => t.length - 1) === 4, 'with storage refused the seeds are compared');
  const lines = await tab.$$eval('.message', (m) => m.map((x) => x.textContent).join(' | '));
  check(/will not keep your articles after this visit/.test(lines), `one line says the articles are not kept; got ${lines}`);
  check(errors.length === 0, `console errors with storage refused: ${errors.join(' | ')}`);
  await tab.close();
}

/**
 * Clear all pressed before the first comparison, in a new browser profile (the seeds would
 * come) and in one holding a saved session (it would be restored). The page's first opening
 * of its database is held until the click is made, and so is its 2 s wait for storage, which
 * would begin the page too; then both are let through. The page must stay empty (nothing
 * read back unseen and saved again), the loading line gone, with no console errors.
 */
async function checkClearBeforeFirst() {
  for (const saved of [false, true]) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const what = saved ? 'with a saved session' : 'in a new profile';
    if (saved) {
      const first = await context.newPage();
      await first.goto(`${origin}${prefix}`);
      await first.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
      await drop([{ name: 'kept.txt', bytes: utf8('The ferry sailed two hours late. Its crew blamed the fog.') }], first);
      await first.waitForFunction(() => document.querySelectorAll('.card').length === 5, null, { timeout: 10000 });
      const stored = () => new Promise((done) => {
        const open = indexedDB.open('parallax', 1);
        open.onsuccess = () => {
          const get = open.result.transaction('session').objectStore('session').get('current');
          get.onsuccess = () => { done(JSON.stringify(get.result ?? null).includes('kept.txt')); open.result.close(); };
          get.onerror = () => done(false);
        };
        open.onerror = () => done(false);
      });
      await first.waitForFunction(stored, null, { timeout: 10000, polling: 200 });
      await first.close();
    }
    const { tab, errors } = await recordingPage(context);
    await tab.addInitScript(() => {
      const held = [];
      const timeout = window.setTimeout;
      window.setTimeout = (f, ms, ...rest) => {
        if (ms === 2000 && !window.released) { held.push(() => timeout(f, 0, ...rest)); return 0; }
        return timeout(f, ms, ...rest);
      };
      const open = IDBFactory.prototype.open;
      IDBFactory.prototype.open = function (...args) {
        const request = open.apply(this, args);
        if (window.holding) return request;
        window.holding = true;
        let handler = null;
        Object.defineProperty(request, 'onsuccess', { configurable: true, get: () => handler, set: (h) => { handler = h; } });
        request.addEventListener('success', (event) => {
          window.releaseSession = () => {
            window.released = true;
            handler?.call(request, event);
            window.sessionAnswered = true;
            held.forEach((f) => f());
          };
        });
        return request;
      };
    });
    await tab.goto(`${origin}${prefix}`);
    await tab.waitForFunction(() => typeof window.releaseSession === 'function', null, { timeout: 30000 });
    check(await tab.$$eval('.card', (c) => c.length) === 0, `${what}: no article is shown while the saved session is awaited`);
    await tab.click('#clear-all');
    await tab.evaluate(() => window.releaseSession());
    await tab.waitForTimeout(1000);
    check(await tab.evaluate(() => window.sessionAnswered === true), `${what}: the held answer reached the page`);
    check(await tab.$$eval('.card', (c) => c.length) === 0, `${what}: Clear all before the first comparison leaves the page empty once storage answers`);
    check(await tab.$$eval('table.groups tbody tr.group', (r) => r.length) === 0, `${what}: Clear all before the first comparison draws no rows`);
    check(await tab.$('#loading') === null, `${what}: Clear all before the first comparison: the loading line goes`);
    check(await tab.evaluate(() => document.activeElement?.id) === 'add-files', `${what}: Clear all before the first comparison: focus is on Add files…`);
    // Articles read back unseen would show with the next article added.
    await drop([{ name: 'one.txt', bytes: utf8('The river rose two metres overnight. Schools stayed shut on Monday.') }], tab);
    await tab.waitForSelector('.card', { timeout: 10000 });
    await tab.waitForTimeout(500);
    const cards = await tab.$$eval('.card', (c) => c.length);
    check(cards === 1, `${what}: after Clear all before the first comparison, an article dropped is the only one; got ${cards}`);
    check(errors.length === 0, `${what}: console errors with Clear all before the first comparison: ${errors.join(' | ')}`);
    await context.close();
  }
}

/**
 * A visit that lets the worker load the encoder's weights: the lexical comparison comes
 * first, then the page refines it with the encoder's vectors, fetched from the page's own
 * origin, without console errors. Prints how long each took and the longest task on the
 * page's thread (figures, not checks), and saves screenshots at desktop and phone sizes.
 */
async function checkEncoder() {
  const { tab: enc, errors, requests } = await recordingPage();
  await enc.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
    window.__busyLines = [];
    document.addEventListener('DOMContentLoaded', () => {
      const busy = document.querySelector('#busy');
      new MutationObserver(() => { if (!busy.hidden) window.__busyLines.push(busy.textContent); })
        .observe(busy, { attributes: true, childList: true });
    });
  });
  const start = Date.now();
  await enc.goto(`${origin}${prefix}`);
  await enc.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  const lexical = Date.now() - start;
  const first = await enc.$eval('#matcher', (m) => m.dataset.matcher);
  check(first === 'lexical', `the lexical comparison shows first; got ${first}`);
  // The seeds' first comparison is aligned in the comparison's worker, and until it comes a
  // line says so (not "again": no rows are shown yet).
  const busyLines = await enc.evaluate(() => window.__busyLines);
  check(busyLines[0] === 'Comparing the articles…',
    `a line says the first comparison is under way; got ${JSON.stringify(busyLines)}`);
  await enc.waitForSelector('#matcher[data-matcher="encoder"]', { timeout: 180000 });
  const refined = Date.now() - start;
  const line = await enc.$eval('#matcher', (m) => m.textContent);
  check(/Matched by meaning/.test(line), `the page says it matched by meaning; got ${line}`);
  check(await enc.$$eval('table.groups thead th', (ths) => ths.length - 1) === 4, 'the refined comparison keeps the 4 seed columns');
  const shared = await enc.$$eval('tr.group.shared', (r) => r.length);
  check(shared >= 10, `the refined comparison shows shared facts; got ${shared}`);
  const asylum = await enc.$$eval('tr.group', (rows) => rows.filter((r) => {
    const cells = [...r.querySelectorAll('td.cell')];
    return [0, 1, 2].every((i) => cells[i] && !cells[i].classList.contains('missing') && /asylum/i.test(cells[i].textContent));
  }).length);
  check(asylum >= 1, 'with the encoder the asylum sentences of 000, 001 and 002 share a row');
  check(requests.some((r) => r.endsWith(WEIGHTS)), 'the weights were fetched');
  check(requests.some((r) => r.endsWith('compare-worker.js')), 'the comparison worker was started');
  check(requests.every((r) => r.startsWith(origin)), `the encoder fetched from another host: ${requests.filter((r) => !r.startsWith(origin)).join(', ')}`);
  check(errors.length === 0, `console errors with the encoder: ${errors.join(' | ')}`);
  const longest = Math.max(0, ...(await enc.evaluate(() => window.__longTasks)));
  console.log(`e2e: encoder: lexical view after ${lexical} ms, refined after ${refined} ms; longest task on the page's thread ${longest.toFixed(0)} ms`);
  await enc.screenshot({ path: screenshot.replace(/\.png$/, '-encoder.png') });
  await enc.setViewportSize({ width: 390, height: 844 });
  await enc.evaluate(() => window.scrollTo(0, 0));
  await enc.screenshot({ path: screenshot.replace(/\.png$/, '-phone.png') });
  const wide = await enc.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  check(wide[0] <= wide[1], `no sideways scrolling at 390 px; page ${wide[0]} px wide`);
  const small = await enc.$$eval('button, select, .tally, input.name, label.toggle', (bs) => bs.filter((b) => b.offsetParent && b.getBoundingClientRect().height < 44).map((b) => b.textContent.trim().slice(0, 20) || b.outerHTML.slice(0, 40)));
  check(small.length === 0, `touch targets are 44 px tall at least; smaller: ${small}`);
  const card = await enc.$eval('tr.group.shared', (r) => [getComputedStyle(r).display, r.querySelector('td.cell.present')?.getBoundingClientRect().width]);
  check(card[0] === 'block' && card[1] > 300, `on a phone each group is a card with its members stacked; got ${card}`);
  await axe(enc, 'the phone layout');
  await enc.evaluate(() => document.querySelector('tr.group.shared')?.scrollIntoView());
  await enc.screenshot({ path: screenshot.replace(/\.png$/, '-phone-cards.png') });
  // Later visits in the same browser: the weights come from its cache while the server says
  // they are the same version, and are fetched again once it serves another. The server
  // counts the weights it sends: a GET the browser answers from its HTTP cache does not.
  const revisit = async () => {
    const methods = [];
    const record = (r) => { if (r.url().endsWith(WEIGHTS)) methods.push(r.method()); };
    const sent = weightsSent;
    enc.on('request', record);
    await enc.goto(`${origin}${prefix}`);
    await enc.waitForSelector('#matcher[data-matcher="encoder"]', { timeout: 180000 });
    enc.off('request', record);
    // The copy is stored after the encoder has the weights: wait until it holds the version
    // the server serves now.
    await enc.waitForFunction(async (version) => {
      const cache = await caches.open('parallax-encoder-v2');
      const copy = await cache.match(new URL('minilm-l6-v2.q8.gz', location.href).href);
      return copy?.headers.get('x-parallax-weights-version')?.includes(`weights-${version}`) ?? false;
    }, weightsVersion, { timeout: 30000 });
    return `${weightsSent - sent} sent; requests ${methods}`;
  };
  const same = await revisit();
  check(/^0 sent; requests HEAD$/.test(same), `a later visit reads the cached weights; ${same}`);
  weightsVersion += 1;
  const renewed = await revisit();
  check(/^1 sent;/.test(renewed), `weights of a new version are fetched again; ${renewed}`);
  const after = await revisit();
  check(/^0 sent; requests HEAD$/.test(after), `the new version is cached in turn; ${after}`);
  check(errors.length === 0, `console errors on later visits: ${errors.join(' | ')}`);
  await enc.close();
}

try {
  step = 'seeds';
  const opening = Date.now();
  await page.goto(`${origin}${prefix}`);
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  const firstRows = Date.now() - opening;
  // Interactive: a count answers a click (a figure, not a check: timing depends on the machine).
  await page.click('#counts .tally[data-filter="every"]');
  await page.waitForSelector('#counts .tally[data-filter="every"][aria-pressed="true"]');
  const interactive = Date.now() - opening;
  await page.click('#counts .tally[data-filter="all"]');
  console.log(`e2e: the seeds' first rows after ${firstRows} ms, a click answered after ${interactive} ms`);
  const seedNames = await page.$$eval('.card input.name', (i) => i.map((x) => x.value));
  check(seedNames.every((n) => !/^\d{3}_[0-9a-f]{16}/.test(n)), `the seeds get readable names, not their file names; got ${seedNames}`);
  check(await columns() === 4, `expected 4 article columns, got ${await columns()}`);
  const cards = await page.$$eval('.card', (c) => c.length);
  check(cards === 4, `expected 4 article cards, got ${cards}`);
  const rows = await page.$$eval('tr.group', (r) => r.length);
  check(rows > 20, `expected the seeds to give many groups, got ${rows}`);
  const shared = await page.$$eval('tr.group.shared', (r) => r.length);
  check(shared >= 10, `expected at least 10 groups reported by two or more articles, got ${shared}`);
  const unique = await page.$$eval('tr.group.unique td.cell.only', (r) => r.length);
  check(unique > 0, 'unique sentences are marked');
  const missing = await page.$$eval('td.cell.missing', (c) => c.map((x) => x.textContent));
  check(missing.length > 0 && missing.every((t) => t === 'not reported'), 'absent articles show “not reported”');
  const discrepancies = await page.$$eval('tr.discrepancy', (r) => r.map((x) => x.textContent));
  check(
    discrepancies.some((t) => t.includes('over 50 years') && t.includes('nearly six decades')),
    `the Assad family's years of rule are flagged with both values; got ${JSON.stringify(discrepancies)}`,
  );
  const years = discrepancies.find((t) => t.includes('over 50 years')) ?? '';
  check(
    years.includes('may disagree') && years.includes('check that they report the same fact'),
    `a discrepancy between loosely alike sentences asks the reader to check; got ${years}`,
  );
  const asylum = await page.$$eval('tr.group', (rows) => rows.filter((r) => {
    const cells = [...r.querySelectorAll('td.cell')];
    return [0, 1, 2].every((i) => cells[i] && !cells[i].classList.contains('missing') && /asylum/i.test(cells[i].textContent));
  }).length);
  check(asylum >= 1, 'the asylum sentences of 000, 001 and 002 share a row');
  const boilerplate = await page.$eval('details.boilerplate', (d) => d.textContent);
  check(boilerplate.includes('Read More') && boilerplate.includes('Andrey Mihayloff'), 'teasers and byline are listed as boilerplate');
  check(await page.$$eval('.piece.added', (p) => p.length) > 0, 'word differences are highlighted');
  await page.waitForFunction(() => /could not be loaded/.test(document.querySelector('#matcher').textContent), null, { timeout: 30000 })
    .catch(() => {});
  const refused = await page.$eval('#matcher', (m) => [m.textContent, m.dataset.matcher]);
  check(/Matched by wording alone: the sentence encoder could not be loaded \(.*HTTP 404\)/.test(refused[0]) && refused[1] === 'lexical',
    `refused weights leave the lexical comparison and one line; got ${JSON.stringify(refused)}`);
  check(await page.$$eval('tr.group', (r) => r.length) === rows, 'the lexical comparison stays after the encoder fails');

  step = 'summary';
  const tallies = await page.$$eval('#counts .tally', (bs) => bs.map((b) => [b.dataset.filter, Number(b.querySelector('b').textContent)]));
  const tally = Object.fromEntries(tallies);
  check(tally.all === rows, `the first count is every group; got ${tally.all} of ${rows}`);
  const partition = tallies.filter(([f]) => f === 'every' || f === 'several' || f.startsWith('only-')).reduce((a, [, n]) => a + n, 0);
  check(partition === rows, `all, several and only-one counts add up to the groups; got ${partition} of ${rows}`);
  for (const [filter, n] of tallies) {
    await page.click(`#counts .tally[data-filter="${filter}"]`);
    const shown = await page.$$eval('tr.group', (r) => r.length);
    check(shown === n, `the count “${filter}” (${n}) shows as many rows; got ${shown}`);
    const pressed = await page.$eval(`#counts .tally[data-filter="${filter}"]`, (b) => b.getAttribute('aria-pressed'));
    check(pressed === 'true', `the count “${filter}” says it is the filter`);
  }
  await page.click('#counts .tally[data-filter="all"]');
  const lanes = await page.$$eval('#strip .marks .col', (cols) => [cols.length, cols[0]?.querySelectorAll('.m').length]);
  check(lanes[0] === rows && lanes[1] === 4, `the strip has a mark column per group and a lane per article; got ${lanes}`);
  const onScreen = (sel) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; });
  await page.click('#strip .marks .col:nth-child(40)');
  check(await onScreen('tr.group[data-group="39"]'), 'a click on the strip brings its row on screen');
  check(await page.evaluate(() => document.activeElement?.dataset.group) === '39', 'a click on the strip puts focus on its row');
  // The keyboard reaches the strip at one stop, the current column; the arrows move along it.
  check(await page.$$eval('#strip .col[tabindex="0"]', (c) => c.map((x) => x.dataset.group).join()) === '39', 'the strip is one Tab stop, at the current column');
  await page.focus('#strip .col[tabindex="0"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  check(await page.evaluate(() => document.activeElement?.dataset.group) === '41', 'the arrow keys move along the strip');
  await page.keyboard.press('Enter');
  check(await page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.dataset.group].join()) === 'TR,41', 'Enter on a strip column goes to its row');
  check(await onScreen('tr.group[data-group="41"]'), 'the row Enter went to is on screen');

  step = 'keys';
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click('#counts .tally[data-filter="all"]');
  const flaggedRows = await page.$$eval('tr.group', (rs) => rs.filter((r) => r.querySelector('.flag')).map((r) => r.dataset.group));
  await page.keyboard.press('n');
  const firstFlag = await page.evaluate(() => document.activeElement?.dataset.group);
  check(flaggedRows.includes(firstFlag) && firstFlag !== undefined, `n moves to a disagreement; got ${firstFlag} of ${flaggedRows}`);
  check(await onScreen(`tr.group[data-group="${firstFlag}"]`), 'the disagreement n moves to is on screen');
  await page.keyboard.press('n');
  const secondFlag = await page.evaluate(() => document.activeElement?.dataset.group);
  check(flaggedRows.includes(secondFlag) && secondFlag !== firstFlag, `n again moves to the next disagreement; got ${secondFlag}`);
  await page.keyboard.press('p');
  check(await page.evaluate(() => document.activeElement?.dataset.group) === firstFlag, 'p moves back');
  await page.keyboard.press('j');
  const sharedAt = await page.evaluate(() => document.activeElement);
  const sharedRow = await page.evaluate(() => document.activeElement?.classList.contains('shared'));
  check(sharedRow, `j moves to a shared fact; got ${sharedAt}`);
  const sharedFirst = await page.evaluate(() => document.activeElement?.dataset.group);
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  check(await page.evaluate(() => document.activeElement?.dataset.group) === sharedFirst, 'k moves back to the shared fact before');
  await page.click('button[data-seek="next-disagreement"]');
  const byButton = await page.evaluate(() => document.activeElement?.dataset.group);
  check(flaggedRows.includes(byButton), `the Next disagreement button moves to a disagreement; got ${byButton}`);
  await page.keyboard.press('?');
  check(await page.$eval('#keys', (k) => !k.hidden && /next \/ previous disagreement/.test(k.textContent)), '? lists the keys');
  await page.keyboard.press('Escape');
  check(await page.$eval('#keys', (k) => k.hidden), 'Esc hides the keys');
  await page.keyboard.press('n');
  const position = await page.evaluate(() => [location.hash, document.activeElement?.dataset.group]);
  check(/g=\d+/.test(position[0]), `the position is in the URL fragment; got ${position[0]}`);
  await page.reload();
  await page.waitForSelector('tr.group.current', { timeout: 30000 });
  const after = await page.$eval('tr.group.current', (r) => [location.hash, r.dataset.group]);
  check(after[0] === position[0] && after[1] === position[1], `a reload returns to the position; ${position} then ${after}`);
  // With no position to show (a position hidden by the filter lifts it), the base and the
  // filter come back too.
  await page.evaluate(() => history.replaceState(null, '', location.pathname));
  await page.reload();
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  await page.selectOption('#base-select', '1');
  await settled();
  await page.selectOption('#filter', 'disagreements');
  await page.reload();
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  const kept = await page.evaluate(() => [document.querySelector('#base-select').value, document.querySelector('#filter').value]);
  check(kept[0] === '1' && kept[1] === 'disagreements', `a reload keeps the base and the filter; got ${kept}`);
  await page.evaluate(() => history.replaceState(null, '', location.pathname));
  await page.reload();
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });

  step = 'pinned headers';
  await page.evaluate(() => window.scrollTo(0, 3000));
  await page.waitForTimeout(100);
  const header = await page.$eval('table.groups thead th:nth-child(2)', (th) => {
    const r = th.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return [r.top, th.contains(hit), `${hit?.tagName}.${hit?.className}`];
  });
  check(header[0] >= 0 && header[0] < 5 && header[1], `the column headers stay on screen after scrolling; got ${header}`);
  const groupHeader = await page.$eval('table.groups thead th:nth-child(1)', (th) => {
    const r = th.getBoundingClientRect();
    return th.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
  });
  check(groupHeader, 'no row\'s group number piles up over the pinned “Group” header');
  await page.evaluate(() => window.scrollTo(0, 0));

  step = 'keyboard';
  const reached = new Set();
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => {
      const e = document.activeElement;
      return e.id ? `#${e.id}` : e.dataset.action ? `${e.dataset.action}` : e.dataset.rename ? 'rename' : e.tagName;
    }));
  }
  for (const control of ['#add-files', '#paste-toggle', '#export-toggle', '#base-select', 'filter', 'jump', 'seek', '#keys-toggle', 'rename', 'read', 'base', 'remove', '#tab-overview', '#tab-reading', '#filter', '#show-removed']) {
    check(reached.has(control), `Tab reaches ${control}; reached ${[...reached]}`);
  }
  const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(focusRing !== 'none', `focus is visible; outline ${focusRing}`);
  const readNames = await page.$$eval('.card button[data-action="read"]', (bs) => bs.map((b) => b.getAttribute('aria-label')));
  check(new Set(readNames).size === readNames.length && readNames.every((n) => n.startsWith('Read ')), `Read buttons have distinct names; got ${readNames}`);
  for (const [action, word] of [['remove', 'Remove '], ['base', 'Use ']]) {
    const named = await page.$$eval(`.card button[data-action="${action}"]`, (bs) => bs.map((b) => b.getAttribute('aria-label') ?? b.textContent));
    check(new Set(named).size === named.length && named.every((n) => n.startsWith(word)), `${word.trim()} buttons have distinct names; got ${named}`);
  }
  const scopes = await page.$$eval('table.groups th', (ths) => ths.every((th) => th.getAttribute('scope')));
  check(scopes, 'every table header has a scope');
  await page.focus('table.groups p.sentence');
  const opened = await page.$eval('table.groups p.sentence', (p) => [p.dataset.article, p.dataset.sentence]);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#reading article .s.selected');
  const focused = await page.evaluate(() => [document.activeElement?.dataset.article, document.activeElement?.dataset.sentence]);
  check(focused[0] === opened[0] && focused[1] === opened[1], `Enter on a sentence opens it and keeps focus on it; ${opened} then ${focused}`);
  const looseAside = await page.$eval('#reading aside', (a) => a.textContent);
  check(/Reported by|Only this article/.test(looseAside), `the opened sentence shows its counterparts; got ${looseAside.slice(0, 120)}`);
  await axe(page, 'the reading view');
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-reading.png') });
  await page.click('#tab-overview');
  await axe(page, 'the overview');

  step = 'export';
  /** Opens the export panel and downloads `format`; the file's name and text. */
  const exportAs = async (format) => {
    await page.click('#export-toggle');
    check(await page.$eval('#export-panel', (p) => !p.hidden), 'Export… opens the formats');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#export-panel [data-format="${format}"]`)]);
    check(await page.$eval('#export-panel', (p) => p.hidden), 'the export panel closes after a download');
    return [file.suggestedFilename(), await readFile(await file.path(), 'utf8')];
  };
  const [jsonName, jsonText] = await exportAs('json');
  const exported = JSON.parse(jsonText);
  const download = { suggestedFilename: () => jsonName };
  check(download.suggestedFilename() === 'parallax-comparison.json', 'the export has a file name');
  check(exported.articles.length === 4 && exported.groups.length === rows, 'the export holds the whole comparison');
  check(typeof exported.articles[0].sentences[0].start === 'number', 'the export follows the JSON contract');
  const flaggedGroups = exported.groups.filter((g) => g.discrepancies.length > 0).length;
  const everyGroups = exported.groups.filter((g) => g.articles === exported.articles.length).length;
  const onlyFirst = exported.groups.filter((g) => g.articles === 1 && g.members[0].article === 0).length;
  check(tally.disagreements === flaggedGroups && tally.every === everyGroups && tally['only-0'] === onlyFirst,
    `the counts equal the comparison: ${JSON.stringify(tally)} against ${flaggedGroups} flagged, ${everyGroups} by all, ${onlyFirst} only in the first`);
  // The exports for people, the same files as the CLI's --format.
  const [mdName, md] = await exportAs('md');
  const mdRows = md.split('\n').filter((l) => l.startsWith('|')).length;
  check(mdName === 'parallax-comparison.md' && mdRows === rows + 2, `the Markdown export has a row per group under its header; ${mdName}, ${mdRows} table lines for ${rows} groups`);
  const plain = md.replace(/\\/g, '');
  check(exported.articles.every((a) => plain.includes(a.name)), 'the Markdown table names every article');
  const [csvName, csv] = await exportAs('csv');
  const members = exported.groups.reduce((n, g) => n + g.members.length, 0);
  const csvLines = csv.trim().split('\n');
  check(csvName === 'parallax-comparison.csv' && /^group,article,/.test(csvLines[0]), `the CSV export starts with its header; got ${csvLines[0]}`);
  check(csvLines.length >= members + 1, `the CSV export has a row per member; ${csvLines.length - 1} rows for ${members} members`);
  const [htmlName, report] = await exportAs('html');
  check(htmlName === 'parallax-comparison.html' && /Content-Security-Policy/.test(report) && !/<script/i.test(report),
    'the HTML report carries its own policy and no script');
  await page.keyboard.press('Escape');
  await page.click('#export-toggle');
  await page.keyboard.press('Escape');
  check(await page.$eval('#export-panel', (p) => p.hidden) && await page.evaluate(() => document.activeElement?.id) === 'export-toggle',
    'Esc closes the export panel and focus goes back to its button');

  step = 'filter';
  await page.selectOption('#filter', 'disagreements');
  const flagged = await page.$$eval('tr.group', (r) => r.map((x) => !!x.querySelector('.flag')));
  check(flagged.length > 0 && flagged.every(Boolean), `the disagreements filter shows only flagged groups; got ${flagged}`);
  check(flagged.length < rows, 'the filter hides the other groups');
  await page.selectOption('#filter', 'shared');
  check(await page.$$eval('tr.group.unique', (r) => r.length) === 0, 'the shared filter hides unique groups');
  await page.selectOption('#filter', 'all');
  check(await page.$$eval('tr.group', (r) => r.length) === rows, 'all groups come back');

  step = 'drop a file';
  await drop([{ name: 'dropped.txt', bytes: utf8('Rebels seized Damascus on Sunday, December 8, ending the Assad family\'s 53-year rule.\n\nRussia granted Assad and his family asylum on humanitarian grounds, the Kremlin said.') }]);
  await page.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 6, null, { timeout: 10000 });
  await settled();
  check(await columns() === 5, 'the dropped file became a fifth column');
  const names = await page.$$eval('.card input.name', (i) => i.map((x) => x.value));
  check(names.includes('dropped'), `the dropped file is listed by its name, without .txt; got ${names}`);

  step = 'hostile HTML';
  const hostile = '<img src=x onerror="window.__pwned=1;alert(1)"> and <script>window.__pwned=2;alert(2)</script> ' +
    'Russia granted Assad asylum. <b onmouseover=alert(3)>bold</b>';
  await drop([{ name: '<img src=x onerror=alert(4)>.txt', bytes: utf8(hostile) }]);
  await page.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 7, null, { timeout: 10000 });
  await settled();
  const pwned = await page.evaluate(() => window.__pwned);
  check(pwned === undefined, `hostile markup ran (window.__pwned = ${pwned})`);
  const injected = await page.$$eval('#overview img, #overview script, #overview b, #articles img, #reading img', (e) => e.length);
  check(injected === 0, `hostile markup became ${injected} elements`);
  const overviewText = await page.$eval('#overview', (e) => e.textContent);
  check(overviewText.includes('<script>window.__pwned=2;alert(2)</script>'), 'the <script> tag shows as literal text');
  check(overviewText.includes('<img src=x onerror="window.__pwned=1;alert(1)">'), 'the <img onerror> tag shows as literal text');
  const webPage = '<!DOCTYPE html><html><head><title>Saved page</title><script>window.__pwned=5</script></head>' +
    '<body><p>Russia granted Assad and his family asylum, the Kremlin said.</p>' +
    '<img src=x onerror="window.__pwned=6"><script>window.__pwned=7</script></body></html>';
  await drop([{ name: 'saved.html', bytes: utf8(webPage) }]);
  await page.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 8, null, { timeout: 10000 });
  await settled();
  const info = await page.$$eval('.message.info', (m) => m.map((x) => x.textContent));
  check(info.some((m) => m.includes('saved.html') && m.includes('web page')), `a web page is read for its text; got ${info}`);
  check(await page.evaluate(() => window.__pwned) === undefined, 'a web page runs nothing');
  const pageText = await page.$eval('#overview', (e) => e.textContent);
  check(!pageText.includes('window.__pwned=7'), 'the scripts of a web page are dropped, not shown');
  await settled();
  await page.locator('.card button[data-action="remove"]').last().click();
  await page.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 7);
  await settled();
  const hostileName = await page.$$eval('.card input.name', (i) => i.map((x) => x.value));
  check(hostileName.includes('<img src=x onerror=alert(4)>'), `a hostile file name shows as text; got ${hostileName}`);

  step = 'bad file';
  await drop([{ name: 'photo.png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52] }]);
  await page.waitForSelector('.message', { timeout: 10000 });
  const messages = await page.$$eval('.message', (m) => m.map((x) => x.textContent));
  check(messages.some((m) => m.includes('photo.png') && m.includes('not a text file')), `binary file gets a clear message; got ${messages}`);
  check(await columns() === 6, 'a refused file loses nothing already loaded');
  await drop([{ name: 'empty.txt', bytes: [] }]);
  await page.waitForFunction(() => [...document.querySelectorAll('.message')].some((m) => m.textContent.includes('empty.txt')));
  check(await columns() === 6, 'an empty file loses nothing already loaded');

  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(17 * 1024 * 1024).fill(65)], 'huge.txt', { type: 'text/plain' }));
    document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  });
  await page.waitForFunction(() => [...document.querySelectorAll('.message')].some((m) => m.textContent.includes('huge.txt')));
  const huge = await page.$$eval('.message', (m) => m.map((x) => x.textContent).find((t) => t.includes('huge.txt')));
  check(huge.includes('too large'), `a huge file is refused as too large; got ${huge}`);
  check(await columns() === 6, 'a huge file loses nothing already loaded');

  step = 'rename and remove';
  await settled();
  const renameInput = page.locator('.card input.name').nth(4);
  await renameInput.fill('renamed outlet');
  await renameInput.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('table.groups thead th')].some((t) => t.textContent === 'renamed outlet'));
  await settled();
  await settled();
  await page.locator('.card button[data-action="remove"]').last().click();
  await page.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 6);
  await settled();
  check(await columns() === 5, 'removing an article drops its column');
  const afterRemove = await page.evaluate(() => document.activeElement?.dataset.action);
  check(afterRemove === 'remove', `focus stays on a Remove button after removing; got ${afterRemove}`);
  const removedLines = await page.$$eval('.message', (m) => m.filter((x) => x.textContent.includes('Removed')).length);
  check(removedLines === 1, `one line for the last removal, not one per removal; got ${removedLines}`);

  step = 'paste';
  await page.click('#paste-toggle');
  await page.fill('#paste-name', 'pasted wire copy');
  await page.fill('#paste-text', 'The Kremlin said Russia granted Assad and his family asylum on humanitarian grounds.');
  await page.click('#paste-add');
  await page.waitForFunction(() => document.querySelectorAll('table.groups thead th').length === 7);
  await settled();
  check(await columns() === 6, 'pasted text became a column');
  check(await page.$eval('#paste-panel', (p) => p.hidden), 'the paste panel closes after adding');
  await page.click('#paste-toggle');
  await page.fill('#paste-text', '   ');
  await page.click('#paste-add');
  const emptyPaste = await page.$$eval('.message', (m) => m.map((x) => x.textContent).pop());
  check(/the pasted text is empty/.test(emptyPaste) && !/file is empty/.test(emptyPaste), `empty pasted text is called so; got ${emptyPaste}`);
  await page.fill('#paste-text', 'The Kremlin said Russia granted Assad and his family asylum on humanitarian grounds.');
  await page.click('#paste-add');
  const twice = await page.$$eval('.message', (m) => m.map((x) => x.textContent).join(' | '));
  check(/same text as “pasted wire copy”/.test(twice) && await columns() === 6, `the same text pasted twice is refused; got ${twice}`);
  await page.keyboard.press('Escape');
  check(await page.$eval('#paste-panel', (p) => p.hidden), 'Esc closes the paste panel');
  check(await page.evaluate(() => document.activeElement?.id) === 'paste-toggle', 'focus goes back to the paste button');
  await settled();
  const renameAgain = page.locator('.card input.name').nth(1);
  await renameAgain.fill('pasted wire copy');
  await renameAgain.press('Enter');
  const clash = await page.$$eval('.message', (m) => m.map((x) => x.textContent).join(' | '));
  check(/already the name of another article/.test(clash), `a taken name is refused; got ${clash}`);
  check(await page.evaluate(() => document.activeElement?.dataset.rename) === '1', 'focus stays on the renamed card');
  await page.waitForFunction(() => !document.querySelector('.message.info'), null, { timeout: 10000 }).catch(() => {});
  check(await page.$$eval('.message.info', (m) => m.length) === 0, 'lines that are not errors go after a few seconds');
  const errorsLeft = await page.$$eval('.message:not(.info)', (m) => m.map((x) => x.textContent).join(' | '));
  check(/photo\.png/.test(errorsLeft), `error lines stay until dismissed; got ${errorsLeft}`);
  const dismissNames = await page.$$eval('.message button', (bs) => bs.map((b) => b.getAttribute('aria-label')));
  check(new Set(dismissNames).size === dismissNames.length, `each dismiss button is named by its line; got ${dismissNames}`);

  const before = await page.$$eval('.message', (m) => m.length);
  for (let i = 0; i < 20 && await page.$('.message button'); i++) await page.click('.message button');
  check(before > 0 && await page.$$eval('.message', (m) => m.length) === 0, `messages can be dismissed; ${before} lines`);
  step = 'session';
  // The articles, their names and the base come back after a reload, from the browser's
  // IndexedDB.
  const named = await page.$$eval('.card input.name', (i) => i.map((x) => x.value));
  await page.reload();
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  const back = await page.$$eval('.card input.name', (i) => i.map((x) => x.value));
  check(JSON.stringify(back) === JSON.stringify(named), `a reload brings back the articles and their names; ${named} then ${back}`);

  step = 'reading view';
  await page.click('#tab-reading');
  await page.waitForSelector('#reading article .s');
  const tints = await page.$$eval('#reading article .s', (s) => new Set(s.map((x) => x.className.split(' ')[1])).size);
  check(tints >= 2, 'sentences are tinted by how many articles report them');
  // The tint is backed by a pattern: each level underlines in its own style or weight.
  const patterns = await page.$$eval('#reading article .s', (ss) => new Set(ss.map((x) => {
    const st = getComputedStyle(x);
    return `${st.textDecorationLine} ${st.textDecorationStyle} ${st.textDecorationThickness}`;
  })).size);
  check(patterns === tints, `each tint has its own underline; ${patterns} underlines for ${tints} tints`);
  await page.click('#reading article .s.shared-1, #reading article .s.shared-2, #reading article .s.shared-3');
  const aside = await page.$eval('#reading aside', (a) => a.textContent);
  check(/Reported by \d+ of \d+ articles/.test(aside), `selecting a sentence shows its counterparts; got ${aside.slice(0, 200)}`);

  step = 'corrections';
  // The selected sentence taken out of its group: it stands alone, its row marked, the
  // correction listed in the overview with Undo; kept over a reload; undone, it is back.
  const chosen = await page.$eval('#reading article .s.selected', (x) => [x.dataset.article, x.dataset.sentence]);
  const groupOf = () => page.evaluate(([a, s]) => {
    const cell = document.querySelector(`#overview p.sentence[data-article="${a}"][data-sentence="${s}"]`);
    const row = cell?.closest('tr.group');
    return row ? [row.dataset.group, row.classList.contains('unique'), !!row.querySelector('.corrected')] : null;
  }, chosen);
  const grouped = await groupOf();
  // Another member of its group, to find the group again when its number changes.
  const partner = await page.evaluate(([a, s, g]) => {
    const other = [...document.querySelectorAll(`#overview tr.group[data-group="${g}"] p.sentence`)]
      .find((p) => p.dataset.article !== a || p.dataset.sentence !== s);
    return other ? [other.dataset.article, other.dataset.sentence] : null;
  }, [...chosen, grouped?.[0]]);
  await page.click('#reading aside button[data-action="detach"]');
  await settled();
  const detached = await groupOf();
  check(grouped && !grouped[1] && detached && detached[1] && detached[2], `Take out leaves the sentence alone in a marked row; ${grouped} then ${detached}`);
  await page.click('#tab-overview');
  const listed = await page.$$eval('.corrections li', (l) => l.map((x) => x.textContent));
  check(listed.length === 1 && /taken out of its group/.test(listed[0]), `the correction is listed; got ${listed}`);
  await page.reload();
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  check((await page.$$eval('.corrections li', (l) => l.length)) === 1 && (await groupOf())?.[1], 'a reload keeps the correction');
  // Moved back into its group by number, then both corrections undone.
  await page.click('#tab-reading');
  await page.click(`#reading .pick button:nth-child(${Number(chosen[0]) + 1})`);
  await page.click(`#reading article .s[data-article="${chosen[0]}"][data-sentence="${chosen[1]}"]`);
  const partnerGroup = await page.evaluate(([a, s]) =>
    document.querySelector(`#overview p.sentence[data-article="${a}"][data-sentence="${s}"]`)?.closest('tr.group')?.dataset.group, partner);
  await page.fill('#correct-group', String(Number(partnerGroup) + 1));
  await page.click('#reading aside button[data-action="move"]');
  await settled();
  const moved = await groupOf();
  check(moved && !moved[1] && moved[2], `Move puts the sentence in the group numbered; got ${moved}`);
  await page.click('#tab-overview');
  for (let i = 0; i < 3 && await page.$('.corrections button[data-action="undo"]'); i++) {
    await page.click('.corrections button[data-action="undo"]');
    await settled();
  }
  const undone = await groupOf();
  check(!(await page.$('.corrections')) && undone && !undone[1] && !undone[2], `Undo takes the corrections back; got ${undone}`);
  await page.click('#tab-reading');

  step = 'long texts (virtual rows)';
  await checkLongTexts();
  step = 'book length (tasks on the page\'s thread)';
  await checkBookLength();

  step = 'clear all';
  await page.click('#tab-overview');
  await page.click('#clear-all');
  await page.waitForFunction(() => !document.querySelector('table.groups tbody tr.group'), null, { timeout: 10000 });
  check(await page.$$eval('.card', (c) => c.length) === 0, 'Clear all removes every article');
  check(await page.evaluate(() => document.activeElement?.id) === 'add-files', 'after Clear all, focus is on Add files…');
  check(await page.$eval('#summary', (s) => s.hidden && s.offsetHeight === 0),
    'with no articles the counts, the strip and the moves between groups are hidden');
  await page.reload();
  await page.waitForSelector('table.groups tbody tr.group', { timeout: 30000 });
  check(await columns() === 4, `after Clear all a reload shows the seeds again; got ${await columns()} columns`);

  step = 'screenshot';
  await page.goto(`${origin}${prefix}`);
  await page.waitForSelector('table.groups tbody tr.group');
  await mkdir(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`e2e: screenshot saved to ${screenshot}`);

  step = 'page health';
  check(consoleErrors.length === 0, `console errors: ${consoleErrors.join(' | ')}`);
  check(foreignRequests.length === 0, `requests to other hosts: ${foreignRequests.join(', ')}`);
  check(dialogs.length === 0, `dialogs opened: ${dialogs.join(', ')}`);

  step = 'content security policy';
  await checkPolicy(page);
  const offline = await page.$eval('#offline-copy a', (a) => a.href);
  check(offline === `${origin}${prefix}parallax.html`, `the one-file download sits beside the page; got ${offline}`);
  const fetched = await page.evaluate(async (url) => (await fetch(url)).status, offline);
  check(fetched === 200, `the one-file download is served; got status ${fetched}`);
  const fullCopy = await page.$$eval('#offline-copy a', (as) => as.map((a) => a.href));
  check(fullCopy[1] === `${origin}${prefix}parallax-full.html`, `the one file with the encoder sits beside the page; got ${fullCopy}`);

  step = 'storage refused';
  await checkStorageRefused();

  step = 'clear all before the first comparison';
  await checkClearBeforeFirst();

  step = 'sentence encoder';
  await checkEncoder();

  step = 'one file from disk';
  await checkSingleFile(join(dist, 'parallax.html'));

  step = 'one file with the encoder from disk';
  await checkFullFile(join(dist, 'parallax-full.html'));
} catch (e) {
  failures.push(`${step}: ${e.stack ?? e}`);
} finally {
  await browser.close();
  server.close();
}

if (failures.length) {
  console.error(`e2e: ${failures.length} failure(s):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('e2e: all checks passed');
