//! vpnroute-server: the HTTP surface. It serves the console and an endpoint that speaks
//! Alibaba Cloud's RPC protocol, answered by the embedded emulator. It is the only crate that
//! knows HTTP and request ids; every rule it applies comes from `vpnroute-rules`.

pub mod access;
pub mod accounts;
pub mod action;
pub mod check;
pub mod database;
pub mod emulator;
pub mod error;
pub mod headers;
pub mod listen;
pub mod live;
pub mod queue;
pub mod signature;
pub mod upstream;
pub mod wire;

use crate::access::{Access, ConnectionEnds};
use crate::action::Action;
use crate::error::{new_request_id, ApiError};
use crate::queue::{Backend, WriteQueue};
use crate::signature::SignedParts;
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// A write with this header waits its turn in the queue instead of meeting a busy gateway.
pub use vpnroute_api::QUEUE_HEADER;

/// Unix milliseconds as UTC RFC 3339 (`2026-11-22T08:30:00.125Z`), as the CLI shows times.
pub fn format_time(unix_millis: u64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_millis) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| format!("{unix_millis} ms after 1970"))
}

/// Request bodies larger than this are refused; a real RPC call is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    /// Every call goes to the queue's backend; writes through the queue itself when they
    /// must wait their turn.
    pub queue: Arc<WriteQueue>,
    pub access: Arc<Access>,
    /// The built console (trunk's `dist/`).
    pub console_dir: PathBuf,
}

/// The whole HTTP surface, apart from `main` so tests can drive it without a socket.
pub fn app(state: AppState) -> Router {
    let security = headers::layers(&state.console_dir);
    let router = Router::new()
        .route("/", any(root))
        .route(vpnroute_api::SESSION_PATH, get(session))
        .route(vpnroute_api::QUEUE_PATH, get(queue))
        .fallback(console)
        .layer(CompressionLayer::new());
    security
        .into_iter()
        .fold(router, Router::layer)
        .with_state(state)
}

/// The console's session token, while the server has no accounts. Only a page of this
/// origin can read it: the answer has no CORS headers.
async fn session(State(state): State<AppState>) -> Response {
    match state.access.is_open() {
        Ok(true) => {}
        Ok(false) => {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                "SignInRequired",
                "This server takes calls from people with accounts only, so the console has no token to hand out; every call must be signed with a person's key pair.",
            )
            .into_response()
        }
        Err(error) => return error.into_response(),
    }
    let mut response = Json(vpnroute_api::Session {
        token: state.access.session_token.clone(),
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The writes queued per gateway and connection, and what each is doing: for the console,
/// or a caller on loopback.
async fn queue(State(state): State<AppState>, request: Request) -> Response {
    match state
        .access
        .console(request.headers(), connection_ends(&request))
    {
        Ok(_) => Json(vpnroute_api::queue::QueueSnapshot {
            targets: state.queue.snapshot(),
        })
        .into_response(),
        Err(error) => error.into_response(),
    }
}

fn connection_ends(request: &Request) -> Option<ConnectionEnds> {
    request
        .extensions()
        .get::<ConnectInfo<ConnectionEnds>>()
        .map(|ConnectInfo(ends)| *ends)
}

/// `POST /` is an RPC call; `GET /` is the console, unless it carries an `Action` (the
/// service tolerates GET calls, and so do we).
async fn root(State(state): State<AppState>, request: Request) -> Response {
    let is_call = request.method() == axum::http::Method::POST
        || request.headers().contains_key("x-acs-action")
        || query_has_action(request.uri());
    if is_call {
        rpc(&state, request).await
    } else {
        console(State(state), request).await
    }
}

/// A file of the built console. Trunk puts a content hash in every asset name, so those are
/// cached for good; the page itself is revalidated, so a new build shows at once.
async fn console(State(state): State<AppState>, request: Request) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = match ServeDir::new(&state.console_dir).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    if response.status().is_success() {
        let policy = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Trunk's asset names end in `-<16 hex digits>` before the extension (or before `_bg`).
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn query_has_action(uri: &Uri) -> bool {
    uri.query()
        .is_some_and(|q| q.split('&').any(|pair| pair.starts_with("Action=")))
}

async fn rpc(state: &AppState, request: Request) -> Response {
    let request_id = new_request_id();
    match answer(state, request, &request_id).await {
        Ok(body) => Json(body).into_response(),
        Err(error) => {
            tracing::info!(code = %error.code, status = %error.status, %request_id, "call refused");
            error.into_response_with_id(&request_id)
        }
    }
}

async fn answer(
    state: &AppState,
    request: Request,
    request_id: &str,
) -> Result<serde_json::Value, ApiError> {
    let ends = connection_ends(&request);
    let (parts, body) = request.into_parts();
    let body = read_body(body).await?;
    let query = wire::decode_form(parts.uri.query().unwrap_or("").as_bytes(), "query string")?;
    let form = wire::decode_body(&parts.headers, &body)?;
    let caller = state.access.authenticate(
        &SignedParts {
            method: parts.method.as_str(),
            headers: &parts.headers,
            query: &query,
            form: &form,
            body: &body,
        },
        ends,
    )?;
    let call = wire::read_call(&parts.headers, query, form)?;
    let action = Action::parse(&call.action)?;
    caller.authorize(action, &call.params)?;
    // The real service refuses overlapping writes, so the proxy queues every write. The
    // emulator answers as the service does, busy codes included, unless the caller (the
    // console applying a plan) asks for the queue.
    let queued = action.is_write()
        && (matches!(state.queue.backend(), Backend::Upstream(_))
            || parts.headers.contains_key(QUEUE_HEADER));
    if queued {
        state
            .queue
            .submit(action, call.params, request_id.to_owned())
            .await
    } else {
        state
            .queue
            .backend()
            .call(action, &call.params, request_id)
            .await
    }
}

async fn read_body(body: Body) -> Result<axum::body::Bytes, ApiError> {
    to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestBodyTooLarge",
            format!("The request body is larger than {MAX_BODY_BYTES} bytes, the most this endpoint reads."),
        )
    })
}
