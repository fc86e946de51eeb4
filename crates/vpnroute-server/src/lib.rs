//! vpnroute-server: the HTTP surface. It serves the console and an endpoint that speaks
//! Alibaba Cloud's RPC protocol, answered by the embedded emulator. It is the only crate that
//! knows HTTP and request ids; every rule it applies comes from `vpnroute-rules`.

pub mod check;
pub mod emulator;
pub mod error;
pub mod wire;

use crate::emulator::Emulator;
use crate::error::{new_request_id, ApiError};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use vpnroute_rules::Operation;

/// Request bodies larger than this are refused; a real RPC call is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub emulator: Arc<Emulator>,
    /// The built console (trunk's `dist/`).
    pub console_dir: PathBuf,
}

/// The whole HTTP surface, apart from `main` so tests can drive it without a socket.
pub fn app(state: AppState) -> Router {
    let console = ServeDir::new(&state.console_dir);
    Router::new()
        .route("/", any(root))
        .fallback_service(console)
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// `POST /` is an RPC call; `GET /` is the console, unless it carries an `Action` (the
/// service tolerates GET calls, and so do we).
async fn root(State(state): State<AppState>, request: Request) -> Response {
    let is_call = request.method() == axum::http::Method::POST
        || request.headers().contains_key("x-acs-action")
        || query_has_action(request.uri());
    if is_call {
        return rpc(&state, request).await;
    }
    match ServeDir::new(&state.console_dir).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
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
    let (parts, body) = request.into_parts();
    let body = read_body(body).await?;
    let call = wire::read_call(
        &parts.headers,
        parts.uri.query().unwrap_or("").as_bytes(),
        &body,
    )?;
    let operation: Operation =
        call.action
            .parse()
            .map_err(|e: vpnroute_rules::UnknownOperation| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "InvalidAction.NotFound",
                    e.to_string(),
                )
            })?;
    // The emulator holds a lock and does CPU work only; it never waits on I/O.
    state.emulator.call(operation, &call.params, request_id)
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
