//! Calls to the vpnroute server that served this page, in the RPC wire format.

use crate::state::Outcome;
use serde_json::Value;
use vpnroute_rules::WireParams;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response, UrlSearchParams};

/// Sends one call and reads the answer; never fails, a failure is an [`Outcome::Failed`].
pub async fn call(action: &str, params: &WireParams) -> Outcome {
    match send(action, params).await {
        Ok(outcome) => outcome,
        Err(reason) => Outcome::Failed(reason),
    }
}

async fn send(action: &str, params: &WireParams) -> Result<Outcome, String> {
    let form = UrlSearchParams::new().map_err(describe)?;
    for (key, value) in &params.0 {
        form.append(key, value);
    }
    let headers = Headers::new().map_err(describe)?;
    headers.set("x-acs-action", action).map_err(describe)?;
    headers
        .set("x-acs-version", "2016-04-28")
        .map_err(describe)?;
    headers
        .set("content-type", "application/x-www-form-urlencoded")
        .map_err(describe)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from(form.to_string()));
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init("/", &init))
        .await
        .map_err(|e| format!("The server could not be reached: {}", describe(e)))?
        .dyn_into()
        .map_err(describe)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    let text = text.as_string().unwrap_or_default();
    let body: Value = serde_json::from_str(&text).map_err(|_| {
        format!("The server answered HTTP {status} with something that is not JSON.")
    })?;
    Ok(outcome(status, &body))
}

fn outcome(status: u16, body: &Value) -> Outcome {
    let text = |key: &str| match body.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    if (200..300).contains(&status) {
        let fields = body
            .as_object()
            .map(|o| o.keys().map(|k| (k.clone(), text(k))).collect())
            .unwrap_or_default();
        Outcome::Success(fields)
    } else {
        Outcome::Refused {
            status,
            code: text("Code"),
            message: text("Message"),
            request_id: text("RequestId"),
            recommend: text("Recommend"),
        }
    }
}

fn describe(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_sys::JSON::stringify(&error)
                .ok()
                .and_then(|s| s.as_string())
        })
        .unwrap_or_else(|| "unknown error".to_owned())
}
