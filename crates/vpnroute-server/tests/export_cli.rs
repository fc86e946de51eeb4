//! `vpnroute export` as a pipeline runs it, on the engine's golden plan and snapshot
//! (`crates/vpnroute-rules/tests/export/`): the files it writes are the engine's golden files,
//! and a plan with an error writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vpnroute-rules/tests/export")
}

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

#[test]
fn terraform_and_aliyun_cli_are_the_golden_files() {
    let dir = fixtures();
    let out = vpnroute(
        &dir,
        &[
            "export",
            "plan.json",
            "--format",
            "terraform",
            "--table",
            "snapshot.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = std::fs::read_to_string(dir.join("expected.tf")).unwrap();
    assert!(text(&out.stdout) == expected, "{}", text(&out.stdout));

    let scratch = tempfile::tempdir().unwrap();
    let script = scratch.path().join("apply.sh");
    let out = vpnroute(
        &dir,
        &[
            "export",
            "plan.json",
            "--format",
            "aliyun-cli",
            "--table",
            "snapshot.json",
            "--out",
            script.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let expected = std::fs::read_to_string(dir.join("expected.sh")).unwrap();
    assert_eq!(std::fs::read_to_string(&script).unwrap(), expected);
}

#[test]
fn a_plan_with_an_error_writes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("plan.csv"),
        "Action,RegionId,VpnGatewayId,RouteDest,NextHop,Weight,PublishVpc\n\
         CreateVpnRouteEntry,cn-hangzhou,vpn-gw1,10.0.0.1/24,vco-a,100,true\n",
    )
    .unwrap();
    let out = vpnroute(
        dir.path(),
        &[
            "export",
            "plan.csv",
            "--format",
            "aliyun-cli",
            "--out",
            "apply.sh",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(!dir.path().join("apply.sh").exists());
    let report = text(&out.stderr);
    assert!(report.contains("plan.csv:2: error RouteDest:"), "{report}");
    assert!(
        report.contains("plan.csv has errors, so nothing was written"),
        "{report}"
    );
}

#[test]
fn where_to_read_without_what_to_read_is_refused() {
    let dir = fixtures();
    let out = vpnroute(
        &dir,
        &[
            "export",
            "plan.json",
            "--format",
            "terraform",
            "--endpoint",
            "http://127.0.0.1:1",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("add --gateway ID, --connection ID or --live"),
        "{}",
        text(&out.stderr)
    );
}
