//! The web page: turns browser events into core calls and the [`Comparison`] into DOM, and
//! nothing else. No matching or diffing happens here. Article text reaches the DOM only as
//! text nodes (`set_text_content`, `create_text_node`), never as HTML.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Document, DragEvent, Element, Event, File, FileList, FileReader, HtmlElement, HtmlInputElement,
    HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent,
};

mod encoder;

use crate::comparison::{compare_with, sentences_to_encode, Group, Matcher};
use crate::diff::{Op, Piece};
use crate::intake::Format;
use crate::matching::encoder::SentenceVectors;
use crate::{Article, Comparison, Options, MAX_ARTICLES, MAX_FILE_BYTES};

mod seeds {
    include!(concat!(env!("OUT_DIR"), "/seeds.rs"));
}

/// Compares files given as names and raw bytes, as the page does; returns the comparison as
/// a plain JavaScript object shaped like the CLI's JSON. Errors name the file at fault.
#[wasm_bindgen(js_name = compareFiles)]
pub fn compare_files(
    names: Vec<String>,
    contents: Vec<Uint8Array>,
    base: usize,
) -> Result<JsValue, JsError> {
    if names.len() != contents.len() {
        return Err(JsError::new(&format!(
            "{} names were given for {} files",
            names.len(),
            contents.len()
        )));
    }
    let articles = names
        .iter()
        .zip(&contents)
        .map(|(name, bytes)| Article::from_bytes(name, &bytes.to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| JsError::new(&e.to_string()))?;
    let comparison = crate::compare(&articles, &Options::default().base(base))
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&comparison)
        .map_err(|e| JsError::new(&format!("cannot hand the comparison to JavaScript: {e:?}")))
}

fn to_js(c: &Comparison) -> Result<JsValue, serde_wasm_bindgen::Error> {
    use serde::Serialize;
    c.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Overview,
    Reading,
}

/// Which groups the overview lists: a display option, the comparison stays whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    /// Reported by two or more articles.
    Shared,
    /// Reported by one article only.
    Unique,
    /// With at least one discrepancy.
    Disagreements,
}

impl Filter {
    fn parse(value: &str) -> Filter {
        match value {
            "shared" => Filter::Shared,
            "unique" => Filter::Unique,
            "disagreements" => Filter::Disagreements,
            _ => Filter::All,
        }
    }

    fn keeps(self, group: &Group) -> bool {
        match self {
            Filter::All => true,
            Filter::Shared => !group.is_unique(),
            Filter::Unique => group.is_unique(),
            Filter::Disagreements => !group.discrepancies.is_empty(),
        }
    }
}

/// What the page holds: the loaded articles and how they are shown.
struct App {
    articles: Vec<Article>,
    base: usize,
    view: View,
    filter: Filter,
    /// Article shown in the reading view.
    reading: usize,
    /// Sentence selected in the reading view: (article, sentence).
    selected: Option<(usize, usize)>,
    comparison: Option<Comparison>,
    /// Messages shown above the articles: (text, is an error).
    messages: Vec<(String, bool)>,
    /// The sentence encoder's vectors of the sentences seen so far.
    vectors: Option<SentenceVectors>,
    /// How far the sentence encoder has got.
    encoder: encoder::State,
    /// Sentences asked of the encoder and not answered yet.
    requested: std::collections::BTreeSet<String>,
    /// Sentences to ask the encoder for when the page is next drawn.
    to_request: Vec<String>,
}

thread_local! {
    static APP: RefCell<App> = const {
        RefCell::new(App {
            articles: Vec::new(),
            base: 0,
            view: View::Overview,
            filter: Filter::All,
            reading: 0,
            selected: None,
            comparison: None,
            messages: Vec::new(),
            vectors: None,
            encoder: encoder::State::Idle,
            requested: std::collections::BTreeSet::new(),
            to_request: Vec::new(),
        })
    };
}

