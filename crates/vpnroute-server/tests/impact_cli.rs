//! `vpnroute check --impact --intents` and `vpnroute failover` on files: what a plan does to
//! traffic, whether intents still hold, and what moves when a connection is down.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Output};

fn vpnroute(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A pair to 172.16.0.0/12 (vco-a active, vco-b standby) and a lone route via vco-x.
fn files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let route = |dest: &str, hop: &str, weight: u8| json!({ "RouteDest": dest, "NextHop": hop, "Weight": weight });
    let snapshot = json!({ "gateways": [{
        "vpnGatewayId": "vpn-a1",
        "connections": ["vco-a", "vco-b", "vco-x"],
        "destinationRoutes": [route("172.16.0.0/12", "vco-a", 100), route("172.16.0.0/12", "vco-b", 0), route("192.168.0.0/16", "vco-x", 100)],
    }]});
    std::fs::write(dir.path().join("table.json"), snapshot.to_string()).unwrap();
    let row = |action: &str, hop: &str, weight: u8, extra: Value| {
        let mut row = json!({ "Action": action, "RegionId": "cn-hangzhou", "VpnGatewayId": "vpn-a1",
            "RouteDest": "172.16.0.0/12", "NextHop": hop, "Weight": weight });
        row.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        row
    };
    let swap = json!([
        row("DeleteVpnRouteEntry", "vco-b", 0, json!({})),
        row(
            "ModifyVpnRouteEntryWeight",
            "vco-a",
            100,
            json!({ "NewWeight": 0 })
        ),
        row(
            "CreateVpnRouteEntry",
            "vco-b",
            100,
            json!({ "PublishVpc": true })
        ),
    ]);
    std::fs::write(dir.path().join("swap.json"), swap.to_string()).unwrap();
    std::fs::write(
        dir.path().join("intents.toml"),
        "[[intent]]\nname = \"to HQ\"\ngateway = \"vpn-a1\"\nto = \"172.16.0.0/12\"\nvia = \"vco-a\"\nbackup = \"vco-b\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn check_reports_the_traffic_a_swap_moves_and_the_intent_it_breaks() {
    let dir = files();
    let out = vpnroute(
        dir.path(),
        &[
            "check",
            "swap.json",
            "--table",
            "table.json",
            "--impact",
            "--intents",
            "intents.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken intent is an error: {}",
        text(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["findings"], json!([]), "the swap itself is clean");
    let blocks = &report["impact"][0]["blocks"];
    assert_eq!(
        report["impact"][0]["target"],
        json!({ "kind": "gateway", "id": "vpn-a1" })
    );
    assert_eq!(blocks.as_array().unwrap().len(), 1, "{blocks:#}");
    assert_eq!(
        blocks[0]["source"],
        json!({ "first": "0.0.0.0", "last": "255.255.255.255" })
    );
    assert_eq!(
        blocks[0]["destination"],
        json!({ "first": "172.16.0.0", "last": "172.31.255.255" })
    );
    assert_eq!(blocks[0]["before"]["nextHop"], "vco-a");
    assert_eq!(blocks[0]["after"]["nextHop"], "vco-b");
    let intents = report["intents"].as_array().unwrap();
    assert_eq!(
        intents.len(),
        1,
        "holds now, broken after the plan: {intents:#?}"
    );
    assert_eq!(intents[0]["state"], "afterPlan");
    assert_eq!(intents[0]["diagnostic"]["rule"], "intent-via");

    let human = vpnroute(
        dir.path(),
        &[
            "check",
            "swap.json",
            "--table",
            "table.json",
            "--impact",
            "--intents",
            "intents.toml",
        ],
    );
    let human = text(&human.stdout);
    assert!(human.contains("impact on vpn-a1: 1 block(s)"), "{human}");
    assert!(
        human.contains("0.0.0.0-255.255.255.255 -> 172.16.0.0-172.31.255.255: via vco-a (172.16.0.0/12) => via vco-b (172.16.0.0/12)"),
        "{human}"
    );
    assert!(
        human.contains("intents.toml: intent 1: error to HQ:"),
        "{human}"
    );
    assert!(human.contains("(after the plan)"), "{human}");

    std::fs::write(
        dir.path().join("intents.json"),
        r#"{"intent": [{"name": "to HQ", "gateway": "vpn-a1", "to": "172.16.0.0/12", "via": "vco-a", "backup": "vco-b"}]}"#,
    )
    .unwrap();
    let as_json = vpnroute(
        dir.path(),
        &[
            "check",
            "swap.json",
            "--table",
            "table.json",
            "--intents",
            "intents.json",
            "--format",
            "json",
        ],
    );
    let as_json: Value = serde_json::from_slice(&as_json.stdout).unwrap();
    assert_eq!(
        as_json["intents"], report["intents"],
        "the JSON form of the intents file reads alike"
    );

    let sarif = vpnroute(
        dir.path(),
        &[
            "check",
            "swap.json",
            "--table",
            "table.json",
            "--intents",
            "intents.toml",
            "--format",
            "sarif",
        ],
    );
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "intent-via");
}

#[test]
fn a_plan_that_changes_nothing_moves_no_traffic() {
    let dir = files();
    std::fs::write(dir.path().join("none.json"), "[]").unwrap();
    let out = vpnroute(
        dir.path(),
        &["check", "none.json", "--table", "table.json", "--impact"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("impact: the plan changes where no traffic goes"));
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[intent]]\ngateway = \"vpn-a1\"\n").unwrap();
    let out = vpnroute(dir.path(), &["check", "none.json", "--intents", "bad.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bad.toml: intent 1"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn failover_names_what_moves_and_what_is_dropped_per_connection() {
    let dir = files();
    let out = vpnroute(
        dir.path(),
        &[
            "failover",
            "--table",
            "table.json",
            "--gateway",
            "vpn-a1",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let of = |connection: &str| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["connection"] == connection)
            .unwrap()["blocks"]
            .clone()
    };
    assert_eq!(
        of("vco-a")[0]["after"]["nextHop"],
        "vco-b",
        "the standby takes over"
    );
    assert_eq!(of("vco-b"), json!([]), "nothing goes through the standby");
    assert_eq!(
        of("vco-x")[0]["after"]["nextHop"],
        Value::Null,
        "no standby: dropped"
    );
    let human = text(
        &vpnroute(
            dir.path(),
            &["failover", "--table", "table.json", "--gateway", "vpn-a1"],
        )
        .stdout,
    );
    assert!(human.contains("vco-b down: no traffic moves"), "{human}");
    assert!(
        human.contains("=> dropped (192.168.0.0/16: its connection is down)"),
        "{human}"
    );
    let missing = vpnroute(
        dir.path(),
        &["failover", "--table", "table.json", "--gateway", "vpn-zz"],
    );
    assert_eq!(missing.status.code(), Some(2));
}
