//! `vpnroute snapshot`, `check --gateway` and `export --gateway` against a real `vpnroute
//! serve` of the test's own, seeded with more routes of each kind than one page of the
//! describes holds: every page must be read for the snapshot to hold them all and for `check`
//! to see the routes a plan conflicts with.

#[path = "common/spawned.rs"]
mod spawned;

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Output};
use vpnroute_rules::model::routes::{PublishedRoute, RouteType};
use vpnroute_rules::{DestinationRoute, PolicyRoute, TableSnapshot, Weight};

const REGION: &str = "cn-hangzhou";
const GATEWAY: &str = "vpn-bp1liveread00000000001";
const CONNECTIONS: [&str; 2] = ["vco-bp1liveread00000000001", "vco-bp1liveread00000000002"];
const TRANSIT_CONNECTION: &str = "vco-bp1liveread00000000003";
/// Each more than a page of 50, and not a whole number of pages.
const DESTINATION_ROUTES: usize = 120;
const POLICY_ROUTES: usize = 60;
const VCO_ROUTES: usize = 70;

fn destination(i: usize) -> DestinationRoute {
    DestinationRoute {
        route_dest: format!("10.0.{i}.0/24").parse().unwrap(),
        next_hop: CONNECTIONS[0].to_owned(),
        weight: Weight::Active,
    }
}

fn policy(i: usize) -> PolicyRoute {
    PolicyRoute {
        route_source: "192.168.0.0/24".parse().unwrap(),
        route_dest: format!("172.16.{i}.0/24").parse().unwrap(),
        next_hop: CONNECTIONS[1].to_owned(),
        weight: Weight::Active,
        priority: 10,
    }
}

fn vco(i: usize) -> DestinationRoute {
    DestinationRoute {
        route_dest: format!("10.1.{i}.0/24").parse().unwrap(),
        next_hop: TRANSIT_CONNECTION.to_owned(),
        weight: Weight::Active,
    }
}

/// Which destination routes are advertised to the VPC: every third.
fn destination_published(i: usize) -> bool {
    i % 3 == 0
}

/// Which policy routes are advertised: every fourth.
fn policy_published(i: usize) -> bool {
    i % 4 == 0
}

fn stored(route: Value, publish: bool) -> Value {
    let mut route = route;
    route["publishVpc"] = json!(publish);
    route
}

fn seed() -> Value {
    let connection = |name: &str| {
        json!({
            "regionId": REGION, "name": name, "vpnGatewayId": GATEWAY,
            "localSubnet": ["10.0.0.0/8"], "remoteSubnet": ["172.16.0.0/12"],
        })
    };
    json!({
        "gateways": {
            GATEWAY: {
                "regionId": REGION,
                "name": "live read",
                "destinationRoutes": (0..DESTINATION_ROUTES)
                    .map(|i| stored(json!(destination(i)), destination_published(i)))
                    .collect::<Vec<_>>(),
                "policyRoutes": (0..POLICY_ROUTES)
                    .map(|i| stored(json!(policy(i)), policy_published(i)))
                    .collect::<Vec<_>>(),
            }
        },
        "connections": {
            CONNECTIONS[0]: connection("branch 1"),
            CONNECTIONS[1]: connection("branch 2"),
            TRANSIT_CONNECTION: {
                "regionId": REGION,
                "name": "transit",
                "transitRouterId": "tr-bp1liveread00000000001",
                "localSubnet": ["10.0.0.0/8"],
                "remoteSubnet": ["172.16.0.0/12"],
                "routes": (0..VCO_ROUTES).map(|i| stored(json!(vco(i)), true)).collect::<Vec<_>>(),
            }
        },
    })
}

