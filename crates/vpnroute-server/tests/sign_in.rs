//! The console's sign-in on a server with accounts: the session endpoint gives nothing
//! before it, the cookie it sets is HttpOnly, SameSite=Strict and expires, writes need the
//! session's CSRF token besides the cookie, failed sign-ins are held off per address, and a
//! server without accounts on loopback works as before.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::{loopback, remote, state_with};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use vpnroute_server::access::{ConnectionEnds, SESSION_HEADER};
use vpnroute_server::accounts::Role;
use vpnroute_server::app;
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};
use vpnroute_server::sessions::{Sessions, MAX_FAILURES};
use vpnroute_server::signature::Credentials;

fn key(id: &str) -> Credentials {
    Credentials {
        access_key_id: id.to_owned(),
        access_key_secret: format!("{id}-secret-0123456789"),
        security_token: None,
    }
}

/// A server with a viewer `vera` and an operator `otto`, whose sessions last `lifetime`.
fn team_app(lifetime: Duration) -> axum::Router {
    let mut state = common::demo_state(Duration::ZERO);
    let mut access = common::open_access();
    access.sessions = Sessions::new(lifetime);
    let accounts = access.accounts();
    accounts
        .add_with_key("vera", Role::Viewer, &key("VRAKvera"))
        .unwrap();
    accounts
        .add_with_key("otto", Role::Operator, &key("VRAKotto"))
        .unwrap();
    state.access = Arc::new(access);
    app(state)
}

struct Answer {
    status: StatusCode,
    set_cookie: Option<String>,
    body: Value,
}

async fn send(app: &axum::Router, ends: ConnectionEnds, mut request: Request<Body>) -> Answer {
    request.extensions_mut().insert(ConnectInfo(ends));
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let set_cookie = response
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        set_cookie,
        body: serde_json::from_slice(&bytes).unwrap(),
    }
}

fn sign_in_request(pair: &Credentials) -> Request<Body> {
    Request::post("/api/sign-in")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"accessKeyId": pair.access_key_id, "accessKeySecret": pair.access_key_secret})
                .to_string(),
        ))
        .unwrap()
}

