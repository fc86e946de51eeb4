//! What the console keeps for the browser tab: the values of each operation's form, the
//! plan's text and the intents' text. A row action of the gateway view writes a draft here and opens its page.
//! Files the console offers (snapshots, exports) are handed over here too.

use crate::route::Page;
use gloo::storage::{SessionStorage, Storage};
use std::collections::BTreeMap;
use vpnroute_rules::plan_file::to_json;
use vpnroute_rules::{Operation, PlanRequest};

const PLAN_TEXT_KEY: &str = "vpnroute.plan-text";
const INTENTS_TEXT_KEY: &str = "vpnroute.intents-text";

fn form_key(operation: Operation) -> String {
    format!("vpnroute.form.{}", operation.name())
}

/// The values last typed into `operation`'s form, if any.
pub fn form_values(operation: Operation) -> BTreeMap<String, String> {
    SessionStorage::get(form_key(operation)).unwrap_or_default()
}

pub fn keep_form_values(operation: Operation, values: &BTreeMap<String, String>) {
    // A full or disabled storage only means the values are not kept across reloads.
    let _ = SessionStorage::set(form_key(operation), values);
}

pub fn plan_text() -> String {
    SessionStorage::get(PLAN_TEXT_KEY).unwrap_or_default()
}

pub fn keep_plan_text(text: &str) {
    let _ = SessionStorage::set(PLAN_TEXT_KEY, text);
}

pub fn intents_text() -> String {
    SessionStorage::get(INTENTS_TEXT_KEY).unwrap_or_default()
}

pub fn keep_intents_text(text: &str) {
    let _ = SessionStorage::set(INTENTS_TEXT_KEY, text);
}

fn open(page: Page) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&page.hash());
    }
}

/// Opens the form of `request`'s operation with its values filled in.
pub fn open_form(request: &PlanRequest) {
    let values = request
        .params
        .0
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    keep_form_values(request.operation, &values);
    open(Page::of_operation(request.operation));
}

/// A link target that downloads `text` as a file, without a round trip to the server.
pub fn download_href(media_type: &str, text: &str) -> String {
    format!(
        "data:{media_type};charset=utf-8,{}",
        js_sys::encode_uri_component(text)
    )
}

/// Opens the plan page with `rows` as its plan.
pub fn open_plan(rows: &[PlanRequest]) {
    keep_plan_text(&to_json(rows));
    open(Page::Plan);
}
