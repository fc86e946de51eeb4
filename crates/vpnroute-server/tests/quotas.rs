//! The emulator's quotas are settings: the service's defaults, raised or lowered by the seed
//! or state file's `quotas`, and by `--quota NAME=N` for one run.

mod common;

use axum::http::StatusCode;
use common::{call, send, state_with};
use std::process::Command;
use std::time::Duration;
use vpnroute_server::app;
use vpnroute_server::emulator::world::{QuotaSettings, World};
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};

/// A server over the demo world with `world_quotas`, run with `run_quotas`.
fn server(world_quotas: QuotaSettings, run_quotas: QuotaSettings) -> axum::Router {
    let world = World {
        quotas: world_quotas,
        ..demo::world()
    };
    let config = EmulatorConfig {
        update_delay: Duration::ZERO,
        quotas: run_quotas,
    };
    app(state_with(Emulator::new(config, world)))
}

/// How many more destination routes the demo gateway takes before its quota refuses one.
async fn destination_routes_taken(app: &axum::Router) -> usize {
    for taken in 0..50 {
        let query = format!(
            "RegionId=cn-hangzhou&VpnGatewayId={}&RouteDest=10.{taken}.0.0%2F16&NextHop={}&Weight=100&PublishVpc=true",
            demo::GATEWAY_ID,
            demo::CONNECTION_IDS[0]
        );
        let (status, body) = send(app, call("CreateVpnRouteEntry", &query)).await;
        if status != StatusCode::OK {
            assert_eq!(body["Code"], "CreateDbrRoutesQuotaFull.QuotaFull", "{body}");
            return taken;
        }
    }
    panic!("no quota refused 50 routes");
}

fn destination_routes(n: usize) -> QuotaSettings {
    QuotaSettings {
        destination_routes: Some(n),
        ..QuotaSettings::default()
    }
}

#[tokio::test]
async fn the_run_overrides_the_world_which_overrides_the_default() {
    // The demo gateway holds one destination route already.
    let default = server(QuotaSettings::default(), QuotaSettings::default());
    assert_eq!(destination_routes_taken(&default).await, 19);
    let raised = server(destination_routes(30), QuotaSettings::default());
    assert_eq!(destination_routes_taken(&raised).await, 29);
    let run = server(destination_routes(30), destination_routes(4));
    assert_eq!(destination_routes_taken(&run).await, 3);
}

#[test]
fn a_seed_files_quotas_are_read_and_a_misspelt_one_is_refused() {
    let world: World =
        serde_json::from_str(r#"{"quotas": {"policyRoutes": 1000, "vcoRoutes": 5}}"#).unwrap();
    assert_eq!(world.quotas.policy_routes, Some(1000));
    assert_eq!(world.quotas.vco_routes, Some(5));
    assert_eq!(world.quotas.destination_routes, None);

    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, r#"{"quotas": {"policyRoute": 1000}}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["serve", "--listen", "127.0.0.1:0", "--ephemeral", "--seed"])
        .arg(&seed)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("is not a seed file"), "{said}");
    assert!(said.contains("policyRoute"), "{said}");
    assert!(said.contains("policyRoutes"), "{said}");
}

#[test]
fn the_quota_flag_says_what_it_takes() {
    for (flag, expected) in [
        ("policy=3", "\"policy\" is not a quota; the quotas are destination-routes, policy-routes, connections, vco-routes"),
        ("policy-routes=many", "\"many\" is not a whole number; expected NAME=N, such as policy-routes=1000"),
        ("policy-routes", "expected NAME=N, such as policy-routes=1000"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
            .args(["serve", "--ephemeral", "--quota", flag])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag}: {said}");
        assert!(said.contains(expected), "{flag}: {said}");
    }
}
