//! The console's files: a browser that takes brotli gets the file's precompressed `.br` as it
//! is (`cargo xtask console` writes them), one that does not gets the file itself.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use common::{demo_state, loopback};
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;
use vpnroute_server::app;

#[tokio::test]
async fn a_precompressed_asset_is_sent_as_it_is_to_a_browser_that_takes_brotli() {
    let console = tempfile::tempdir().unwrap();
    let asset = "vpnroute-console-0123456789abcdef_bg.wasm";
    let plain = b"\0asm pretend module".repeat(64);
    let compressed = b"pretend brotli bytes".to_vec();
    std::fs::write(console.path().join(asset), &plain).unwrap();
    std::fs::write(console.path().join(format!("{asset}.br")), &compressed).unwrap();
    let mut state = demo_state(Duration::ZERO);
    state.console_dir = console.path().to_owned();
    let app = app(state);
    let fetch = |encoding: Option<&str>| {
        let mut request = Request::get(format!("/{asset}"));
        if let Some(encoding) = encoding {
            request = request.header("accept-encoding", encoding);
        }
        let mut request = request.body(Body::empty()).unwrap();
        request.extensions_mut().insert(ConnectInfo(loopback()));
        let app = app.clone();
        async move {
            let response = app.oneshot(request).await.unwrap();
            let encoding = response
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = response.into_body().collect().await.unwrap().to_bytes();
            (encoding, body.to_vec())
        }
    };
    let (encoding, body) = fetch(Some("gzip, deflate, br, zstd")).await;
    assert_eq!(encoding.as_deref(), Some("br"));
    assert_eq!(
        body, compressed,
        "the .br file itself, not compressed again"
    );
    let (encoding, body) = fetch(None).await;
    assert_eq!(encoding, None);
    assert_eq!(body, plain);
}
