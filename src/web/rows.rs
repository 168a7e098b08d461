//! Virtual rows. Past a size ([`OVERVIEW_ELEMENTS`], [`READING_SENTENCES`]) the overview and
//! the reading view are drawn in blocks (a `tbody` of rows, a `div` of paragraphs), and only
//! the blocks within a screen of the viewport hold their rows; every other block is a spacer
//! of its measured height (or, never drawn, of an estimate from those measured), so the page
//! scrolls over the whole length while the document holds a few thousand elements. Scrolling
//! and resizing draw the blocks that come near and empty those that leave ([`update`]); the
//! block of the current group or the selected sentence is drawn with the view, so that a
//! jump from the summary, a key or a link finds its row.
//!
//! A new comparison's overview short enough to be drawn whole is drawn in blocks too, but
//! whole in the end ([`build`] with `whole`): the blocks near the screen at once, then one
//! more a frame, never emptied. Drawn in one task, the seeds' rows and their first layout
//! took the page's thread over 100 ms before its code was optimized. Its container is
//! `aria-busy` until the last block is drawn.

use std::cell::RefCell;
use std::ops::Range;

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::dom::{el, html};
use crate::page::Page;

/// The overview is drawn in blocks when drawing it whole would make about this many
/// elements (see [`overview_cost`]).
pub(super) const OVERVIEW_ELEMENTS: usize = 3_000;
/// The reading view is drawn in blocks past this many sentences in the article.
pub(super) const READING_SENTENCES: usize = 600;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Overview,
    Reading,
}

impl Kind {
    fn index(self) -> usize {
        self as usize
    }

    /// The height of an item never measured, in CSS pixels, before any block is.
    fn first_guess(self) -> f64 {
        match self {
            Kind::Overview => 64.0,
            Kind::Reading => 30.0,
        }
    }
}

/// Draws the items (group numbers or sentence numbers) of one block into it.
pub(super) type Fill = fn(&Document, &Page, &Element, &[usize]) -> Result<(), JsValue>;

struct List {
    kind: Kind,
    items: Vec<usize>,
    blocks: Vec<Range<usize>>,
    elements: Vec<Element>,
    drawn: Vec<bool>,
    /// The last measured height of each block; `None` for a block never drawn.
    heights: Vec<Option<f64>>,
    fill: Fill,
    /// The columns a spacer row spans (the overview's table); 0 for a plain block.
    columns: usize,
    /// Whether every block is drawn in the end and none emptied: a view short enough to be
    /// drawn whole, its drawing spread over frames.
    whole: bool,
    /// Whether its container is still `aria-busy`: a view drawn whole whose last block is
    /// not drawn yet.
    busy: bool,
}

thread_local! {
    static LISTS: RefCell<[Option<List>; 2]> = const { RefCell::new([None, None]) };
    /// The height of an item measured last, per kind: the estimate for blocks not drawn, kept
    /// over drawings so that a redrawn view keeps its length.
    static PER_ITEM: RefCell<[Option<f64>; 2]> = const { RefCell::new([None, None]) };
}

/// About how many elements the overview's rows make when drawn whole.
pub(super) fn overview_cost(page: &Page, shown: &[usize]) -> usize {
    let Some(c) = &page.comparison else { return 0 };
    let n = c.articles.len();
    shown
        .iter()
        .filter_map(|&g| c.groups.get(g))
        .map(|g| 2 + n + 3 * g.members.len() + if g.discrepancies.is_empty() { 0 } else { 6 })
        .sum()
}

/// Forgets the blocks of `kind` (its view is drawn whole, or not at all).
pub(super) fn clear(kind: Kind) {
    LISTS.with(|l| l.borrow_mut()[kind.index()] = None);
}

/// Makes the blocks of a view inside `container` (a table or an article) and draws those
/// near the viewport, and the one holding `keep` (an index into `items`).
#[allow(clippy::too_many_arguments)]
pub(super) fn build(
    doc: &Document,
    page: &Page,
    kind: Kind,
    container: &Element,
    items: Vec<usize>,
    blocks: Vec<Range<usize>>,
    columns: usize,
    keep: Option<usize>,
    fill: Fill,
    whole: bool,
) -> Result<(), JsValue> {
    let tag = if columns > 0 { "tbody" } else { "div" };
    let mut elements = Vec::with_capacity(blocks.len());
    for _ in &blocks {
        let e = el(doc, tag, "block")?;
        container.append_child(&e)?;
        elements.push(e);
    }
    let n = blocks.len();
    let mut list = List {
        kind,
        items,
        blocks,
        elements,
        drawn: vec![false; n],
        heights: vec![None; n],
        fill,
        columns,
        whole,
        busy: whole,
    };
    for i in 0..n {
        list.empty(doc, i)?;
    }
    if let Some(b) = keep.and_then(|k| list.blocks.iter().position(|r| r.contains(&k))) {
        list.draw(doc, page, b)?;
    }
    if whole {
        // Until every block is drawn ([`List::finished`]).
        container.set_attribute("aria-busy", "true")?;
    }
    LISTS.with(|l| l.borrow_mut()[kind.index()] = Some(list));
    Ok(())
}

