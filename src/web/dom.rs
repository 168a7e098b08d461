//! DOM helpers shared by the views: finding and making elements, text set only as text or as
//! markup that escapes it ([`Markup`]).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement};

use crate::diff::Piece;
use crate::page::markup::Markup;

pub(super) fn document() -> Result<Document, JsValue> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))
}

pub(super) fn by_id(id: &str) -> Result<Element, JsValue> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("#{id} is missing from the page")))
}

pub(super) fn html(e: &Element) -> Result<&HtmlElement, JsValue> {
    e.dyn_ref::<HtmlElement>().ok_or_else(|| JsValue::from_str("not an HTML element"))
}

pub(super) fn flag(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// Creates `<tag class="class">`.
pub(super) fn el(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// Creates `<tag class="class">text</tag>`; the text is set as text, never parsed as HTML.
pub(super) fn el_text(
    doc: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let e = el(doc, tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

/// Appends `<tag class="class">text</tag>` to `parent` and returns it.
pub(super) fn add_text(
    doc: &Document,
    parent: &Element,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let e = el_text(doc, tag, class, text)?;
    parent.append_child(&e)?;
    Ok(e)
}

/// Appends a text node.
pub(super) fn text(doc: &Document, parent: &Element, text: &str) -> Result<(), JsValue> {
    parent.append_child(&doc.create_text_node(text))?;
    Ok(())
}

pub(super) fn data(e: &Element, key: &str) -> Option<usize> {
    e.get_attribute(&format!("data-{key}"))?.parse().ok()
}

/// A button that the click delegate handles by its `data-action`, for article `article`.
pub(super) fn button(
    doc: &Document,
    label: &str,
    action: &str,
    article: usize,
) -> Result<Element, JsValue> {
    let b = el_text(doc, "button", "button", label)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-action", action)?;
    b.set_attribute("data-article", &article.to_string())?;
    Ok(b)
}

/// Adds a listener that lives as long as the page.
pub(super) fn listen(
    target: &impl AsRef<web_sys::EventTarget>,
    kind: &str,
    f: impl Fn(Event) -> Result<(), JsValue> + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn Fn(Event)>::new(move |e: Event| super::guard(f(e)));
    target.as_ref().add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

/// `f` as a JavaScript function to call once. Every closure goes through one boxed type, so
/// that wasm-bindgen's glue for it is compiled once, not once a closure.
pub(super) fn once(f: impl FnOnce() + 'static) -> JsValue {
    once_boxed(Box::new(f))
}

fn once_boxed(f: Box<dyn FnOnce()>) -> JsValue {
    Closure::once_into_js(f)
}

/// Runs `f` once after `ms` milliseconds.
pub(super) fn later(ms: i32, f: impl FnOnce() + 'static) -> Result<(), JsValue> {
    let f = once(f);
    web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms)?;
    Ok(())
}

thread_local! {
    static FRAME_ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` at the next animation frame, once however often it is asked before then.
pub(super) fn once_a_frame(f: fn() -> Result<(), JsValue>) -> Result<(), JsValue> {
    if FRAME_ASKED.with(|a| a.replace(true)) {
        return Ok(());
    }
    let run = once(move || {
        FRAME_ASKED.with(|a| a.set(false));
        super::guard(f());
    });
    web_sys::window().ok_or("no window")?.request_animation_frame(run.unchecked_ref())?;
    Ok(())
}

/// Appends a member's diff pieces to `parent` as spans classed by their op
/// ([`Markup::pieces`]).
pub(super) fn append_pieces(parent: &Element, pieces: &[Piece]) -> Result<(), JsValue> {
    let mut m = Markup::new();
    m.pieces(pieces);
    append_markup(parent, &m)
}

/// Appends `markup`'s elements to `parent`, parsed in one call.
pub(super) fn append_markup(parent: &Element, markup: &Markup) -> Result<(), JsValue> {
    parent.insert_adjacent_html("beforeend", markup.as_str())
}