impl App {
    /// Adds an article from bytes, or a message saying why it cannot be added. Nothing
    /// already loaded is lost either way.
    fn add_bytes(&mut self, name: &str, bytes: &[u8]) {
        if self.articles.len() >= MAX_ARTICLES {
            self.error(format!(
                "{name}: not added, {MAX_ARTICLES} articles is the most Parallax compares at once"
            ));
            return;
        }
        let name = self.unique_name(name);
        match Article::from_bytes(&name, bytes) {
            Ok(article) => {
                if article.format == Format::Html {
                    self.messages.push((
                        format!("{name}: read as a web page; only its text was kept."),
                        false,
                    ));
                }
                for note in article.decoding_note().into_iter().chain(article.left_out_note()) {
                    self.messages.push((format!("{name}: {note}."), false));
                }
                self.articles.push(article);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn unique_name(&self, name: &str) -> String {
        let name = if name.trim().is_empty() { "article" } else { name.trim() };
        let taken = |n: &str| self.articles.iter().any(|a| a.name == n);
        if !taken(name) {
            return name.to_string();
        }
        (2..).map(|k| format!("{name} ({k})")).find(|n| !taken(n)).unwrap_or_default()
    }

    fn error(&mut self, text: String) {
        self.messages.push((text, true));
    }

    fn recompute(&mut self) {
        if self.base >= self.articles.len() {
            self.base = 0;
        }
        if self.reading >= self.articles.len() {
            self.reading = self.base;
        }
        let options = Options::default().base(self.base);
        match compare_with(&self.articles, &options, self.vectors.as_ref()) {
            Ok(c) => self.comparison = Some(c),
            Err(e) => {
                self.comparison = None;
                self.error(e.to_string());
            }
        }
        // A selection must point at a sentence of the new comparison.
        let exists = |(a, s): (usize, usize)| {
            self.comparison
                .as_ref()
                .and_then(|c| c.articles.get(a))
                .is_some_and(|x| s < x.sentences.len())
        };
        if self.selected.is_some_and(|sel| !exists(sel)) {
            self.selected = None;
        }
        // Sentences the encoder has not seen yet are asked for when the page is drawn.
        if matches!(self.encoder, encoder::State::Ready { .. }) {
            let missing: Vec<String> = sentences_to_encode(&self.articles)
                .into_iter()
                .filter(|t| self.vectors.as_ref().is_none_or(|v| v.get(t).is_none()))
                .filter(|t| !self.requested.contains(t))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
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
        with_app(|app| app.error(format!("Something went wrong in the page: {text}")));
        let _ = render();
    }
}

fn document() -> Result<Document, JsValue> {
    web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))
}

fn by_id(id: &str) -> Result<Element, JsValue> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("#{id} is missing from the page")))
}

/// Creates `<tag class="class">`.
fn el(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// Creates `<tag class="class">text</tag>`; the text is set as text, never parsed as HTML.
fn el_text(doc: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = el(doc, tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

fn data(e: &Element, key: &str) -> Option<usize> {
    e.get_attribute(&format!("data-{key}"))?.parse().ok()
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
    guard(init(&doc));
}

fn init(doc: &Document) -> Result<(), JsValue> {
    with_app(|app| {
        for (name, bytes) in seeds::SEEDS {
            app.add_bytes(name, bytes);
        }
        app.recompute();
    });
    let state = encoder::start();
    with_app(|app| app.encoder = state);
    listen(&by_id("file-input")?, "change", |e: Event| {
        let input: HtmlInputElement = e.target().ok_or("no target")?.dyn_into()?;
        if let Some(files) = input.files() {
            read_files(files)?;
        }
        input.set_value("");
        Ok(())
    })?;
    listen(&by_id("paste-toggle")?, "click", |_| {
        let panel: HtmlElement = by_id("paste-panel")?.dyn_into()?;
        let open = panel.hidden();
        panel.set_hidden(!open);
        by_id("paste-toggle")?
            .set_attribute("aria-expanded", if open { "true" } else { "false" })?;
        if open {
            by_id("paste-text")?.dyn_into::<HtmlElement>()?.focus()?;
        }
        Ok(())
    })?;
    listen(&by_id("paste-add")?, "click", |_| {
        let area: HtmlTextAreaElement = by_id("paste-text")?.dyn_into()?;
        let name_input: HtmlInputElement = by_id("paste-name")?.dyn_into()?;
        let text = area.value();
        with_app(|app| {
            let name = match name_input.value().trim() {
                "" => format!("pasted article {}", app.articles.len() + 1),
                n => n.to_string(),
            };
            let before = app.articles.len();
            app.add_bytes(&name, text.as_bytes());
            if app.articles.len() > before {
                area.set_value("");
                name_input.set_value("");
            }
            app.recompute();
        });
        render()
    })?;
    listen(&by_id("export")?, "click", |_| export_json())?;
    listen(&by_id("base-select")?, "change", |e: Event| {
        let select: HtmlSelectElement = e.target().ok_or("no target")?.dyn_into()?;
        if let Ok(base) = select.value().parse::<usize>() {
            with_app(|app| {
                app.base = base;
                app.recompute();
            });
        }
        render()
    })?;
    listen(&by_id("filter")?, "change", |e: Event| {
        let select: HtmlSelectElement = e.target().ok_or("no target")?.dyn_into()?;
        with_app(|app| app.filter = Filter::parse(&select.value()));
        render()
    })?;
    listen(&by_id("show-removed")?, "change", |e: Event| {
        let input: HtmlInputElement = e.target().ok_or("no target")?.dyn_into()?;
        let body = document()?.body().ok_or("no body")?;
        body.class_list().toggle_with_force("show-removed", input.checked())?;
        Ok(())
    })?;
    for id in ["tab-overview", "tab-reading"] {
        listen(&by_id(id)?, "click", move |_| {
            with_app(|app| {
                app.view = if id == "tab-overview" { View::Overview } else { View::Reading }
            });
            render()
        })?;
    }
    // Clicks anywhere go through one delegate reading data-action attributes, so rendering
    // never has to attach listeners to the elements it creates.
    listen(&doc.body().ok_or("no body")?, "click", |e: Event| on_action(&e))?;
    listen(&doc.body().ok_or("no body")?, "keydown", |e: Event| {
        let key = e.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key).unwrap_or_default();
        let on_sentence = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| t.class_list().contains("s"));
        if on_sentence && (key == "Enter" || key == " ") {
            e.prevent_default();
            return on_action(&e);
        }
        Ok(())
    })?;
    listen(&by_id("articles")?, "change", |e: Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else {
            return Ok(());
        };
        let Some(i) = data(&input, "rename") else {
            return Ok(());
        };
        let name = input.value();
        with_app(|app| {
            let trimmed = name.trim();
            if trimmed.is_empty() {
                app.error("An article needs a name: the old one is kept.".into());
            } else if let Some(a) = app.articles.get_mut(i) {
                a.name = trimmed.chars().take(120).collect();
            }
            app.recompute();
        });
        render()
    })?;
    let window = web_sys::window().ok_or("no window")?;
    for kind in ["dragenter", "dragover"] {
        listen(&window, kind, |e: Event| {
            e.prevent_default();
            by_id("drop-hint")?.dyn_into::<HtmlElement>()?.set_hidden(false);
            Ok(())
        })?;
    }
    listen(&window, "dragleave", |e: Event| {
        let leaving_page = e.dyn_ref::<DragEvent>().is_none_or(|d| d.related_target().is_none());
        if leaving_page {
            by_id("drop-hint")?.dyn_into::<HtmlElement>()?.set_hidden(true);
        }
        Ok(())
    })?;
    listen(&window, "drop", |e: Event| {
        e.prevent_default();
        by_id("drop-hint")?.dyn_into::<HtmlElement>()?.set_hidden(true);
        let files =
            e.dyn_ref::<DragEvent>().and_then(DragEvent::data_transfer).and_then(|d| d.files());
        match files {
            Some(files) if files.length() > 0 => read_files(files),
            _ => {
                with_app(|app| {
                    app.error(
                        "Only files can be dropped here; to add text, use “Paste text…”.".into(),
                    )
                });
                render()
            }
        }
    })?;
    if let Ok(loading) = by_id("loading") {
        loading.remove();
    }
    render()
}

