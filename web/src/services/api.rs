//! Calls to the vpnroute server that served this page, in the RPC wire format.

use crate::state::Outcome;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use vpnroute_rules::ops::API_VERSION;
use vpnroute_rules::WireParams;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit, Response, UrlSearchParams};

/// Whether a write waits for its turn in the server's per-gateway queue (plan apply) or
/// meets the gateway as it is, busy codes included (forms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Direct,
    Queued,
}

/// Sends one call and reads the answer; never fails, a failure is an [`Outcome::Failed`].
pub async fn call(action: &str, params: &WireParams, delivery: Delivery) -> Outcome {
    match send(action, params, delivery).await {
        Ok((status, body)) => outcome(status, &body),
        Err(reason) => Outcome::Failed(reason),
    }
}

/// A read: the answer's body, or what went wrong as one line (`Code: message`).
pub async fn describe(action: &str, params: &WireParams) -> Result<Value, String> {
    let (status, body) = send(action, params, Delivery::Direct).await?;
    if (200..300).contains(&status) {
        return Ok(body);
    }
    Err(format!(
        "{}: {}",
        body["Code"].as_str().unwrap_or("error"),
        body["Message"]
            .as_str()
            .unwrap_or("the server refused the call")
    ))
}

/// A JSON document of the server's own API (`/api/queue`), asked with the session token.
pub async fn get(path: &str) -> Result<Value, String> {
    let headers = Headers::new().map_err(describe_js)?;
    headers
        .set(SESSION_HEADER, &session_token().await?)
        .map_err(describe_js)?;
    let init = RequestInit::new();
    init.set_headers(&headers);
    fetch_json(path, &init).await.map(|(_, body)| body)
}

/// Runs `load` in the background and hands its result to `land`, unless the returned function
/// was called first. An effect returns that function as its cleanup, so the answer for an
/// earlier selection or page, arriving late, never replaces the answer for a later one.
pub fn load_latest<T: 'static>(
    load: impl Future<Output = T> + 'static,
    land: impl FnOnce(T) + 'static,
) -> impl FnOnce() {
    let current = Rc::new(Cell::new(true));
    let still_current = current.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let found = load.await;
        if still_current.get() {
            land(found);
        }
    });
    move || current.set(false)
}

/// Waits `ms` milliseconds without blocking the page.
pub async fn sleep(ms: u32) {
    gloo::timers::future::TimeoutFuture::new(ms).await;
}

thread_local! {
    /// The server's session token, fetched once per page load.
    static SESSION_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The header and path the server hands the console its session token on.
const SESSION_HEADER: &str = "x-vpnroute-session";
const SESSION_PATH: &str = "/api/session";
/// The header that asks the server to queue a write.
const QUEUE_HEADER: &str = "x-vpnroute-queue";

/// The token that lets this page call the server that served it.
async fn session_token() -> Result<String, String> {
    if let Some(token) = SESSION_TOKEN.with(|t| t.borrow().clone()) {
        return Ok(token);
    }
    let (_, body) = fetch_json(SESSION_PATH, &RequestInit::new()).await?;
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
        .map_err(|e| format!("The server could not be reached: {}", describe_js(e)))?
        .dyn_into()
        .map_err(describe_js)?;
    let status = response.status();
    let text = JsFuture::from(response.text().map_err(describe_js)?)
        .await
        .map_err(describe_js)?;
    let text = text.as_string().unwrap_or_default();
    let body = serde_json::from_str(&text).map_err(|_| {
        format!("The server answered HTTP {status} with something that is not JSON.")
    })?;
    Ok((status, body))
}

async fn send(
    action: &str,
    params: &WireParams,
    delivery: Delivery,
) -> Result<(u16, Value), String> {
    let form = UrlSearchParams::new().map_err(describe_js)?;
    for (key, value) in &params.0 {
        form.append(key, value);
    }
    let headers = Headers::new().map_err(describe_js)?;
    headers.set("x-acs-action", action).map_err(describe_js)?;
    headers
        .set("x-acs-version", API_VERSION)
        .map_err(describe_js)?;
    headers
        .set("content-type", "application/x-www-form-urlencoded")
        .map_err(describe_js)?;
    headers
        .set(SESSION_HEADER, &session_token().await?)
        .map_err(describe_js)?;
    if delivery == Delivery::Queued {
        headers.set(QUEUE_HEADER, "1").map_err(describe_js)?;
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from(form.to_string()));
    fetch_json("/", &init).await
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

fn describe_js(error: JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_sys::JSON::stringify(&error)
                .ok()
                .and_then(|s| s.as_string())
        })
        .unwrap_or_else(|| "unknown error".to_owned())
}
