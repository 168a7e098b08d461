//! The web page: binds browser events to [`Page`] calls and draws the [`Page`] into the DOM,
//! and nothing else; what an event does to the articles, the names, the filter and the
//! position is decided (and tested natively) in [`crate::page`]. No matching or diffing
//! happens here. Article text reaches the DOM only as text nodes, never as HTML.
//!
//! One file a view: [`header`] (messages, the base, the article cards, the tabs), [`summary`]
//! (the counts and the coverage strip), [`overview`], [`reading`], [`files`] (reading dropped
//! and picked files) and [`export`]; [`dom`] holds the helpers they share.

use std::cell::RefCell;
use std::collections::BTreeSet;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement,
    HtmlTextAreaElement, KeyboardEvent,
};

mod compare;
mod dom;
mod encoder;
mod export;
mod files;
mod header;
mod overview;
mod reading;
mod rows;
mod session;
mod summary;
mod vectors;

pub use export::compare_files;
#[doc(hidden)]
pub use vectors::{
    read as read_vectors_message, read_more as read_more_vectors, write as vectors_message,
};

use crate::comparison::sentences_to_encode;
use crate::page::{CorrectionKind, Filter, Page, Seek, View};
use dom::{by_id, data, document, html, listen};

mod seeds {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

/// How long a line that is not an error stays, in milliseconds: long enough to read two
/// lines of text at a slow reading pace.
const MESSAGE_MS: i32 = 6_000;

/// The page's state, and what the browser side adds to it: the sentence encoder.
struct App {
    page: Page,
    /// How far the sentence encoder has got.
    encoder: encoder::State,
    /// Sentences asked of the encoder and not answered yet.
    requested: BTreeSet<String>,
    /// Sentences to ask the encoder for when the page is next drawn.
    to_request: Vec<String>,
    /// The last message given a timer.
    timed: u32,
    /// The element to focus after the next drawing (a selector), when an action moved it.
    focus: Option<String>,
    /// Whether the next drawing scrolls the position's row into view.
    scroll: bool,
    /// The page's revision last saved in the browser; `None` until the saved session (or the
    /// seeds) has been loaded, so that nothing is saved over it before.
    saved: Option<u64>,
    /// Whether the page has said that the browser will not keep the articles.
    refused: bool,
    /// The address's position, to take when the first comparison arrives from the worker.
    fragment: Option<String>,
    /// Whether the saved session (or its absence) has been taken: the first comparison is
    /// under way.
    begun: bool,
    /// Whether the overview has drawn rows yet.
    drew_rows: bool,
    /// Whether the next drawing leaves the rows near the screen to the next frame: a new
    /// comparison from the worker, whose first layout is the costly part of drawing it.
    rows_later: bool,
}

thread_local! {
    static APP: RefCell<App> = RefCell::new(App {
        page: Page::default(),
        encoder: encoder::State::Idle,
        requested: BTreeSet::new(),
        to_request: Vec::new(),
        timed: 0,
        focus: None,
        scroll: false,
        saved: None,
        refused: false,
        fragment: None,
        begun: false,
        drew_rows: false,
        rows_later: false,
    });
}

impl App {
    fn recompute(&mut self) {
        self.page.recompute();
        self.request_missing();
    }

    /// After a comparison: asks the encoder for what it has not seen.
    fn request_missing(&mut self) {
        // Sentences the encoder has not seen yet are asked for when the page is drawn.
        if matches!(self.encoder, encoder::State::Ready { .. }) {
            let vectors = self.page.vectors.as_ref();
            let missing: BTreeSet<String> = sentences_to_encode(&self.page.articles)
                .into_iter()
                .filter(|t| vectors.is_none_or(|v| v.get(t).is_none()))
                .filter(|t| !self.requested.contains(t))
                .collect();
            if !missing.is_empty() {
                self.requested.extend(missing.iter().cloned());
                self.to_request.extend(missing);
                self.encoder = encoder::State::Ready { busy: true };
            }
        }
    }
}

fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> R {
    APP.with(|app| f(&mut app.borrow_mut()))
}

/// Runs an event handler; a failure is shown on the page and logged, never a panic.
fn guard(result: Result<(), JsValue>) {
    if let Err(e) = result {
        let text = e
            .as_string()
            .or_else(|| js_sys::JSON::stringify(&e).ok().and_then(|s| s.as_string()))
            .unwrap_or_default();
        web_sys::console::error_2(&"Parallax:".into(), &e);
        with_app(|app| {
            app.page.event();
            app.page.error(format!("Something went wrong in the page: {text}"))
        });
        let _ = render();
    }
}

/// Starts the page when the module loads in a browser; does nothing elsewhere (tests under
/// Node.js load the module too).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("overview").is_none() {
        return;
    }
    // The encoder's worker first, and the rest a task later: the browser fetches a worker's
    // scripts only once this thread is free, and then the worker loads its weights while this
    // thread compares the seeds by wording and draws them (about half a second sooner).
    let state = encoder::start();
    with_app(|app| app.encoder = state);
    guard(compare::start());
    if let Err(e) = dom::later(0, move || guard(init(&doc))) {
        guard(Err(e));
    }
}

