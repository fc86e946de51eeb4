//! The emulator's state file, with the real binary: a `kill -9` in the middle of a burst of
//! writes loses no acknowledged write and leaves a file that loads; a restart keeps the state;
//! a file that is not a state file stops the server instead of being overwritten.

#[path = "common/spawned.rs"]
mod spawned;

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};
use vpnroute_server::emulator::store::Store;
use vpnroute_server::emulator::world::{Connection, Gateway, World};

const REGION: &str = "cn-hangzhou";

/// A world of `n` single-tunnel gateways with one connection each.
fn seed(n: usize) -> World {
    let mut world = World::default();
    for i in 0..n {
        let gateway = format!("vpn-seed{i:04}");
        world.gateways.insert(
            gateway.clone(),
            Gateway {
                region_id: REGION.into(),
                ..Gateway::default()
            },
        );
        world.connections.insert(
            format!("vco-seed{i:04}"),
            Connection {
                region_id: REGION.into(),
                vpn_gateway_id: Some(gateway),
                ..Connection::default()
            },
        );
    }
    world
}

fn start(state: &Path, seed_file: Option<&Path>) -> (Child, String) {
    let mut options = vec![
        OsStr::new("--update-delay-ms"),
        OsStr::new("0"),
        OsStr::new("--state"),
        state.as_os_str(),
    ];
    if let Some(seed) = seed_file {
        options.extend([OsStr::new("--seed"), seed.as_os_str()]);
    }
    spawned::serve(&options)
}

/// One unsigned call over loopback; the status code, or `None` when the connection broke.
fn call(address: &str, action: &str, query: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!(
        "POST /?{query} HTTP/1.1\r\nHost: {address}\r\nx-acs-action: {action}\r\nx-acs-version: 2016-04-28\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.get(9..12)?.parse().ok()?;
    Some((status, response))
}

fn route_query(i: usize, j: usize) -> String {
    format!(
        "RegionId={REGION}&VpnGatewayId=vpn-seed{i:04}&RouteDest=10.{j}.0.0%2F16&NextHop=vco-seed{i:04}&Weight=100&PublishVpc=true"
    )
}

#[test]
fn kill_9_during_a_burst_of_writes_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let seed_file = dir.path().join("seed.json");
    std::fs::write(&seed_file, serde_json::to_string(&seed(40)).unwrap()).unwrap();

    for round in 0..3 {
        let (mut child, address) = start(&state, Some(&seed_file));
        let burst = std::thread::spawn(move || {
            let mut acknowledged = Vec::new();
            let deadline = Instant::now() + Duration::from_secs(20);
            'burst: for j in 0..20 {
                for i in 0..40 {
                    if Instant::now() > deadline {
                        break 'burst;
                    }
                    match call(
                        &address,
                        "CreateVpnRouteEntry",
                        &route_query(i, round * 20 + j),
                    ) {
                        Some((200, _)) => acknowledged.push((i, round * 20 + j)),
                        Some((status, body)) => panic!("a write was refused: {status} {body}"),
                        None => break 'burst,
                    }
                }
            }
            acknowledged
        });
        std::thread::sleep(Duration::from_millis(300 + 200 * round as u64));
        child.kill().unwrap();
        child.wait().unwrap();
        let acknowledged = burst.join().unwrap();
        assert!(
            !acknowledged.is_empty(),
            "round {round}: the burst was under way when killed"
        );

        let world = Store::new(state.clone())
            .load()
            .expect("the file loads")
            .expect("the file exists");
        for (i, j) in &acknowledged {
            let routes = &world.gateways[&format!("vpn-seed{i:04}")].destination_routes;
            assert!(
                routes
                    .iter()
                    .any(|r| r.route.route_dest.to_string() == format!("10.{j}.0.0/16")),
                "round {round}: acknowledged route 10.{j}.0.0/16 on gateway {i} was lost"
            );
        }
        println!(
            "round {round}: {} writes acknowledged before kill -9, all on disk",
            acknowledged.len()
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(
        leftovers.len() <= 3 + 1,
        "at most a temporary file of the killed process besides state and seed: {leftovers:?}"
    );
}

#[test]
fn a_restart_keeps_the_state_and_a_broken_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let (mut child, address) = start(&state, None);
    let demo_route = "RegionId=cn-hangzhou&VpnGatewayId=vpn-bp1a3kqjiiq9legfx0001&RouteDest=10.123.0.0%2F16&NextHop=vco-bp15oes1py4i66rmd0001&Weight=100&PublishVpc=true";
    assert_eq!(
        call(&address, "CreateVpnRouteEntry", demo_route).unwrap().0,
        200
    );
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, address) = start(&state, None);
    let (status, body) = call(&address, "CreateVpnRouteEntry", demo_route).unwrap();
    assert_eq!(status, 400);
    assert!(
        body.contains("VpnRouteEntry.AlreadyExists"),
        "the route survived the restart: {body}"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    std::fs::write(&state, b"{\"gateways\": [unfinished").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["serve", "--listen", "127.0.0.1:0", "--state"])
        .arg(&state)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a vpnroute state file"), "{stderr}");
    assert_eq!(
        std::fs::read(&state).unwrap(),
        b"{\"gateways\": [unfinished",
        "left as it was"
    );
}
