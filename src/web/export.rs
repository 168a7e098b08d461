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
        .map_err(|e| JsError::new(&format!("cannot hand the comparison to JavaScript: {e:?}")))
}

fn to_js(c: &Comparison) -> Result<JsValue, serde_wasm_bindgen::Error> {
    use serde::Serialize;
    c.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// Downloads the comparison as JSON, shaped like `parallax --json`. The file is made in the
/// page (a blob URL); nothing is sent anywhere.
pub(super) fn download() -> Result<(), JsValue> {
    let json = APP.with(|app| {
        let app = app.borrow();
        let Some(c) = &app.page.comparison else { return Ok(None) };
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
