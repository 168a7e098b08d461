//! The comparison away from the page's thread. A Web Worker (`www/compare-worker.js`) loads
//! the page's own wasm module a second time and aligns the articles there
//! ([`align_in_worker`]), the costly part; the page finishes the comparison from the groups
//! it hands back a slice at a time ([`crate::page::Page::advance`]) and draws it. The page's
//! first comparison waits for the worker; where none starts, or one fails or is not ready
//! within [`READY_WITHIN_MS`], the page compares on its own thread.

use std::cell::RefCell;

use js_sys::{Array, Float32Array, Object, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::comparison::{align_articles, Alignment};
use crate::matching::encoder::SentenceVectors;
use crate::page::Step;
use crate::Options;

/// The worker's script, beside the page (trunk copies it from `www/`).
const SCRIPT: &str = "compare-worker.js";

/// A request in flight this long is cancelled by newer input: the worker is stopped and
/// another started (from the module already compiled, in some tens of milliseconds) rather
/// than the page waiting for a comparison of articles it no longer holds.
const CANCEL_AFTER_MS: f64 = 300.0;

#[derive(Default)]
struct State {
    worker: Option<Worker>,
    /// How to start another: the script, whether it is a classic script, the first message.
    script: String,
    classic: bool,
    init: Option<Object>,
    /// Counts the workers started: messages of a stopped one are ignored.
    generation: u32,
    /// When the request in flight was made, in milliseconds.
    asked_at: f64,
    ready: bool,
    /// The request in flight, by number, and the comparison it was asked for
    /// ([`crate::page::Page::wanted`]).
    asked: Option<u32>,
    asked_for: u64,
    next: u32,
    /// Answers in a row that did not fit the articles they were asked for, which can only
    /// be a worker that reads articles otherwise than the page: after two, the page compares
    /// on its own thread.
    misfits: u32,
    /// How many of the page's vectors the worker holds: it keeps those of every request.
    sent: usize,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// The id of the element in which the one-file pages carry the worker's script, the page's
/// glue inlined (scripts/finish-page.mjs writes it).
const INLINE_SCRIPT: &str = "parallax-compare-worker";

/// Starts the worker: beside the page, a module worker that imports the page's glue; in the
/// one-file pages (from disk too), a classic worker from a blob URL of the script they carry.
/// Either runs the module the page compiled, handed over. Where no worker starts, the page
/// compares on its own thread.
pub(super) fn start() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    let init = Object::new();
    Reflect::set(&init, &"type".into(), &"init".into())?;
    Reflect::set(&init, &"module".into(), &wasm_bindgen::module())?;
    let options = WorkerOptions::new();
    let script = if let Some(carried) = doc.get_element_by_id(INLINE_SCRIPT) {
        let source = Reflect::get(&carried, &"textContent".into())?;
        let blob_options = web_sys::BlobPropertyBag::new();
        blob_options.set_type("text/javascript");
        let blob =
            web_sys::Blob::new_with_str_sequence_and_options(&Array::of1(&source), &blob_options)?;
        options.set_type(WorkerType::Classic);
        web_sys::Url::create_object_url_with_blob(&blob)?
    } else {
        let glue = doc
            .query_selector("link[rel=modulepreload]")?
            .and_then(|e| e.get_attribute("href"))
            .and_then(|h| web_sys::Url::new_with_base(&h, &doc.base_uri().ok()??).ok());
        // A page from disk may start no module worker.
        let (Some(glue), false) = (glue, window.location().protocol()? == "file:") else {
            return Ok(());
        };
        Reflect::set(&init, &"glue".into(), &glue.href().into())?;
        options.set_type(WorkerType::Module);
        SCRIPT.to_string()
    };
    let classic = options.get_type() == Some(WorkerType::Classic);
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        (s.script, s.classic, s.init) = (script, classic, Some(init));
    });
    spawn()?;
    // The page's first comparison waits for this worker: one that is still not ready after
    // a while (it hangs, or never loaded) is given up, and the page compares on its own
    // thread. A worker started since (a cancelled request's successor) is not this one.
    let first = STATE.with(|s| s.borrow().generation);
    super::dom::later(READY_WITHIN_MS, move || {
        let waiting = STATE.with(|s| {
            let s = s.borrow();
            s.worker.is_some() && !s.ready && s.generation == first
        });
        if waiting && super::with_app(|app| app.page.comparison.is_none()) {
            super::guard(lost());
        }
    })
}

