// Parallax's sentence encoder, off the page's thread (src/web/encoder.rs starts it). It loads
// the encoder's wasm module (worker/, built by trunk beside the page), fetches the encoder's
// weights from the page's own origin (kept in the browser's cache for later visits), and turns
// sentences into vectors on request.
//
// Messages from the page: {type: "init", weights} (a URL on the page's origin), or
// {type: "init", packed} (from the one-file page that carries them: the gzipped weights in
// base64), or {type: "init", bytes} (the weights as another worker read them), each with
// `share` when the page wants the bytes back for its other workers; and {type: "encode",
// texts}. To the page: {type: "progress", loaded, total}, {type: "weights", bytes} (when
// asked to share), {type: "ready"}, {type: "vectors", texts, data, dimension} and
// {type: "error", message}.

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
    const bytes = message.bytes ? new Uint8Array(message.bytes)
      : message.packed ? await inflate(unbase64(message.packed)) : await weights(message.weights);
    dimension = loadEncoder(bytes);
    // The module has its own copy now: the page may have these to start its other workers
    // without fetching and inflating the weights again.
    if (message.share) self.postMessage({ type: 'weights', bytes: bytes.buffer }, [bytes.buffer]);
    ready = true;
    self.postMessage({ type: 'ready' });
  } else if (message.type === 'encode' && ready) {
    const data = encodeSentences(message.texts);
    self.postMessage({ type: 'vectors', texts: message.texts, data, dimension }, [data.buffer]);
  }
}

/** The weights file, gunzipped: from the browser's cache when it is there, else fetched.
 * Inflated as it arrives (the two overlap), and kept in the cache while it is read. */
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
    // Stored beside the reading below, not before it: storage full or denied loses nothing.
    if (cache) cache.put(url, response.clone()).catch(() => {});
  }
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
  return inflateStream(counted);
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
