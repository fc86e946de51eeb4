//! Calls to the vpnroute server that served this page, in the RPC wire format.

use crate::state::Outcome;
use serde_json::Value;
use std::cell::RefCell;
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

thread_local! {
    /// The server's session token, fetched once per page load.
    static SESSION_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The header and path the server hands the console its session token on.
const SESSION_HEADER: &str = "x-vpnroute-session";
const SESSION_PATH: &str = "/api/session";

/// The token that lets this page call the server that served it.
async fn session_token() -> Result<String, String> {
    if let Some(token) = SESSION_TOKEN.with(|t| t.borrow().clone()) {
        return Ok(token);
    }
    let body = fetch_json(SESSION_PATH, &RequestInit::new()).await?.1;
    let token = body
        .get("token")
        .and_then(Value::as_str)
        .ok_or("The server did not hand out a session token.")?
        .to_owned();
    SESSION_TOKEN.with(|t| *t.borrow_mut() = Some(token.clone()));
    Ok(token)
}

/// Fetches `path` and reads the answer as JSON: its status and body.
async fn fetch_json(path: &str, init: &RequestInit) -> Result<(u16, Value), String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, init))
        .await
        .map_err(|e| format!("The server could not be reached: {}", describe(e)))?
        .dyn_into()
        .map_err(describe)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    let text = text.as_string().unwrap_or_default();
    let body = serde_json::from_str(&text).map_err(|_| {
        format!("The server answered HTTP {status} with something that is not JSON.")
    })?;
    Ok((status, body))
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
    headers
        .set(SESSION_HEADER, &session_token().await?)
        .map_err(describe)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from(form.to_string()));
    let (status, body) = fetch_json("/", &init).await?;
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
