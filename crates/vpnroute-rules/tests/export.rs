//! `export`'s files against golden copies: a plan and the snapshot it is checked against
//! (`tests/export/plan.json`, `snapshot.json`), and what each format must write for them
//! (`expected.tf`, `expected.sh`), byte for byte.
//!
//! The Terraform file follows the argument names and import ids of the `aliyun/alicloud`
//! provider 1.235.0, as its source (`alicloud/resource_alicloud_vpn_route_entry.go`,
//! `resource_alicloud_vpn_pbr_route_entry.go`, `resource_alicloud_vpn_gateway_vco_route.go`)
//! and documentation (`website/docs/r/vpn_route_entry.html.markdown`,
//! `vpn_pbr_route_entry.html.markdown`, `vpn_gateway_vco_route.html.markdown`) give them: the
//! revision read is the one that lists the vco route's `overlay_mode` as new in 1.235.0.

use serde_json::Value;
use std::path::{Path, PathBuf};
use vpnroute_rules::export::{aliyun_cli, terraform};
use vpnroute_rules::{Operation, PlanRequest, TableSnapshot, WireParams};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export")
}

fn read(name: &str) -> String {
    let path = dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn plan() -> Vec<PlanRequest> {
    let rows: Vec<serde_json::Map<String, Value>> =
        serde_json::from_str(&read("plan.json")).unwrap();
    rows.into_iter()
        .map(|row| {
            let operation: Operation = row["Action"].as_str().unwrap().parse().unwrap();
            let params: WireParams = row
                .iter()
                .filter(|(key, _)| *key != "Action")
                .map(|(key, value)| match value {
                    Value::String(text) => (key.clone(), text.clone()),
                    other => (key.clone(), other.to_string()),
                })
                .collect();
            PlanRequest { operation, params }
        })
        .collect()
}

fn snapshot() -> TableSnapshot {
    serde_json::from_str(&read("snapshot.json")).unwrap()
}

/// The lines of `expected` and `found` as a diff (`-` expected only, `+` found only), from
/// their longest common subsequence.
fn diff(expected: &str, found: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), found.lines().collect());
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = if a[i] == b[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || common[i + 1][j] >= common[i][j + 1]) {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        }
    }
    out
}

fn assert_golden(name: &str, found: &str) {
    let expected = read(name);
    assert!(
        expected == found,
        "{name} differs from what export writes (- {name}, + written):\n{}",
        diff(&expected, found)
    );
}

#[test]
fn terraform_writes_the_end_state_with_imports_for_existing_routes() {
    assert_golden("expected.tf", &terraform(&plan(), &snapshot()));
}

#[test]
fn aliyun_cli_writes_the_rows_in_plan_order() {
    assert_golden("expected.sh", &aliyun_cli(&plan()));
}

#[test]
fn the_diff_marks_what_is_missing_and_what_is_extra() {
    assert_eq!(diff("a\nb\nc\n", "a\nc\nd\n"), "  a\n- b\n  c\n+ d\n");
    assert_eq!(diff("a\nb\n", "a\nc\n"), "  a\n- b\n+ c\n");
}
