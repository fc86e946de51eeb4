//! Signature verification against the requests the official SDKs really sent (Python and
//! Node, ACS3-HMAC-SHA256 and HMAC-SHA1, with and without bodies and STS tokens), signed
//! with the key of an account `testid`, and the console's session token on a server without
//! accounts.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine;
use common::{assert_error_shape, remote, send_from, state_with};
use serde_json::Value;
use vpnroute_server::access::SESSION_HEADER;
use vpnroute_server::accounts::Role;
use vpnroute_server::app;
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};

const AUTH_CODES: [&str; 3] = [
    "IncompleteSignature",
    "SignatureDoesNotMatch",
    "InvalidAccessKeyId.NotFound",
];

struct Capture {
    raw_path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    action: String,
}

fn captures() -> Vec<Capture> {
    let text = include_str!("vectors/sdk-captures.jsonl");
    text.lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).unwrap();
            let pairs = |v: &Value| -> Vec<(String, String)> {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        (
                            p[0].as_str().unwrap().to_owned(),
                            p[1].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            };
            Capture {
                raw_path: record["raw_path"].as_str().unwrap().to_owned(),
                headers: pairs(&record["headers"]),
                body: base64::engine::general_purpose::STANDARD
                    .decode(record["raw_body_b64"].as_str().unwrap())
                    .unwrap(),
                action: record["action"].as_str().unwrap().to_owned(),
            }
        })
        .collect()
}

impl Capture {
    fn request(&self) -> Request<Body> {
        let mut builder = Request::post(&self.raw_path);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.body(Body::from(self.body.clone())).unwrap()
    }

    fn is_acs3(&self) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    }
}

/// A server whose one account, an operator, holds the key pair `testid`/`secret`.
fn emulator_app(secret: &str) -> axum::Router {
    let mut state = state_with(Emulator::new(EmulatorConfig::default(), demo::world()));
    let access = common::open_access();
    let mut key = common::credentials();
    key.access_key_secret = secret.to_owned();
    access
        .accounts()
        .add_with_key("testid", Role::Operator, &key)
        .unwrap();
    state.access = std::sync::Arc::new(access);
    app(state)
}

/// A server without accounts, as on one person's machine.
fn open_app() -> axum::Router {
    app(state_with(Emulator::new(
        EmulatorConfig::default(),
        demo::world(),
    )))
}

async fn code_of(app: &axum::Router, request: Request<Body>) -> String {
    let (_, body) = send_from(app, remote(), request).await;
    body["Code"].as_str().unwrap_or("(success)").to_owned()
}

#[tokio::test]
async fn every_captured_sdk_request_verifies_from_a_remote_host() {
    let app = emulator_app("testsecret");
    let all = captures();
    assert_eq!(all.len(), 75);
    let (acs3, v1) = all.iter().partition::<Vec<_>, _>(|c| c.is_acs3());
    assert!(
        acs3.len() > 40 && v1.len() > 15,
        "both algorithms are covered"
    );
    for capture in &all {
        let code = code_of(&app, capture.request()).await;
        assert!(
            !AUTH_CODES.contains(&code.as_str()),
            "{} {}: {code}",
            capture.action,
            capture.raw_path
        );
    }
}

#[tokio::test]
async fn a_tampered_query_body_or_secret_fails() {
    let app = emulator_app("testsecret");
    for capture in captures() {
        let mut tampered =
            capture
                .raw_path
                .replacen("RegionId=cn-hangzhou", "RegionId=cn-shanghai", 1);
        if tampered == capture.raw_path {
            tampered = format!("{}&Extra=1", capture.raw_path);
        }
        let changed = Capture {
            raw_path: tampered,
            headers: capture.headers.clone(),
            body: capture.body.clone(),
            action: capture.action.clone(),
        };
        assert_eq!(
            code_of(&app, changed.request()).await,
            "SignatureDoesNotMatch",
            "query of {}",
            capture.raw_path
        );

        if !capture.body.is_empty() {
            let mut body = capture.body.clone();
            let last = body.len() - 1;
            body[last] ^= 1;
            let changed = Capture {
                raw_path: capture.raw_path.clone(),
                headers: capture.headers.clone(),
                body,
                action: capture.action.clone(),
            };
            assert_eq!(
                code_of(&app, changed.request()).await,
                "SignatureDoesNotMatch",
                "body of {}",
                capture.raw_path
            );
        }
    }
    let wrong_secret = emulator_app("not-the-secret");
    for capture in captures() {
        assert_eq!(
            code_of(&wrong_secret, capture.request()).await,
            "SignatureDoesNotMatch"
        );
    }
}