/// How long the page waits for its first worker to be ready, in milliseconds: it is ready in
/// tens of milliseconds (it runs the module the page compiled).
const READY_WITHIN_MS: i32 = 5_000;

/// Starts a worker from what [`start`] kept, and sends it the first message.
fn spawn() -> Result<(), JsValue> {
    let (script, classic, init, generation) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.generation += 1;
        s.sent = 0;
        (s.script.clone(), s.classic, s.init.clone(), s.generation)
    });
    let init = init.ok_or("the comparison's worker was never set up")?;
    let options = WorkerOptions::new();
    options.set_type(if classic { WorkerType::Classic } else { WorkerType::Module });
    let worker = Worker::new_with_options(&script, &options)?;
    let current = move || STATE.with(|s| s.borrow().generation) == generation;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if current() {
            super::guard(on_message(&e.data()));
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
        if current() {
            super::guard(lost());
        }
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    worker.post_message(&init)?;
    STATE.with(|s| s.borrow_mut().worker = Some(worker));
    Ok(())
}

/// Stops the worker in the middle of a request made of articles since changed, and starts
/// another, which asks for the page's comparison once ready.
fn cancel() -> Result<(), JsValue> {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(w) = s.worker.take() {
            w.terminate();
        }
        (s.ready, s.asked) = (false, None);
    });
    // Where no other worker starts, the page compares on its own thread.
    spawn().or_else(|_| lost())
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Whether a worker was started (it may not be ready yet).
pub(super) fn started() -> bool {
    STATE.with(|s| s.borrow().worker.is_some())
}

/// Asks the worker for the page's comparison when it is pending and not asked for already.
/// A request in flight for an older comparison is answered, refused as old, and followed by
/// the newest; when it has run [`CANCEL_AFTER_MS`], it is cancelled instead.
pub(super) fn request() -> Result<(), JsValue> {
    let (pending, wanted, finishing) =
        super::with_app(|app| (app.page.pending, app.page.wanted, app.page.finishing.is_some()));
    // A comparison being finished here is the one wanted: new input drops it.
    if !pending || finishing {
        return Ok(());
    }
    let in_flight = STATE.with(|s| {
        let s = s.borrow();
        s.asked.map(|_| (s.asked_for, s.asked_at))
    });
    if let Some((asked_for, at)) = in_flight {
        if asked_for != wanted && now() - at >= CANCEL_AFTER_MS {
            return cancel();
        }
        return Ok(());
    }
    let (worker, id) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        if !s.ready {
            return (None, 0);
        }
        s.next += 1;
        s.asked = Some(s.next);
        (s.asked_for, s.asked_at) = (wanted, now());
        (s.worker.clone(), s.next)
    });
    let Some(worker) = worker else { return Ok(()) };
    // Only the vectors the worker lacks: it keeps those of the requests before.
    let first = STATE.with(|s| s.borrow().sent);
    let (request, held) = super::with_app(|app| {
        let request = super::session::to_js(&app.page.session());
        let held = app.page.vectors.as_ref().map(|v| {
            let _ = Reflect::set(&request, &"vectors".into(), &super::vectors::write(v, first));
            v.len()
        });
        (request, held)
    });
    let message = Object::new();
    Reflect::set(&message, &"type".into(), &"align".into())?;
    Reflect::set(&message, &"id".into(), &id.into())?;
    Reflect::set(&message, &"request".into(), &request)?;
    // A request the worker never receives would be waited for until new input: compare on
    // the page's own thread instead.
    if worker.post_message(&message).is_err() {
        return lost();
    }
    if let Some(held) = held {
        STATE.with(|s| s.borrow_mut().sent = held);
    }
    Ok(())
}

fn on_message(data: &JsValue) -> Result<(), JsValue> {
    match super::field(data, "type").as_string().unwrap_or_default().as_str() {
        "ready" => {
            STATE.with(|s| s.borrow_mut().ready = true);
            // From now on the page's thread only finishes and draws comparisons.
            super::with_app(|app| app.page.deferred = true);
            // A worker started again after a cancelled request has one to answer.
            request()
        }
        "aligned" => {
            let id = super::field(data, "id").as_f64().unwrap_or(0.0) as u32;
            let (next, asked_for) = STATE.with(|s| {
                let mut s = s.borrow_mut();
                s.asked = None;
                (s.next, s.asked_for)
            });
            let current = next == id
                && super::with_app(|app| app.page.pending && app.page.wanted == asked_for);
            if !current {
                // Made of articles, names, a base or corrections since changed: ask for the
                // comparison the page now wants.
                return request();
            }
            let ints = super::field(data, "ints").dyn_into::<Uint32Array>()?.to_vec();
            let floats = super::field(data, "floats").dyn_into::<Float32Array>()?.to_vec();
            match Alignment::from_numbers(&ints, &floats) {
                Some(a) => super::with_app(|app| app.page.begin_finish(a)),
                None => return misfit(),
            }
            // One that cannot even start (the page's checks refused it) is shown at once.
            if super::with_app(|app| app.page.finishing.is_none()) {
                return show();
            }
            finish_some()
        }
        "error" => lost(),
        _ => Ok(()),
    }
}

