//! Calls to the vpnroute server that served this page, through gloo-net: RPC calls in the wire
//! format, and the server's own documents, typed by the contract crate `vpnroute-api`. What
//! goes wrong is said in the page's language; what the server says is passed on as it is.

use crate::i18n::{current_lang, t, tf};
use crate::state::Outcome;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;
use vpnroute_api::applies::{apply_path, Applies, Apply, ApplyRequest, APPLIES_PATH};
use vpnroute_api::audit::{AuditRecord, AuditRecords, AUDIT_PATH};
use vpnroute_api::{
    Person, Session, SignIn, INVALID_SESSION_TOKEN, SESSION_HEADER, SESSION_PATH, SIGN_IN_PATH,
    SIGN_IN_REQUIRED, SIGN_OUT_PATH,
};
use vpnroute_rules::ops::API_VERSION;
use vpnroute_rules::WireParams;
use web_sys::UrlSearchParams;

/// Sends one call and reads the answer; never fails, a failure is an [`Outcome::Failed`]. The
/// write meets the gateway as it is, busy codes included; a plan's writes go to
/// [`start_apply`] instead, which queues them.
pub async fn call(action: &str, params: &WireParams) -> Outcome {
    match send(action, params).await {
        Ok((status, body)) => outcome(status, &body),
        Err(reason) => Outcome::Failed(reason),
    }
}

/// A read, its answer read as `T`; or what went wrong as one line (`Code: message`).
pub async fn describe<T: DeserializeOwned>(action: &str, params: &WireParams) -> Result<T, String> {
    let (status, body) = send(action, params).await?;
    let lang = current_lang();
    if !(200..300).contains(&status) {
        return Err(format!(
            "{}: {}",
            body["Code"].as_str().unwrap_or("error"),
            body["Message"].as_str().unwrap_or(t(lang, "api.refused"))
        ));
    }
    serde_json::from_value(body).map_err(|e| {
        tf(
            lang,
            "api.unreadable-answer",
            &[("action", &action), ("error", &e)],
        )
    })
}

/// Hands a plan's writes to the server, which records them all and then sends them through
/// its per-gateway queue; the apply as recorded.
pub async fn start_apply(plan: &ApplyRequest) -> Result<Apply, String> {
    let request = Request::post(APPLIES_PATH)
        .header(SESSION_HEADER, &session_token().await?)
        .json(plan)
        .map_err(|e| e.to_string())?;
    let (status, body) = read_json(request.send().await).await?;
    if !(200..300).contains(&status) {
        return Err(refusal(status, &body));
    }
    let lang = current_lang();
    serde_json::from_value(body).map_err(|e| tf(lang, "api.unreadable-apply", &[("error", &e)]))
}

/// Apply `id` as it stands now.
pub async fn apply(id: u64) -> Result<Apply, String> {
    console_document(&apply_path(id)).await
}

/// The newest applies this page's person may follow, newest first.
pub async fn applies() -> Result<Vec<Apply>, String> {
    console_document::<Applies>(APPLIES_PATH)
        .await
        .map(|listed| listed.applies)
}

/// A document of the server's own API at `path`. A server restarted since the page got its
/// session token hands out a new one, which is fetched once before the read is given up.
async fn console_document<T: DeserializeOwned>(path: &str) -> Result<T, String> {
    let mut fetched =
        fetch_json(Request::get(path).header(SESSION_HEADER, &session_token().await?)).await?;
    if fetched.0 == 403 && fetched.1["Code"] == INVALID_SESSION_TOKEN {
        SESSION_TOKEN.with(|t| *t.borrow_mut() = None);
        fetched =
            fetch_json(Request::get(path).header(SESSION_HEADER, &session_token().await?)).await?;
    }
    let (status, body) = fetched;
    if !(200..300).contains(&status) {
        return Err(refusal(status, &body));
    }
    let lang = current_lang();
    serde_json::from_value(body).map_err(|e| {
        tf(
            lang,
            "api.unreadable-document",
            &[("path", &path), ("error", &e)],
        )
    })
}

/// The audit log's records that `filter` matches, oldest first: all of them for an admin (and
/// on a server without accounts), a person's own otherwise.
pub async fn audit(filter: &AuditQuery) -> Result<Vec<AuditRecord>, String> {
    let asked = [
        ("user", filter.user.trim()),
        ("gateway", filter.gateway.trim()),
        ("since", filter.since.trim()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty());
    let request = Request::get(AUDIT_PATH)
        .query(asked)
        .header(SESSION_HEADER, &session_token().await?);
    let (status, body) = fetch_json(request).await?;
    if !(200..300).contains(&status) {
        return Err(refusal(status, &body));
    }
    let lang = current_lang();
    serde_json::from_value::<AuditRecords>(body)
        .map(|answer| answer.records)
        .map_err(|e| tf(lang, "api.unreadable-audit", &[("error", &e)]))
}

/// What the audit page asks for; an empty part matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user: String,
    /// A gateway or connection id.
    pub gateway: String,
    /// An RFC 3339 time or a duration back from now (`2h`).
    pub since: String,
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

/// Where this page stands with the server that served it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// Not asked yet.
    Unknown,
    /// A server without accounts: the page calls it with the token it handed out.
    Open,
    SignedIn(Person),
    /// The server has accounts and this page has not signed in.
    SignInRequired,
    /// The server could not say; each call will say why again.
    Unreachable(String),
}