/// How long the page waits for the saved session before it shows the seeds: IndexedDB
/// answers in milliseconds, unless another tab holds it open in an older version.
const SESSION_WAIT_MS: i32 = 2_000;

fn init(doc: &Document) -> Result<(), JsValue> {
    let hash = web_sys::window().ok_or("no window")?.location().hash().unwrap_or_default();
    listen(&by_id("file-input")?, "change", |e: Event| {
        let input: HtmlInputElement = e.target().ok_or("no target")?.dyn_into()?;
        if let Some(files) = input.files() {
            files::read(files)?;
        }
        input.set_value("");
        Ok(())
    })?;
    listen(&by_id("base-select")?, "change", |e: Event| {
        let select: HtmlSelectElement = e.target().ok_or("no target")?.dyn_into()?;
        if let Ok(base) = select.value().parse::<usize>() {
            with_app(|app| {
                app.page.set_base(base);
                app.request_missing();
            });
        }
        render()
    })?;
    listen(&by_id("filter")?, "change", |e: Event| {
        let select: HtmlSelectElement = e.target().ok_or("no target")?.dyn_into()?;
        with_app(|app| app.page.filter = Filter::parse(&select.value()));
        render()
    })?;
    listen(&by_id("show-removed")?, "change", |e: Event| {
        let input: HtmlInputElement = e.target().ok_or("no target")?.dyn_into()?;
        let body = document()?.body().ok_or("no body")?;
        body.class_list().toggle_with_force("show-removed", input.checked())?;
        Ok(())
    })?;
    // Clicks anywhere go through one delegate reading data-action attributes, so rendering
    // never has to attach listeners to the elements it creates.
    let body = doc.body().ok_or("no body")?;
    listen(&body, "click", |e: Event| on_action(&e))?;
    listen(&body, "keydown", on_key)?;
    listen(&by_id("articles")?, "change", |e: Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return Ok(());
        };
        let Some(i) = data(&input, "rename") else {
            return Ok(());
        };
        let name = input.value();
        with_app(|app| {
            app.page.event();
            if app.page.rename(i, &name) {
                app.request_missing();
            }
        });
        render()
    })?;
    files::listen_for_drops()?;
    // Scrolling and resizing draw the virtual rows that come near, once a frame.
    let window = web_sys::window().ok_or("no window")?;
    for kind in ["scroll", "resize"] {
        listen(&window, kind, |_| dom::once_a_frame(update_rows))?;
    }
    let fragment = hash.clone();
    session::load(move |saved| guard(begin(saved, &fragment)));
    dom::later(SESSION_WAIT_MS, move || {
        guard(begin(Err("the browser's storage did not answer".into()), &hash))
    })
}

/// Shows the saved session, or the seeds when there is none: the first comparison.
fn begin(saved: Result<Option<crate::page::Session>, String>, hash: &str) -> Result<(), JsValue> {
    if with_app(|app| std::mem::replace(&mut app.begun, true)) || cleared()? {
        return Ok(());
    }
    match &saved {
        Ok(Some(session)) => {
            with_app(|app| app.page.restore(session));
            show_first(saved, hash)
        }
        _ => add_seeds(0, saved, hash.to_string()),
    }
}

/// Adds the seed articles from the `next`th on, one a task (reading the four in one task held
/// this thread 50–90 ms while the module's code was not yet optimized), then shows them.
fn add_seeds(
    next: usize,
    saved: Result<Option<crate::page::Session>, String>,
    hash: String,
) -> Result<(), JsValue> {
    if cleared()? {
        return Ok(());
    }
    let Some((name, bytes)) = seeds::SEEDS.get(next) else {
        return show_first(saved, &hash);
    };
    with_app(|app| app.page.add_file(name, bytes));
    dom::later(0, move || guard(add_seeds(next + 1, saved, hash)))
}

