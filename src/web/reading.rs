//! The reading view: one article as written, each sentence tinted (and underlined) by how
//! many other articles report it, and the counterparts of the selected sentence.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::dom::{add_text, append_pieces, button, by_id, el, el_text, flag, text};
use super::rows::{self, Kind};
use crate::comparison::Comparison;
use crate::page::summary::counterparts;
use crate::page::Page;

/// The comparison's number of the article read: the page's own, unless the comparison
/// shown numbers the articles otherwise (articles added or removed since), then found by
/// name.
fn shown(page: &Page) -> Option<usize> {
    let c = page.comparison.as_ref()?;
    if !page.renumbered() {
        return Some(page.reading);
    }
    let name = &page.articles.get(page.reading)?.name;
    c.articles.iter().position(|a| &a.name == name)
}

pub(super) fn render(doc: &Document, page: &Page) -> Result<(), JsValue> {
    let root = by_id("reading")?;
    root.set_text_content(None);
    rows::clear(Kind::Reading);
    if super::overview::empty_state(doc, &root, page)? {
        return Ok(());
    }
    let Some(c) = &page.comparison else {
        return Ok(());
    };
    let pick = el(doc, "div", "pick")?;
    for (i, a) in c.articles.iter().enumerate() {
        let b = button(doc, &a.name, "read", i)?;
        b.set_attribute("aria-pressed", flag(Some(i) == shown(page)))?;
        pick.append_child(&b)?;
    }
    root.append_child(&pick)?;
    let legend = el(doc, "div", "legend")?;
    text(doc, &legend, "Tint and underline: how many other articles report the sentence —")?;
    for (class, label) in [
        ("s unique", "none"),
        ("s shared-1", "one"),
        ("s shared-2", "two"),
        ("s shared-3", "three or more"),
        ("boilerplate", "boilerplate"),
    ] {
        add_text(doc, &legend, "span", class, label)?;
    }
    root.append_child(&legend)?;

    let Some(article) = shown(page).and_then(|a| c.articles.get(a)) else {
        return Ok(());
    };
    let body = el(doc, "article", "")?;
    let count = article.sentences.len();
    if count > rows::READING_SENTENCES {
        let s = &article.sentences;
        let starts = |i: usize| s[i].heading || s[i].paragraph != s[i - 1].paragraph;
        let blocks = crate::page::blocks(count, 60, starts);
        let keep = page.selected.filter(|&(a, _)| Some(a) == shown(page)).map(|(_, s)| s);
        let items = (0..count).collect();
        rows::build(doc, page, Kind::Reading, &body, items, blocks, 0, keep, fill, false)?;
    } else {
        fill(doc, page, &body, &(0..count).collect::<Vec<_>>())?;
    }
    root.append_child(&body)?;
    let child = aside(doc, c, page)?;
    root.append_child(&child)?;
    Ok(())
}

