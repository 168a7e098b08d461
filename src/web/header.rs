//! The header and the article cards: the matcher's line, the messages, the base, one card
//! per article, and the tabs.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlInputElement, HtmlSelectElement};

use super::dom::{add_text, button, by_id, el, flag, html, text};
use super::encoder;
use crate::comparison::{Matcher, MAX_SEMANTIC_SENTENCES};
use crate::page::{Page, View};

pub(super) fn render(doc: &Document, page: &Page, encoder: &encoder::State) -> Result<(), JsValue> {
    render_matcher(page, encoder)?;
    render_messages(doc, page)?;
    render_base_select(doc, page)?;
    render_cards(doc, page)?;
    let overview = page.view() == View::Overview;
    by_id("tab-overview")?.set_attribute("aria-selected", flag(overview))?;
    by_id("tab-reading")?.set_attribute("aria-selected", flag(!overview))?;
    html(&by_id("overview")?)?.set_hidden(!overview);
    html(&by_id("reading")?)?.set_hidden(overview);
    Ok(())
}

/// The line saying how sentences are matched, and how far the encoder has got (drawn alone
/// as the weights load, so that a progress report costs one text node, not the page).
pub(super) fn render_matcher(page: &Page, encoder: &encoder::State) -> Result<(), JsValue> {
    let encoded = page.comparison.as_ref().is_some_and(|c| c.matcher == Matcher::Encoder);
    let line = by_id("matcher")?;
    let sentences: usize = page
        .comparison
        .as_ref()
        .map_or(0, |c| c.articles.iter().map(|a| a.summary.sentences).sum());
    let text = if page.articles.is_empty() && matches!(encoder, encoder::State::Ready { .. }) {
        // Nothing is matched yet.
        "The sentence encoder is ready: articles added are matched by meaning and by wording."
            .to_string()
    } else if !encoded
        && sentences > MAX_SEMANTIC_SENTENCES
        && matches!(encoder, encoder::State::Ready { .. })
    {
        format!(
            "Matched by wording alone: past {MAX_SEMANTIC_SENTENCES} sentences the page does \
             not match by meaning (these articles hold {sentences})."
        )
    } else {
        encoder.line(encoded)
    };
    if line.text_content().as_deref() != Some(text.as_str()) {
        line.set_text_content(Some(&text));
    }
    line.set_attribute("data-matcher", if encoded { "encoder" } else { "lexical" })
}

/// One line per event, each with its dismiss button.
pub(super) fn render_messages(doc: &Document, page: &Page) -> Result<(), JsValue> {
    let root = by_id("messages")?;
    root.set_text_content(None);
    for m in &page.messages {
        let line = el(doc, "div", if m.error { "message" } else { "message info" })?;
        add_text(doc, &line, "span", "", &m.text)?;
        let close = add_text(doc, &line, "button", "", "×")?;
        close.set_attribute("type", "button")?;
        close.set_attribute("data-action", "dismiss")?;
        close.set_attribute("data-message", &m.id.to_string())?;
        // Named by what it dismisses: two lines' buttons never share a name.
        let gist: String = m.text.chars().take(60).collect();
        close.set_attribute("aria-label", &format!("Dismiss: {gist}"))?;
        root.append_child(&line)?;
    }
    Ok(())
}

fn render_base_select(doc: &Document, page: &Page) -> Result<(), JsValue> {
    let select: HtmlSelectElement = by_id("base-select")?.dyn_into()?;
    select.set_text_content(None);
    for (i, a) in page.articles.iter().enumerate() {
        let option = add_text(doc, &select, "option", "", &a.name)?;
        option.set_attribute("value", &i.to_string())?;
    }
    select.set_value(&page.base.to_string());
    Ok(())
}

fn render_cards(doc: &Document, page: &Page) -> Result<(), JsValue> {
    let root = by_id("articles")?;
    root.set_text_content(None);
    // The page's articles, not the comparison's: while the worker compares articles added or
    // removed, each card still names (and its buttons still act on) the article it shows.
    let compared = |i: usize| {
        let c = page.comparison.as_ref()?;
        let same_count = c.articles.len() == page.articles.len();
        c.articles.get(i).filter(|x| same_count && x.name == page.articles[i].name)
    };
    for (i, article) in page.articles.iter().enumerate() {
        let card = el(doc, "div", if i == page.base { "card base" } else { "card" })?;
        let name: HtmlInputElement = el(doc, "input", "name")?.dyn_into()?;
        name.set_value(&article.name);
        name.set_attribute("data-rename", &i.to_string())?;
        name.set_attribute("aria-label", &format!("Name of article {} (edit to rename)", i + 1))?;
        name.set_attribute("maxlength", "120")?;
        card.append_child(&name)?;
        if let Some(title) = article.title().filter(|t| *t != article.name) {
            add_text(doc, &card, "div", "title", title)?;
        }
        let stats = el(doc, "div", "stats")?;
        card.append_child(&stats)?;
        let bar = el(doc, "div", "bar")?;
        card.append_child(&bar)?;
        if let Some(a) = compared(i) {
            let s = a.summary;
            text(doc, &stats, &format!("{} sentences · ", s.sentences))?;
            add_text(doc, &stats, "b", "", &s.shared.to_string())?;
            text(doc, &stats, " reported elsewhere · ")?;
            add_text(doc, &stats, "b", "", &s.unique.to_string())?;
            text(doc, &stats, " only here")?;
            if s.boilerplate > 0 {
                text(doc, &stats, &format!(" · {} boilerplate", s.boilerplate))?;
            }
            let total = s.sentences.max(1);
            for (class, n) in [("shared", s.shared), ("unique", s.unique)] {
                let part = el(doc, "span", class)?;
                html(&part)?.style().set_property("width", &format!("{}%", 100 * n / total))?;
                bar.append_child(&part)?;
            }
        } else if page.pending {
            text(doc, &stats, "being compared…")?;
        }
        let row = el(doc, "div", "row")?;
        let read = button(doc, "Read", "read", i)?;
        read.set_attribute("aria-label", &format!("Read {}", article.name))?;
        row.append_child(&read)?;
        if i != page.base {
            let base = button(doc, "Use as base", "base", i)?;
            base.set_attribute("aria-label", &format!("Use as base: {}", article.name))?;
            row.append_child(&base)?;
        } else {
            add_text(doc, &row, "span", "title", "base article")?;
        }
        let remove = button(doc, "Remove", "remove", i)?;
        remove.set_attribute("aria-label", &format!("Remove {}", article.name))?;
        row.append_child(&remove)?;
        card.append_child(&row)?;
        root.append_child(&card)?;
    }
    Ok(())
}