/// Whether the reader cleared the page before the first comparison (Clear all, while the
/// saved session was awaited or the seeds read): then nothing is loaded, and the first line
/// goes.
fn cleared() -> Result<bool, JsValue> {
    if with_app(|app| app.saved.is_none()) {
        return Ok(false);
    }
    if let Ok(loading) = by_id("loading") {
        loading.remove();
    }
    Ok(true)
}

/// The first comparison, of the articles [`begin`] has loaded.
fn show_first(
    saved: Result<Option<crate::page::Session>, String>,
    hash: &str,
) -> Result<(), JsValue> {
    let first = with_app(|app| {
        if app.saved.is_some() {
            return false;
        }
        if let Err(why) = &saved {
            refuse(app, why);
        }
        app.saved = Some(app.page.revision());
        // The first comparison waits for the worker whenever one started: even the seeds'
        // took this thread 200 ms in one task (the module's code not yet optimized), and a
        // long session seconds. The position in the address is taken when it arrives.
        if compare::started() {
            app.page.deferred = true;
            // The base the address names first: the group it names is one of a comparison
            // on that base.
            app.page.apply_fragment_base(hash);
            app.recompute();
            app.fragment = Some(hash.to_string());
            return true;
        }
        // Else it is made here, at once: the position in the address needs it.
        let deferred = std::mem::replace(&mut app.page.deferred, false);
        app.recompute();
        app.page.deferred = deferred;
        app.page.apply_fragment(hash);
        app.scroll = app.page.group.is_some();
        true
    });
    if !first {
        return Ok(());
    }
    if let Ok(loading) = by_id("loading") {
        loading.remove();
    }
    render()
}

/// Says once that the browser will not keep the articles; the page works on for the visit.
fn refuse(app: &mut App, why: &str) {
    if !app.refused {
        app.refused = true;
        app.page
            .note(format!("This browser will not keep your articles after this visit ({why})."));
    }
}

/// Saves the session when it changed since it was last saved.
fn keep_session() {
    let changed = with_app(|app| {
        let now = app.page.revision();
        let due = app.saved.is_some_and(|saved| saved != now);
        if due {
            app.saved = Some(now);
        }
        due.then(|| app.page.session())
    });
    if let Some(session) = changed {
        session::save(&session, |why| {
            with_app(|app| refuse(app, &why));
            guard(APP.with(|app| header::render_messages(&document()?, &app.borrow().page)));
        });
    }
}

