//! The overview: one row per group, one column per article (on a phone, one card per group),
//! a discrepancy line under a row whose figures differ, and the boilerplate list.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::dom::{add_text, append_pieces, by_id, el, text};
use super::rows::{self, Kind};
use crate::comparison::{Comparison, Group};
use crate::page::summary::{claim, LOOSE_NOTE};
use crate::page::Page;

/// Shows the empty state in `root` when no article is loaded; returns whether it did.
pub(super) fn empty_state(doc: &Document, root: &Element, page: &Page) -> Result<bool, JsValue> {
    if !page.articles.is_empty() {
        return Ok(false);
    }
    let text = "No articles yet. Drop text files anywhere on this page, pick them with “Add \
                files…”, or paste one.";
    add_text(doc, root, "div", "empty", text)?;
    Ok(true)
}

pub(super) fn render(doc: &Document, page: &Page) -> Result<(), JsValue> {
    let root = by_id("overview")?;
    root.set_text_content(None);
    rows::clear(Kind::Overview);
    if empty_state(doc, &root, page)? {
        return Ok(());
    }
    let Some(c) = &page.comparison else {
        return Ok(());
    };
    let n = c.articles.len();
    let table = el(doc, "table", "groups")?;
    let colgroup = el(doc, "colgroup", "")?;
    let child = el(doc, "col", "n")?;
    colgroup.append_child(&child)?;
    for _ in 0..n {
        let child = el(doc, "col", "article")?;
        colgroup.append_child(&child)?;
    }
    table.append_child(&colgroup)?;
    let head = el(doc, "thead", "")?;
    let tr = el(doc, "tr", "")?;
    add_text(doc, &tr, "th", "", "Group")?.set_attribute("scope", "col")?;
    for (i, a) in c.articles.iter().enumerate() {
        let label = if i == c.base { format!("{} (base)", a.name) } else { a.name.clone() };
        add_text(doc, &tr, "th", "", &label)?.set_attribute("scope", "col")?;
    }
    head.append_child(&tr)?;
    table.append_child(&head)?;
    let shown: Vec<usize> = c
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| page.filter.keeps(g, n))
        .map(|(g, _)| g)
        .collect();
    let count_shown = shown.len();
    let long = rows::overview_cost(page, &shown) > rows::OVERVIEW_ELEMENTS;
    if long {
        // A few hundred elements a block, whatever the number of articles.
        let size = (240 / (n + 2)).clamp(3, 40);
        let blocks = crate::page::blocks(shown.len(), size, |_| true);
        let keep = page.group.and_then(|g| shown.iter().position(|&x| x == g));
        rows::build(doc, page, Kind::Overview, &table, shown, blocks, n + 1, keep, fill)?;
    } else {
        let body = el(doc, "tbody", "")?;
        fill(doc, page, &body, &shown)?;
        table.append_child(&body)?;
    }
    let count = el(doc, "p", "count-line")?;
    text(doc, &count, &format!("Showing {count_shown} of {} groups.", c.groups.len()))?;
    if long {
        // The browser's own search finds only what is drawn.
        text(doc, &count, " Rows are drawn as they near the screen.")?;
    }
    for (class, label) in [
        ("piece added", "words the row's reference lacks"),
        ("piece moved", "words the reference has elsewhere"),
        ("only", "reported by one article only"),
        ("flag", "≠ figures disagree"),
    ] {
        add_text(doc, &count, "span", &format!("key {class}"), label)?;
    }
    root.append_child(&count)?;
    root.append_child(&table)?;
    if !c.corrections.is_empty() {
        let child = corrections_list(doc, c)?;
        root.insert_before(&child, Some(&table))?;
    }
    let child = boilerplate_list(doc, c)?;
    root.append_child(&child)?;
    Ok(())
}

/// Draws the rows of groups `shown` into `body`.
fn fill(doc: &Document, page: &Page, body: &Element, shown: &[usize]) -> Result<(), JsValue> {
    let Some(c) = &page.comparison else { return Ok(()) };
    for &g in shown {
        let Some(group) = c.groups.get(g) else { continue };
        let child = group_row(doc, c, g, group, page.group == Some(g))?;
        body.append_child(&child)?;
        if !group.discrepancies.is_empty() {
            let child = discrepancy_row(doc, c, group)?;
            body.append_child(&child)?;
        }
    }
    Ok(())
}

/// The reader's corrections, each with Undo; one that no longer applies says so.
fn corrections_list(doc: &Document, c: &crate::comparison::Comparison) -> Result<Element, JsValue> {
    use crate::comparison::Correction;
    let section = el(doc, "section", "corrections")?;
    section.set_attribute("aria-label", "Your corrections")?;
    add_text(doc, &section, "h2", "", &format!("Your corrections ({})", c.corrections.len()))?;
    let list = el(doc, "ol", "")?;
    let quote = |t: &str| {
        let short: String = t.chars().take(50).collect();
        let more = if short.len() < t.len() { "…" } else { "" };
        format!("“{short}{more}”")
    };
    for (k, done) in c.corrections.iter().enumerate() {
        let line = match &done.correction {
            Correction::Move { sentence, to } => format!(
                "{} ({}) moved to the group of {}",
                quote(&sentence.text),
                sentence.article,
                quote(&to.text)
            ),
            Correction::Detach { sentence } => {
                format!("{} ({}) taken out of its group", quote(&sentence.text), sentence.article)
            }
            Correction::Join { sentence, with } => {
                format!("the groups of {} and {} joined", quote(&sentence.text), quote(&with.text))
            }
        };
        let stale =
            if done.applied { "" } else { " (not applied: a sentence it names is not here)" };
        let item = add_text(doc, &list, "li", "", &format!("{line}{stale} "))?;
        let undo = add_text(doc, &item, "button", "button", "Undo")?;
        undo.set_attribute("type", "button")?;
        undo.set_attribute("data-action", "undo")?;
        undo.set_attribute("data-index", &k.to_string())?;
        undo.set_attribute("aria-label", &format!("Undo: {line}"))?;
    }
    section.append_child(&list)?;
    Ok(section)
}

