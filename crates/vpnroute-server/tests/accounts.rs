//! Accounts and roles with the real binary: `vpnroute users` adds, lists, rotates and removes
//! people in the data directory, and a running server takes each person's own key, signed
//! as the SDKs sign, for what their role allows.

#[path = "common/signed.rs"]
mod signed;
#[path = "common/spawned.rs"]
mod spawned;

use serde_json::Value;
use signed::demo_route;
use spawned::{add_user as add, printed_key, users};
use std::path::Path;
use std::process::Child;
use vpnroute_server::emulator::demo;
use vpnroute_server::signature::Credentials;

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
    let (child, address) = spawned::serve(&[
        "--update-delay-ms".as_ref(),
        "0".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
    ]);
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
    let client = reqwest::Client::new();
    let base = format!("http://{}", server.address);
    let request = match key {
        Some(key) => signed::acs3(&server.address, key, action, params).request(&client, &base),
        None => {
            let query: Vec<(String, String)> = params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            client
                .post(format!(
                    "{base}/?{}",
                    vpnroute_rules::model::wire::encode_pairs(query.iter())
                ))
                .header("x-acs-action", action)
                .header("x-acs-version", "2016-04-28")
        }
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
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
        &demo_route("10.70.0.0/16"),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["Code"], "Forbidden.RAM");
    let message = body["Message"].as_str().unwrap();
    assert!(
        message.contains("vera has the role viewer") && message.contains("the role operator"),
        "{message}"
    );
    let mut dry_run = demo_route("10.70.0.0/16");
    dry_run.push(("DryRun", "true"));
    let (_, body) = call(&server, Some(&viewer), "CreateVpnRouteEntry", &dry_run).await;
    assert_eq!(body["Code"], "DryRunOperation", "a viewer dry-runs: {body}");

    let (status, body) = call(
        &server,
        Some(&operator),
        "CreateVpnRouteEntry",
        &demo_route("10.70.0.0/16"),
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
