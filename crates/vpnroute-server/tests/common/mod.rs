//! What the RPC tests share: an app over the demo world, driven without a socket, with the
//! connection recorded as coming from loopback unless a test says otherwise.

#![allow(dead_code)] // Each test file uses its own part of this module.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use vpnroute_server::access::{Access, ConfiguredKey, ConnectionEnds};
use vpnroute_server::accounts::Accounts;
use vpnroute_server::database::Database;
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};
use vpnroute_server::queue::{Backend, QueuePolicy, WriteQueue};
use vpnroute_server::signature::Credentials;
use vpnroute_server::{app, AppState};

pub fn credentials() -> Credentials {
    Credentials {
        access_key_id: "testid".to_owned(),
        access_key_secret: "testsecret".to_owned(),
        security_token: None,
    }
}

/// Access as a server on loopback without accounts has it, with the default pair.
pub fn open_access() -> Access {
    open_access_in(Arc::new(Database::in_memory()))
}

/// [`open_access`] keeping its accounts and audit log in `database`.
pub fn open_access_in(database: Arc<Database>) -> Access {
    Access::new(
        Accounts::new(database),
        ConfiguredKey::from_pair(credentials()),
    )
}

pub fn state_with(emulator: Emulator) -> AppState {
    let database = Arc::new(Database::in_memory());
    AppState {
        queue: WriteQueue::new(
            Backend::Emulator(Arc::new(emulator)),
            QueuePolicy {
                poll_interval: Duration::from_millis(20),
                ..QueuePolicy::default()
            },
            Arc::clone(&database),
        ),
        access: Arc::new(open_access_in(database)),
        console_dir: std::env::temp_dir().join("vpnroute-no-console"),
    }
}

/// The state of a server whose emulator holds the demo world and turns a target active again
/// `update_delay` after a write.
pub fn demo_state(update_delay: Duration) -> AppState {
    state_with(Emulator::new(
        EmulatorConfig {
            update_delay,
            ..EmulatorConfig::default()
        },
        demo::world(),
    ))
}

pub fn server(update_delay: Duration) -> axum::Router {
    app(demo_state(update_delay))
}

/// Serves `router` on a free loopback port, in the background; returns its `http://` URL.
pub async fn serve_on_loopback(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

pub fn loopback() -> ConnectionEnds {
    ConnectionEnds {
        local: SocketAddr::from(([127, 0, 0, 1], 8080)),
        peer: SocketAddr::from(([127, 0, 0, 1], 50000)),
    }
}

pub fn remote() -> ConnectionEnds {
    ConnectionEnds {
        local: SocketAddr::from(([10, 0, 0, 5], 8080)),
        peer: SocketAddr::from(([10, 0, 0, 9], 50000)),
    }
}

/// Sends `request` as if over a connection with `ends`; the body must be JSON.
pub async fn send_from(
    app: &axum::Router,
    ends: ConnectionEnds,
    mut request: Request<Body>,
) -> (StatusCode, Value) {
    request.extensions_mut().insert(ConnectInfo(ends));
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {:?}", String::from_utf8_lossy(&bytes)));
    (status, body)
}

pub async fn send(app: &axum::Router, request: Request<Body>) -> (StatusCode, Value) {
    send_from(app, loopback(), request).await
}

/// An unsigned call of `action` with `query` (already encoded).
pub fn call(action: &str, query: &str) -> Request<Body> {
    Request::post(format!("/?{query}"))
        .header("x-acs-action", action)
        .header("x-acs-version", "2016-04-28")
        .body(Body::empty())
        .unwrap()
}

pub fn assert_error_shape(body: &Value, code: &str) {
    assert_eq!(body["Code"], code, "{body}");
    for key in ["RequestId", "Message", "HostId", "Recommend"] {
        assert!(body[key].is_string(), "{key} missing in {body}");
    }
}