/// What a click on an element with `data-action` (or Enter on one that is not a button)
/// does.
fn on_action(e: &Event) -> Result<(), JsValue> {
    let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Ok(());
    };
    let Some(el) = target.closest("[data-action]")? else {
        return Ok(());
    };
    let action = el.get_attribute("data-action").unwrap_or_default();
    let article = data(&el, "article");
    // The views still show the last comparison while the worker makes the next: when articles
    // were added, removed or renamed since, its article numbers are not the page's.
    if with_app(|app| app.page.renumbered()) && el.closest("#overview, #reading")?.is_some() {
        return Ok(());
    }
    match action.as_str() {
        "add-files" => return html(&by_id("file-input")?).map(HtmlElement::click),
        "paste" => return toggle_paste(None),
        "export" => {
            let format = el.get_attribute("data-format").unwrap_or_default();
            export::download(&format)?;
            return toggle_export(Some(false));
        }
        "export-menu" => return toggle_export(None),
        "clear-all" => {
            with_app(|app| {
                app.page.event();
                app.page.clear();
                app.request_missing();
                app.saved = Some(app.page.revision());
                app.focus = Some("#add-files".into());
            });
            session::forget(|why| with_app(|app| refuse(app, &why)));
            return render();
        }
        "keys" => return toggle_keys(None),
        _ => {}
    }
    with_app(|app| {
        let page = &mut app.page;
        match (action.as_str(), article) {
            ("remove", Some(a)) => {
                page.event();
                page.remove(a);
                app.request_missing();
                let left = app.page.articles.len();
                app.focus = Some(match a.min(left.saturating_sub(1)) {
                    _ if left == 0 => "#add-files".into(),
                    k => format!("[data-action=\"remove\"][data-article=\"{k}\"]"),
                });
            }
            ("base", Some(a)) => {
                page.set_base(a);
                app.request_missing();
                app.focus = Some(format!("[data-rename=\"{a}\"]"));
            }
            ("read", Some(a)) => {
                let s = data(&el, "sentence");
                page.read(a, s);
                // The article's button in the reading view when it was pressed there, else its
                // card's.
                let within = if el.closest("#reading").ok().flatten().is_some() {
                    "#reading "
                } else {
                    ".card "
                };
                app.focus = Some(match s {
                    Some(s) => format!(
                        "[data-action=\"select\"][data-article=\"{a}\"][data-sentence=\"{s}\"]"
                    ),
                    None => format!("{within}[data-action=\"read\"][data-article=\"{a}\"]"),
                });
            }
            ("select", Some(a)) => page.selected = data(&el, "sentence").map(|s| (a, s)),
            (kind @ ("detach" | "move" | "join"), Some(a)) => {
                let group = by_id("correct-group")
                    .ok()
                    .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
                    .and_then(|i| i.value().trim().parse::<usize>().ok());
                let kind = match kind {
                    "detach" => Some(CorrectionKind::Detach),
                    _ if group.is_none() => {
                        page.event();
                        page.error(
                            "Give the number of a group (as the overview numbers them).".into(),
                        );
                        None
                    }
                    "move" => Some(CorrectionKind::Move),
                    _ => Some(CorrectionKind::Join),
                };
                if let (Some(kind), Some(s)) = (kind, data(&el, "sentence")) {
                    page.event();
                    page.correct(kind, a, s, group.unwrap_or(1).saturating_sub(1));
                    app.request_missing();
                    app.focus = Some(format!(
                        "[data-action=\"select\"][data-article=\"{a}\"][data-sentence=\"{s}\"]"
                    ));
                }
            }
            ("undo", _) => {
                if let Some(k) = data(&el, "index") {
                    page.event();
                    page.undo(k);
                    app.request_missing();
                    app.focus = Some("#tab-overview".into());
                }
            }
            ("dismiss", _) => {
                if let Some(id) = data(&el, "message") {
                    page.dismiss(id as u32);
                }
                app.focus = Some("#add-files".into());
            }
            ("filter", _) => {
                page.filter = Filter::parse(&el.get_attribute("data-filter").unwrap_or_default());
                page.view = Some(View::Overview);
            }
            ("jump", _) => {
                if let Some(g) = data(&el, "group") {
                    page.jump(g);
                    app.scroll = true;
                }
            }
            ("seek", _) => seek(app, &el.get_attribute("data-seek").unwrap_or_default()),
            ("view", _) => {
                let reading = el.get_attribute("data-view").as_deref() == Some("reading");
                page.view = Some(if reading { View::Reading } else { View::Overview });
            }
            ("paste-add", _) => {
                let area = by_id("paste-text").ok().and_then(|e| e.dyn_into().ok());
                let name = by_id("paste-name").ok().and_then(|e| e.dyn_into().ok());
                if let (Some(area), Some(name)) = (area, name) {
                    paste(app, &area, &name);
                }
            }
            _ => {}
        }
    });
    render()
}

fn seek(app: &mut App, to: &str) {
    let to = match to {
        "next-disagreement" => Seek::NextDisagreement,
        "previous-disagreement" => Seek::PreviousDisagreement,
        "next-shared" => Seek::NextShared,
        _ => Seek::PreviousShared,
    };
    app.scroll = app.page.seek(to).is_some();
}

fn paste(app: &mut App, area: &HtmlTextAreaElement, name: &HtmlInputElement) {
    app.page.event();
    if app.page.add_pasted(&name.value(), &area.value()) {
        area.set_value("");
        name.set_value("");
        app.recompute();
        let _ = toggle_paste(Some(false));
    }
}

/// Opens or closes (`None`: toggles) the paste panel; focus goes to its text, or back to
/// its button.
fn toggle_paste(open: Option<bool>) -> Result<(), JsValue> {
    let panel = by_id("paste-panel")?;
    let open = open.unwrap_or(html(&panel)?.hidden());
    html(&panel)?.set_hidden(!open);
    let toggle = by_id("paste-toggle")?;
    toggle.set_attribute("aria-expanded", dom::flag(open))?;
    html(&by_id(if open { "paste-text" } else { "paste-toggle" })?)?.focus()
}

/// Opens or closes (`None`: toggles) the export panel; focus goes to its first format, or
/// back to its button.
fn toggle_export(open: Option<bool>) -> Result<(), JsValue> {
    let panel = by_id("export-panel")?;
    let open = open.unwrap_or(html(&panel)?.hidden());
    html(&panel)?.set_hidden(!open);
    by_id("export-toggle")?.set_attribute("aria-expanded", dom::flag(open))?;
    html(&by_id(if open { "export" } else { "export-toggle" })?)?.focus()
}

