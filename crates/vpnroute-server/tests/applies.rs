//! Plan applies on the emulator: the plan is journaled whole, each gateway's writes go in plan
//! order, every write is audited with its ClientToken, and a plan the caller may not apply is
//! refused whole, before anything is sent.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use common::{assert_error_shape, send, send_from, state_with};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tower::ServiceExt;
use vpnroute_server::access::SESSION_HEADER;
use vpnroute_server::accounts::Role;
use vpnroute_server::app;
use vpnroute_server::audit::AuditFilter;
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};
use vpnroute_server::signature::Credentials;

fn route(gateway: &str, hop: &str, dest: &str, token: &str) -> Value {
    json!({
        "action": "CreateVpnRouteEntry",
        "params": [
            ["RegionId", demo::REGION_ID], ["VpnGatewayId", gateway], ["RouteDest", dest],
            ["NextHop", hop], ["Weight", "100"], ["PublishVpc", "true"], ["ClientToken", token],
        ],
    })
}

fn delete(gateway: &str, hop: &str, dest: &str, token: &str) -> Value {
    json!({
        "action": "DeleteVpnRouteEntry",
        "params": [
            ["RegionId", demo::REGION_ID], ["VpnGatewayId", gateway], ["RouteDest", dest],
            ["NextHop", hop], ["Weight", "100"], ["ClientToken", token],
        ],
    })
}