fn group_row(
    doc: &Document,
    c: &Comparison,
    g: usize,
    group: &Group,
    current: bool,
) -> Result<Element, JsValue> {
    let mut class = String::from(if group.is_unique() { "group unique" } else { "group shared" });
    if current {
        class.push_str(" current");
    }
    let row = el(doc, "tr", &class)?;
    row.set_attribute("data-group", &g.to_string())?;
    row.set_attribute("tabindex", "-1")?;
    let n = el(doc, "th", "n")?;
    n.set_attribute("scope", "row")?;
    add_text(doc, &n, "span", "count", &format!("{}/{}", group.articles, c.articles.len()))?;
    text(doc, &n, &format!("#{}", g + 1))?;
    if !group.discrepancies.is_empty() {
        add_text(doc, &n, "span", "flag", " ≠")?;
    }
    if group.corrected {
        add_text(doc, &n, "span", "corrected", " ✎")?.set_attribute("title", "corrected by you")?;
    }
    row.append_child(&n)?;
    for (a, article) in c.articles.iter().enumerate() {
        let mut members =
            group.members.iter().enumerate().filter(|(_, m)| m.article == a).peekable();
        if members.peek().is_none() {
            let cell = add_text(doc, &row, "td", "cell missing", "not reported")?;
            cell.set_attribute("data-name", &article.name)?;
            continue;
        }
        let cell =
            el(doc, "td", if group.is_unique() { "cell present only" } else { "cell present" })?;
        cell.set_attribute("data-name", &article.name)?;
        for (k, m) in members {
            let heading = article.sentences.get(m.sentence).is_some_and(|s| s.heading);
            let p = el(doc, "p", if heading { "sentence heading" } else { "sentence" })?;
            if k == group.reference && group.members.len() > 1 {
                add_text(doc, &p, "span", "ref-label", "reference · ")?;
            }
            append_pieces(doc, &p, &m.diff)?;
            p.set_attribute("data-action", "read")?;
            p.set_attribute("data-article", &a.to_string())?;
            p.set_attribute("data-sentence", &m.sentence.to_string())?;
            p.set_attribute("tabindex", "0")?;
            p.set_attribute("role", "button")?;
            p.set_attribute("title", "Show in the reading view")?;
            cell.append_child(&p)?;
        }
        row.append_child(&cell)?;
    }
    Ok(row)
}

fn discrepancy_row(doc: &Document, c: &Comparison, group: &Group) -> Result<Element, JsValue> {
    let row = el(doc, "tr", "discrepancy")?;
    let cell = el(doc, "td", "")?;
    cell.set_attribute("colspan", &(c.articles.len() + 1).to_string())?;
    let line = el(doc, "div", "line")?;
    cell.append_child(&line)?;
    for (k, d) in group.discrepancies.iter().enumerate() {
        if k > 0 {
            let child = doc.create_element("br")?;
            line.append_child(&child)?;
        }
        text(doc, &line, &format!("{}: ", claim(d)))?;
        for (j, v) in d.values.iter().enumerate() {
            if j > 0 {
                text(doc, &line, " · ")?;
            }
            let who = c.articles.get(v.article).map_or("?", |a| a.name.as_str());
            text(doc, &line, &v.before)?;
            add_text(doc, &line, "span", "value", &format!("“{}”", v.text))?;
            text(doc, &line, &v.after)?;
            text(doc, &line, &format!(" ({}) in {who}", d.kind.describe_range(v.low, v.value)))?;
        }
    }
    if group.loose {
        add_text(doc, &line, "span", "loose", &format!(" — {LOOSE_NOTE}"))?;
    }
    row.append_child(&cell)?;
    Ok(row)
}

/// The boilerplate lines listed per article; the rest are counted.
const BOILERPLATE_SHOWN: usize = 200;

fn boilerplate_list(doc: &Document, c: &Comparison) -> Result<Element, JsValue> {
    let details = el(doc, "details", "boilerplate")?;
    let total: usize = c.articles.iter().map(|a| a.summary.boilerplate).sum();
    add_text(
        doc,
        &details,
        "summary",
        "",
        &format!("Boilerplate, not compared ({total} lines: bylines, teasers, page chrome)"),
    )?;
    for a in &c.articles {
        let mut lines = a.sentences.iter().filter(|s| s.boilerplate).peekable();
        if lines.peek().is_none() {
            continue;
        }
        add_text(doc, &details, "h4", "", &a.name)?;
        let ul = el(doc, "ul", "")?;
        let mut more = 0;
        for (k, l) in lines.enumerate() {
            if k < BOILERPLATE_SHOWN {
                add_text(doc, &ul, "li", "", &l.text)?;
            } else {
                more += 1;
            }
        }
        if more > 0 {
            add_text(doc, &ul, "li", "more", &format!("and {more} more"))?;
        }
        details.append_child(&ul)?;
    }
    Ok(details)
}