/// Downloads the comparison as JSON, shaped like `parallax --json`. The file is made in the
/// page (a blob URL); nothing is sent anywhere.
fn export_json() -> Result<(), JsValue> {
    let json = APP.with(|app| {
        let app = app.borrow();
        let Some(c) = &app.comparison else { return Ok(None) };
        let value = to_js(c).map_err(|e| JsValue::from_str(&e.to_string()))?;
        js_sys::JSON::stringify_with_replacer_and_space(&value, &JsValue::NULL, &JsValue::from(2))
            .map(|s| s.as_string())
    })?;
    let Some(json) = json else { return Ok(()) };
    let parts = js_sys::Array::of1(&JsValue::from_str(&json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document()?.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download("parallax-comparison.json");
    link.click();
    // Free the blob once the download has surely started.
    let free = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(free.unchecked_ref(), 10_000)?;
    Ok(())
}

/// Adds a listener that lives as long as the page.
fn listen(
    target: &impl AsRef<web_sys::EventTarget>,
    kind: &str,
    f: impl Fn(Event) -> Result<(), JsValue> + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn Fn(Event)>::new(move |e: Event| guard(f(e)));
    target.as_ref().add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    closure.forget();
    Ok(())
}

fn on_action(e: &Event) -> Result<(), JsValue> {
    let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Ok(());
    };
    let Some(el) = target.closest("[data-action]")? else {
        return Ok(());
    };
    let action = el.get_attribute("data-action").unwrap_or_default();
    let article = data(&el, "article");
    with_app(|app| match (action.as_str(), article) {
        ("remove", Some(a)) if a < app.articles.len() => {
            let removed = app.articles.remove(a);
            app.messages.push((format!("Removed {}.", removed.name), false));
            if app.base == a {
                app.base = 0;
            } else if app.base > a {
                app.base -= 1;
            }
            app.selected = None;
            app.recompute();
        }
        ("base", Some(a)) if a < app.articles.len() => {
            app.base = a;
            app.recompute();
        }
        ("read", Some(a)) if a < app.articles.len() => {
            app.view = View::Reading;
            app.reading = a;
            app.selected = data(&el, "sentence").map(|s| (a, s));
        }
        ("select", Some(a)) => {
            app.selected = data(&el, "sentence").map(|s| (a, s));
        }
        ("dismiss", _) => {
            if let Some(k) = data(&el, "message") {
                if k < app.messages.len() {
                    app.messages.remove(k);
                }
            }
        }
        _ => {}
    });
    render()
}

/// Files being read together: per file, its name and its bytes or why it could not be read;
/// `None` until the browser is done with it.
type Batch = Rc<RefCell<Vec<Option<(String, Result<Vec<u8>, String>)>>>>;

/// Reads dropped or picked files, then adds them in the order given.
fn read_files(files: FileList) -> Result<(), JsValue> {
    let count = files.length() as usize;
    let results: Batch = Rc::new(RefCell::new(vec![None; count]));
    for i in 0..count {
        let Some(file) = files.get(i as u32) else {
            continue;
        };
        read_file(file, i, results.clone())?;
    }
    Ok(())
}

fn read_file(file: File, index: usize, results: Batch) -> Result<(), JsValue> {
    let name = file.name();
    // Refuse before reading: a 2 GB video dropped by mistake must not be loaded into memory.
    if file.size() > MAX_FILE_BYTES as f64 {
        let message = format!(
            "{name}: too large to compare ({} bytes; the limit is {MAX_FILE_BYTES} bytes)",
            file.size()
        );
        finish_read(&results, index, name, Err(message));
        return Ok(());
    }
    let reader = FileReader::new()?;
    let done = {
        let reader = reader.clone();
        let results = results.clone();
        let name = name.clone();
        Closure::once_into_js(move || {
            let bytes = reader
                .result()
                .map(|b| Uint8Array::new(&b).to_vec())
                .map_err(|_| format!("{name}: the browser could not read it"));
            finish_read(&results, index, name, bytes);
        })
    };
    let failed = {
        let results = results.clone();
        let name = name.clone();
        Closure::once_into_js(move || {
            let message = format!("{name}: the browser could not read it");
            finish_read(&results, index, name, Err(message));
        })
    };
    reader.set_onload(Some(done.unchecked_ref()));
    reader.set_onerror(Some(failed.unchecked_ref()));
    reader.read_as_array_buffer(&file)
}

/// Records one file's bytes; when every file of the batch is in, adds them all in order.
fn finish_read(results: &Batch, index: usize, name: String, bytes: Result<Vec<u8>, String>) {
    let complete = {
        let mut slots = results.borrow_mut();
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some((name, bytes));
        }
        slots.iter().all(Option::is_some)
    };
    if !complete {
        return;
    }
    let batch: Vec<_> = results.borrow_mut().drain(..).flatten().collect();
    with_app(|app| {
        for (name, bytes) in batch {
            match bytes {
                Ok(bytes) => app.add_bytes(&name, &bytes),
                Err(message) => app.error(message),
            }
        }
        app.recompute();
    });
    guard(render());
}

