//! The audit log: writes and refused writes are recorded with their person, action, target
//! and outcome and without secrets, reads are not, `/api/audit` shows operators their own
//! records and admins all, and `vpnroute audit` filters by person and gateway.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{remote, send_from};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;
use vpnroute_api::SESSION_HEADER;
use vpnroute_rules::WireParams;
use vpnroute_server::access::{Access, ConfiguredKey};
use vpnroute_server::accounts::{Accounts, Role};
use vpnroute_server::action::Action;
use vpnroute_server::app;
use vpnroute_server::audit::{AuditFilter, AuditLog, AuditRecord, WriteAttempt};
use vpnroute_server::database::Database;
use vpnroute_server::emulator::demo;
use vpnroute_server::signature::Credentials;

const PSK: &str = "psk-text-never-kept-7f3a";

fn key(id: &str) -> Credentials {
    Credentials {
        access_key_id: id.to_owned(),
        access_key_secret: format!("{id}-secret-0123456789"),
        security_token: None,
    }
}

/// A server over a database in `dir` with an operator `otto`, a viewer `vera` and an admin
/// `ada`, and that database.
fn team(dir: &Path) -> (axum::Router, Arc<Database>) {
    let database = Arc::new(Database::open(dir).unwrap());
    let accounts = Accounts::new(Arc::clone(&database));
    for (name, role) in [
        ("otto", Role::Operator),
        ("vera", Role::Viewer),
        ("ada", Role::Admin),
    ] {
        accounts
            .add_with_key(name, role, &key(&format!("VRAK{name}")))
            .unwrap();
    }
    let mut state = common::demo_state(Duration::ZERO);
    state.access = Arc::new(Access::new(
        accounts,
        ConfiguredKey::from_pair(common::credentials()),
    ));
    (app(state), database)
}

/// Signs `name` in from another host: the cookie's `name=value` and the CSRF token.
async fn sign_in(app: &axum::Router, name: &str) -> (String, String) {
    let pair = key(&format!("VRAK{name}"));
    let mut request = Request::post("/api/sign-in")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({"accessKeyId": pair.access_key_id, "accessKeySecret": pair.access_key_secret})
                .to_string(),
        ))
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(remote()));
    let response = tower::ServiceExt::oneshot(app.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let body: Value = serde_json::from_slice(&body).unwrap();
    (cookie, body["token"].as_str().unwrap().to_owned())
}

/// A call of `action` with `query` from the console of the signed-in `session`.
async fn call_as(
    app: &axum::Router,
    session: &(String, String),
    action: &str,
    query: &str,
) -> (StatusCode, Value) {
    let mut request = common::call(action, query);
    let headers = request.headers_mut();
    headers.insert("cookie", session.0.parse().unwrap());
    headers.insert(SESSION_HEADER, session.1.parse().unwrap());
    send_from(app, remote(), request).await
}

fn route(dest: &str) -> String {
    format!(
        "RegionId={}&VpnGatewayId={}&RouteDest={dest}&NextHop={}&Weight=100&PublishVpc=true",
        demo::REGION_ID,
        demo::GATEWAY_ID,
        demo::CONNECTION_IDS[0]
    )
}

fn records(database: &Arc<Database>) -> Vec<AuditRecord> {
    AuditLog::new(Arc::clone(database))
        .read(&AuditFilter::default())
        .unwrap()
}

