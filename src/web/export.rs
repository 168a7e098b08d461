//! The exported wasm API ([`compare_files`]) and the JSON download: the comparison shaped
//! like `parallax --json`, made in the page, never uploaded.

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::document;
use super::APP;
use crate::{Article, Comparison, Options};

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
        .map_err(|e| JsError::new(&format!("cannot hand the comparison to JavaScript: {e}")))
}

fn to_js(c: &Comparison) -> Result<JsValue, serde_wasm_bindgen::Error> {
    use serde::Serialize;
    c.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// Downloads the comparison in `format`: `json` (shaped like `parallax --json`), `md` (a
/// Markdown table), `csv` (a row per group member) or `html` (a report to print or send),
/// the same files as the CLI's `--format`. The file is made in the page (a blob URL);
/// nothing is sent anywhere.
pub(super) fn download(format: &str) -> Result<(), JsValue> {
    let made = APP.with(|app| -> Result<Option<String>, JsValue> {
        let app = app.borrow();
        let Some(c) = &app.page.comparison else { return Ok(None) };
        Ok(match format {
            "md" => Some(crate::export::markdown(c)),
            "csv" => Some(crate::export::csv(c)),
            "html" => Some(crate::export::html(c)),
            _ => {
                let value = to_js(c).map_err(|e| JsValue::from_str(&e.to_string()))?;
                js_sys::JSON::stringify_with_replacer_and_space(
                    &value,
                    &JsValue::NULL,
                    &JsValue::from(2),
                )?
                .as_string()
            }
        })
    })?;
    let Some(text) = made else { return Ok(()) };
    let (kind, extension) = match format {
        "md" => ("text/markdown", "md"),
        "csv" => ("text/csv", "csv"),
        "html" => ("text/html", "html"),
        _ => ("application/json", "json"),
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{kind};charset=utf-8"));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document()?.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(&format!("parallax-comparison.{extension}"));
    link.click();
    // Free the blob once the download has surely started.
    let free = super::dom::once(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window()
        .ok_or("no window")?
        .set_timeout_with_callback_and_timeout_and_arguments_0(free.unchecked_ref(), 10_000)?;
    Ok(())
}
