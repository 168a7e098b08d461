// Finishes the page trunk built (Trunk.toml runs this as its post_build hook; it can also be
// run by hand on a built folder: `node scripts/finish-page.mjs dist`). Three jobs:
//
// 1. The Content-Security-Policy. www/index.html declares a policy with no 'unsafe-inline'
//    for scripts, so inline event handlers and injected scripts never run. The only inline
//    scripts are trunk's: its wasm loader, and under `trunk serve` its live-reload script.
//    Their SHA-256 hashes are added to script-src here, once their text is final.
// 2. One self-contained file, parallax.html: the page with its CSS, its JavaScript and its
//    wasm (gzipped, base64) inlined, so that it works opened straight from disk (file://),
//    where browsers refuse to fetch a separate wasm file or ES module. The seed articles are
//    already inside the wasm. It carries the comparison's worker too (compare-worker.js with
//    the page's glue inlined, in a <script> of a type that never runs), started from a blob
//    URL. Its own policy allows its own inline blocks and `worker-src blob:`, nothing else.
// 3. The sentence encoder's weights beside the page, gzipped (minilm-l6-v2.q8.gz), for the
//    page's worker to fetch from the page's own origin. They are made by scripts/setup into
//    weights/ (never committed); the gzipped copy is kept there too and made again only when
//    the weights change.
// 4. parallax-full.html: the single file with the encoder too, for a reader who wants
//    everything offline. It carries the worker's script (encoder-worker.js with the worker's
//    glue and wasm inlined) and the gzipped weights in base64, each in a <script> element of a
//    type that never runs; the page starts its workers from a blob URL of that script, as
//    classic scripts (Chromium refuses a page from disk a module worker, even from a blob). Its
//    policy adds `worker-src blob:` and nothing else.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) {
  console.error('usage: node scripts/finish-page.mjs <built-folder> (or run as a trunk hook)');
  process.exit(2);
}
const STANDALONE = 'parallax.html';

/** Stops the build with a message naming what was not found. */
function fail(message) {
  console.error(`finish-page: ${message}`);
  process.exit(1);
}

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Every inline <script> element (no src attribute): the whole element and its text. */
function inlineScripts(html) {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => ({ element: m[0], text: m[1] }));
}

/** Replaces the content of the page's CSP meta tag with `policy`. */
function setPolicy(html, policy) {
  const meta = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/;
  if (!meta.test(html)) fail('the page has no Content-Security-Policy meta tag');
  return html.replace(meta, (_, open, _old, close) => `${open}${policy}${close}`);
}

/** The policy the page declares, as an ordered list of [directive, sources]. */
function parsePolicy(html) {
  const m = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/);
  if (!m) fail('the page has no Content-Security-Policy meta tag');
  return m[1].split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name, sources];
  });
}

/** wasm-bindgen's glue, an ES module, as plain declarations to inline into another script. */
const unexport = (glue) => glue
  .replace(/^export ((?:async )?(?:function|class|const|let) )/gm, '$1')
  .replace(/^export \{[^}]*\};?\s*$/m, '');

/** `bytes` gzipped and in base64, as the single files carry them. */
const pack = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).toString('base64');

const formatPolicy = (directives) => directives.map(([n, s]) => [n, ...s].join(' ')).join('; ');

/**
 * trunk serve fills the live-reload script's address in as it serves the page, which would
 * change the script after it was hashed. Let the script find the address itself instead.
 */
function settleReloadScript(html) {
  return html
    .replaceAll("'{{__TRUNK_ADDRESS__}}'", 'window.location.host')
    .replaceAll("'{{__TRUNK_WS_BASE__}}'", "window.location.pathname.replace(/[^/]*$/, '')");
}

const isReloadScript = (text) => text.includes('.well-known/trunk/ws');

// 1. The hashed policy of index.html. Its comments, and the comment lines of the
// comparison's worker script and its indentation, are for the source's readers: the built
// copies leave them out.
const indexPath = join(dir, 'index.html');
let html = settleReloadScript(await readFile(indexPath, 'utf8'))
  .replace(/<!--[\s\S]*?-->\s*/g, '')
  // The indentation of lines that open a tag (never inside a script's text).
  .replace(/^[ \t]+(?=<)/gm, '');
const workerPath = join(dir, 'compare-worker.js');
await writeFile(workerPath, (await readFile(workerPath, 'utf8'))
  .replace(/^\s*\/\/.*\n/gm, '')
  .replace(/^[ \t]+/gm, ''));
