//! Accounts and roles with the real binary: `vpnroute users` adds, lists, rotates and removes
//! people in the data directory, and a running server takes each person's own key, signed
//! as the SDKs sign, for what their role allows.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use vpnroute_server::emulator::demo;
use vpnroute_server::signature::{acs3_authorization, hex_sha256, Credentials};

/// Runs `vpnroute users ARGS --data DATA`: exit code, stdout, stderr.
fn users(data: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .arg("users")
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The key pair `users add` or `users rotate` printed.
fn printed_key(stdout: &str) -> Credentials {
    let field = |name: &str| {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {stdout}"))
            .trim()
            .to_owned()
    };
    Credentials {
        access_key_id: field("AccessKeyId:"),
        access_key_secret: field("AccessKeySecret:"),
        security_token: None,
    }
}

fn add(data: &Path, name: &str, role: &str) -> Credentials {
    let (code, stdout, stderr) = users(data, &["add", name, "--role", role]);
    assert_eq!(code, Some(0), "{stderr}");
    printed_key(&stdout)
}

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(data: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--update-delay-ms",
            "0",
            "--data",
        ])
        .arg(data)
        .env_remove("VPNROUTE_ACCESS_KEY_ID")
        .env_remove("VPNROUTE_ACCESS_KEY_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .trim_start_matches("vpnroute console: http://")
        .trim_end_matches('/')
        .to_owned();
    Server { child, address }
}

/// One call of `action` with `params`, signed with ACS3 by `key` (unsigned when `None`):
/// the status and the JSON answer.
async fn call(
    server: &Server,
    key: Option<&Credentials>,
    action: &str,
    params: &[(&str, &str)],
) -> (u16, Value) {
    let query: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let body_hash = hex_sha256(b"");
    let mut headers = vec![
        ("host".to_owned(), server.address.clone()),
        ("x-acs-action".to_owned(), action.to_owned()),
        ("x-acs-version".to_owned(), "2016-04-28".to_owned()),
        ("x-acs-date".to_owned(), "2026-11-22T00:00:00Z".to_owned()),
        (
            "x-acs-signature-nonce".to_owned(),
            uuid::Uuid::new_v4().simple().to_string(),
        ),
        ("x-acs-content-sha256".to_owned(), body_hash.clone()),
    ];
    if let Some(key) = key {
        let authorization = acs3_authorization(key, "POST", &query, &headers, &body_hash);
        headers.push(("authorization".to_owned(), authorization));
    }
    let mut request = reqwest::Client::new().post(format!(
        "http://{}/?{}",
        server.address,
        vpnroute_rules::model::wire::encode_pairs(query.iter())
    ));
    for (name, value) in headers.iter().filter(|(name, _)| name != "host") {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

fn route(dest: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("RegionId", demo::REGION_ID),
        ("VpnGatewayId", demo::GATEWAY_ID),
        ("RouteDest", dest),
        ("NextHop", demo::CONNECTION_IDS[0]),
        ("Weight", "100"),
        ("PublishVpc", "true"),
    ]
}

#[test]
fn users_are_added_listed_rotated_and_removed_and_secrets_are_never_listed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let alice = add(data, "alice", "operator");
    assert!(alice.access_key_id.starts_with("VRAK"), "{alice:?}");
    let (code, _, stderr) = users(data, &["add", "alice", "--role", "viewer"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("already an account \"alice\""), "{stderr}");
    let (code, _, stderr) = users(data, &["add", "bob", "--role", "superuser"]);
    assert_eq!(code, Some(2), "clap refuses an unknown role");
    assert!(stderr.contains("superuser"), "{stderr}");
    add(data, "bob", "viewer");

    let (code, listed, _) = users(data, &["list"]);
    assert_eq!(code, Some(0));
    assert!(
        listed.contains("alice") && listed.contains("operator"),
        "{listed}"
    );
    assert!(
        listed.contains("bob") && listed.contains("viewer"),
        "{listed}"
    );
    assert!(listed.contains(&alice.access_key_id), "{listed}");
    assert!(!listed.contains(&alice.access_key_secret), "{listed}");

    let (code, rotated, _) = users(data, &["rotate", "alice"]);
    assert_eq!(code, Some(0));
    let rotated = printed_key(&rotated);
    assert_ne!(rotated.access_key_id, alice.access_key_id);
    let (_, listed, _) = users(data, &["list"]);
    assert!(!listed.contains(&alice.access_key_id), "{listed}");
    assert!(listed.contains(&rotated.access_key_id), "{listed}");

    let (code, _, _) = users(data, &["remove", "bob"]);
    assert_eq!(code, Some(0));
    let (code, _, stderr) = users(data, &["remove", "bob"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("no account \"bob\""), "{stderr}");
    let (_, listed, _) = users(data, &["list"]);
    assert!(!listed.contains("bob"), "{listed}");
}

#[tokio::test]
async fn each_key_is_taken_for_what_its_role_allows_and_no_longer_once_rotated_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let viewer = add(data, "vera", "viewer");
    let operator = add(data, "otto", "operator");
    let server = serve(data);
    let gateway = [
        ("RegionId", demo::REGION_ID),
        ("VpnGatewayId", demo::GATEWAY_ID),
    ];

    let (status, body) = call(&server, Some(&viewer), "DescribeVpnGateway", &gateway).await;
    assert_eq!(status, 200, "a viewer describes: {body}");
    let (status, body) = call(
        &server,
        Some(&viewer),
        "CreateVpnRouteEntry",
        &route("10.70.0.0/16"),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["Code"], "Forbidden.RAM");
    let message = body["Message"].as_str().unwrap();
    assert!(
        message.contains("vera has the role viewer") && message.contains("the role operator"),
        "{message}"
    );
    let mut dry_run = route("10.70.0.0/16");
    dry_run.push(("DryRun", "true"));
    let (_, body) = call(&server, Some(&viewer), "CreateVpnRouteEntry", &dry_run).await;
    assert_eq!(body["Code"], "DryRunOperation", "a viewer dry-runs: {body}");

    let (status, body) = call(
        &server,
        Some(&operator),
        "CreateVpnRouteEntry",
        &route("10.70.0.0/16"),
    )
    .await;
    assert_eq!(status, 200, "an operator writes: {body}");

    let (status, body) = call(&server, None, "DescribeVpnGateway", &gateway).await;
    assert_eq!(
        status, 400,
        "unsigned, even on loopback, once accounts exist: {body}"
    );
    assert_eq!(body["Code"], "IncompleteSignature");
    let default_pair = Credentials::default_pair();
    let (_, body) = call(&server, Some(&default_pair), "DescribeVpnGateway", &gateway).await;
    assert_eq!(body["Code"], "InvalidAccessKeyId.NotFound", "{body}");

    let (code, _, _) = users(data, &["rotate", "otto"]);
    assert_eq!(code, Some(0));
    let (status, body) = call(&server, Some(&operator), "DescribeVpnGateway", &gateway).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["Code"], "InvalidAccessKeyId.NotFound");
    let (code, _, _) = users(data, &["remove", "vera"]);
    assert_eq!(code, Some(0));
    let (_, body) = call(&server, Some(&viewer), "DescribeVpnGateway", &gateway).await;
    assert_eq!(body["Code"], "InvalidAccessKeyId.NotFound");
}