/// Asks the server for this page's session, and keeps its token for the calls.
pub async fn session() -> SessionState {
    let lang = current_lang();
    match fetch_json(Request::get(SESSION_PATH)).await {
        Ok((200, body)) => match serde_json::from_value::<Session>(body) {
            Ok(session) => {
                remember_token(session.token);
                session
                    .person
                    .map_or(SessionState::Open, SessionState::SignedIn)
            }
            Err(_) => SessionState::Unreachable(t(lang, "api.unreadable-session").to_owned()),
        },
        Ok((_, body)) if body["Code"] == SIGN_IN_REQUIRED => SessionState::SignInRequired,
        Ok((status, body)) => SessionState::Unreachable(refusal(status, &body)),
        Err(reason) => SessionState::Unreachable(reason),
    }
}

/// Exchanges an AccessKey pair for a session (the server sets its cookie).
pub async fn sign_in(pair: &SignIn) -> Result<Person, String> {
    let request = Request::post(SIGN_IN_PATH)
        .json(pair)
        .map_err(|e| e.to_string())?;
    let (status, body) = read_json(request.send().await).await?;
    if !(200..300).contains(&status) {
        return Err(refusal(status, &body));
    }
    let lang = current_lang();
    let session: Session =
        serde_json::from_value(body).map_err(|_| t(lang, "api.unreadable-sign-in").to_owned())?;
    remember_token(session.token);
    session
        .person
        .ok_or_else(|| t(lang, "api.signed-in-no-one").to_owned())
}

/// Ends this page's session.
pub async fn sign_out() -> Result<(), String> {
    let (status, body) = fetch_json(Request::post(SIGN_OUT_PATH)).await?;
    SESSION_TOKEN.with(|t| *t.borrow_mut() = None);
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(refusal(status, &body))
    }
}

/// A refusal as one line: `Code: message`.
fn refusal(status: u16, body: &Value) -> String {
    let lang = current_lang();
    format!(
        "{}: {}",
        body["Code"].as_str().unwrap_or("error"),
        body["Message"].as_str().map_or_else(
            || tf(lang, "api.answered-status", &[("status", &status)]),
            str::to_owned
        )
    )
}

fn remember_token(token: String) {
    SESSION_TOKEN.with(|t| *t.borrow_mut() = Some(token));
}

/// The token that lets this page call the server that served it: the server's own while it
/// has no accounts, else the signed-in session's CSRF token.
async fn session_token() -> Result<String, String> {
    if let Some(token) = SESSION_TOKEN.with(|t| t.borrow().clone()) {
        return Ok(token);
    }
    let lang = current_lang();
    match session().await {
        SessionState::SignInRequired => Err(t(lang, "api.sign-in-first").to_owned()),
        SessionState::Unreachable(reason) => Err(reason),
        SessionState::Open | SessionState::SignedIn(_) | SessionState::Unknown => SESSION_TOKEN
            .with(|token| token.borrow().clone())
            .ok_or_else(|| t(lang, "api.no-session-token").to_owned()),
    }
}

/// Sends `request` and reads the answer as JSON: its status and body.
async fn fetch_json(request: RequestBuilder) -> Result<(u16, Value), String> {
    read_json(request.send().await).await
}

/// The status and JSON body of an answer.
async fn read_json(sent: Result<Response, gloo_net::Error>) -> Result<(u16, Value), String> {
    let lang = current_lang();
    let response = sent.map_err(|e| tf(lang, "api.unreachable", &[("error", &e)]))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| e.to_string())?;
    let body = serde_json::from_str(&text)
        .map_err(|_| tf(lang, "api.not-json", &[("status", &status)]))?;
    Ok((status, body))
}

async fn send(action: &str, params: &WireParams) -> Result<(u16, Value), String> {
    let lang = current_lang();
    let form = UrlSearchParams::new().map_err(|_| t(lang, "api.form-unbuilt").to_owned())?;
    for (key, value) in &params.0 {
        form.append(key, value);
    }
    let request = Request::post("/")
        .header("x-acs-action", action)
        .header("x-acs-version", API_VERSION)
        .header("content-type", "application/x-www-form-urlencoded")
        .header(SESSION_HEADER, &session_token().await?)
        .body(String::from(form.to_string()))
        .map_err(|e| e.to_string())?;
    read_json(request.send().await).await
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
