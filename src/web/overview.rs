//! The overview: one row per group, one column per article (on a phone, one card per group),
//! a discrepancy line under a row whose figures differ, and the boilerplate list.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::dom::{add_text, append_markup, by_id, el, text};
use super::rows::{self, Kind};
use crate::comparison::{Comparison, Group};
use crate::page::markup::Markup;
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

/// Groups a block holds in an overview drawn whole over frames (see [`rows`]): about a
/// sixth of a screen of rows each, a few milliseconds of drawing.
const BLOCK_GROUPS: usize = 6;

/// Draws the overview. `progressive`: a new comparison, whose rows may be drawn over the next
/// frames, those near the screen first (see [`rows`]).
pub(super) fn render(doc: &Document, page: &Page, progressive: bool) -> Result<(), JsValue> {
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
    let keep = page.group.and_then(|g| shown.iter().position(|&x| x == g));
    if long {
        // A few hundred elements a block, whatever the number of articles.
        let size = (240 / (n + 2)).clamp(3, 40);
        let blocks = crate::page::blocks(shown.len(), size, |_| true);
        rows::build(doc, page, Kind::Overview, &table, shown, blocks, n + 1, keep, fill, false)?;
    } else if progressive && keep.is_none() && shown.len() > 2 * BLOCK_GROUPS {
        // (A position to scroll to is drawn whole at once: blocks drawn above it later would
        // move it where the browser keeps no anchor.)
        let blocks = crate::page::blocks(shown.len(), BLOCK_GROUPS, |_| true);
        rows::build(doc, page, Kind::Overview, &table, shown, blocks, n + 1, keep, fill, true)?;
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

/// Draws the rows of groups `shown` into `body`, as one string of markup.
fn fill(_: &Document, page: &Page, body: &Element, shown: &[usize]) -> Result<(), JsValue> {
    let Some(c) = &page.comparison else { return Ok(()) };
    let mut m = Markup::new();
    for &g in shown {
        let Some(group) = c.groups.get(g) else { continue };
        group_row(&mut m, c, g, group, page.group == Some(g));
        if !group.discrepancies.is_empty() {
            discrepancy_row(&mut m, c, group);
        }
    }
    append_markup(body, &m)
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

fn group_row(m: &mut Markup, c: &Comparison, g: usize, group: &Group, current: bool) {
    let mut class = String::from(if group.is_unique() { "group unique" } else { "group shared" });
    if current {
        class.push_str(" current");
    }
    m.open("tr", &class, &[("data-group", &g.to_string()), ("tabindex", "-1")]);
    m.open("th", "n", &[("scope", "row")]);
    m.element("span", "count", &[], &format!("{}/{}", group.articles, c.articles.len()));
    m.text(&format!("#{}", g + 1));
    if !group.discrepancies.is_empty() {
        m.element("span", "flag", &[], " ≠");
    }
    if group.corrected {
        m.element("span", "corrected", &[("title", "corrected by you")], " ✎");
    }
    m.close("th");
    for (a, article) in c.articles.iter().enumerate() {
        let mut members =
            group.members.iter().enumerate().filter(|(_, m)| m.article == a).peekable();
        let name = [("data-name", article.name.as_str())];
        if members.peek().is_none() {
            m.element("td", "cell missing", &name, "not reported");
            continue;
        }
        m.open("td", if group.is_unique() { "cell present only" } else { "cell present" }, &name);
        let article_index = a.to_string();
        for (k, member) in members {
            let heading = article.sentences.get(member.sentence).is_some_and(|s| s.heading);
            m.open(
                "p",
                if heading { "sentence heading" } else { "sentence" },
                &[
                    ("data-action", "read"),
                    ("data-article", &article_index),
                    ("data-sentence", &member.sentence.to_string()),
                    ("tabindex", "0"),
                    ("role", "button"),
                    ("title", "Show in the reading view"),
                ],
            );
            if k == group.reference && group.members.len() > 1 {
                m.element("span", "ref-label", &[], "reference · ");
            }
            m.pieces(&member.diff);
            m.close("p");
        }
        m.close("td");
    }
    m.close("tr");
}

fn discrepancy_row(m: &mut Markup, c: &Comparison, group: &Group) {
    m.open("tr", "discrepancy", &[]);
    m.open("td", "", &[("colspan", &(c.articles.len() + 1).to_string())]);
    m.open("div", "line", &[]);
    for (k, d) in group.discrepancies.iter().enumerate() {
        if k > 0 {
            m.void("br");
        }
        m.text(&format!("{}: ", claim(d)));
        for (j, v) in d.values.iter().enumerate() {
            if j > 0 {
                m.text(" · ");
            }
            let who = c.articles.get(v.article).map_or("?", |a| a.name.as_str());
            m.text(&v.before);
            m.element("span", "value", &[], &format!("“{}”", v.text));
            m.text(&v.after);
            m.text(&format!(" ({}) in {who}", d.kind.describe_range(v.low, v.value)));
        }
    }
    if group.loose {
        m.element("span", "loose", &[], &format!(" — {LOOSE_NOTE}"));
    }
    m.close("div");
    m.close("td");
    m.close("tr");
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