// The stylesheet's comments and indentation too; its integrity hash is then the new text's.
for (const m of [...html.matchAll(/<link rel="stylesheet" href="\.\/([^"]+)" integrity="sha384-[^"]*"/g)]) {
  const cssPath = join(dir, m[1]);
  const css = (await readFile(cssPath, 'utf8'))
    .replace(/\/\*[\s\S]*?\*\/\s*/g, '')
    .replace(/^[ \t]+/gm, '');
  await writeFile(cssPath, css);
  const integrity = `sha384-${createHash('sha384').update(css, 'utf8').digest('base64')}`;
  html = html.replace(m[0], () => m[0].replace(/integrity="[^"]*"/, `integrity="${integrity}"`));
}
const policy = parsePolicy(html);
const scriptSrc = policy.find(([name]) => name === 'script-src');
if (!scriptSrc) fail('the policy has no script-src directive');
if (scriptSrc[1].includes("'unsafe-inline'")) fail("script-src must not allow 'unsafe-inline'");
const scripts = inlineScripts(html);
scriptSrc[1] = scriptSrc[1].filter((s) => !s.startsWith("'sha256-"));
scriptSrc[1].push(...scripts.map((s) => sha256(s.text)));
html = setPolicy(html, formatPolicy(policy));
await writeFile(indexPath, html);

// 2. The single file.
const loader = scripts.find((s) => /\bimport\s+init\b/.test(s.text));
if (!loader) fail("trunk's wasm loader script was not found in index.html");
const jsName = loader.text.match(/from\s+'\.\/([^']+\.js)'/)?.[1];
const wasmName = loader.text.match(/module_or_path:\s*'\.\/([^']+\.wasm)'/)?.[1];
if (!jsName || !wasmName) fail('the loader script does not name its .js and .wasm files');

// The wasm-bindgen glue is an ES module; inlined into the loader it can no longer export, so
// its exports become plain declarations and `bindings` an object of them.
const glue = await readFile(join(dir, jsName), 'utf8');
const exported = [...glue.matchAll(/^export (?:async )?(?:function|class|const|let) (\w+)/gm)].map((m) => m[1]);
const script = [
  unexport(glue),
  `const init = __wbg_init;`,
  `const bindings = Object.freeze({ ${exported.join(', ')} });`,
  // The wasm, gzipped and in base64; the browser inflates it itself.
  `async function inlineWasm() {`,
  `  const packed = Uint8Array.from(atob(WASM_GZ_BASE64), (c) => c.charCodeAt(0));`,
  `  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));`,
  `  return new Response(stream).arrayBuffer();`,
  `}`,
  // A block: the loader's own names (`wasm`) would clash with the glue's.
  '{',
  loader.text
    .replace(/^\s*import\s+init\b[^;]*;\s*$/m, '')
    .replace(/module_or_path:\s*'[^']+'/, 'module_or_path: await inlineWasm()'),
  '}',
].join('\n');
const wasm = await readFile(join(dir, wasmName));
const packed = pack(wasm);
const moduleText = `\nconst WASM_GZ_BASE64 = '${packed}';\n${script}\n`;
if (/<\/script/i.test(moduleText)) fail('the inlined JavaScript contains "</script"');

let single = html;
// Stylesheets become <style> blocks.
const styles = [];
for (const m of [...single.matchAll(/<link\s+rel="stylesheet"\s+href="\.\/([^"]+)"[^>]*>/g)]) {
  const css = await readFile(join(dir, m[1]), 'utf8');
  if (/<\/style/i.test(css)) fail(`${m[1]} contains "</style"`);
  styles.push(css);
  single = single.replace(m[0], () => `<style>${css}</style>`);
}
// The separate files are no longer fetched, and there is no live reload from disk.
single = single
  .replace(/<link\s+rel="(?:modulepreload|preload)"[^>]*>/g, '')
  .replace(/<p id="offline-copy"[\s\S]*?<\/p>/, '');
