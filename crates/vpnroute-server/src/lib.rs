//! vpnroute-server: the HTTP surface. It serves the console and an endpoint that speaks
//! Alibaba Cloud's RPC protocol, answered by the embedded emulator. It is the only crate that
//! knows HTTP and request ids; every rule it applies comes from `vpnroute-rules`.

pub mod access;
pub mod accounts;
pub mod action;
pub mod applies;
pub mod audit;
pub mod check;
pub mod database;
pub mod emulator;
pub mod error;
pub mod headers;
pub mod journal;
pub mod listen;
pub mod live;
pub mod queue;
pub mod sessions;
pub mod signature;
pub mod upstream;
pub mod wire;

use crate::access::{Access, ConnectionEnds};
use crate::action::Action;
use crate::audit::{AuditFilter, WriteAttempt};
use crate::error::{new_request_id, ApiError};
use crate::journal::Requester;
use crate::queue::{Backend, WriteQueue};
use crate::signature::SignedParts;
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use sha2::Digest;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use vpnroute_api::applies::APPLIES_PATH;

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
        .route(vpnroute_api::SIGN_IN_PATH, post(sign_in))
        .route(vpnroute_api::SIGN_OUT_PATH, post(sign_out))
        .route(vpnroute_api::QUEUE_PATH, get(queue))
        .route(audit::AUDIT_PATH, get(audit_log))
        .route(APPLIES_PATH, post(applies::start).get(applies::list))
        .route(&format!("{APPLIES_PATH}/{{id}}"), get(applies::one))
        .fallback(console)
        .layer(CompressionLayer::new());
    security
        .into_iter()
        .fold(router, Router::layer)
        .with_state(state)
}

/// The console's session: on a server without accounts its token, to anyone who can load
/// the page (only a page of this origin can read the answer: it has no CORS headers); on a
/// server with accounts the signed-in person and their CSRF token, or 401 with
/// `SignInRequired`, which shows the sign-in page.
async fn session(State(state): State<AppState>, request: Request) -> Response {
    let access = &state.access;
    let session = match access.signed_in(request.headers()) {
        Some(Ok((session, role))) => vpnroute_api::Session {
            token: session.csrf,
            person: Some(vpnroute_api::Person {
                name: session.name,
                role,
            }),
        },
        Some(Err(_)) | None => match access.is_open() {
            Ok(true) => vpnroute_api::Session {
                token: access.session_token.clone(),
                person: None,
            },
            Ok(false) => return sign_in_required().into_response(),
            Err(error) => return error.into_response(),
        },
    };
    no_store(Json(session).into_response())
}

fn sign_in_required() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        vpnroute_api::SIGN_IN_REQUIRED,
        "This server has accounts: sign in with your AccessKey pair to use the console.",
    )
    .with_recommend("Ask an admin for an account (`vpnroute users add NAME --role viewer`).")
}

pub(crate) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Exchanges a person's AccessKey pair for a session cookie and the session's CSRF token.
/// An address with too many recent failures is held off (429) before its pair is looked at.
async fn sign_in(State(state): State<AppState>, request: Request) -> Response {
    let address = connection_ends(&request).map(|ends| ends.peer.ip());
    let secure = request.extensions().get::<listen::OverTls>().is_some()
        || request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"));
    let sessions = &state.access.sessions;
    if let Some(wait) = address.and_then(|a| sessions.held_off(a)) {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Throttling.SignIn",
            format!(
                "Too many failed sign-ins from this address; try again in {} s.",
                wait.as_secs().max(1)
            ),
        );
        error.retry_after_ms = Some(wait.as_millis() as u64);
        return error.into_response();
    }
    let body = match read_body(request.into_body()).await {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let Ok(pair) = serde_json::from_slice::<vpnroute_api::SignIn>(&body) else {
        return ApiError::bad_request(
            "InvalidParameter.SignIn",
            "The sign-in must be JSON with accessKeyId and accessKeySecret.",
        )
        .into_response();
    };
    let found = match state.access.accounts().find_key(&pair.access_key_id) {
        Ok(found) => found,
        Err(problem) => {
            tracing::error!(%problem, "cannot read the accounts");
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The accounts cannot be read just now. The server log says why.",
            )
            .into_response();
        }
    };
    // Secrets are compared by their digests, so the time taken says nothing about them.
    let digest = |text: &str| sha2::Sha256::digest(text.as_bytes());
    let account = found
        .filter(|(_, secret)| digest(secret) == digest(&pair.access_key_secret))
        .map(|(account, _)| account);
    let Some(account) = account else {
        if let Some(address) = address {
            sessions.failed(address);
        }
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            "SignIn.Failed",
            "This AccessKey pair is not one of this server's accounts.",
        )
        .with_recommend("Check both halves of the pair; an admin can give you a new one with `vpnroute users rotate NAME`.")
        .into_response();
    };
    let (cookie, session) = match sessions.start(&account.name) {
        Ok(started) => started,
        Err(problem) => {
            tracing::error!(%problem, "cannot start a session");
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "No session could be started just now. The server log says why.",
            )
            .into_response();
        }
    };
    let mut response = no_store(
        Json(vpnroute_api::Session {
            token: session.csrf,
            person: Some(vpnroute_api::Person {
                name: account.name,
                role: account.role,
            }),
        })
        .into_response(),
    );
    let cookie = sessions::set_cookie(&cookie, sessions.lifetime(), secure);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// Ends the session the cookie names and drops the cookie.