/// Shows or hides (`None`: toggles) the list of keys.
fn toggle_keys(open: Option<bool>) -> Result<(), JsValue> {
    let list = by_id("keys")?;
    let open = open.unwrap_or(html(&list)?.hidden());
    html(&list)?.set_hidden(!open);
    by_id("keys-toggle")?.set_attribute("aria-expanded", dom::flag(open))
}

/// Keys: Enter or Space on a focusable sentence opens it; n/p and j/k move between
/// disagreements and shared facts; ? lists the keys; Esc closes the open panel.
fn on_key(e: Event) -> Result<(), JsValue> {
    let Some(k) = e.dyn_ref::<KeyboardEvent>() else { return Ok(()) };
    if k.ctrl_key() || k.alt_key() || k.meta_key() {
        return Ok(());
    }
    let key = k.key();
    let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
    if key == "Escape" {
        let paste_open = by_id("paste-panel").ok().and_then(|p| html(&p).ok().map(|p| !p.hidden()));
        if paste_open == Some(true) {
            return toggle_paste(Some(false));
        }
        let export_open =
            by_id("export-panel").ok().and_then(|p| html(&p).ok().map(|p| !p.hidden()));
        if export_open == Some(true) {
            return toggle_export(Some(false));
        }
        return toggle_keys(Some(false));
    }
    let tag = target.as_ref().map(Element::tag_name).unwrap_or_default();
    if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
        return Ok(());
    }
    let acts = target.as_ref().is_some_and(|t| t.has_attribute("data-action") && tag != "BUTTON");
    if acts && (key == "Enter" || key == " ") {
        e.prevent_default();
        return on_action(&e);
    }
    if let Some(col) = target.as_ref().filter(|t| t.class_list().contains("col")) {
        if matches!(key.as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") {
            e.prevent_default();
            return move_in_strip(col, &key);
        }
    }
    let to = match key.as_str() {
        "n" => "next-disagreement",
        "p" => "previous-disagreement",
        "j" => "next-shared",
        "k" => "previous-shared",
        // The list of keys sits with the moves, hidden while there is nothing to move in.
        "?" if html(&by_id("summary")?)?.hidden() => return Ok(()),
        "?" => return toggle_keys(None),
        _ => return Ok(()),
    };
    e.prevent_default();
    with_app(|app| seek(app, to));
    render()
}

/// The coverage strip's keys: the arrows move focus to the column before or after, Home and
/// End to the first and last; the column focused becomes the strip's stop in the Tab order.
fn move_in_strip(col: &Element, key: &str) -> Result<(), JsValue> {
    let next = match key {
        "ArrowLeft" => col.previous_element_sibling(),
        "ArrowRight" => col.next_element_sibling(),
        "Home" => col.parent_element().and_then(|p| p.first_element_child()),
        _ => col.parent_element().and_then(|p| p.last_element_child()),
    };
    let Some(next) = next else { return Ok(()) };
    col.set_attribute("tabindex", "-1")?;
    next.set_attribute("tabindex", "0")?;
    html(&next)?.focus()
}

/// A selector that finds `e` again after a drawing: its id, or its tag and data attributes
/// (the tag tells a row from the strip's column of the same group).
fn selector(e: &Element) -> Option<String> {
    if !e.id().is_empty() {
        return Some(format!("#{}", e.id()));
    }
    let mut out = e.tag_name().to_ascii_lowercase();
    for key in ["action", "article", "sentence", "rename", "filter", "group", "seek", "view"] {
        if let Some(v) = e.get_attribute(&format!("data-{key}")) {
            out.push_str(&format!("[data-{key}=\"{v}\"]"));
        }
    }
    out.contains('[').then_some(out)
}

/// Draws the page again after the comparison changed under the reader (the encoder's
/// vectors arrived): the same place stays in view.
fn render_keeping_place() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let (x, y) = (window.scroll_x()?, window.scroll_y()?);
    // A drawing that leaves the rows to the next frame (see App::rows_later) leaves them
    // there at this place too.
    let later = with_app(|app| app.rows_later);
    render()?;
    window.scroll_to_with_x_and_y(x, y);
    if later {
        return dom::once_a_frame(update_rows);
    }
    update_rows()
}

