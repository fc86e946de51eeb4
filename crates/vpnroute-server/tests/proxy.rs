//! The proxy against a fake Alibaba Cloud on loopback that records what it receives: every
//! call is signed with the proxy's own key pair, busy and throttled writes are retried with
//! the same ClientToken, no two writes to one gateway overlap, and nothing else is forwarded.

mod common;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{Request as HttpRequest, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use common::{assert_error_shape, call, send, serve_on_loopback};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use vpnroute_server::database::Database;
use vpnroute_server::queue::{Backend, QueuePolicy, WriteQueue};
use vpnroute_server::signature::{verify, Credentials, SignedParts};
use vpnroute_server::upstream::Upstream;
use vpnroute_server::{app, wire, AppState};

const SECRET: &str = "upstream-secret-never-shown";

fn upstream_credentials() -> Credentials {
    Credentials {
        access_key_id: "upstream-id".to_owned(),
        access_key_secret: SECRET.to_owned(),
        security_token: None,
    }
}

#[derive(Clone, Debug)]
struct Received {
    action: String,
    gateway: String,
    client_token: String,
    signed: bool,
}

#[derive(Default)]
struct Fake {
    received: Vec<Received>,
    /// Until when each gateway is updating after a write.
    busy_until: HashMap<String, Instant>,
    /// Writes that arrived while their gateway was updating.
    overlaps: Vec<String>,
    /// Attempts seen per ClientToken, to refuse the first one.
    attempts: HashMap<String, u32>,
}

type Shared = Arc<Mutex<Fake>>;

async fn fake_service(State(fake): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 1 << 20).await.unwrap();
    let query = wire::decode_form(parts.uri.query().unwrap_or("").as_bytes(), "query").unwrap();
    let form = wire::decode_body(&parts.headers, &body).unwrap();
    let signed = verify(
        &SignedParts {
            method: parts.method.as_str(),
            headers: &parts.headers,
            query: &query,
            form: &form,
            body: &body,
        },
        &upstream_credentials(),
    )
    .is_ok_and(|algorithm| algorithm.is_some());
    let action = parts.headers["x-acs-action"].to_str().unwrap().to_owned();
    let param = |key: &str| {
        query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    // A gateway, or the connection of a vco route.
    let gateway = match param("VpnGatewayId") {
        id if id.is_empty() => param("VpnConnectionId"),
        id => id,
    };
    let client_token = param("ClientToken");
    let mut fake = fake.lock().unwrap();
    fake.received.push(Received {
        action: action.clone(),
        gateway: gateway.clone(),
        client_token: client_token.clone(),
        signed,
    });
    let now = Instant::now();
    let busy = fake
        .busy_until
        .get(&gateway)
        .is_some_and(|until| now < *until);
    if action == "DescribeVpnGateway" {
        return Json(json!({ "RequestId": "R", "VpnGatewayId": gateway, "Status": if busy { "updating" } else { "active" } })).into_response();
    }
    if action == "DescribeVpnConnection" {
        return Json(json!({ "RequestId": "R", "VpnConnectionId": gateway, "Status": if busy { "updating" } else { "attached" } })).into_response();
    }
    if busy {
        fake.overlaps
            .push(format!("{action} {client_token} on {gateway}"));
        return error(StatusCode::BAD_REQUEST, "VpnGateway.Configuring", None);
    }
    let attempt = {
        let n = fake.attempts.entry(client_token.clone()).or_default();
        *n += 1;
        *n
    };
    match attempt {
        1 => error(StatusCode::BAD_REQUEST, "TaskConflict", None),
        2 => error(StatusCode::BAD_REQUEST, "Throttling.User", Some(30)),
        _ => {
            fake.busy_until
                .insert(gateway.clone(), now + Duration::from_millis(120));
            Json(json!({ "RequestId": "UPSTREAM-REQUEST", "RouteDest": param("RouteDest"), "Weight": 100 })).into_response()
        }
    }
}

fn error(status: StatusCode, code: &str, retry_after_ms: Option<u64>) -> Response {
    let mut response = (status, Json(json!({ "RequestId": "E", "Code": code, "Message": "busy", "HostId": "fake", "Recommend": "" }))).into_response();
    if let Some(ms) = retry_after_ms {
        response
            .headers_mut()
            .insert("x-acs-retry-after", ms.into());
    }
    response
}

async fn start_fake() -> (Shared, String) {
    let fake: Shared = Arc::default();
    let router = axum::Router::new()
        .fallback(fake_service)
        .with_state(Arc::clone(&fake));
    (fake, serve_on_loopback(router).await)
}

fn proxy(endpoint: String) -> axum::Router {
    let policy = QueuePolicy {
        first_backoff: Duration::from_millis(20),
        poll_interval: Duration::from_millis(25),
        ..QueuePolicy::default()
    };
    let upstream = Upstream::new(upstream_credentials(), Some(endpoint));
    let database = Arc::new(Database::in_memory());
    app(AppState {
        queue: WriteQueue::new(
            Backend::Upstream(Arc::new(upstream)),
            policy,
            Arc::clone(&database),
        ),
        access: Arc::new(common::open_access_in(database)),
        console_dir: std::env::temp_dir().join("vpnroute-no-console"),
    })
}

fn route(gateway: &str, i: usize, token: bool) -> HttpRequest<Body> {
    let token = if token {
        format!("&ClientToken=caller-{gateway}-{i}")
    } else {
        String::new()
    };
    call(
        "CreateVpnRouteEntry",
        &format!("RegionId=cn-hangzhou&VpnGatewayId={gateway}&RouteDest=10.{i}.0.0%2F16&NextHop=vco-a&Weight=100{token}"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_are_signed_queued_per_gateway_and_retried_with_the_same_token() {
    let (fake, url) = start_fake().await;
    let proxy = proxy(url);
    let mut calls = Vec::new();
    for (gateway, count) in [("vpn-a", 5), ("vpn-b", 3)] {
        for i in 0..count {
            let proxy = proxy.clone();
            calls.push(tokio::spawn(async move {
                send(&proxy, route(gateway, i, i % 2 == 0)).await
            }));
        }
    }
    tokio::time::sleep(Duration::from_millis(60)).await;
    let (_, queued) = read_queue(&proxy).await;
    let targets = queued["targets"].as_array().unwrap();
    assert!(
        !targets.is_empty(),
        "the queue is visible while it works: {queued}"
    );
    assert!(targets.iter().all(|t| t["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|j| j["state"].is_string())));

    for call in calls {
        let (status, body) = call.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            body["RequestId"], "UPSTREAM-REQUEST",
            "the service's own answer comes back"
        );
    }
    let (received, overlaps) = {
        let fake = fake.lock().unwrap();
        (fake.received.clone(), fake.overlaps.clone())
    };
    assert!(overlaps.is_empty(), "writes overlapped: {overlaps:?}");
    assert!(
        received.iter().all(|r| r.signed),
        "every call verifies with the proxy's key pair"
    );
    let writes: Vec<&Received> = received
        .iter()
        .filter(|r| r.action == "CreateVpnRouteEntry")
        .collect();
    let mut by_token: HashMap<&str, Vec<&Received>> = HashMap::new();
    for write in &writes {
        assert!(
            !write.client_token.is_empty(),
            "the proxy gives every write a ClientToken"
        );
        by_token.entry(&write.client_token).or_default().push(write);
    }
    assert_eq!(
        by_token.len(),
        8,
        "one ClientToken per write, the same on every retry"
    );
    assert!(
        by_token.values().all(|attempts| attempts.len() == 3),
        "busy, throttled, then done"
    );
    assert!(
        by_token.keys().filter(|t| t.starts_with("caller-")).count() == 5,
        "the caller's own tokens are kept"
    );
    for (gateway, count) in [("vpn-a", 5), ("vpn-b", 3)] {
        let tokens: std::collections::HashSet<&str> = writes
            .iter()
            .filter(|w| w.gateway == gateway)
            .map(|w| w.client_token.as_str())
            .collect();
        assert_eq!(tokens.len(), count, "the writes to {gateway} reached it");
    }
    assert!(
        received.iter().any(|r| r.action == "DescribeVpnGateway"),
        "the gateway is polled until active"
    );
    let (_, queued) = read_queue(&proxy).await;
    assert_eq!(queued["targets"], json!([]), "nothing left queued");
}

async fn read_queue(proxy: &axum::Router) -> (StatusCode, serde_json::Value) {
    common::send(
        proxy,
        HttpRequest::get("/api/queue").body(Body::empty()).unwrap(),
    )
    .await
}

#[tokio::test]
async fn only_known_actions_are_forwarded_and_the_secret_never_shows() {
    let (fake, url) = start_fake().await;
    let proxy = proxy(url);
    let (status, body) = send(
        &proxy,
        call(
            "DeleteVpnGateway",
            "RegionId=cn-hangzhou&VpnGatewayId=vpn-a",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error_shape(&body, "InvalidAction.NotFound");
    let (status, body) = send(
        &proxy,
        call(
            "DescribeVpnGateway",
            "RegionId=cn-hangzhou&VpnGatewayId=vpn-a",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        fake.lock().unwrap().received.len(),
        1,
        "only the known action went upstream"
    );

    let unreachable = self::proxy("http://127.0.0.1:1".to_owned());
    let (status, body) = send(
        &unreachable,
        call(
            "DescribeVpnGateway",
            "RegionId=cn-hangzhou&VpnGatewayId=vpn-a",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_error_shape(&body, "UpstreamUnreachable");
    assert!(!body.to_string().contains(SECRET));
    assert!(
        !format!("{:?}", upstream_credentials()).contains(SECRET),
        "Debug hides the secret"
    );
}

/// One write of each operation that changes, deletes or publishes a route.
const LIFECYCLE_WRITES: &[(&str, &str)] = &[
    ("ModifyVpnRouteEntryWeight", "VpnGatewayId=vpn-c&RouteDest=10.0.0.0%2F24&NextHop=vco-a&Weight=100&NewWeight=0"),
    ("ModifyVpnPbrRouteEntryWeight", "VpnGatewayId=vpn-c&RouteSource=192.168.0.0%2F24&RouteDest=10.0.0.0%2F24&NextHop=vco-a&Weight=100&NewWeight=0"),
    ("ModifyVpnPbrRouteEntryPriority", "VpnGatewayId=vpn-c&RouteSource=192.168.0.0%2F24&RouteDest=10.0.0.0%2F24&NextHop=vco-a&Weight=0&NewPriority=5"),
    ("ModifyVpnPbrRouteEntryAttribute", "VpnGatewayId=vpn-c&RouteSource=192.168.0.0%2F24&RouteDest=10.0.0.0%2F24&NextHop=vco-a&Weight=0&Priority=5&NewPriority=6"),
    ("ModifyVcoRouteEntryWeight", "VpnConnectionId=vco-c&RouteDest=10.1.0.0%2F24&NextHop=vco-c&Weight=100&NewWeight=0"),
    ("DeleteVpnRouteEntry", "VpnGatewayId=vpn-c&RouteDest=10.0.0.0%2F24&NextHop=vco-a&Weight=0"),
    ("DeleteVpnPbrRouteEntry", "VpnGatewayId=vpn-c&RouteSource=192.168.0.0%2F24&RouteDest=10.0.0.0%2F24&NextHop=vco-a&Weight=0"),
    ("DeleteVcoRouteEntry", "VpnConnectionId=vco-c&RouteDest=10.1.0.0%2F24&NextHop=vco-c&Weight=0"),
    ("PublishVpnRouteEntry", "VpnGatewayId=vpn-c&RouteDest=10.0.0.0%2F24&NextHop=vco-a&RouteType=dbr&PublishVpc=true"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_lifecycle_write_reaches_the_service_once_per_client_token() {
    let (fake, url) = start_fake().await;
    let proxy = proxy(url);
    for (action, params) in LIFECYCLE_WRITES {
        let (status, body) = send(
            &proxy,
            call(action, &format!("RegionId=cn-hangzhou&{params}")),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {body}");
        assert_eq!(body["RequestId"], "UPSTREAM-REQUEST", "{action}");
    }
    let received = fake.lock().unwrap().received.clone();
    for (action, _) in LIFECYCLE_WRITES {
        let attempts: Vec<&Received> = received.iter().filter(|r| r.action == *action).collect();
        assert_eq!(attempts.len(), 3, "{action}: busy, throttled, then done");
        assert!(attempts.iter().all(|a| a.signed), "{action} is signed");
        let token = &attempts[0].client_token;
        assert!(!token.is_empty(), "{action} has a ClientToken");
        assert!(
            attempts.iter().all(|a| &a.client_token == token),
            "{action} is retried with one ClientToken"
        );
        assert_eq!(
            received.iter().filter(|r| &r.client_token == token).count(),
            3,
            "{action}'s ClientToken is used by no other write"
        );
    }
    assert!(
        received.iter().any(|r| r.action == "DescribeVpnConnection"),
        "a vco write waits for its connection"
    );
}

#[tokio::test]
async fn a_dry_run_of_an_operation_without_one_is_never_forwarded() {
    let (fake, url) = start_fake().await;
    let proxy = proxy(url);
    let (status, body) = send(
        &proxy,
        call(
            "DeleteVpnRouteEntry",
            "RegionId=cn-hangzhou&VpnGatewayId=vpn-c&RouteDest=10.0.0.0%2F24&NextHop=vco-a&Weight=0&DryRun=true",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "InvalidParameter.DryRun");
    assert!(
        fake.lock().unwrap().received.is_empty(),
        "nothing went upstream"
    );
}