#[tokio::test]
async fn writes_refused_writes_and_role_refusals_are_recorded_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let (app, database) = team(dir.path());
    let otto = sign_in(&app, "otto").await;
    let vera = sign_in(&app, "vera").await;

    let query = route("192.168.77.0/24") + "&ClientToken=token-written";
    let (status, _) = call_as(&app, &otto, "CreateVpnRouteEntry", &query).await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) =
        call_as(&app, &otto, "CreateVpnRouteEntry", &route("300.1.2.0/24")).await;
    assert_ne!(status, StatusCode::OK);
    let (status, forbidden) = call_as(
        &app,
        &vera,
        "CreateVpnRouteEntry",
        &route("192.168.78.0/24"),
    )
    .await;
    assert_eq!(forbidden["Code"], "Forbidden.RAM", "{forbidden}");
    assert_eq!(status, StatusCode::FORBIDDEN);
    let ike = format!(
        "{{\"IkeVersion\":\"ikev2\",\"Psk\":\"{PSK}\",\"Nested\":{{\"remotePSK\":\"{PSK}\"}}}}"
    );
    let connection = format!(
        "RegionId={}&VpnGatewayId={}&CustomerGatewayId={}&LocalSubnet=10.10.0.0%2F16\
         &RemoteSubnet=172.30.0.0%2F16&Name=audited&IkeConfig={}&IpsecPassword={PSK}",
        demo::REGION_ID,
        demo::GATEWAY_ID,
        demo::CUSTOMER_GATEWAY_IDS[1],
        percent_encoding::utf8_percent_encode(&ike, percent_encoding::NON_ALPHANUMERIC)
    );
    call_as(&app, &otto, "CreateVpnConnection", &connection).await;

    let found = records(&database);
    let summary: Vec<_> = found
        .iter()
        .map(|r| (r.person.as_str(), r.action.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("otto", "CreateVpnRouteEntry", demo::GATEWAY_ID),
            ("otto", "CreateVpnRouteEntry", demo::GATEWAY_ID),
            ("vera", "CreateVpnRouteEntry", demo::GATEWAY_ID),
            ("otto", "CreateVpnConnection", demo::GATEWAY_ID),
        ]
    );
    assert_eq!(found[0].outcome, "OK");
    assert_eq!(found[0].client_token, "token-written");
    assert_eq!(found[0].source, "10.0.0.9");
    assert_eq!(found[0].params["RouteDest"], "192.168.77.0/24");
    assert_eq!(found[1].outcome, refused["Code"].as_str().unwrap());
    assert_eq!(found[1].request_id, refused["RequestId"].as_str().unwrap());
    assert_eq!(found[2].outcome, "Forbidden.RAM");
    assert!(
        found[3].params["IkeConfig"].contains("ikev2"),
        "{:?}",
        found[3]
    );
    assert!(!found[3].params.contains_key("IpsecPassword"));

    let stored: String = database
        .reader()
        .query_row(
            "SELECT group_concat(person || source || action || target || params || outcome \
             || request_id || client_token, ' ') FROM audit",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert!(stored.contains("ikev2"), "{stored}");
    assert!(!stored.contains(PSK), "a secret was stored: {stored}");
}

#[tokio::test]
async fn reads_are_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (app, database) = team(dir.path());
    let vera = sign_in(&app, "vera").await;
    let query = format!(
        "RegionId={}&VpnGatewayId={}",
        demo::REGION_ID,
        demo::GATEWAY_ID
    );
    let (status, _) = call_as(&app, &vera, "DescribeVpnGateway", &query).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call_as(&app, &vera, "DescribeVpnRouteEntries", &query).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(records(&database), []);
}