/// A seeded server, stopped when dropped.
struct Server {
    child: Child,
    endpoint: String,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let seed_file = dir.path().join("seed.json");
    std::fs::write(&seed_file, seed().to_string()).unwrap();
    let options: Vec<&std::ffi::OsStr> = vec![
        "--ephemeral".as_ref(),
        "--update-delay-ms".as_ref(),
        "0".as_ref(),
        "--seed".as_ref(),
        seed_file.as_os_str(),
    ];
    let (child, address) = spawned::serve(&options);
    Server {
        child,
        endpoint: format!("http://{address}"),
        dir,
    }
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
fn snapshot_reads_every_page_of_every_table() {
    let server = server();
    let out = vpnroute(
        server.dir.path(),
        &[
            "snapshot",
            "--gateway",
            GATEWAY,
            "--connection",
            TRANSIT_CONNECTION,
            "--endpoint",
            &server.endpoint,
            "--out",
            "snapshot.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "--out writes the file only");
    let written = std::fs::read_to_string(server.dir.path().join("snapshot.json")).unwrap();
    let snapshot: TableSnapshot = serde_json::from_str(&written).unwrap();

    let gateway = snapshot
        .gateway(Some(GATEWAY))
        .expect("the gateway is read");
    assert_eq!(
        gateway.destination_routes,
        (0..DESTINATION_ROUTES).map(destination).collect::<Vec<_>>()
    );
    assert_eq!(
        gateway.policy_routes,
        (0..POLICY_ROUTES).map(policy).collect::<Vec<_>>()
    );
    let published: Vec<PublishedRoute> = (0..DESTINATION_ROUTES)
        .filter(|&i| destination_published(i))
        .map(|i| (RouteType::Dbr, destination(i).route_dest, CONNECTIONS[0]))
        .chain(
            (0..POLICY_ROUTES)
                .filter(|&i| policy_published(i))
                .map(|i| (RouteType::Pbr, policy(i).route_dest, CONNECTIONS[1])),
        )
        .map(|(route_type, route_dest, next_hop)| PublishedRoute {
            route_type,
            route_dest,
            next_hop: next_hop.to_owned(),
        })
        .collect();
    assert_eq!(gateway.published, published);
    assert_eq!(gateway.connections, CONNECTIONS);
    assert!(!gateway.partial, "nothing wrote while it was read");

    let connection = snapshot
        .connection(Some(TRANSIT_CONNECTION))
        .expect("the connection is read");
    assert_eq!(
        connection.routes,
        (0..VCO_ROUTES).map(vco).collect::<Vec<_>>()
    );
    assert!(!connection.partial);

    let to_stdout = vpnroute(
        server.dir.path(),
        &[
            "snapshot",
            "--gateway",
            GATEWAY,
            "--endpoint",
            &server.endpoint,
        ],
    );
    let from_stdout: TableSnapshot = serde_json::from_slice(&to_stdout.stdout).unwrap();
    assert_eq!(from_stdout.gateways, snapshot.gateways);
}

#[test]
fn check_with_a_gateway_meets_routes_beyond_the_first_page() {
    let server = server();
    let plan = json!([
        // Route 110 is on the third page of destination routes.
        { "Action": "CreateVpnRouteEntry", "RegionId": REGION, "VpnGatewayId": GATEWAY,
          "RouteDest": "10.0.110.0/24", "NextHop": CONNECTIONS[0], "Weight": 0, "PublishVpc": false },
        // Policy route 55 is on the second page.
        { "Action": "CreateVpnPbrRouteEntry", "RegionId": REGION, "VpnGatewayId": GATEWAY,
          "RouteSource": "192.168.0.0/24", "RouteDest": "172.16.55.0/24", "NextHop": CONNECTIONS[1],
          "Weight": 100, "Priority": 10, "PublishVpc": false },
        // vco route 65 is on the second page, and its weight is 100.
        { "Action": "DeleteVcoRouteEntry", "RegionId": REGION, "VpnConnectionId": TRANSIT_CONNECTION,
          "RouteDest": "10.1.65.0/24", "NextHop": TRANSIT_CONNECTION, "Weight": 0 },
    ]);
    std::fs::write(server.dir.path().join("plan.json"), plan.to_string()).unwrap();
    let out = vpnroute(
        server.dir.path(),
        &[
            "check",
            "plan.json",
            "--gateway",
            GATEWAY,
            "--endpoint",
            &server.endpoint,
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let findings: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let found = |request: u64, rule: &str| {
        findings
            .iter()
            .any(|f| f["request"] == request && f["rule"] == rule)
    };
    assert!(found(1, "route-duplicate"), "{findings:#?}");
    assert!(found(2, "policy-route-duplicate"), "{findings:#?}");
    // The plan names the transit connection, so its routes are read too.
    assert!(found(3, "current-weight-mismatch"), "{findings:#?}");

    // Without the live tables the same plan meets nothing.
    let offline = vpnroute(
        server.dir.path(),
        &["check", "plan.json", "--format", "json"],
    );
    let offline: Vec<Value> = serde_json::from_slice(&offline.stdout).unwrap();
    assert!(
        !offline.iter().any(|f| f["rule"] == "route-duplicate"),
        "{offline:#?}"
    );
}

#[test]
fn export_with_a_gateway_imports_every_route_the_plan_keeps() {
    let server = server();
    let plan = json!([
        { "Action": "DeleteVpnRouteEntry", "RegionId": REGION, "VpnGatewayId": GATEWAY,
          "RouteDest": "10.0.105.0/24", "NextHop": CONNECTIONS[0], "Weight": 100 },
    ]);
    std::fs::write(server.dir.path().join("plan.json"), plan.to_string()).unwrap();
    let out = vpnroute(
        server.dir.path(),
        &[
            "export",
            "plan.json",
            "--format",
            "terraform",
            "--gateway",
            GATEWAY,
            "--connection",
            TRANSIT_CONNECTION,
            "--endpoint",
            &server.endpoint,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = text(&out.stdout);
    let imports = written.matches("\nimport {\n").count();
    assert_eq!(
        imports,
        DESTINATION_ROUTES - 1 + POLICY_ROUTES + VCO_ROUTES,
        "{written}"
    );
    assert!(
        written.contains(&format!(
            "#   alicloud_vpn_route_entry {GATEWAY}:{}:10.0.105.0/24\n",
            CONNECTIONS[0]
        )),
        "the deleted route is listed as removed"
    );
    assert!(written.contains(&format!(
        "  id = \"{TRANSIT_CONNECTION}:10.1.69.0/24:{TRANSIT_CONNECTION}:100\"\n"
    )));
}

#[test]
fn live_tables_are_checked_with_the_quotas_the_account_has() {
    let server = server();
    let plan = json!([
        { "Action": "CreateVpnRouteEntry", "RegionId": REGION, "VpnGatewayId": GATEWAY,
          "RouteDest": "10.9.0.0/24", "NextHop": CONNECTIONS[0], "Weight": 100, "PublishVpc": false },
    ]);
    std::fs::write(server.dir.path().join("plan.json"), plan.to_string()).unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "plan.json",
            "--gateway",
            GATEWAY,
            "--endpoint",
            &server.endpoint,
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let out = vpnroute(server.dir.path(), &args);
        let findings: Vec<Value> =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out.stderr)));
        (out.status.code(), findings)
    };
    let (code, findings) = check(&[]);
    assert_eq!(code, Some(1));
    assert!(
        findings.iter().any(|f| f["rule"] == "route-quota"),
        "the describes show no quotas, so the default of 20 applies: {findings:#?}"
    );
    let (code, findings) = check(&["--quota", "destination-routes=200"]);
    assert_eq!((code, findings.len()), (Some(0), 0), "{findings:#?}");
    let out = vpnroute(
        server.dir.path(),
        &["check", "plan.json", "--quota", "routes=5"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("destination-routes"),
        "the error names the quotas"
    );
}
