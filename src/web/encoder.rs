//! The sentence encoder in the page. A Web Worker (`www/encoder-worker.js`) loads the
//! encoder's own wasm module (`worker/`), fetches the encoder's weights from the page's own
//! origin and turns sentences into vectors away from the page's thread. This is the page's
//! side: it starts the worker, asks it for the vectors of the sentences a comparison aligns,
//! and shows how far it has got.
//!
//! The page first shows the lexical comparison; when the vectors arrive it compares again
//! with them and redraws in place. If the weights cannot be had, the lexical comparison
//! stays and one line says why.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::matching::encoder::SentenceVectors;

/// The worker's script, beside the page (trunk copies it from `www/`).
const WORKER_SCRIPT: &str = "encoder-worker.js";

/// The weights, gzipped, beside the page (the build writes them from `weights/`).
const WEIGHTS: &str = "minilm-l6-v2.q8.gz";

/// Sentences a worker is given at a time: small enough that the workers share the work
/// evenly (with 16, one of two workers encoded 64 of the seeds' 117 sentences and the other
/// 53) and the page can say how far they have got, large enough that a batch fills the
/// encoder's dense layers.
const CHUNK: usize = 8;

/// The most workers: each holds its own copy of the weights (about 50 MB), and a phone has
/// few cores to spare.
const MAX_WORKERS: usize = 4;

/// The workers and the work waiting for them.
#[derive(Default)]
struct Pool {
    /// Each worker, whether it has loaded the weights, and the chunk it is encoding.
    workers: Vec<(Worker, bool, Option<Vec<String>>)>,
    /// The workers that failed and were stopped, a bit each by index.
    stopped: u32,
    /// Whether a worker has been ready (the comparison asks for its vectors once).
    readied: bool,
    /// Chunks no worker has taken yet.
    queue: std::collections::VecDeque<Vec<String>>,
    /// Where the workers' script is: beside the page (a module), or a blob URL of the one the
    /// one-file page carries (a classic script: a page from disk has no origin, and Chromium
    /// refuses it a module worker even from a blob).
    script: Option<(String, WorkerType)>,
    /// What the first worker's `init` message names the weights by: `weights` and their URL,
    /// or `packed` and the text (gzipped, base64) the one-file page carries. Once that worker
    /// has handed the weights on, `shared` (the page keeps no copy).
    weights: (&'static str, JsValue),
    /// The workers after the first that have been handed the weights' bytes.
    handed: usize,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// How far the page has got with the encoder.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum State {
    /// Not started (before the page's first comparison).
    Idle,
    /// This page cannot run it (a single file opened from disk, or no workers); why.
    Unavailable(String),
    /// Fetching the weights: bytes so far and in all (0 when unknown).
    Loading { loaded: f64, total: f64 },
    /// Ready; `busy` while it encodes.
    Ready { busy: bool },
    /// It failed; why. The lexical comparison stays.
    Failed(String),
}

impl State {
    /// The line the page shows about how sentences are matched.
    pub(super) fn line(&self, encoded: bool) -> String {
        match self {
            _ if encoded => "Matched by meaning (a sentence encoder, run in this page) and by \
                             wording."
                .into(),
            State::Idle => String::new(),
            State::Unavailable(why) => format!("Matched by wording alone: {why}"),
            State::Loading { loaded, total } if *total > 0.0 => format!(
                "Matched by wording; loading the sentence encoder to match by meaning too \
                 ({} of {} MB)…",
                (loaded / 1e6).round() as u64,
                (total / 1e6).round() as u64
            ),
            State::Loading { .. } => {
                "Matched by wording; loading the sentence encoder to match by meaning too…".into()
            }
            State::Ready { .. } => {
                "Matched by wording; the sentence encoder is matching by meaning…".into()
            }
            State::Failed(why) => format!(
                "Matched by wording alone: the sentence encoder could not be loaded ({why})."
            ),
        }
    }
}

/// Starts the worker, unless this page cannot run one. Returns the state to show.
pub(super) fn start() -> State {
    match try_start() {
        Ok(state) => state,
        Err(e) => State::Failed(describe(&e)),
    }
}

/// The id of the element in which `parallax-full.html` carries the workers' script (the
/// worker's module with its wasm inlined)…
const INLINE_SCRIPT: &str = "parallax-encoder-worker";
/// …and the one of the weights, gzipped and in base64 (scripts/finish-page.mjs writes both).
const INLINE_WEIGHTS: &str = "parallax-encoder-weights";

fn try_start() -> Result<State, JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    // The text stays in JavaScript: it is 28 MB, and the page's own module never reads it.
    let text_of = |id: &str| -> Result<Option<JsValue>, JsValue> {
        doc.get_element_by_id(id).map(|e| Reflect::get(&e, &"textContent".into())).transpose()
    };
    let (script, weights) = match (text_of(INLINE_SCRIPT)?, text_of(INLINE_WEIGHTS)?) {
        // parallax-full.html: a worker from a blob URL runs from disk too.
        (Some(source), Some(packed)) => {
            let options = web_sys::BlobPropertyBag::new();
            options.set_type("text/javascript");
            let blob = web_sys::Blob::new_with_str_sequence_and_options(
                &js_sys::Array::of1(&source),
                &options,
            )?;
            let url = web_sys::Url::create_object_url_with_blob(&blob)?;
            ((url, WorkerType::Classic), ("packed", packed))
        }
        _ => {
            // parallax.html inlines its module (and a page opened from disk may start no
            // worker): it keeps to the lexical matcher, small enough to email.
            let inlined = doc.query_selector("link[rel=modulepreload]")?.is_none();
            if inlined || window.location().protocol()? == "file:" {
                return Ok(State::Unavailable(
                    "this one-file copy of the page does not carry the sentence encoder \
                     (parallax-full.html does)."
                        .into(),
                ));
            }
            let base = doc.base_uri()?.unwrap_or_default();
            let weights = web_sys::Url::new_with_base(WEIGHTS, &base)?.href();
            ((WORKER_SCRIPT.to_string(), WorkerType::Module), ("weights", weights.into()))
        }
    };
    POOL.with(|p| {
        let mut pool = p.borrow_mut();
        pool.script = Some(script);
        pool.weights = weights;
    });
    // Every worker at once: the first fetches and inflates the weights and hands them back,
    // and the others, their module loaded meanwhile, read those bytes (neither fetching nor
    // inflating again). As many as there are cores: the page's own thread waits while they
    // work.
    let count = (window.navigator().hardware_concurrency() as usize).clamp(1, MAX_WORKERS);
    spawn()?;
    // A worker more that cannot start leaves the others to it.
    for _ in 1..count {
        if spawn().is_err() {
            break;
        }
    }
    // The first is sent the weights once the others have started: it makes a copy for each.
    load_weights()?;
    Ok(State::Loading { loaded: 0.0, total: 0.0 })
}