/// Redraws everything from the app state.
/// Draws the page again after the comparison changed under the reader (the encoder's
/// vectors arrived): the same place stays in view.
fn render_keeping_place() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let (x, y) = (window.scroll_x()?, window.scroll_y()?);
    render()?;
    window.scroll_to_with_x_and_y(x, y);
    Ok(())
}

fn render() -> Result<(), JsValue> {
    let doc = document()?;
    APP.with(|app| {
        let app = app.borrow();
        render_matcher(&app)?;
        render_messages(&doc, &app)?;
        render_base_select(&doc, &app)?;
        render_cards(&doc, &app)?;
        render_tabs(&app)?;
        render_overview(&doc, &app)?;
        render_reading(&doc, &app)
    })?;
    let pending = with_app(|app| std::mem::take(&mut app.to_request));
    encoder::request(pending)
}

fn render_matcher(app: &App) -> Result<(), JsValue> {
    let encoded = app.comparison.as_ref().is_some_and(|c| c.matcher == Matcher::Encoder);
    let line = by_id("matcher")?;
    line.set_text_content(Some(&app.encoder.line(encoded)));
    line.set_attribute("data-matcher", if encoded { "encoder" } else { "lexical" })?;
    Ok(())
}

fn render_messages(doc: &Document, app: &App) -> Result<(), JsValue> {
    let root = by_id("messages")?;
    root.set_text_content(None);
    for (k, (text, is_error)) in app.messages.iter().enumerate() {
        let m = el(doc, "div", if *is_error { "message" } else { "message info" })?;
        let child = el_text(doc, "span", "", text)?;
        m.append_child(&child)?;
        let close = el_text(doc, "button", "", "×")?;
        close.set_attribute("data-action", "dismiss")?;
        close.set_attribute("data-message", &k.to_string())?;
        close.set_attribute("aria-label", "Dismiss")?;
        m.append_child(&close)?;
        root.append_child(&m)?;
    }
    Ok(())
}