/// Signs in from `ends`: the `name=value` of the cookie and the CSRF token.
async fn sign_in(app: &axum::Router, ends: ConnectionEnds, pair: &Credentials) -> (String, String) {
    let answer = send(app, ends, sign_in_request(pair)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let cookie = answer.set_cookie.unwrap();
    let pair = cookie.split(';').next().unwrap().to_owned();
    (pair, answer.body["token"].as_str().unwrap().to_owned())
}

fn session_request(cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get("/api/session");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.body(Body::empty()).unwrap()
}

fn write(cookie: &str, csrf: Option<&str>, dest: &str) -> Request<Body> {
    let mut request = common::call(
        "CreateVpnRouteEntry",
        &format!(
            "RegionId={}&VpnGatewayId={}&RouteDest={dest}&NextHop={}&Weight=100&PublishVpc=true",
            demo::REGION_ID,
            demo::GATEWAY_ID,
            demo::CONNECTION_IDS[0]
        ),
    );
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    if let Some(csrf) = csrf {
        request
            .headers_mut()
            .insert(SESSION_HEADER, csrf.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn the_session_endpoint_gives_nothing_before_sign_in_and_the_person_after() {
    let app = team_app(Duration::from_secs(60));
    for ends in [remote(), loopback()] {
        let answer = send(&app, ends, session_request(None)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        common::assert_error_shape(&answer.body, "SignInRequired");
        assert!(answer.body.get("token").is_none(), "{}", answer.body);
    }
    let (cookie, csrf) = sign_in(&app, remote(), &key("VRAKvera")).await;
    let answer = send(&app, remote(), session_request(Some(&cookie))).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.body,
        json!({"token": csrf, "person": {"name": "vera", "role": "viewer"}})
    );
}

#[tokio::test]
async fn the_cookie_is_http_only_same_site_strict_and_expires() {
    let app = team_app(Duration::from_secs(3600));
    let answer = send(&app, remote(), sign_in_request(&key("VRAKotto"))).await;
    let cookie = answer.set_cookie.unwrap();
    assert!(cookie.starts_with("vpnroute_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=3600"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP: {cookie}");
    let mut behind_tls = sign_in_request(&key("VRAKotto"));
    behind_tls
        .headers_mut()
        .insert("x-forwarded-proto", "https".parse().unwrap());
    let cookie = send(&app, remote(), behind_tls).await.set_cookie.unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");

    let (cookie, _) = sign_in(&app, remote(), &key("VRAKotto")).await;
    let answer = send(
        &app,
        remote(),
        Request::post("/api/sign-out")
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(answer.set_cookie.unwrap().contains("Max-Age=0"));
    let answer = send(&app, remote(), session_request(Some(&cookie))).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "signed out");
}

#[tokio::test]
async fn writes_need_the_csrf_token_and_the_role() {
    let app = team_app(Duration::from_secs(60));
    let (cookie, csrf) = sign_in(&app, remote(), &key("VRAKotto")).await;
    let answer = send(&app, remote(), write(&cookie, None, "10.81.0.0%2F16")).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    common::assert_error_shape(&answer.body, "InvalidCsrfToken");
    let answer = send(
        &app,
        remote(),
        write(&cookie, Some("not-the-token"), "10.81.0.0%2F16"),
    )
    .await;
    assert_eq!(answer.body["Code"], "InvalidCsrfToken");
    let answer = send(
        &app,
        remote(),
        write(&cookie, Some(&csrf), "10.81.0.0%2F16"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);

    let (cookie, csrf) = sign_in(&app, remote(), &key("VRAKvera")).await;
    let answer = send(
        &app,
        remote(),
        write(&cookie, Some(&csrf), "10.82.0.0%2F16"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    common::assert_error_shape(&answer.body, "Forbidden.RAM");
    let mut describe = common::call(
        "DescribeVpnGateway",
        &format!(
            "RegionId={}&VpnGatewayId={}",
            demo::REGION_ID,
            demo::GATEWAY_ID
        ),
    );
    describe
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    assert_eq!(send(&app, remote(), describe).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_expired_or_unknown_cookie_is_refused() {
    let app = team_app(Duration::from_millis(100));
    let (cookie, csrf) = sign_in(&app, remote(), &key("VRAKotto")).await;
    tokio::time::sleep(Duration::from_millis(150)).await;
    let answer = send(
        &app,
        remote(),
        write(&cookie, Some(&csrf), "10.83.0.0%2F16"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    common::assert_error_shape(&answer.body, "InvalidSession.Expired");
    let stolen = "vpnroute_session=0123456789abcdefghij0123456789abcdefghij";
    let answer = send(&app, remote(), write(stolen, Some(&csrf), "10.83.0.0%2F16")).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.body["Code"], "InvalidSession.Expired");
}

#[tokio::test]
async fn failed_sign_ins_are_held_off_per_address() {
    let app = team_app(Duration::from_secs(60));
    let guesser = ConnectionEnds {
        peer: SocketAddr::from(([10, 0, 0, 66], 40000)),
        ..remote()
    };
    let mut wrong = key("VRAKotto");
    wrong.access_key_secret = "a guess".to_owned();
    for _ in 0..MAX_FAILURES {
        let answer = send(&app, guesser, sign_in_request(&wrong)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        common::assert_error_shape(&answer.body, "SignIn.Failed");
    }
    let answer = send(&app, guesser, sign_in_request(&key("VRAKotto"))).await;
    assert_eq!(
        answer.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right pair"
    );
    common::assert_error_shape(&answer.body, "Throttling.SignIn");
    sign_in(&app, remote(), &key("VRAKotto")).await;
}

#[tokio::test]
async fn without_accounts_on_loopback_the_console_works_as_before() {
    let app = app(state_with(Emulator::new(
        EmulatorConfig::default(),
        demo::world(),
    )));
    let answer = send(&app, loopback(), session_request(None)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body["token"].as_str().unwrap().len() >= 32);
    assert_eq!(answer.body["person"], Value::Null);
    let answer = send(&app, loopback(), sign_in_request(&key("VRAKotto"))).await;
    assert_eq!(
        answer.status,
        StatusCode::UNAUTHORIZED,
        "no accounts to sign in to"
    );
}