/// Starts one more worker: the first is sent the weights ([`load_weights`]); the others load
/// their module meanwhile, and the weights once the first has them.
fn spawn() -> Result<(), JsValue> {
    let index = POOL.with(|p| p.borrow().workers.len());
    let (script, kind) = POOL.with(|p| p.borrow().script.clone()).ok_or("no worker script")?;
    let options = WorkerOptions::new();
    options.set_type(kind);
    let worker = Worker::new_with_options(&script, &options)?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        super::guard(on_message(index, &e.data()));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
        super::guard(lost(index, "the worker stopped".into()));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    if index > 0 {
        let message = Object::new();
        Reflect::set(&message, &"type".into(), &"prepare".into())?;
        worker.post_message(&message)?;
    }
    POOL.with(|p| p.borrow_mut().workers.push((worker, false, None)));
    Ok(())
}

/// Sends the first worker the weights to load, and asks it for a copy of them for each other
/// worker that started (none is made for one that could not).
fn load_weights() -> Result<(), JsValue> {
    let message = Object::new();
    Reflect::set(&message, &"type".into(), &"init".into())?;
    let (key, weights) = POOL.with(|p| p.borrow().weights.clone());
    Reflect::set(&message, &key.into(), &weights)?;
    let others = POOL.with(|p| p.borrow().workers.len()).saturating_sub(1);
    Reflect::set(&message, &"share".into(), &(others as u32).into())?;
    POOL.with(|p| {
        let pool = p.borrow();
        let (first, ..) = pool.workers.first().ok_or("no worker started")?;
        first.post_message(&message)
    })
}

/// Asks the workers for the vectors of `texts`, a chunk at a time (a chunk waits until a
/// worker is ready and idle).
pub(super) fn request(texts: Vec<String>) -> Result<(), JsValue> {
    POOL.with(|p| {
        let mut pool = p.borrow_mut();
        for chunk in texts.chunks(CHUNK) {
            pool.queue.push_back(chunk.to_vec());
        }
    });
    dispatch()
}

/// Gives each ready, idle worker a chunk.
fn dispatch() -> Result<(), JsValue> {
    POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let Pool { workers, queue, .. } = &mut *pool;
        for (worker, ready, busy) in workers.iter_mut() {
            if !*ready || busy.is_some() {
                continue;
            }
            let Some(chunk) = queue.pop_front() else { break };
            let message = Object::new();
            Reflect::set(&message, &"type".into(), &"encode".into())?;
            let list = js_sys::Array::new();
            for t in &chunk {
                list.push(&t.into());
            }
            Reflect::set(&message, &"texts".into(), &list)?;
            worker.post_message(&message)?;
            *busy = Some(chunk);
        }
        Ok(())
    })
}