fn render_base_select(doc: &Document, app: &App) -> Result<(), JsValue> {
    let select: HtmlSelectElement = by_id("base-select")?.dyn_into()?;
    select.set_text_content(None);
    for (i, a) in app.articles.iter().enumerate() {
        let option = el_text(doc, "option", "", &a.name)?;
        option.set_attribute("value", &i.to_string())?;
        select.append_child(&option)?;
    }
    select.set_value(&app.base.to_string());
    Ok(())
}

fn button(doc: &Document, label: &str, action: &str, article: usize) -> Result<Element, JsValue> {
    let b = el_text(doc, "button", "button", label)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-action", action)?;
    b.set_attribute("data-article", &article.to_string())?;
    Ok(b)
}

fn render_cards(doc: &Document, app: &App) -> Result<(), JsValue> {
    let root = by_id("articles")?;
    root.set_text_content(None);
    let Some(c) = &app.comparison else {
        return Ok(());
    };
    for (i, a) in c.articles.iter().enumerate() {
        let card = el(doc, "div", if i == c.base { "card base" } else { "card" })?;
        let name: HtmlInputElement = el(doc, "input", "name")?.dyn_into()?;
        name.set_value(&a.name);
        name.set_attribute("data-rename", &i.to_string())?;
        name.set_attribute("aria-label", "Article name (edit to rename)")?;
        name.set_attribute("title", "Click to rename")?;
        card.append_child(&name)?;
        if let Some(title) = &a.title {
            let child = el_text(doc, "div", "title", title)?;
            card.append_child(&child)?;
        }
        let s = a.summary;
        let stats = el(doc, "div", "stats")?;
        stats.append_child(&doc.create_text_node(&format!("{} sentences · ", s.sentences)))?;
        let child = el_text(doc, "b", "", &s.shared.to_string())?;
        stats.append_child(&child)?;
        stats.append_child(&doc.create_text_node(" reported elsewhere · "))?;
        let child = el_text(doc, "b", "", &s.unique.to_string())?;
        stats.append_child(&child)?;
        stats.append_child(&doc.create_text_node(" only here"))?;
        if s.boilerplate > 0 {
            stats.append_child(
                &doc.create_text_node(&format!(" · {} boilerplate", s.boilerplate)),
            )?;
        }
        card.append_child(&stats)?;
        let bar = el(doc, "div", "bar")?;
        let total = s.sentences.max(1) as f64;
        for (class, n) in [("shared", s.shared), ("unique", s.unique)] {
            let part: HtmlElement = el(doc, "span", class)?.dyn_into()?;
            part.style().set_property("width", &format!("{:.1}%", 100.0 * n as f64 / total))?;
            bar.append_child(&part)?;
        }
        card.append_child(&bar)?;
        let row = el(doc, "div", "row")?;
        let child = button(doc, "Read", "read", i)?;
        row.append_child(&child)?;
        if i != c.base {
            let child = button(doc, "Use as base", "base", i)?;
            row.append_child(&child)?;
        } else {
            let child = el_text(doc, "span", "title", "base article")?;
            row.append_child(&child)?;
        }
        let remove = button(doc, "Remove", "remove", i)?;
        remove.set_attribute("aria-label", &format!("Remove {}", a.name))?;
        row.append_child(&remove)?;
        card.append_child(&row)?;
        root.append_child(&card)?;
    }
    Ok(())
}

fn render_tabs(app: &App) -> Result<(), JsValue> {
    let overview = app.view == View::Overview;
    by_id("tab-overview")?
        .set_attribute("aria-selected", if overview { "true" } else { "false" })?;
    by_id("tab-reading")?
        .set_attribute("aria-selected", if overview { "false" } else { "true" })?;
    by_id("overview")?.dyn_into::<HtmlElement>()?.set_hidden(!overview);
    by_id("reading")?.dyn_into::<HtmlElement>()?.set_hidden(overview);
    Ok(())
}

/// Appends a member's diff pieces to `parent` as spans classed by their op.
fn append_pieces(doc: &Document, parent: &Element, pieces: &[Piece]) -> Result<(), JsValue> {
    for p in pieces {
        let class = match p.op {
            Op::Same => "piece same",
            Op::Added => "piece added",
            Op::Removed => "piece removed",
            Op::Moved => "piece moved",
        };
        if p.op == Op::Same {
            parent.append_child(&doc.create_text_node(&p.text))?;
            continue;
        }
        // The space before an added or moved word stays outside its highlight; a removed
        // piece keeps its space, so that hiding it leaves no double space.
        let word = if p.op == Op::Removed { p.text.as_str() } else { p.text.trim_start() };
        let space = &p.text[..p.text.len() - word.len()];
        if !space.is_empty() {
            parent.append_child(&doc.create_text_node(space))?;
        }
        let span = el_text(doc, "span", class, word)?;
        if p.op == Op::Moved {
            span.set_attribute("title", "also in the reference, at another place")?;
        } else if p.op == Op::Removed {
            span.set_attribute("title", "in the reference, not in this sentence")?;
        }
        parent.append_child(&span)?;
    }
    Ok(())
}