async fn sign_out(State(state): State<AppState>, request: Request) -> Response {
    state.access.sessions.end(request.headers());
    let mut response = no_store(Json(serde_json::json!({})).into_response());
    if let Ok(value) = HeaderValue::from_str(&sessions::clear_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
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

/// The audit log for the console: an admin's filter as asked, anyone else's narrowed to their
/// own records. Without accounts the caller on loopback is an admin and sees everything.
async fn audit_log(State(state): State<AppState>, request: Request) -> Response {
    let caller = match state
        .access
        .console(request.headers(), connection_ends(&request))
    {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    let query = match wire::decode_form(
        request.uri().query().unwrap_or("").as_bytes(),
        "query string",
    ) {
        Ok(query) => query,
        Err(error) => return error.into_response(),
    };
    let asked = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    };
    let since_ms = match asked("since")
        .map(|text| audit::parse_since(text, emulator::unix_millis()))
    {
        Some(Ok(ms)) => Some(ms),
        Some(Err(problem)) => {
            return ApiError::bad_request("InvalidParameter.Since", format!("since: {problem}."))
                .into_response()
        }
        None => None,
    };
    let person = asked("user").map(str::to_owned);
    let own = caller.person();
    let person = if caller.role >= accounts::Role::Admin {
        person
    } else if person.as_ref().is_some_and(|asked| *asked != own) {
        return no_store(Json(audit::AuditRecords::default()).into_response());
    } else {
        Some(own)
    };
    let filter = AuditFilter {
        person,
        target: asked("gateway").map(str::to_owned),
        since_ms,
    };
    let log = state.access.audit().clone();
    match database::blocking(move || log.read(&filter)).await {
        Ok(records) => no_store(Json(audit::AuditRecords { records }).into_response()),
        Err(problem) => ApiError::unreadable("the audit log", &problem).into_response(),
    }
}

pub(crate) fn connection_ends(request: &Request) -> Option<ConnectionEnds> {
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
    // `cargo xtask console` writes each file's brotli beside it: sent as it is, rather than
    // compressed on every request.
    let files = ServeDir::new(&state.console_dir).precompressed_br();
    let mut response = match files.oneshot(request).await {
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

/// Every RPC call passes here, so this is where writes are recorded in the audit log, once
/// their answer is known; recording never changes the answer.
async fn rpc(state: &AppState, request: Request) -> Response {
    let request_id = new_request_id();
    let source = connection_ends(&request)
        .map(|ends| ends.peer.ip().to_string())
        .unwrap_or_default();
    let mut write = None;
    let answered = answer(state, request, &request_id, &mut write).await;
    if let Some(write) = write {
        let outcome = match &answered {
            Ok(_) => "OK".to_owned(),
            Err(error) => error.code.clone(),
        };
        state
            .access
            .audit()
            .record(write, outcome, source, request_id.clone())
            .await;
    }
    match answered {
        Ok(body) => Json(body).into_response(),
        Err(error) => {
            tracing::info!(code = %error.code, status = %error.status, %request_id, "call refused");
            error.into_response_with_id(&request_id)
        }
    }
}

/// The answer to a call. `write` is set as soon as the call is known to be a write, so that
/// it is recorded however it is answered.
async fn answer(
    state: &AppState,
    request: Request,
    request_id: &str,
    write: &mut Option<WriteAttempt>,
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
    );
    // The call is read before a refused caller's error is returned, so that a write refused
    // for its signature is recorded too; the errors are still answered in the same order.
    let call = wire::read_call(&parts.headers, query, form);
    if let Ok(call) = &call {
        if let Some(action) = Action::parse(&call.action).ok().filter(|a| a.is_write()) {
            *write = Some(WriteAttempt {
                person: caller
                    .as_ref()
                    .map_or_else(|_| audit::UNAUTHENTICATED.to_owned(), |c| c.person()),
                action,
                params: call.params.clone(),
            });
        }
    }
    let caller = caller?;
    let call = call?;
    let action = Action::parse(&call.action)?;
    caller.authorize(action, &call.params)?;
    // The real service refuses overlapping writes, so the proxy queues every write. The
    // emulator answers as the service does, busy codes included, unless the caller asks for
    // the queue.
    let queued = action.is_write()
        && (matches!(state.queue.backend(), Backend::Upstream(_))
            || parts.headers.contains_key(QUEUE_HEADER));
    if !queued {
        return state
            .queue
            .backend()
            .call(action, &call.params, request_id)
            .await;
    }
    // The queue records the answers of the writes it sends, as it also sends them again
    // after a restart, when this request is gone.
    let requester = Requester {
        person: caller.person(),
        source: ends.map(|e| e.peer.ip().to_string()).unwrap_or_default(),
    };
    write.take();
    state
        .queue
        .submit(action, call.params, request_id.to_owned(), requester)
        .await
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