for (const s of inlineScripts(single)) {
  if (isReloadScript(s.text)) single = single.replace(s.element, '');
}
single = single.replace(loader.element, () => `<script type="module">${moduleText}</script>`);
if (/\b(?:src|href)="\.\//.test(single)) fail('the single file still refers to a separate file');
single = single.replace('</body>', () => `${compareWorker()}\n</body>`);
single = setPolicy(single, formatPolicy([
  ['default-src', ["'none'"]],
  ['script-src', [sha256(moduleText), "'wasm-unsafe-eval'"]],
  ['worker-src', ['blob:']],
  ['style-src', styles.map(sha256)],
  ['img-src', ['data:']],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
]));
await writeFile(join(dir, STANDALONE), single);

/**
 * The comparison's worker as the single files carry it: compare-worker.js as a classic script,
 * the page's glue inlined (in a function of its own, so that no name clashes) where the worker
 * imports it beside the page. It runs the module the page compiled, which the page hands over,
 * so the wasm is not carried twice.
 */
function compareWorker() {
  const worker = readFileSync(join(dir, 'compare-worker.js'), 'utf8');
  const loadGlue = /async function loadGlue\(message\) \{\s*return import\(message\.glue\);\s*\}/;
  if (!loadGlue.test(worker)) fail("compare-worker.js's loadGlue was not found");
  if (/^import /m.test(glue)) fail(`${jsName} imports another module`);
  const source = [
    'const pageGlue = (() => {',
    unexport(glue).replaceAll('import.meta.url', 'self.location.href'),
    '  return { default: __wbg_init, alignInWorker };',
    '})();',
    worker.replace(loadGlue, () => 'async function loadGlue() {\n  return pageGlue;\n}'),
  ].join('\n');
  if (/<\/script/i.test(source)) fail('the inlined comparison worker contains "</script"');
  if (/^\s*(?:import|export)\b|import\.meta/m.test(source)) fail('the inlined comparison worker is still a module');
  return `<script type="text/plain" id="parallax-compare-worker">${source}</script>`;
}

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
const singlePolicy = parsePolicy(single);
const gz = gzipSync(Buffer.from(single)).length;
console.log(`finish-page: ${STANDALONE} ${kib(Buffer.byteLength(single))} (${kib(gz)} gzipped)`);

// 3. The sentence encoder's weights.
const WEIGHTS = 'minilm-l6-v2.q8';
const source = new URL(`../weights/${WEIGHTS}`, import.meta.url);
const packedWeights = new URL(`../weights/${WEIGHTS}.gz`, import.meta.url);
const mtime = async (url) => (await stat(url).catch(() => null))?.mtimeMs ?? -1;
if ((await mtime(source)) < 0) {
  console.warn(`finish-page: weights/${WEIGHTS} is not there (scripts/setup makes it): ` +
    'the page will match by wording alone');
} else {
  if ((await mtime(packedWeights)) < (await mtime(source))) {
    const raw = await readFile(source);
    await writeFile(packedWeights, gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }));
  }
  await copyFile(packedWeights, join(dir, `${WEIGHTS}.gz`));
  const size = (await stat(packedWeights)).size;
  console.log(`finish-page: ${WEIGHTS}.gz ${(size / 1e6).toFixed(1)} MB`);
  await writeFull(await readFile(packedWeights));
}

// 4. The single file with the encoder.
async function writeFull(gzippedWeights) {
  const FULL = 'parallax-full.html';
  const worker = await readFile(join(dir, 'encoder-worker.js'), 'utf8');
  const importLine = worker.match(/^import init, \{[^}]*\} from '\.\/([^']+\.js)';$/m);
  if (!importLine) fail("encoder-worker.js's import of the worker's glue was not found");
  const workerGlue = await readFile(join(dir, importLine[1]), 'utf8');
  if (/^import /m.test(workerGlue)) fail(`${importLine[1]} imports another module`);
  const workerWasm = await readFile(join(dir, importLine[1].replace(/\.js$/, '_bg.wasm')));
  const wasmUrl = /module_or_path: new URL\('[^']+', import\.meta\.url\)/;
  if (!wasmUrl.test(worker)) fail("encoder-worker.js's wasm URL was not found");
  const source = worker
    .replace(importLine[0], () => [
      // A classic script has no import.meta (the glue's default wasm URL, unused here).
      unexport(workerGlue).replaceAll('import.meta.url', 'self.location.href'),
      'const init = __wbg_init;',
      `const WORKER_WASM_GZ_BASE64 = '${pack(workerWasm)}';`,
    ].join('\n'))
    .replace(wasmUrl, 'module_or_path: await inflate(unbase64(WORKER_WASM_GZ_BASE64))');
  if (/<\/script/i.test(source)) fail('the inlined worker contains "</script"');
  if (/^\s*(?:import|export)\b|import\.meta/m.test(source)) fail('the inlined worker is still a module');
  const carried = `<script type="text/plain" id="parallax-encoder-worker">${source}</script>\n` +
    `<script type="application/octet-stream" id="parallax-encoder-weights">` +
    `${gzippedWeights.toString('base64')}</script>\n`;
  let full = single.replace('</body>', () => `${carried}</body>`);
  if (full === single) fail('the single file has no </body>');
  const policy = singlePolicy.filter(([name]) => name !== 'worker-src');
  policy.splice(2, 0, ['worker-src', ['blob:']]);
  full = setPolicy(full, formatPolicy(policy));
  await writeFile(join(dir, FULL), full);
  console.log(`finish-page: ${FULL} ${(Buffer.byteLength(full) / 1e6).toFixed(1)} MB`);
}