fn empty_state(doc: &Document, root: &Element, app: &App) -> Result<bool, JsValue> {
    let text = match app.articles.len() {
        0 => "No articles yet. Drop text files anywhere on this page, pick them with “Add files…”, or paste one.",
        _ => return Ok(false),
    };
    let child = el_text(doc, "div", "empty", text)?;
    root.append_child(&child)?;
    Ok(true)
}

fn render_overview(doc: &Document, app: &App) -> Result<(), JsValue> {
    let root = by_id("overview")?;
    root.set_text_content(None);
    if empty_state(doc, &root, app)? {
        return Ok(());
    }
    let Some(c) = &app.comparison else {
        return Ok(());
    };
    let scroll = el(doc, "div", "scroll")?;
    let table = el(doc, "table", "groups")?;
    let n = c.articles.len();
    let colgroup = el(doc, "colgroup", "")?;
    let child = el(doc, "col", "n")?;
    colgroup.append_child(&child)?;
    for _ in 0..n {
        let child = el(doc, "col", "article")?;
        colgroup.append_child(&child)?;
    }
    table.append_child(&colgroup)?;
    let min_width = 4.5 + 17.0 * n as f64;
    table
        .dyn_ref::<HtmlElement>()
        .ok_or("table")?
        .style()
        .set_property("min-width", &format!("{min_width}rem"))?;
    let head = el(doc, "thead", "")?;
    let tr = el(doc, "tr", "")?;
    let child = el_text(doc, "th", "", "Group")?;
    tr.append_child(&child)?;
    for (i, a) in c.articles.iter().enumerate() {
        let label = if i == c.base { format!("{} (base)", a.name) } else { a.name.clone() };
        let child = el_text(doc, "th", "", &label)?;
        tr.append_child(&child)?;
    }
    head.append_child(&tr)?;
    table.append_child(&head)?;
    let body = el(doc, "tbody", "")?;
    let mut shown = 0;
    for (g, group) in c.groups.iter().enumerate() {
        if !app.filter.keeps(group) {
            continue;
        }
        shown += 1;
        let child = group_row(doc, c, g, group)?;
        body.append_child(&child)?;
        if !group.discrepancies.is_empty() {
            let child = discrepancy_row(doc, c, group)?;
            body.append_child(&child)?;
        }
    }
    table.append_child(&body)?;
    scroll.append_child(&table)?;
    let count =
        el_text(doc, "p", "count-line", &format!("Showing {shown} of {} groups.", c.groups.len()))?;
    for (class, label) in [
        ("piece added", "words the row's reference lacks"),
        ("piece moved", "words the reference has elsewhere"),
        ("only", "reported by one article only"),
        ("flag", "≠ figures disagree"),
    ] {
        let key = el_text(doc, "span", &format!("key {class}"), label)?;
        count.append_child(&key)?;
    }
    root.append_child(&count)?;
    root.append_child(&scroll)?;
    let child = boilerplate_list(doc, c)?;
    root.append_child(&child)?;
    Ok(())
}

fn group_row(doc: &Document, c: &Comparison, g: usize, group: &Group) -> Result<Element, JsValue> {
    let row = el(doc, "tr", if group.is_unique() { "group unique" } else { "group shared" })?;
    row.set_attribute("data-group", &g.to_string())?;
    let n = el(doc, "td", "n")?;
    let child = el_text(doc, "span", "count", &format!("{}/{}", group.articles, c.articles.len()))?;
    n.append_child(&child)?;
    n.append_child(&doc.create_text_node(&format!("#{}", g + 1)))?;
    if !group.discrepancies.is_empty() {
        let child = el_text(doc, "span", "flag", " ≠")?;
        n.append_child(&child)?;
    }
    row.append_child(&n)?;
    for a in 0..c.articles.len() {
        let members: Vec<(usize, &crate::comparison::Member)> =
            group.members.iter().enumerate().filter(|(_, m)| m.article == a).collect();
        if members.is_empty() {
            let child = el_text(doc, "td", "cell missing", "not reported")?;
            row.append_child(&child)?;
            continue;
        }
        let cell =
            el(doc, "td", if group.is_unique() { "cell present only" } else { "cell present" })?;
        for (k, m) in members {
            let heading = c
                .articles
                .get(m.article)
                .and_then(|x| x.sentences.get(m.sentence))
                .is_some_and(|s| s.heading);
            let p = el(doc, "p", if heading { "sentence heading" } else { "sentence" })?;
            if k == group.reference && group.members.len() > 1 {
                let child = el_text(doc, "span", "ref-label", "reference · ")?;
                p.append_child(&child)?;
            }
            append_pieces(doc, &p, &m.diff)?;
            p.set_attribute("data-action", "read")?;
            p.set_attribute("data-article", &m.article.to_string())?;
            p.set_attribute("data-sentence", &m.sentence.to_string())?;
            p.set_attribute("title", "Show in the reading view")?;
            cell.append_child(&p)?;
        }
        row.append_child(&cell)?;
    }
    Ok(row)
}