async fn audit_page(app: &axum::Router, session: &(String, String), query: &str) -> Vec<Value> {
    let request = Request::get(format!("/api/audit?{query}"))
        .header("cookie", &session.0)
        .body(Body::empty())
        .unwrap();
    let (status, body) = send_from(app, remote(), request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["records"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_audit_page_shows_an_operator_their_own_records_and_an_admin_all() {
    let dir = tempfile::tempdir().unwrap();
    let (app, _database) = team(dir.path());
    let (otto, vera, ada) = (
        sign_in(&app, "otto").await,
        sign_in(&app, "vera").await,
        sign_in(&app, "ada").await,
    );
    call_as(
        &app,
        &otto,
        "CreateVpnRouteEntry",
        &route("192.168.81.0/24"),
    )
    .await;
    call_as(
        &app,
        &vera,
        "CreateVpnRouteEntry",
        &route("192.168.82.0/24"),
    )
    .await;
    call_as(&app, &ada, "CreateVpnRouteEntry", &route("192.168.83.0/24")).await;

    let people = |records: Vec<Value>| -> Vec<String> {
        records
            .iter()
            .map(|r| r["person"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(people(audit_page(&app, &otto, "").await), ["otto"]);
    assert_eq!(
        people(audit_page(&app, &otto, "user=vera").await),
        Vec::<String>::new()
    );
    assert_eq!(people(audit_page(&app, &vera, "").await), ["vera"]);
    assert_eq!(
        people(audit_page(&app, &ada, "").await),
        ["otto", "vera", "ada"]
    );
    assert_eq!(
        people(audit_page(&app, &ada, "user=vera&since=1h").await),
        ["vera"]
    );
    assert_eq!(
        people(audit_page(&app, &ada, "gateway=vpn-none").await),
        Vec::<String>::new()
    );

    let request = Request::get("/api/audit?since=yesterday")
        .header("cookie", &ada.0)
        .body(Body::empty())
        .unwrap();
    let (status, body) = send_from(&app, remote(), request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["Code"], "InvalidParameter.Since", "{body}");
}

fn record(person: &str, target: &str, time_ms: u64) -> AuditRecord {
    AuditRecord {
        time_ms,
        person: person.to_owned(),
        source: "10.0.0.9".to_owned(),
        action: "CreateVpnRouteEntry".to_owned(),
        target: target.to_owned(),
        params: [("RouteDest".to_owned(), "10.9.0.0/16".to_owned())].into(),
        outcome: "OK".to_owned(),
        request_id: format!("{person}-{target}"),
        client_token: String::new(),
    }
}

fn audit_cli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .arg("audit")
        .arg("--data")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_audit_command_filters_by_person_and_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(Arc::new(Database::open(dir.path()).unwrap()));
    let now = vpnroute_server::emulator::unix_millis();
    for (person, target) in [
        ("otto", "vpn-a"),
        ("otto", "vpn-b"),
        ("vera", "vpn-a"),
        ("otto", "vpn-a"),
    ] {
        log.append(&record(person, target, now)).unwrap();
    }
    let out = audit_cli(
        dir.path(),
        &["--format", "json", "--user", "otto", "--gateway", "vpn-a"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Vec<AuditRecord> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed,
        [record("otto", "vpn-a", now), record("otto", "vpn-a", now)]
    );

    let out = audit_cli(dir.path(), &["--since", "2 hours"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--since") && stderr.contains("2h"),
        "{stderr}"
    );
}

#[test]
fn the_audit_table_refuses_changes() {
    let dir = tempfile::tempdir().unwrap();
    let database = Arc::new(Database::open(dir.path()).unwrap());
    AuditLog::new(Arc::clone(&database))
        .append(&record("otto", "vpn-a", 1))
        .unwrap();
    let writer = database.writer();
    assert!(writer.execute("DELETE FROM audit", []).is_err());
    assert!(writer
        .execute("UPDATE audit SET person = 'someone'", [])
        .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_arriving_together_are_each_written_once_before_record_returns() {
    let dir = tempfile::tempdir().unwrap();
    let log = AuditLog::new(Arc::new(Database::open(dir.path()).unwrap()));
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let log = log.clone();
            tokio::spawn(async move {
                let person = format!("person-{i}");
                let attempt = WriteAttempt {
                    person: person.clone(),
                    action: Action::parse("CreateVpnRouteEntry").unwrap(),
                    params: WireParams(vec![("VpnGatewayId".into(), "vpn-a".into())]),
                };
                log.record(attempt, "OK".into(), "10.0.0.9".into(), format!("RID-{i}"))
                    .await;
                let filter = AuditFilter {
                    person: Some(person),
                    ..AuditFilter::default()
                };
                let mine = log.read(&filter).unwrap();
                assert_eq!(mine.len(), 1, "written, and once: {mine:?}");
                assert_eq!(mine[0].request_id, format!("RID-{i}"));
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(log.read(&AuditFilter::default()).unwrap().len(), 64);
}
