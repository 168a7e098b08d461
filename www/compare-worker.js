// Parallax's comparison away from the page's thread (src/web/compare.rs starts it). It runs
// the page's own wasm module a second time (the page hands over the module it compiled),
// aligns the articles the page sends, and hands back the groups as numbers; the page finishes
// the comparison (word differences, figures) and draws it.
//
// Beside the page it is a module worker that imports the page's glue from the address the
// page gives. The one-file pages carry it as a classic script with the glue inlined before it
// (scripts/finish-page.mjs replaces `loadGlue`), started from a blob URL.
//
// Messages from the page: {type: "init", glue, module} and {type: "align", id, request} (the
// articles, base and corrections as the page keeps its session, and the encoder's vectors
// this worker lacks: it keeps those of earlier requests).
// To the page: {type: "ready"}, {type: "aligned", id, ints, floats} and
// {type: "error", id, message}.

let align = null;
let queue = Promise.resolve();

// A message that cannot be read here (a module this browser will not hand to a worker) is
// an error: the page then compares on its own thread rather than waiting.
self.onmessageerror = () => {
  self.postMessage({ type: 'error', message: 'a message from the page could not be read' });
};

self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(() => handle(message)).catch((error) => {
    self.postMessage({ type: 'error', id: message.id, message: String((error && error.message) || error) });
  });
};

async function loadGlue(message) {
  return import(message.glue);
}

async function handle(message) {
  if (message.type === 'init') {
    const glue = await loadGlue(message);
    await glue.default({ module_or_path: message.module });
    align = glue.alignInWorker;
    self.postMessage({ type: 'ready' });
  } else if (message.type === 'align' && align) {
    const [ints, floats] = align(message.request);
    self.postMessage({ type: 'aligned', id: message.id, ints, floats }, [ints.buffer, floats.buffer]);
  }
}
