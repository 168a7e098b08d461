//! The answer first: the counts above the table, each a filter, the coverage strip (one lane
//! per article, one mark per group in reading order) and the position the keys move.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlSelectElement};

use super::dom::{add_text, by_id, el, flag, html};
use crate::page::summary::{counts, reports};
use crate::page::{Filter, Page};

/// At most about this many marks in the coverage strip: a column of two articles' marks
/// stays a few pixels wide on a desktop screen, and drawing the strip of a long comparison
/// stays a few milliseconds.
const STRIP_MARKS: usize = 600;

pub(super) fn render(doc: &Document, page: &Page) -> Result<(), JsValue> {
    let root = by_id("counts")?;
    root.set_text_content(None);
    let strip = by_id("strip")?;
    strip.set_text_content(None);
    let position = by_id("position")?;
    let select: HtmlSelectElement = by_id("filter")?.dyn_into()?;
    select.set_text_content(None);
    // Without a comparison (none yet) or without articles, the counts, the strip and the
    // moves have nothing to show.
    let nothing =
        page.articles.is_empty() || page.comparison.as_ref().is_none_or(|c| c.articles.is_empty());
    html(&by_id("summary")?)?.set_hidden(nothing);
    let Some(c) = &page.comparison else {
        position.set_text_content(None);
        return Ok(());
    };
    let n = c.articles.len();
    let k = counts(c);
    let mut choices = vec![
        (Filter::All, k.groups, "all groups".to_string()),
        (Filter::Every, k.every, format!("reported by all {n} articles")),
        (Filter::Several, k.several, "reported by several, not all".to_string()),
    ];
    for (a, count) in k.only.iter().enumerate() {
        let name = c.articles.get(a).map_or("?", |x| x.name.as_str());
        choices.push((Filter::Only(a), *count, format!("only in {name}")));
    }
    choices.push((Filter::Disagreements, k.disagreements, "disagreements on figures".into()));
    for (filter, count, label) in &choices {
        let b = el(doc, "button", "tally")?;
        b.set_attribute("type", "button")?;
        b.set_attribute("data-action", "filter")?;
        b.set_attribute("data-filter", &filter.token())?;
        b.set_attribute("aria-pressed", flag(*filter == page.filter))?;
        let class = match filter {
            Filter::Disagreements => "n flagged",
            Filter::Only(_) => "n only",
            _ => "n",
        };
        add_text(doc, &b, "b", class, &count.to_string())?;
        add_text(doc, &b, "span", "", label)?;
        root.append_child(&b)?;
    }
    // The select holds the same filters plus the two wider ones.
    choices.insert(3, (Filter::Shared, 0, "reported by two or more".into()));
    choices.insert(4, (Filter::Unique, 0, "reported by one article only".into()));
    for (filter, _, label) in &choices {
        let option = add_text(doc, &select, "option", "", label)?;
        option.set_attribute("value", &filter.token())?;
    }
    select.set_value(&page.filter.token());

    html(&strip)?.style().set_property("--lanes", &n.to_string())?;
    let names = el(doc, "div", "lane-names")?;
    for a in &c.articles {
        add_text(doc, &names, "span", "", &a.name)?;
    }
    strip.append_child(&names)?;
    let marks = el(doc, "div", "marks")?;
    // One column a group; past a few thousand marks, one column a run of groups, each mark
    // on when the article reports at least half of them.
    let total = c.groups.len();
    let columns = total.min((STRIP_MARKS / (n + 1)).clamp(40, 400));
    let run = |k: usize| k * total / columns..(k + 1) * total / columns;
    // One stop in the Tab order, the current column (else the first); the arrow keys move
    // between columns (`super::move_in_strip`) and Enter opens one.
    let stop = page
        .group
        .filter(|&g| g < total)
        .map_or(0, |g| (0..columns).find(|&k| run(k).contains(&g)).unwrap_or(0));
    for k in 0..columns {
        let groups = run(k);
        let Some(group) = c.groups.get(groups.start) else { continue };
        let flagged = c.groups[groups.clone()].iter().any(|g| !g.discrepancies.is_empty());
        let mut class = String::from("col");
        if flagged {
            class.push_str(" flagged");
        }
        if page.group.is_some_and(|g| groups.contains(&g)) {
            class.push_str(" current");
        }
        let col = el(doc, "span", &class)?;
        col.set_attribute("data-action", "jump")?;
        col.set_attribute("data-group", &groups.start.to_string())?;
        let about = if groups.len() == 1 {
            format!("#{}: reported by {} of {n}", groups.start + 1, group.articles)
        } else {
            let shared = c.groups[groups.clone()].iter().filter(|g| g.articles > 1).count();
            format!("#{}–#{}: {shared} of {} shared", groups.start + 1, groups.end, groups.len())
        };
        col.set_attribute("title", &about)?;
        col.set_attribute("role", "button")?;
        col.set_attribute("tabindex", if k == stop { "0" } else { "-1" })?;
        let flagged = if flagged { ", figures disagree" } else { "" };
        col.set_attribute("aria-label", &format!("Go to group {about}{flagged}"))?;
        for a in 0..n {
            let on = c.groups[groups.clone()].iter().filter(|g| reports(g, a)).count();
            let mark: Element = el(doc, "span", if 2 * on >= groups.len() { "m on" } else { "m" })?;
            col.append_child(&mark)?;
        }
        marks.append_child(&col)?;
    }
    strip.append_child(&marks)?;
    let at = match page.group {
        Some(g) => format!("At group #{} of {}.", g + 1, c.groups.len()),
        None => format!("{} groups; n and p move between disagreements.", c.groups.len()),
    };
    position.set_text_content(Some(&at));
    Ok(())
}
