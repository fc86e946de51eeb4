//! Every answer carries the security headers, and the console's page may run only its own
//! scripts and the inline one its `index.html` holds.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use base64::Engine;
use common::{demo_state, loopback};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tower::ServiceExt;
use vpnroute_server::app;

#[tokio::test]
async fn the_page_and_the_api_carry_the_security_headers() {
    let console = tempfile::tempdir().unwrap();
    let script = "import init from '/app.js'; await init();";
    std::fs::write(
        console.path().join("index.html"),
        format!("<!doctype html><script type=\"module\">{script}</script>"),
    )
    .unwrap();
    let mut state = demo_state(Duration::ZERO);
    state.console_dir = console.path().to_owned();
    let app = app(state);
    for path in ["/", "/api/session"] {
        let mut request = Request::get(path).body(Body::empty()).unwrap();
        request.extensions_mut().insert(ConnectInfo(loopback()));
        let response = app.clone().oneshot(request).await.unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let headers = response.headers();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let policy = header("content-security-policy");
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes()));
        assert!(
            policy.contains(&format!("'sha256-{hash}'")),
            "{path}: {policy}"
        );
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{path}");
    }
}