fn post(rows: Value) -> Request<Body> {
    Request::post("/api/applies")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "rows": rows }).to_string()))
        .unwrap()
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn emulator(update_delay: Duration) -> Emulator {
    Emulator::new(
        EmulatorConfig {
            update_delay,
            ..EmulatorConfig::default()
        },
        demo::world(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_is_journaled_whole_and_each_gateway_takes_its_rows_in_order() {
    let state = state_with(emulator(Duration::from_millis(150)));
    let access = state.access.clone();
    let app = app(state);
    let (a, hop_a) = (demo::GATEWAY_ID, demo::CONNECTION_IDS[0]);
    let (b, hop_b) = (
        demo::DUAL_TUNNEL_GATEWAY_ID,
        demo::DUAL_TUNNEL_CONNECTION_ID,
    );
    // Created, then deleted two rows later: only plan order makes the delete find it.
    let rows = json!([
        route(a, hop_a, "10.71.0.0/16", "t-1"),
        route(b, hop_b, "10.72.0.0/16", "t-2"),
        route(a, hop_a, "10.73.0.0/16", "t-3"),
        delete(a, hop_a, "10.71.0.0/16", "t-4"),
    ]);
    let (status, started) = send(&app, post(rows)).await;
    assert_eq!(status, StatusCode::CREATED, "{started}");
    let id = started["id"].as_u64().unwrap();
    assert_eq!(started["person"], "loopback");
    let tokens: Vec<&str> = started["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["clientToken"].as_str().unwrap())
        .collect();
    assert_eq!(
        tokens,
        ["t-1", "t-2", "t-3", "t-4"],
        "every row is recorded at once, in order"
    );
    let pending = started["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "pending")
        .count();
    assert!(
        pending >= 2,
        "the gateways settle for 150 ms, so most rows wait: {started}"
    );

    let deadline = Instant::now() + Duration::from_secs(10);
    let finished = loop {
        let (status, apply) = send(&app, get(&format!("/api/applies/{id}"))).await;
        assert_eq!(status, StatusCode::OK, "{apply}");
        if apply["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] != "pending")
        {
            break apply;
        }
        assert!(
            Instant::now() < deadline,
            "the apply did not finish: {apply}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for row in finished["rows"].as_array().unwrap() {
        assert_eq!(row["state"], "done", "{finished}");
        assert_eq!(row["resumed"], false);
    }
    let (_, listed) = send(&app, get("/api/applies")).await;
    assert_eq!(listed["applies"][0]["id"], id);

    let (_, table) = send(
        &app,
        common::call(
            "DescribeVpnRouteEntries",
            &format!("RegionId={}&VpnGatewayId={a}&PageSize=50", demo::REGION_ID),
        ),
    )
    .await;
    let dests: Vec<&str> = table["VpnRouteEntries"]["VpnRouteEntry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["RouteDest"].as_str().unwrap())
        .collect();
    assert!(
        dests.contains(&"10.73.0.0/16") && !dests.contains(&"10.71.0.0/16"),
        "{dests:?}"
    );

    let records = access.audit().read(&AuditFilter::default()).unwrap();
    let audited: Vec<(&str, &str, &str)> = records
        .iter()
        .map(|r| {
            (
                r.client_token.as_str(),
                r.outcome.as_str(),
                r.person.as_str(),
            )
        })
        .collect();
    for token in tokens {
        assert!(
            audited.contains(&(token, "OK", "loopback")),
            "{token} is audited once answered: {audited:?}"
        );
    }
    assert_eq!(records.len(), 4, "each write is recorded once");
}

#[tokio::test]
async fn a_write_the_queue_gives_a_client_token_is_audited_with_it() {
    let state = state_with(emulator(Duration::ZERO));
    let access = state.access.clone();
    let app = app(state);
    let mut request = common::call(
        "CreateVpnRouteEntry",
        &format!(
            "RegionId={}&VpnGatewayId={}&RouteDest=10.74.0.0%2F16&NextHop={}&Weight=100&PublishVpc=true",
            demo::REGION_ID,
            demo::GATEWAY_ID,
            demo::CONNECTION_IDS[0]
        ),
    );
    request
        .headers_mut()
        .insert(vpnroute_server::QUEUE_HEADER, "1".parse().unwrap());
    let (status, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let records = access.audit().read(&AuditFilter::default()).unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].outcome, "OK");
    assert!(
        uuid_like(&records[0].client_token),
        "the token the queue made is the one recorded: {:?}",
        records[0].client_token
    );
}

fn uuid_like(token: &str) -> bool {
    token.len() == 36 && token.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn a_plan_that_cannot_be_applied_is_refused_whole_and_nothing_is_sent() {
    let state = state_with(emulator(Duration::ZERO));
    let access = state.access.clone();
    let app = app(state);
    let (a, hop) = (demo::GATEWAY_ID, demo::CONNECTION_IDS[0]);

    let (status, body) = send(&app, post(json!([]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "MissingParameter.Rows");

    let read = json!({ "action": "DescribeVpnGateway", "params": [["VpnGatewayId", a]] });
    let (status, body) = send(
        &app,
        post(json!([route(a, hop, "10.75.0.0/16", "r-1"), read])),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "InvalidParameter.Action");
    assert!(
        body["Message"].as_str().unwrap().contains("Row 2"),
        "{body}"
    );

    let nowhere =
        json!({ "action": "CreateVpnRouteEntry", "params": [["RouteDest", "10.76.0.0/16"]] });
    let (status, body) = send(&app, post(json!([nowhere]))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "MissingParameter.VpnGatewayId");

    let (status, body) = send(
        &app,
        Request::post("/api/applies")
            .body(Body::from("rows=1"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "InvalidParameter.Body");

    // From another host the open server lets nobody in: no apply is recorded.
    let (status, _) = send_from(
        &app,
        common::remote(),
        post(json!([route(a, hop, "10.77.0.0/16", "r-2")])),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (_, listed) = send(&app, get("/api/applies")).await;
    assert_eq!(listed["applies"], json!([]), "no refused plan is journaled");
    assert!(access
        .audit()
        .read(&AuditFilter::default())
        .unwrap()
        .is_empty());
    let (status, body) = send(&app, get("/api/applies/1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error_shape(&body, "InvalidApply.NotFound");
}

/// Signs in `pair` and gives the cookie (`name=value`) and the CSRF token.
async fn sign_in(app: &axum::Router, pair: &Credentials) -> (String, String) {
    let request = Request::post("/api/sign-in")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"accessKeyId": pair.access_key_id, "accessKeySecret": pair.access_key_secret})
                .to_string(),
        ))
        .unwrap();
    let mut request = request;
    request
        .extensions_mut()
        .insert(ConnectInfo(common::loopback()));
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let session: Value = serde_json::from_slice(&body).unwrap();
    (cookie, session["token"].as_str().unwrap().to_owned())
}

fn pair(id: &str) -> Credentials {
    Credentials {
        access_key_id: id.to_owned(),
        access_key_secret: format!("{id}-secret-0123456789"),
        security_token: None,
    }
}

#[tokio::test]
async fn a_viewer_or_a_page_without_the_csrf_token_cannot_apply_and_the_refusal_is_audited() {
    let state = state_with(emulator(Duration::ZERO));
    let (access, queue) = (state.access.clone(), state.queue.clone());
    let accounts = access.accounts();
    accounts
        .add_with_key("vera", Role::Viewer, &pair("VRAKvera"))
        .unwrap();
    accounts
        .add_with_key("otto", Role::Operator, &pair("VRAKotto"))
        .unwrap();
    let app = app(state);
    let (a, hop) = (demo::GATEWAY_ID, demo::CONNECTION_IDS[0]);
    let rows = json!([
        route(a, hop, "10.78.0.0/16", "v-1"),
        route(a, hop, "10.79.0.0/16", "v-2"),
    ]);

    let (cookie, csrf) = sign_in(&app, &pair("VRAKvera")).await;
    let mut request = post(rows.clone());
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    request
        .headers_mut()
        .insert(SESSION_HEADER, csrf.parse().unwrap());
    let (status, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error_shape(&body, "Forbidden.RAM");
    assert!(
        body["Message"].as_str().unwrap().contains("operator"),
        "{body}"
    );

    let (cookie, _) = sign_in(&app, &pair("VRAKotto")).await;
    let mut request = post(rows);
    request
        .headers_mut()
        .insert("cookie", cookie.parse().unwrap());
    let (status, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error_shape(&body, "InvalidCsrfToken");

    let refused: Vec<(String, String, String)> = access
        .audit()
        .read(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|r| (r.person, r.client_token, r.outcome))
        .collect();
    let expected = |person: &str, code: &str| {
        ["v-1", "v-2"].map(|t| (person.to_owned(), t.to_owned(), code.to_owned()))
    };
    let mut all = expected("vera", "Forbidden.RAM").to_vec();
    all.extend(expected("otto", "InvalidCsrfToken"));
    assert_eq!(refused, all);
    assert!(
        queue.journal().applies(None, 10).unwrap().is_empty(),
        "nothing was journaled"
    );
}
