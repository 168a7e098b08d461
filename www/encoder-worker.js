// Parallax's sentence encoder, off the page's thread (src/web/encoder.rs starts it). It loads
// the encoder's wasm module (worker/, built by trunk beside the page), fetches the encoder's
// weights from the page's own origin (kept in the browser's cache for later visits), and turns
// sentences into vectors on request.
//
// Messages from the page: {type: "prepare"} (load the module while the weights are fetched
// elsewhere); {type: "init", weights} (a URL on the page's origin), or {type: "init", packed}
// (from the one-file page that carries them: the gzipped weights in base64), or
// {type: "weights", bytes} (the weights as another worker read them: its message, handed
// on), the first two with `share`, how many copies of the bytes the page wants for its other
// workers; and
// {type: "encode", texts}. To the page: {type: "progress", loaded, total},
// {type: "weights", bytes} (once for each copy asked for), {type: "ready"},
// {type: "vectors", texts, data, dimension, pieces} (pieces: {counts, ids, scales, values},
// each text's word pieces one after another, src/matching/pieces.rs) and
// {type: "error", message}.

// v1 kept the weights gzipped; v2 keeps them inflated.
const CACHE = 'parallax-encoder-v2';
const OLD_CACHES = ['parallax-encoder-v1'];
// The header of a cached copy that names the version of the weights it was made from.
const VERSION = 'x-parallax-weights-version';
import init, { loadEncoder, encodeSentences } from './parallax-worker.js';

let ready = false;
let dimension = 0;
let queue = Promise.resolve();

self.onmessage = (event) => {
  const message = event.data;
  // One message at a time, in order: an encode request waits for the weights.
  queue = queue.then(() => handle(message)).catch((error) => {
    self.postMessage({ type: 'error', message: String((error && error.message) || error) });
  });
};

let loading = null;

/** Loads the encoder's module, once. */
function load() {
  loading ??= (async () => init({ module_or_path: new URL('./parallax-worker_bg.wasm', import.meta.url) }))();
  return loading;
}

async function handle(message) {
  if (message.type === 'prepare') {
    await load();
  } else if (message.type === 'init' || message.type === 'weights') {
    await load();
    const bytes = message.bytes ? new Uint8Array(message.bytes)
      : message.packed ? await inflate(unbase64(message.packed)) : await weights(message.weights);
    // A copy for each of the page's other workers (`share` of them), made here rather than on
    // the page's thread, and sent before this one reads the weights, so that they read theirs
    // meanwhile rather than after. Every copy is made before any is sent: a copy that fails
    // (memory) sends none, and the page knows then that only this worker can work.
    const copies = Array.from({ length: Number(message.share || 0) }, () => bytes.slice());
    for (const copy of copies) {
      self.postMessage({ type: 'weights', bytes: copy.buffer }, [copy.buffer]);
    }
    dimension = loadEncoder(bytes);
    ready = true;
    self.postMessage({ type: 'ready' });
  } else if (message.type === 'encode' && ready) {
    const encoded = encodeSentences(message.texts);
    const data = encoded.vectors;
    const pieces = { counts: encoded.counts, ids: encoded.ids, scales: encoded.scales, values: encoded.values };
    encoded.free();
    self.postMessage({ type: 'vectors', texts: message.texts, data, dimension, pieces },
      [data.buffer, pieces.counts.buffer, pieces.ids.buffer, pieces.scales.buffer, pieces.values.buffer]);
  }
}

/** The weights file, gunzipped: from the browser's cache when it is there and the server
 * serves the same version, else fetched. Inflated as it arrives (the two overlap). The cache
 * keeps it inflated: gzip saves a tenth of its size, and inflating took a third of a second a
 * visit. */
