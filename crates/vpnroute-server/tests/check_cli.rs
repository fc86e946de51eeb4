//! `vpnroute check` as a CI pipeline runs it: files in, report out, exit code.

use std::path::Path;
use std::process::{Command, Output};

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const CSV_PLAN: &str = "\
Action,RegionId,VpnGatewayId,RouteSource,RouteDest,NextHop,Weight,Priority,PublishVpc
CreateVpnRouteEntry,cn-hangzhou,vpn-gw1,,10.0.0.1/24,vco-a,100,,true
CreateVpnPbrRouteEntry,cn-hangzhou,vpn-gw1,10.0.0.0/16,172.16.0.0/12,vco-a,100,10,true
CreateVpnPbrRouteEntry,cn-hangzhou,vpn-gw1,10.0.1.0/24,172.16.5.0/24,vco-b,100,10,true
CreateVpnRouteEntry,cn-hangzhou,vpn-gw1,,192.168.0.0/16,vco-z,100,,true
";

const SNAPSHOT: &str =
    r#"{"gateways":[{"vpnGatewayId":"vpn-gw1","connections":["vco-a","vco-b"]}]}"#;

#[test]
fn a_csv_plan_reports_every_finding_with_file_line_and_field_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.csv"), CSV_PLAN).unwrap();
    std::fs::write(dir.path().join("table.json"), SNAPSHOT).unwrap();
    let out = check(dir.path(), &["plan.csv", "--table", "table.json"]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("plan.csv:2: error RouteDest:"), "{report}");
    assert!(report.contains("fix: RouteDest = 10.0.0.0/24"), "{report}");
    assert!(
        report.contains("plan.csv:4: error Priority:") && report.contains("(with plan.csv:3)"),
        "{report}"
    );
    assert!(
        report.contains("plan.csv:5: error NextHop: vco-z is not a connection"),
        "{report}"
    );
    assert!(
        report.contains("4 requests checked, 3 errors, 0 warnings"),
        "{report}"
    );
}

#[test]
fn without_the_snapshot_next_hops_are_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.csv"), CSV_PLAN).unwrap();
    let report = text(&check(dir.path(), &["plan.csv"]).stdout);
    assert!(!report.contains("vco-z is not a connection"), "{report}");
}

#[test]
fn json_and_sarif_reports_are_machine_readable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.csv"), CSV_PLAN).unwrap();
    let out = check(dir.path(), &["plan.csv", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["rule"], "cidr-host-bits");
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["code"], "InvalidCidrBlock.Malformed");
    assert_eq!(rows[1]["otherRequest"], 2);
    let out = check(dir.path(), &["plan.csv", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert!(run["tool"]["driver"]["rules"].as_array().unwrap().len() >= 50);
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "cidr-host-bits");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][index]["id"],
        "cidr-host-bits"
    );
}

#[test]
fn a_clean_json_plan_passes_and_warnings_do_not_fail_it() {
    let dir = tempfile::tempdir().unwrap();
    let plan = r#"[{"Action":"CreateVpnRouteEntry","RegionId":"cn-hangzhou","VpnGatewayId":"vpn-gw1","RouteDest":"10.0.0.0/24","NextHop":"vco-a","Weight":100,"PublishVpc":true,"Routedest":"x"}]"#;
    std::fs::write(dir.path().join("plan.json"), plan).unwrap();
    let out = check(dir.path(), &["plan.json"]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("plan.json request 1: warning Routedest:"),
        "{report}"
    );
}

#[test]
fn unreadable_input_exits_2_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.json"),
        r#"[{"Action":"CreateVpnRoute"}]"#,
    )
    .unwrap();
    let out = check(dir.path(), &["bad.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bad.json:request 1:"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(
        dir.path().join("nested.json"),
        r#"[{"Action":"CreateVpnConnection","IkeConfig":{"Psk":"x"}}]"#,
    )
    .unwrap();
    let out = check(dir.path(), &["nested.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("IkeConfig must be a string"),
        "{}",
        text(&out.stderr)
    );
    let out = check(dir.path(), &["missing.csv"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(dir.path().join("plan.csv"), "RegionId\ncn-hangzhou\n").unwrap();
    assert!(text(&check(dir.path(), &["plan.csv"]).stderr).contains("needs an Action column"));
}
