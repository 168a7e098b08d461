//! Sessions kept in the browser: the articles, their names and the base ([`Session`]) saved
//! in IndexedDB after each change and brought back on the next visit. Nothing leaves the
//! machine. When the browser refuses storage (a private window, a full disk, a page opened
//! from disk in some browsers), one line says so and the page works for the visit.

use std::cell::RefCell;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

use crate::comparison::{Correction, SentenceId};
use crate::page::{SavedArticle, Session};

const DATABASE: &str = "parallax";
const STORE: &str = "session";
const KEY: &str = "current";
/// The layout of what is stored; a session of another layout is not read.
const LAYOUT: f64 = 1.0;

thread_local! {
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Opens the database (once), then runs `then` with it, or with why it cannot be opened.
fn with_database(then: impl FnOnce(Result<IdbDatabase, String>) + 'static) {
    if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
        return then(Ok(db));
    }
    let then = std::rc::Rc::new(RefCell::new(Some(then)));
    let fail = {
        let then = then.clone();
        move |why: String| {
            if let Some(then) = then.borrow_mut().take() {
                then(Err(why));
            }
        }
    };
    let request = match open() {
        Ok(r) => r,
        Err(e) => return fail(describe(&e)),
    };
    let upgrade = super::dom::once({
        let request = request.clone();
        move || {
            if let Ok(db) = request.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let success = super::dom::once({
        let (request, then) = (request.clone(), then.clone());
        move || {
            let Some(then) = then.borrow_mut().take() else { return };
            match request.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                Ok(db) => {
                    OPEN.with(|o| *o.borrow_mut() = Some(db.clone()));
                    then(Ok(db));
                }
                Err(e) => then(Err(describe(&e))),
            }
        }
    });
    request.set_onsuccess(Some(success.unchecked_ref()));
    let error = super::dom::once({
        let request = request.clone();
        move || fail(request_error(request.unchecked_ref()))
    });
    request.set_onerror(Some(error.unchecked_ref()));
}

fn open() -> Result<IdbOpenDbRequest, JsValue> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("this browser offers no IndexedDB here")?;
    factory.open_with_u32(DATABASE, 1)
}

/// Reads the saved session: `Ok(None)` when there is none, `Err` with why it cannot be read.
pub(super) fn load(done: impl FnOnce(Result<Option<Session>, String>) + 'static) {
    with_database(move |db| {
        let db = match db {
            Ok(db) => db,
            Err(why) => return done(Err(why)),
        };
        let request = match db
            .transaction_with_str(STORE)
            .and_then(|t| t.object_store(STORE))
            .and_then(|s| s.get(&KEY.into()))
        {
            Ok(r) => r,
            Err(e) => return done(Err(describe(&e))),
        };
        let done = std::rc::Rc::new(RefCell::new(Some(done)));
        let success = super::dom::once({
            let (request, done) = (request.clone(), done.clone());
            move || {
                if let Some(done) = done.borrow_mut().take() {
                    done(Ok(request.result().ok().as_ref().and_then(from_js)));
                }
            }
        });
        request.set_onsuccess(Some(success.unchecked_ref()));
        let error = super::dom::once({
            let request = request.clone();
            move || {
                if let Some(done) = done.borrow_mut().take() {
                    done(Err(request_error(&request)));
                }
            }
        });
        request.set_onerror(Some(error.unchecked_ref()));
    });
}

/// Saves `session` in place of the one saved; `failed` hears why when it cannot be.
pub(super) fn save(session: &Session, failed: impl FnOnce(String) + 'static) {
    let value = to_js(session);
    write(move |store| store.put_with_key(&value, &KEY.into()), failed);
}

/// Forgets the saved session.
pub(super) fn forget(failed: impl FnOnce(String) + 'static) {
    write(|store| store.delete(&KEY.into()), failed);
}

fn write(
    change: impl FnOnce(&web_sys::IdbObjectStore) -> Result<IdbRequest, JsValue> + 'static,
    failed: impl FnOnce(String) + 'static,
) {
    with_database(move |db| {
        let db = match db {
            Ok(db) => db,
            Err(why) => return failed(why),
        };
        let transaction =
            match db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite) {
                Ok(t) => t,
                Err(e) => return failed(describe(&e)),
            };
        if let Err(e) = transaction.object_store(STORE).and_then(|s| change(&s)) {
            return failed(describe(&e));
        }
        // A full disk shows as the transaction's error or abort.
        let failed = std::rc::Rc::new(RefCell::new(Some(failed)));
        for set in [
            web_sys::IdbTransaction::set_onerror
                as fn(&web_sys::IdbTransaction, Option<&js_sys::Function>),
            web_sys::IdbTransaction::set_onabort,
        ] {
            let handler = super::dom::once({
                let (transaction, failed) = (transaction.clone(), failed.clone());
                move || {
                    if let Some(failed) = failed.borrow_mut().take() {
                        let why = transaction.error().map_or_else(
                            || "the browser refused to store it".into(),
                            |e| e.message(),
                        );
                        failed(why);
                    }
                }
            });
            set(&transaction, Some(handler.unchecked_ref()));
        }
    });
}