/// What a flag says of a discrepancy, the same in the overview and the reading view: "≠ The
/// articles disagree on a date", or "may disagree" where the comparison does not assert it
/// (a loose group, or figures whose role is unclear).
fn claim(d: &crate::discrepancy::Discrepancy) -> String {
    let claim = if d.asserted { "disagree" } else { "may disagree" };
    format!("≠ The articles {claim} on {}", d.kind.label_with_article())
}

fn discrepancy_row(doc: &Document, c: &Comparison, group: &Group) -> Result<Element, JsValue> {
    let row = el(doc, "tr", "discrepancy")?;
    let cell = el(doc, "td", "")?;
    cell.set_attribute("colspan", &(c.articles.len() + 1).to_string())?;
    // The line spans the whole table, which on a phone scrolls sideways: its text sits in a
    // block pinned to the visible part (see `.line` in the style sheet), so it is never cut.
    let td = el(doc, "div", "line")?;
    cell.append_child(&td)?;
    for (k, d) in group.discrepancies.iter().enumerate() {
        if k > 0 {
            let child = doc.create_element("br")?;
            td.append_child(&child)?;
        }
        td.append_child(&doc.create_text_node(&format!("{}: ", claim(d))))?;
        for (j, v) in d.values.iter().enumerate() {
            if j > 0 {
                td.append_child(&doc.create_text_node(" · "))?;
            }
            let who = c.articles.get(v.article).map_or("?", |a| a.name.as_str());
            td.append_child(&doc.create_text_node(&v.before))?;
            let child = el_text(doc, "span", "value", &format!("“{}”", v.text))?;
            td.append_child(&child)?;
            td.append_child(&doc.create_text_node(&v.after))?;
            td.append_child(&doc.create_text_node(&format!(
                " ({}) in {who}",
                d.kind.describe_range(v.low, v.value)
            )))?;
        }
    }
    if group.loose {
        let child = el_text(
            doc,
            "span",
            "loose",
            " — these sentences are only loosely alike: check that they report the same fact.",
        )?;
        td.append_child(&child)?;
    }
    row.append_child(&cell)?;
    Ok(row)
}

fn boilerplate_list(doc: &Document, c: &Comparison) -> Result<Element, JsValue> {
    let details = el(doc, "details", "boilerplate")?;
    let total: usize = c.articles.iter().map(|a| a.summary.boilerplate).sum();
    let child = el_text(
        doc,
        "summary",
        "",
        &format!("Boilerplate, not compared ({total} lines: bylines, teasers, page chrome)"),
    )?;
    details.append_child(&child)?;
    for a in &c.articles {
        let lines: Vec<&str> =
            a.sentences.iter().filter(|s| s.boilerplate).map(|s| s.text.as_str()).collect();
        if lines.is_empty() {
            continue;
        }
        let child = el_text(doc, "h4", "", &a.name)?;
        details.append_child(&child)?;
        let ul = el(doc, "ul", "")?;
        for l in lines {
            let child = el_text(doc, "li", "", l)?;
            ul.append_child(&child)?;
        }
        details.append_child(&ul)?;
    }
    Ok(details)
}

fn render_reading(doc: &Document, app: &App) -> Result<(), JsValue> {
    let root = by_id("reading")?;
    root.set_text_content(None);
    if empty_state(doc, &root, app)? {
        return Ok(());
    }
    let Some(c) = &app.comparison else {
        return Ok(());
    };
    let pick = el(doc, "div", "pick")?;
    for (i, a) in c.articles.iter().enumerate() {
        let b = button(doc, &a.name, "read", i)?;
        b.set_attribute("aria-pressed", if i == app.reading { "true" } else { "false" })?;
        pick.append_child(&b)?;
    }
    root.append_child(&pick)?;
    let legend = el(doc, "div", "legend")?;
    legend.append_child(
        &doc.create_text_node("Tint: how many other articles report the sentence —"),
    )?;
    for (class, label) in [
        ("s unique", "none"),
        ("s shared-1", "one"),
        ("s shared-2", "two"),
        ("s shared-3", "three or more"),
    ] {
        let child = el_text(doc, "span", class, label)?;
        legend.append_child(&child)?;
    }
    let child = el_text(doc, "span", "boilerplate", "boilerplate")?;
    legend.append_child(&child)?;
    root.append_child(&legend)?;

    let Some(article) = c.articles.get(app.reading) else {
        return Ok(());
    };
    let body = el(doc, "article", "")?;
    let mut paragraph: Option<(usize, Element)> = None;
    for (s, sentence) in article.sentences.iter().enumerate() {
        if sentence.heading {
            let h = el(doc, if s == 0 && article.title.is_some() { "h2" } else { "h3" }, "")?;
            let child = sentence_span(doc, c, app, app.reading, s)?;
            h.append_child(&child)?;
            body.append_child(&h)?;
            paragraph = None;
            continue;
        }
        let p = match &paragraph {
            Some((k, p)) if *k == sentence.paragraph => p.clone(),
            _ => {
                let p = el(doc, "p", "")?;
                body.append_child(&p)?;
                paragraph = Some((sentence.paragraph, p.clone()));
                p
            }
        };
        let child = sentence_span(doc, c, app, app.reading, s)?;
        p.append_child(&child)?;
        p.append_child(&doc.create_text_node(" "))?;
    }
    root.append_child(&body)?;
    let child = counterparts(doc, c, app)?;
    root.append_child(&child)?;
    Ok(())
}