/// Draws the blocks within a screen of the viewport and empties the others, in every view
/// drawn in blocks and shown. Drawing a block moves the ones after it: when any changed,
/// another pass follows at the next frame (each pass lays the page out, which takes tens
/// of milliseconds on a long one).
pub(super) fn update(doc: &Document, page: &Page) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let screen = window.inner_height()?.as_f64().unwrap_or(800.0).max(200.0);
    let mut changed = false;
    LISTS.with(|lists| {
        for list in lists.borrow_mut().iter_mut().flatten() {
            changed |= list.update(doc, page, screen)?;
        }
        Ok::<_, JsValue>(())
    })?;
    if changed {
        super::dom::once_a_frame(super::update_rows)?;
    }
    Ok(())
}

/// Draws every block not drawn yet of the views that are to be drawn whole: a position to be
/// found (a focus to give back) cannot wait for them.
pub(super) fn complete(doc: &Document, page: &Page) -> Result<(), JsValue> {
    LISTS.with(|lists| {
        for list in lists.borrow_mut().iter_mut().flatten().filter(|l| l.busy) {
            for i in 0..list.blocks.len() {
                if !list.drawn[i] {
                    list.draw(doc, page, i)?;
                }
            }
            list.finished()?;
        }
        Ok(())
    })
}

impl List {
    /// One pass; whether any block changed.
    fn update(&mut self, doc: &Document, page: &Page, screen: f64) -> Result<bool, JsValue> {
        let Some(first) = self.elements.first() else { return Ok(false) };
        if html(first)?.offset_parent().is_none() {
            // Not shown (the other tab): its blocks have no place to measure.
            return Ok(false);
        }
        // The block holding the focus stays drawn: emptied, it would drop the focus to the
        // page's top.
        let active = doc.active_element();
        let mut want = Vec::with_capacity(self.elements.len());
        for (i, e) in self.elements.iter().enumerate() {
            let r = e.get_bounding_client_rect();
            if self.drawn[i] {
                self.heights[i] = Some(r.height());
            }
            let focused = self.drawn[i] && active.as_ref().is_some_and(|a| e.contains(Some(a)));
            // A view drawn whole over frames draws the screen's blocks first, the rest
            // after; one drawn in part keeps a screen's margin either side.
            let margin = if self.whole { 0.0 } else { screen };
            want.push(focused || (r.bottom() >= -margin && r.top() <= screen + margin));
        }
        self.learn();
        if self.whole {
            // Never emptied; and one block more than those near the screen each pass, the
            // first not drawn, until all are.
            for (i, w) in want.iter_mut().enumerate() {
                *w |= self.drawn[i];
            }
            if let Some(next) = (0..want.len()).find(|&i| !want[i]) {
                want[next] = true;
            }
        }
        let mut changed = false;
        for (i, want) in want.into_iter().enumerate() {
            if want && !self.drawn[i] {
                self.draw(doc, page, i)?;
                changed = true;
            } else if !want && self.drawn[i] {
                self.empty(doc, i)?;
                changed = true;
            }
        }
        self.finished()?;
        Ok(changed)
    }

    /// A view drawn whole over frames says it is busy until its last block is drawn (once:
    /// scrolling runs this every frame).
    fn finished(&mut self) -> Result<(), JsValue> {
        if self.busy && self.drawn.iter().all(|&d| d) {
            self.busy = false;
            if let Some(container) = self.elements.first().and_then(|e| e.parent_element()) {
                container.remove_attribute("aria-busy")?;
            }
        }
        Ok(())
    }

    /// Keeps the measured height of an item for the estimates.
    fn learn(&self) {
        let (mut height, mut items) = (0.0, 0);
        for (h, r) in self.heights.iter().zip(&self.blocks) {
            if let Some(h) = h {
                height += h;
                items += r.len();
            }
        }
        if items > 0 && height > 0.0 {
            PER_ITEM.with(|p| p.borrow_mut()[self.kind.index()] = Some(height / items as f64));
        }
    }

    fn draw(&mut self, doc: &Document, page: &Page, i: usize) -> Result<(), JsValue> {
        let e = &self.elements[i];
        e.set_text_content(None);
        html(e)?.style().remove_property("height")?;
        (self.fill)(doc, page, e, &self.items[self.blocks[i].clone()])?;
        self.drawn[i] = true;
        Ok(())
    }

    /// Leaves block `i` a spacer of its height.
    fn empty(&mut self, doc: &Document, i: usize) -> Result<(), JsValue> {
        let per_item = PER_ITEM
            .with(|p| p.borrow()[self.kind.index()])
            .unwrap_or_else(|| self.kind.first_guess());
        let height = self.heights[i].unwrap_or(per_item * self.blocks[i].len() as f64);
        let e = &self.elements[i];
        e.set_text_content(None);
        // Whole pixels, written as an integer (no float formatting in the module).
        let px = format!("{}px", height.round().clamp(0.0, 1e9) as u32);
        if self.columns > 0 {
            let row = el(doc, "tr", "spacer")?;
            row.set_attribute("aria-hidden", "true")?;
            let cell = el(doc, "td", "")?;
            cell.set_attribute("colspan", &self.columns.to_string())?;
            html(&cell)?.style().set_property("height", &px)?;
            row.append_child(&cell)?;
            e.append_child(&row)?;
        } else {
            html(e)?.style().set_property("height", &px)?;
        }
        self.drawn[i] = false;
        Ok(())
    }
}