/// The page's thread finishes a comparison in slices of about this long, leaving the
/// thread to the browser between them.
const FINISH_SLICE_MS: f64 = 30.0;

/// Finishes the comparison handed back by the worker a slice at a time, and shows it
/// once done; until then the comparison shown stays, and new input drops this one.
fn finish_some() -> Result<(), JsValue> {
    let start = now();
    let step = loop {
        let step = super::with_app(|app| app.page.advance(500));
        if step != Step::Working || now() - start >= FINISH_SLICE_MS {
            break step;
        }
    };
    match step {
        Step::Working => super::dom::later(0, || super::guard(finish_some())),
        // Dropped for newer input: ask for the comparison the page now wants.
        Step::Idle => request(),
        Step::Stale => misfit(),
        // Drawn in a task of its own: drawing a long comparison takes tens of milliseconds.
        Step::Shown => super::dom::later(0, || super::guard(show())),
    }
}

/// Draws the comparison just finished.
fn show() -> Result<(), JsValue> {
    STATE.with(|s| s.borrow_mut().misfits = 0);
    let first = super::with_app(|app| {
        app.rows_later = true;
        app.request_missing();
        // The first comparison of a long session: the address's position now.
        let fragment = app.fragment.take()?;
        app.page.apply_fragment(&fragment);
        app.scroll = app.page.group.is_some();
        Some(())
    });
    if first.is_some() {
        return super::render();
    }
    super::render_keeping_place()
}

/// An answer that did not fit the articles it was asked for: asked for again, and after
/// two in a row the page compares on its own thread.
fn misfit() -> Result<(), JsValue> {
    let misfits = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.misfits += 1;
        s.misfits
    });
    if misfits >= 2 {
        lost()
    } else {
        request()
    }
}

/// The worker failed: the page compares on its own thread from now on.
fn lost() -> Result<(), JsValue> {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(w) = s.worker.take() {
            w.terminate();
        }
        // Messages of the stopped worker are ignored from now on.
        *s = State { generation: s.generation + 1, ..State::default() };
    });
    super::with_app(|app| {
        app.page.deferred = false;
        if app.page.pending {
            app.recompute();
        }
        if let Some(fragment) = app.fragment.take() {
            app.page.apply_fragment(&fragment);
            app.scroll = app.page.group.is_some();
        }
    });
    super::render_keeping_place()
}

thread_local! {
    /// The worker's side: the vectors of the page's requests so far.
    static KEPT: RefCell<Option<SentenceVectors>> = const { RefCell::new(None) };
}

/// The worker's side: aligns the articles of `request` (a session, as the page keeps it,
/// and the encoder's vectors the worker lacks, added to those it keeps) and returns the alignment as `[Uint32Array, Float32Array]`.
#[wasm_bindgen(js_name = alignInWorker)]
pub fn align_in_worker(request: JsValue) -> Result<Array, JsError> {
    let session = super::session::from_js(&request)
        .ok_or_else(|| JsError::new("not a comparison request"))?;
    let articles = session
        .articles
        .iter()
        .map(crate::page::SavedArticle::article)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| JsError::new(&e.to_string()))?;
    let vectors = Reflect::get(&request, &"vectors".into()).ok().filter(|v| v.is_object());
    let options = Options::default().base(session.base);
    let alignment = KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let vectors = match vectors {
            Some(v) => {
                super::vectors::read_more(&v, &mut kept).map_err(|e| JsError::new(&e))?;
                kept.as_ref()
            }
            None => None,
        };
        align_articles(&articles, &options, vectors, &session.corrections)
            .map_err(|e| JsError::new(&e.to_string()))
    })?;
    let (ints, floats) = alignment.to_numbers();
    Ok(Array::of2(&Uint32Array::from(&ints[..]), &Float32Array::from(&floats[..])))
}