fn sentence_span(
    doc: &Document,
    c: &Comparison,
    app: &App,
    a: usize,
    s: usize,
) -> Result<Element, JsValue> {
    let sentence = &c.articles[a].sentences[s];
    let class = match sentence.group.and_then(|g| c.groups.get(g)) {
        None => "boilerplate".to_string(),
        Some(g) => match g.articles.saturating_sub(1) {
            0 => "s unique".into(),
            k => format!("s shared-{}", k.min(3)),
        },
    };
    let span = el_text(doc, "span", &class, &sentence.text)?;
    if !sentence.boilerplate {
        span.set_attribute("data-action", "select")?;
        span.set_attribute("data-article", &a.to_string())?;
        span.set_attribute("data-sentence", &s.to_string())?;
        span.set_attribute("tabindex", "0")?;
        span.set_attribute("role", "button")?;
        if app.selected == Some((a, s)) {
            span.class_list().add_1("selected")?;
        }
    } else {
        span.set_attribute("title", "boilerplate: not compared")?;
    }
    Ok(span)
}

fn counterparts(doc: &Document, c: &Comparison, app: &App) -> Result<Element, JsValue> {
    let aside = el(doc, "aside", "")?;
    let selected = app.selected.and_then(|(a, s)| {
        let sentence = c.articles.get(a)?.sentences.get(s)?;
        Some((a, s, c.groups.get(sentence.group?)?))
    });
    let Some((a, s, group)) = selected else {
        let child = el_text(doc, "h3", "", "Counterparts")?;
        aside.append_child(&child)?;
        let child = el_text(
            doc,
            "p",
            "",
            "Select a sentence to see how the other articles report the same fact.",
        )?;
        aside.append_child(&child)?;
        return Ok(aside);
    };
    let heading = if group.is_unique() {
        "Only this article reports this.".to_string()
    } else {
        format!("Reported by {} of {} articles", group.articles, c.articles.len())
    };
    let child = el_text(doc, "h3", "", &heading)?;
    aside.append_child(&child)?;
    if group.members.len() > 1 {
        let child = el_text(doc, "p", "who", "Word differences against the reference sentence:")?;
        aside.append_child(&child)?;
    }
    for (k, m) in group.members.iter().enumerate() {
        let div = el(doc, "div", if k == group.reference { "member ref" } else { "member" })?;
        let name = c.articles.get(m.article).map_or("?", |x| x.name.as_str());
        let mut who = name.to_string();
        if k == group.reference && group.members.len() > 1 {
            who.push_str(" · reference");
        }
        if (m.article, m.sentence) == (a, s) {
            who.push_str(" · selected");
        }
        let child = el_text(doc, "div", "who", &who)?;
        div.append_child(&child)?;
        let p = el(doc, "p", "")?;
        append_pieces(doc, &p, &m.diff)?;
        div.append_child(&p)?;
        aside.append_child(&div)?;
    }
    let missing: Vec<&str> = c
        .articles
        .iter()
        .enumerate()
        .filter(|(i, _)| !group.members.iter().any(|m| m.article == *i))
        .map(|(_, x)| x.name.as_str())
        .collect();
    if !missing.is_empty() && !group.is_unique() {
        let child = el_text(doc, "p", "who", &format!("Not reported by: {}", missing.join(", ")))?;
        aside.append_child(&child)?;
    }
    for d in &group.discrepancies {
        let values: Vec<String> = d
            .values
            .iter()
            .map(|v| {
                format!(
                    "“{}” in {}",
                    v.text,
                    c.articles.get(v.article).map_or("?", |x| x.name.as_str())
                )
            })
            .collect();
        let child = el_text(doc, "p", "flag", &format!("{}: {}", claim(d), values.join(" · ")))?;
        aside.append_child(&child)?;
    }
    Ok(aside)
}