pub(super) fn to_js(session: &Session) -> JsValue {
    let object = Object::new();
    let articles = Array::new();
    for a in &session.articles {
        let saved = Object::new();
        let _ = Reflect::set(&saved, &"name".into(), &a.name.as_str().into());
        let _ = Reflect::set(&saved, &"text".into(), &a.text.as_str().into());
        let _ = Reflect::set(&saved, &"webPage".into(), &a.web_page.into());
        articles.push(&saved);
    }
    let corrections = Array::new();
    for c in &session.corrections {
        let (kind, sentence, other) = match c {
            Correction::Move { sentence, to } => ("move", sentence, Some(to)),
            Correction::Detach { sentence } => ("detach", sentence, None),
            Correction::Join { sentence, with } => ("join", sentence, Some(with)),
        };
        let saved = Object::new();
        let _ = Reflect::set(&saved, &"kind".into(), &kind.into());
        let _ = Reflect::set(&saved, &"sentence".into(), &id_to_js(sentence));
        if let Some(other) = other {
            let _ = Reflect::set(&saved, &"other".into(), &id_to_js(other));
        }
        corrections.push(&saved);
    }
    let _ = Reflect::set(&object, &"corrections".into(), &corrections);
    let _ = Reflect::set(&object, &"layout".into(), &LAYOUT.into());
    let _ = Reflect::set(&object, &"base".into(), &(session.base as f64).into());
    let _ = Reflect::set(&object, &"articles".into(), &articles);
    object.into()
}

/// A stored session; `None` for nothing stored or one of another layout.
pub(super) fn from_js(value: &JsValue) -> Option<Session> {
    let get = |v: &JsValue, key: &str| Reflect::get(v, &key.into()).ok();
    if get(value, "layout")?.as_f64()? != LAYOUT {
        return None;
    }
    let articles = Array::from(&get(value, "articles")?)
        .iter()
        .filter_map(|a| {
            Some(SavedArticle {
                name: get(&a, "name")?.as_string()?,
                text: get(&a, "text")?.as_string()?,
                web_page: get(&a, "webPage")?.as_bool().unwrap_or(false),
            })
        })
        .collect();
    let base = get(value, "base").and_then(|b| b.as_f64()).unwrap_or(0.0) as usize;
    let id = |v: &JsValue, key: &str| -> Option<SentenceId> {
        let id = get(v, key)?;
        Some(SentenceId {
            article: get(&id, "article")?.as_string()?,
            text: get(&id, "text")?.as_string()?,
        })
    };
    let corrections = get(value, "corrections")
        .map(|c| Array::from(&c).iter().collect::<Vec<_>>())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| {
            let sentence = id(c, "sentence")?;
            Some(match get(c, "kind")?.as_string()?.as_str() {
                "move" => Correction::Move { sentence, to: id(c, "other")? },
                "join" => Correction::Join { sentence, with: id(c, "other")? },
                _ => Correction::Detach { sentence },
            })
        })
        .collect();
    Some(Session { articles, base, corrections })
}

fn id_to_js(id: &SentenceId) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"article".into(), &id.article.as_str().into());
    let _ = Reflect::set(&object, &"text".into(), &id.text.as_str().into());
    object.into()
}

fn request_error(request: &IdbRequest) -> String {
    match request.error() {
        Ok(Some(e)) => e.message(),
        _ => "the browser refused it".into(),
    }
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .or_else(|| e.dyn_ref::<web_sys::DomException>().map(|e| e.message()))
        .unwrap_or_else(|| "the browser refused it".into())
}