/// Draws sentences `items` (in order) of the article read into `body`, in paragraphs and
/// headings as written.
fn fill(doc: &Document, page: &Page, body: &Element, items: &[usize]) -> Result<(), JsValue> {
    let Some(c) = &page.comparison else { return Ok(()) };
    let Some(article) = shown(page).and_then(|a| c.articles.get(a)) else { return Ok(()) };
    let mut paragraph: Option<(usize, Element)> = None;
    for &s in items {
        let Some(sentence) = article.sentences.get(s) else { continue };
        if sentence.heading {
            let h = el(doc, if s == 0 && article.title.is_some() { "h2" } else { "h3" }, "")?;
            let child = sentence_span(doc, c, page, s)?;
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
        let child = sentence_span(doc, c, page, s)?;
        p.append_child(&child)?;
        text(doc, &p, " ")?;
    }
    Ok(())
}

fn sentence_span(
    doc: &Document,
    c: &Comparison,
    page: &Page,
    s: usize,
) -> Result<Element, JsValue> {
    let Some(a) = shown(page) else { return el(doc, "span", "") };
    let Some(sentence) = c.articles.get(a).and_then(|x| x.sentences.get(s)) else {
        return el(doc, "span", "");
    };
    let others = sentence.group.and_then(|g| c.groups.get(g)).map(|g| g.articles.saturating_sub(1));
    let class = match others {
        None => "boilerplate".to_string(),
        Some(0) => "s unique".into(),
        Some(k) => format!("s shared-{}", k.min(3)),
    };
    let span = el_text(doc, "span", &class, &sentence.text)?;
    match others {
        None => span.set_attribute("title", "boilerplate: not compared")?,
        Some(k) => {
            span.set_attribute("data-action", "select")?;
            span.set_attribute("data-article", &a.to_string())?;
            span.set_attribute("data-sentence", &s.to_string())?;
            span.set_attribute("tabindex", "0")?;
            span.set_attribute("role", "button")?;
            let others = if k == 1 { "article" } else { "articles" };
            span.set_attribute("title", &format!("reported by {k} other {others}"))?;
            if page.selected == Some((a, s)) {
                span.class_list().add_1("selected")?;
                span.set_attribute("aria-pressed", "true")?;
            }
        }
    }
    Ok(span)
}

fn aside(doc: &Document, c: &Comparison, page: &Page) -> Result<Element, JsValue> {
    let aside = el(doc, "aside", "")?;
    let found = page.selected.and_then(|(a, s)| counterparts(c, a, s));
    let Some(found) = found else {
        add_text(doc, &aside, "h3", "", "Counterparts")?;
        add_text(
            doc,
            &aside,
            "p",
            "",
            "Select a sentence to see how the other articles report the same fact.",
        )?;
        return Ok(aside);
    };
    add_text(doc, &aside, "h3", "", &found.heading)?;
    if found.members.len() > 1 {
        add_text(doc, &aside, "p", "who", "Word differences against the reference sentence:")?;
    }
    for (who, m) in &found.members {
        let div =
            el(doc, "div", if who.contains("· reference") { "member ref" } else { "member" })?;
        add_text(doc, &div, "div", "who", who)?;
        let p = el(doc, "p", "")?;
        append_pieces(&p, &m.diff)?;
        div.append_child(&p)?;
        aside.append_child(&div)?;
    }
    if let Some(missing) = &found.missing {
        add_text(doc, &aside, "p", "who", missing)?;
    }
    for flag in &found.flags {
        add_text(doc, &aside, "p", "flag", flag)?;
    }
    if let Some(note) = found.loose {
        add_text(doc, &aside, "p", "loose", note)?;
    }
    if let Some((a, s)) = page.selected {
        correct_controls(doc, &aside, a, s, found.members.len())?;
    }
    Ok(aside)
}

/// The corrections a reader can make of the selected sentence's group (the overview lists
/// them with Undo).
fn correct_controls(
    doc: &Document,
    aside: &Element,
    a: usize,
    s: usize,
    members: usize,
) -> Result<(), JsValue> {
    let box_ = el(doc, "div", "correct")?;
    add_text(doc, &box_, "h4", "", "Grouped wrongly?")?;
    let act = |label: &str, action: &str| -> Result<Element, JsValue> {
        let b = add_text(doc, &box_, "button", "button", label)?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-action", action)?;
        b.set_attribute("data-article", &a.to_string())?;
        b.set_attribute("data-sentence", &s.to_string())?;
        Ok(b)
    };
    if members > 1 {
        act("Take this sentence out of its group", "detach")?;
    }
    let label = add_text(doc, &box_, "label", "", "Group #")?;
    let input = el(doc, "input", "")?;
    input.set_attribute("id", "correct-group")?;
    input.set_attribute("type", "number")?;
    input.set_attribute("min", "1")?;
    input.set_attribute("inputmode", "numeric")?;
    label.append_child(&input)?;
    act("Move this sentence there", "move")?;
    act("Join its group with that one", "join")?;
    aside.append_child(&box_)?;
    Ok(())
}
