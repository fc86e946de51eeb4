//! A plan apply survives `kill -9`: the real binary proxies a 20-write apply to a fake Alibaba
//! Cloud that records every write it receives and answers each one slowly. The server is
//! killed while a write is in flight and started again on the same data directory. Every
//! write reaches the service, none is lost, and a write that reaches it twice carries the same
//! ClientToken both times.

mod common;
#[path = "common/spawned.rs"]
mod spawned;

use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use common::serve_on_loopback;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use vpnroute_server::upstream::{ACCESS_KEY_ID_VAR, ACCESS_KEY_SECRET_VAR};
use vpnroute_server::wire;

const WRITES: usize = 20;
/// The write whose arrival sets off the kill, so that it is in flight when the server dies.
const KILL_AT: usize = 7;
/// How long the fake takes to answer a write.
const ANSWER_DELAY: Duration = Duration::from_millis(300);

#[derive(Default)]
struct Fake {
    /// Every write received, in order: its RouteDest and its ClientToken.
    writes: Vec<(String, String)>,
    arrived: Arc<Notify>,
}

async fn fake_service(State(fake): State<Arc<Mutex<Fake>>>, request: Request) -> Response {
    let query = wire::decode_form(request.uri().query().unwrap_or("").as_bytes(), "query").unwrap();
    let param = |key: &str| {
        query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let action = request.headers()["x-acs-action"]
        .to_str()
        .unwrap()
        .to_owned();
    if action == "DescribeVpnGateway" {
        return Json(
            json!({ "RequestId": "R", "VpnGatewayId": param("VpnGatewayId"), "Status": "active" }),
        )
        .into_response();
    }
    let arrived = {
        let mut fake = fake.lock().unwrap();
        fake.writes.push((param("RouteDest"), param("ClientToken")));
        Arc::clone(&fake.arrived)
    };
    arrived.notify_one();
    tokio::time::sleep(ANSWER_DELAY).await;
    Json(json!({ "RequestId": format!("UP-{}", param("ClientToken")), "RouteDest": param("RouteDest") }))
        .into_response()
}

async fn start_fake() -> (Arc<Mutex<Fake>>, String) {
    let fake: Arc<Mutex<Fake>> = Arc::default();
    let router = axum::Router::new()
        .fallback(fake_service)
        .with_state(Arc::clone(&fake));
    (fake, serve_on_loopback(router).await)
}

fn start_proxy(data: &std::path::Path, upstream: &str) -> (std::process::Child, String) {
    spawned::serve_on(
        "127.0.0.1:0",
        &[
            OsStr::new("--upstream"),
            OsStr::new("aliyun"),
            OsStr::new("--endpoint"),
            OsStr::new(upstream),
            OsStr::new("--data"),
            data.as_os_str(),
        ],
        &[
            (ACCESS_KEY_ID_VAR, "upstream-id"),
            (ACCESS_KEY_SECRET_VAR, "upstream-secret"),
        ],
    )
}

/// The console's session token of the server at `address`.
async fn session_token(client: &reqwest::Client, address: &str) -> String {
    let session: Value = client
        .get(format!("http://{address}/api/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    session["token"].as_str().unwrap().to_owned()
}

fn rows() -> Value {
    // Two gateways, so that two writes are under way at once.
    let rows: Vec<Value> = (0..WRITES)
        .map(|i| {
            json!({
                "action": "CreateVpnRouteEntry",
                "params": [
                    ["RegionId", "cn-hangzhou"], ["VpnGatewayId", format!("vpn-durable{}", i % 2)],
                    ["RouteDest", format!("10.{i}.0.0/16")], ["NextHop", format!("vco-durable{}", i % 2)],
                    ["Weight", "100"], ["PublishVpc", "true"],
                ],
            })
        })
        .collect();
    json!({ "rows": rows })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_in_the_middle_of_an_apply_loses_no_write_and_resends_with_the_same_token() {
    let data = tempfile::tempdir().unwrap();
    let (fake, upstream) = start_fake().await;
    let arrived = Arc::clone(&fake.lock().unwrap().arrived);
    let client = reqwest::Client::new();

    let (mut child, address) = start_proxy(data.path(), &upstream);
    let token = session_token(&client, &address).await;
    let started: Value = client
        .post(format!("http://{address}/api/applies"))
        .header(vpnroute_server::access::SESSION_HEADER, &token)
        .json(&rows())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = started["id"].as_u64().unwrap();
    // The server made the ClientTokens (the plan sent none); the journal holds them all.
    let tokens: BTreeMap<String, String> = started["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let dest = r["summary"]
                .as_str()
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_owned();
            (dest, r["clientToken"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(tokens.len(), WRITES, "{started}");

    let deadline = Instant::now() + Duration::from_secs(20);
    while fake.lock().unwrap().writes.len() < KILL_AT {
        assert!(
            Instant::now() < deadline,
            "the apply stalled before the kill"
        );
        tokio::time::timeout(Duration::from_secs(1), arrived.notified())
            .await
            .ok();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before_kill = fake.lock().unwrap().writes.len();
    assert!(
        before_kill < WRITES,
        "the kill came before the apply was done ({before_kill} writes)"
    );

    let (mut child, address) = start_proxy(data.path(), &upstream);
    let token = session_token(&client, &address).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    let apply = loop {
        let apply: Value = client
            .get(format!("http://{address}/api/applies/{id}"))
            .header(vpnroute_server::access::SESSION_HEADER, &token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let rows = apply["rows"].as_array().unwrap();
        if rows.iter().all(|r| r["state"] != "pending") {
            break apply;
        }
        assert!(
            Instant::now() < deadline,
            "the resumed apply did not finish: {apply}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    child.kill().unwrap();
    child.wait().unwrap();

    let rows = apply["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["state"] == "done"), "{apply}");
    assert!(
        rows.iter().any(|r| r["resumed"] == true),
        "the rows left unanswered are marked resumed: {apply}"
    );
    let received = fake.lock().unwrap().writes.clone();
    let mut by_dest: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (dest, token) in &received {
        by_dest.entry(dest).or_default().push(token);
    }
    assert_eq!(
        by_dest.len(),
        WRITES,
        "every write reached the service: {received:?}"
    );
    for (dest, seen) in &by_dest {
        assert!(
            seen.iter().all(|t| *t == tokens[*dest]),
            "{dest} always carries its journaled ClientToken: {seen:?}"
        );
    }
    assert!(
        by_dest.values().any(|seen| seen.len() > 1),
        "the write in flight at the kill was sent again: {received:?}"
    );
}