/// Whether any chunk is waiting or being encoded.
fn working() -> bool {
    POOL.with(|p| {
        let pool = p.borrow();
        !pool.queue.is_empty() || pool.workers.iter().any(|w| w.2.is_some())
    })
}

fn on_message(index: usize, data: &JsValue) -> Result<(), JsValue> {
    let kind = super::field(data, "type").as_string().unwrap_or_default();
    match kind.as_str() {
        "progress" => {
            // Only the line changes while the weights load.
            return super::with_app(|app| {
                if !matches!(app.encoder, State::Ready { .. }) {
                    app.encoder = State::Loading {
                        loaded: super::field(data, "loaded").as_f64().unwrap_or(0.0),
                        total: super::field(data, "total").as_f64().unwrap_or(0.0),
                    };
                }
                super::header::render_matcher(&app.page, &app.encoder)
            });
        }
        "weights" => {
            // The first worker has the weights, and sends a copy for each other worker: the
            // next one without is handed it, moved rather than copied (copying 23 MB held this
            // thread 12–50 ms).
            return POOL.with(|p| {
                let mut pool = p.borrow_mut();
                pool.weights = ("shared", JsValue::UNDEFINED);
                pool.handed += 1;
                let Some((worker, ..)) = pool.workers.get(pool.handed) else { return Ok(()) };
                let moved = js_sys::Array::of1(&super::field(data, "bytes"));
                worker.post_message_with_transfer(data, &moved)
            });
        }
        "ready" => {
            let first = POOL.with(|p| {
                let mut pool = p.borrow_mut();
                if let Some(w) = pool.workers.get_mut(index) {
                    w.1 = true;
                }
                !std::mem::replace(&mut pool.readied, true)
            });
            if first {
                let pending = super::with_app(|app| {
                    app.encoder = State::Ready { busy: false };
                    app.requested.clear();
                    // The comparison by wording stands; the encoder is asked for its sentences.
                    app.request_missing();
                    std::mem::take(&mut app.to_request)
                });
                request(pending)?;
            } else {
                dispatch()?;
            }
            // Only the line changes (drawing the whole page again for it took this thread
            // tens of milliseconds while the workers began to encode).
            return super::with_app(|app| super::header::render_matcher(&app.page, &app.encoder));
        }
        "vectors" => {
            let dimension = super::vectors::dimension(data);
            POOL.with(|p| {
                if let Some(w) = p.borrow_mut().workers.get_mut(index) {
                    w.2 = None;
                }
            });
            dispatch()?;
            let done = !working();
            super::with_app(|app| {
                let vectors =
                    app.page.vectors.get_or_insert_with(|| SentenceVectors::new(dimension));
                super::vectors::read(data, vectors);
                app.encoder = State::Ready { busy: !done };
                // The comparison changes only once every sentence has its vector.
                if done {
                    app.recompute();
                }
            });
            if !done {
                // Until then only the line says how far it has got.
                return super::with_app(|app| {
                    super::header::render_matcher(&app.page, &app.encoder)
                });
            }
        }
        "error" => {
            return lost(index, super::field(data, "message").as_string().unwrap_or_default());
        }
        _ => {}
    }
    super::render_keeping_place()
}

/// A worker failed. While another is ready, or will be (the first, loading the weights, or
/// another given them), its chunk goes back to the queue; when none is, the encoder has
/// failed: the lexical comparison stays, and the line says why.
fn lost(index: usize, why: String) -> Result<(), JsValue> {
    let others = POOL.with(|p| {
        let mut pool = p.borrow_mut();
        let Pool { workers, queue, stopped, handed, .. } = &mut *pool;
        let handed = *handed;
        if let Some((worker, ready, busy)) = workers.get_mut(index) {
            worker.terminate();
            *ready = false;
            // Counted once, however many errors the worker sent before it stopped.
            *stopped |= 1 << index;
            if let Some(chunk) = busy.take() {
                queue.push_front(chunk);
            }
        }
        // A worker that runs can be ready when it has the weights (the first loads them, and
        // the next `handed` were handed them) or the first still runs to hand them on: the
        // first, lost before it shared the weights, leaves none that can load them.
        let runs = |i: usize| *stopped & (1 << i) == 0;
        (0..workers.len()).any(|i| runs(i) && (i <= handed || runs(0)))
    });
    if others {
        dispatch()?;
        return Ok(());
    }
    POOL.with(|p| {
        let mut pool = p.borrow_mut();
        for (worker, _, _) in &pool.workers {
            worker.terminate();
        }
        pool.workers.clear();
        pool.queue.clear();
    });
    super::with_app(|app| app.encoder = State::Failed(why));
    super::render_keeping_place()
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "unknown error".into())
}