async function weights(url) {
  let cache = null;
  let response = null;
  try {
    for (const old of OLD_CACHES) caches.delete(old).catch(() => {});
    cache = await caches.open(CACHE);
    response = await cache.match(url);
  } catch {
    cache = null; // No Cache Storage here (not a secure context): the HTTP cache still serves.
  }
  let served = null;
  if (response) {
    // The copy is read while the server is asked which version it serves (a HEAD request,
    // revalidated), so that weights a new deployment replaced under the same name are fetched
    // again. The copy is read offline, when the answer names no version, and when the copy
    // has none (kept by an older page: fetching 21 MB again for it is not worth it).
    const kept = readVersion(response.headers.get(VERSION));
    const [bytes, answer] = await Promise.all([
      response.arrayBuffer().then((b) => new Uint8Array(b)),
      kept ? fetch(url, { method: 'HEAD', cache: 'no-cache' }).catch(() => null) : null,
    ]);
    served = answer?.ok ? versionOf(answer) : null;
    if (isWeights(bytes) && !changed(kept, served)) return bytes;
  }
  // Revalidated: the HTTP cache may hold the old file, still fresh by its max-age.
  response = await fetch(url, { cache: served ? 'no-cache' : 'default' });
  if (!response.ok) throw new Error(`${url.split('/').pop()}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length')) || 0;
  let loaded = 0;
  let reported = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, out) {
      loaded += chunk.length;
      // A line for each megabyte is enough: each report redraws the page's matcher line.
      if (loaded - reported >= 1e6 || loaded === total) {
        reported = loaded;
        self.postMessage({ type: 'progress', loaded, total });
      }
      out.enqueue(chunk);
    },
  }));
  const bytes = await inflateStream(counted);
  // Stored after the reading, not before it, and only a weights file (a host may answer a
  // missing file with a page of its own): storage full or denied loses nothing, and the copy
  // it replaces stays until then. The response copies the bytes, which go on to the encoder.
  if (cache && isWeights(bytes)) {
    // The version the file came with, else the one the server named when asked.
    const headers = { [VERSION]: JSON.stringify(named(versionOf(response)) ?? named(served) ?? {}) };
    cache.put(url, new Response(bytes, { headers })).catch(() => {});
  }
  return bytes;
}

/** Which version of the weights a response is: its ETag, without the marks a server adds when
 * it compresses the file on the way (W/, -gzip), and its Last-Modified date. */
function versionOf(response) {
  const etag = (response.headers.get('etag') ?? '').replace(/^W\//, '').replace(/-(gzip|br|zstd)"$/, '"');
  return { etag, modified: response.headers.get('last-modified') ?? '' };
}

/** A version that names something, or null. */
function named(version) {
  return version && (version.etag || version.modified) ? version : null;
}

/** A cached copy's version, as stored beside it; null when it has none. */
function readVersion(text) {
  try {
    return named(JSON.parse(text ?? 'null'));
  } catch {
    return null;
  }
}

/** Whether the server's version is another than the copy's, comparing like with like: ETags
 * when both have one, else dates. Unknown (no answer, or nothing to compare) is no change. */
function changed(kept, served) {
  if (!kept || !served) return false;
  if (kept.etag && served.etag) return kept.etag !== served.etag;
  if (kept.modified && served.modified) return kept.modified !== served.modified;
  return false;
}

/** Whether `bytes` begin as an encoder weights file does (src/matching/encoder.rs, MAGIC). */
function isWeights(bytes) {
  const magic = 'PLXENC1\n';
  return bytes.length > magic.length && [...magic].every((c, i) => bytes[i] === c.charCodeAt(0));
}

/** A stream's bytes, gunzipped when they are gzip; as they are otherwise (a host that sends
 * the file with Content-Encoding: gzip has had the browser inflate it). */
async function inflateStream(stream) {
  const reader = stream.getReader();
  const first = await reader.read();
  const head = first.value ?? new Uint8Array(0);
  const whole = new ReadableStream({
    start(out) { if (head.length) out.enqueue(head); },
    async pull(out) {
      const { done, value } = await reader.read();
      if (done) out.close(); else out.enqueue(value);
    },
  });
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const bytes = gzip ? whole.pipeThrough(new DecompressionStream('gzip')) : whole;
  return new Uint8Array(await new Response(bytes).arrayBuffer());
}

/** `bytes` gunzipped (the one-file page's weights). */
function inflate(bytes) {
  return inflateStream(new Blob([bytes]).stream());
}

/** The bytes of a base64 string. */
function unbase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
