// Parallax's sentence encoder, off the page's thread (src/web/encoder.rs starts it). It loads
// the encoder's wasm module (worker/, built by trunk beside the page), fetches the encoder's
// weights from the page's own origin (kept in the browser's cache for later visits), and turns
// sentences into vectors on request.
//
// Messages from the page: {type: "init", weights} (a URL on the page's origin, or, from the
// one-file page that carries them, {packed}: the gzipped weights in base64) and
// {type: "encode", texts}. To the page: {type: "progress", loaded, total}, {type: "ready"},
// {type: "vectors", texts, data, dimension} and {type: "error", message}.

const CACHE = 'parallax-encoder-v1';
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

async function handle(message) {
  if (message.type === 'init') {
    await init({ module_or_path: new URL('./parallax-worker_bg.wasm', import.meta.url) });
    const bytes = message.packed ? await inflate(unbase64(message.packed)) : await weights(message.weights);
    dimension = loadEncoder(bytes);
    ready = true;
    self.postMessage({ type: 'ready' });
  } else if (message.type === 'encode' && ready) {
    const data = encodeSentences(message.texts);
    self.postMessage({ type: 'vectors', texts: message.texts, data, dimension }, [data.buffer]);
  }
}

/** The weights file, gunzipped: from the browser's cache when it is there, else fetched. */
async function weights(url) {
  let cache = null;
  let response = null;
  try {
    cache = await caches.open(CACHE);
    response = await cache.match(url);
  } catch {
    cache = null; // No Cache Storage here (not a secure context): the HTTP cache still serves.
  }
  if (!response) {
    response = await fetch(url);
    if (!response.ok) throw new Error(`${url.split('/').pop()}: HTTP ${response.status}`);
    if (cache) {
      try {
        await cache.put(url, response.clone());
      } catch {
        // Storage full or denied: this visit still works.
      }
    }
  }
  const total = Number(response.headers.get('content-length')) || 0;
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    self.postMessage({ type: 'progress', loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return inflate(bytes);
}

/** `bytes` gunzipped; as they are when they are not gzip (a host that sends the file with
 * Content-Encoding: gzip has had the browser inflate it). */
async function inflate(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

/** The bytes of a base64 string. */
function unbase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