/// Draws everything from the state; the element that had focus (or the one an action
/// named) has it after.
fn render() -> Result<(), JsValue> {
    let doc = document()?;
    let had_focus = doc.active_element().and_then(|e| selector(&e));
    APP.with(|app| {
        let app = app.borrow();
        let page = &app.page;
        header::render(&doc, page, &app.encoder)?;
        summary::render(&doc, page)?;
        // Only the page's first rows are drawn over frames: the code is optimized by the time
        // the next are drawn, and a view the reader is not on would wait for its blocks.
        let progressive = app.rows_later && !app.drew_rows && page.view != Some(View::Reading);
        overview::render(&doc, page, progressive)?;
        reading::render(&doc, page)
    })?;
    let (focus, scroll, group, timers, fragment) = with_app(|app| {
        app.drew_rows |= app.page.comparison.as_ref().is_some_and(|c| !c.groups.is_empty());
        let timers: Vec<u32> = app
            .page
            .messages
            .iter()
            .filter(|m| !m.error && m.id > app.timed)
            .map(|m| m.id)
            .collect();
        app.timed = timers.iter().copied().max().unwrap_or(app.timed);
        (
            app.focus.take(),
            std::mem::take(&mut app.scroll),
            app.page.group,
            timers,
            app.page.fragment(),
        )
    });
    for id in timers {
        dom::later(MESSAGE_MS, move || {
            with_app(|app| app.page.expire(id));
            guard(APP.with(|app| header::render_messages(&document()?, &app.borrow().page)));
        })?;
    }
    let target = focus.or(had_focus);
    let find = |s: &String| doc.query_selector(s).ok().flatten();
    let mut found = target.as_ref().and_then(find);
    if found.is_none() && target.is_some() {
        // Drawn only once the rows near the screen are (a virtual row), or the rest of a
        // view drawn whole over frames.
        update_rows()?;
        APP.with(|app| rows::complete(&doc, &app.borrow().page))?;
        found = target.as_ref().and_then(find);
    }
    if let Some(e) = found {
        html(&e)?.focus()?;
    }
    if let (true, Some(g)) = (scroll, group) {
        if let Some(row) = doc.query_selector(&format!("tr.group[data-group=\"{g}\"]"))? {
            html(&row)?.focus()?;
            row.scroll_into_view_with_bool(true);
        }
    }
    if with_app(|app| std::mem::take(&mut app.rows_later)) {
        dom::once_a_frame(update_rows)?;
    } else {
        update_rows()?;
    }
    // The address keeps its position until a long session's first comparison takes it.
    if with_app(|app| app.fragment.is_none()) {
        keep_fragment(&fragment)?;
    }
    keep_session();
    let pending = with_app(|app| std::mem::take(&mut app.to_request));
    encoder::request(pending)?;
    let stale = with_app(|app| app.page.pending);
    for id in ["overview", "reading"] {
        let _ = by_id(id).map(|e| e.set_attribute("aria-busy", dom::flag(stale)));
    }
    // The worker is comparing what changed; the rows shown stay until it answers.
    let busy = html(&by_id("busy")?)?.clone();
    if busy.hidden() == stale {
        busy.set_hidden(!stale);
        let shown = with_app(|app| {
            !app.page.articles.is_empty()
                && app.page.comparison.as_ref().is_some_and(|c| !c.articles.is_empty())
        });
        busy.set_text_content(stale.then_some(if shown {
            "Comparing the articles again… (the rows below are from before)"
        } else {
            "Comparing the articles…"
        }));
    }
    compare::request()
}

/// Draws the virtual rows now near the screen ([`rows`]).
fn update_rows() -> Result<(), JsValue> {
    let doc = document()?;
    APP.with(|app| match app.try_borrow() {
        Ok(app) => rows::update(&doc, &app.page),
        Err(_) => Ok(()),
    })
}

/// Writes the position into the URL fragment (which never leaves the browser) without a
/// history entry, so that a reload or a bookmark returns to it.
fn keep_fragment(fragment: &str) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let location = window.location();
    if location.hash()?.trim_start_matches('#') == fragment {
        return Ok(());
    }
    let url = if fragment.is_empty() {
        format!("{}{}", location.pathname()?, location.search()?)
    } else {
        format!("#{fragment}")
    };
    window.history()?.replace_state_with_url(&JsValue::NULL, "", Some(&url))
}

/// The field `key` of a message's object (undefined when it has none).
fn field(data: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(data, &key.into()).unwrap_or(JsValue::UNDEFINED)
}
