//! Reading dropped and picked files: each file's bytes, refused before reading when too
//! large, then added in the order given.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Event, File, FileList, FileReader, HtmlElement};

use super::dom::{by_id, listen};
use super::{guard, render, with_app};
use crate::MAX_FILE_BYTES;

/// Shows the drop hint while files are dragged over the page, and reads them when dropped.
pub(super) fn listen_for_drops() -> Result<(), JsValue> {
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
            Some(files) if files.length() > 0 => read(files),
            _ => {
                with_app(|app| {
                    app.page.event();
                    app.page.error(
                        "Only files can be dropped here; to add text, use “Paste text…”.".into(),
                    )
                });
                render()
            }
        }
    })?;
    Ok(())
}

/// Files being read together: per file, its name and its bytes or why it could not be read;
/// `None` until the browser is done with it.
type Batch = Rc<RefCell<Vec<Option<(String, Result<Vec<u8>, String>)>>>>;

/// Reads dropped or picked files, then adds them in the order given.
pub(super) fn read(files: FileList) -> Result<(), JsValue> {
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
            // Whole bytes, written as an integer: float formatting costs the page 8 KB.
            file.size() as u64
        );
        finish_read(&results, index, name, Err(message));
        return Ok(());
    }
    let reader = FileReader::new()?;
    let done = {
        let reader = reader.clone();
        let results = results.clone();
        let name = name.clone();
        super::dom::once(move || {
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
        super::dom::once(move || {
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
    with_app(|app| app.page.event());
    add_each(batch.into_iter());
}

/// Adds the files read one by one, each in a task of its own (reading a long one takes
/// tens of milliseconds), then compares and draws.
fn add_each(mut files: std::vec::IntoIter<(String, Result<Vec<u8>, String>)>) {
    let Some((name, bytes)) = files.next() else {
        with_app(|app| app.recompute());
        return guard(render());
    };
    with_app(|app| {
        match bytes {
            Ok(bytes) => app.page.add_file(&name, &bytes),
            Err(message) => app.page.error(format!("{message}.")),
        }
        // The articles changed: a comparison asked for or being finished is of others. (On
        // the page's own thread the comparison waits for the last file.)
        if app.page.deferred {
            app.page.recompute();
        }
    });
    guard(super::dom::later(0, move || add_each(files)));
}