#[tokio::test]
async fn unknown_keys_and_incomplete_signatures_get_their_codes() {
    let app = emulator_app("testsecret");
    let all = captures();
    let acs3 = all.iter().find(|c| c.is_acs3()).unwrap();
    let v1 = all.iter().find(|c| !c.is_acs3()).unwrap();

    let mut other_key = acs3.request();
    let authorization = other_key.headers()["authorization"]
        .to_str()
        .unwrap()
        .replace("Credential=testid", "Credential=someoneelse");
    other_key
        .headers_mut()
        .insert("authorization", authorization.parse().unwrap());
    let (status, body) = send_from(&app, remote(), other_key).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error_shape(&body, "InvalidAccessKeyId.NotFound");

    let other_key = Capture {
        raw_path: v1
            .raw_path
            .replace("AccessKeyId=testid", "AccessKeyId=someoneelse"),
        headers: v1.headers.clone(),
        body: v1.body.clone(),
        action: v1.action.clone(),
    };
    assert_eq!(
        code_of(&app, other_key.request()).await,
        "InvalidAccessKeyId.NotFound"
    );

    let mut no_signature = acs3.request();
    let authorization = no_signature.headers()["authorization"].to_str().unwrap();
    let cut = authorization[..authorization.find(",Signature=").unwrap()].to_owned();
    no_signature
        .headers_mut()
        .insert("authorization", cut.parse().unwrap());
    let (status, body) = send_from(&app, remote(), no_signature).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "IncompleteSignature");

    let mut unsigned = acs3.request();
    unsigned.headers_mut().remove("authorization");
    assert_eq!(
        code_of(&app, unsigned).await,
        "IncompleteSignature",
        "unsigned calls from another host are refused"
    );
}

#[tokio::test]
async fn the_console_gets_a_session_token_that_lets_it_in_from_anywhere() {
    let app = open_app();
    let (status, body) = send_from(
        &app,
        remote(),
        Request::get("/api/session").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let token = body["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 32);

    let query = format!(
        "RegionId={}&VpnGatewayId={}",
        demo::REGION_ID,
        demo::GATEWAY_ID
    );
    let with_token = |token: &str| {
        let mut request = common::call("DescribeVpnGateway", &query);
        request
            .headers_mut()
            .insert(SESSION_HEADER, token.parse().unwrap());
        request
    };
    let (status, body) = send_from(&app, remote(), with_token(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["VpnGatewayId"], demo::GATEWAY_ID);

    let (status, body) = send_from(
        &app,
        remote(),
        with_token("0123456789abcdef0123456789abcdef"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error_shape(&body, "InvalidSessionToken");

    let (status, _) = common::send(&app, common::call("DescribeVpnGateway", &query)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "unsigned calls are let in when both ends are loopback"
    );
}

#[tokio::test]
async fn the_queue_is_shown_to_the_console_and_to_loopback_only() {
    let app = open_app();
    let queue = || Request::get("/api/queue").body(Body::empty()).unwrap();
    let (status, body) = send_from(&app, remote(), queue()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "IncompleteSignature");
    let (status, token) = send_from(
        &app,
        remote(),
        Request::get("/api/session").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut with_token = queue();
    with_token.headers_mut().insert(
        SESSION_HEADER,
        token["token"].as_str().unwrap().parse().unwrap(),
    );
    let (status, body) = send_from(&app, remote(), with_token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["targets"], serde_json::json!([]));
    assert_eq!(
        common::send(&app, queue()).await.0,
        StatusCode::OK,
        "loopback"
    );
}
