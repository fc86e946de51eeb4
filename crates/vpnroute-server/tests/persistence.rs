//! The emulator's state in the database, with the real binary: a `kill -9` in the middle of a
//! burst of writes loses no acknowledged write and leaves a database that opens and loads; a
//! restart keeps the state; a state file to import that does not parse stops the server
//! instead of being overwritten.

#[path = "common/spawned.rs"]
mod spawned;

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::{Duration, Instant};
use vpnroute_server::database::Database;
use vpnroute_server::emulator::store::WorldStore;
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

fn start(data: &Path, seed_file: Option<&Path>) -> (Child, String) {
    // Each gateway takes up to 20 routes a round for three rounds.
    let mut options = vec![
        OsStr::new("--update-delay-ms"),
        OsStr::new("0"),
        OsStr::new("--quota"),
        OsStr::new("destination-routes=60"),
        OsStr::new("--data"),
        data.as_os_str(),
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
    let data = dir.path().join("data");
    let seed_file = dir.path().join("seed.json");
    std::fs::write(&seed_file, serde_json::to_string(&seed(40)).unwrap()).unwrap();

    for round in 0..3 {
        let (mut child, address) = start(&data, Some(&seed_file));
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

        let database = Database::open(&data).expect("the database opens");
        let world = WorldStore::new(Arc::new(database))
            .load()
            .expect("the state loads")
            .expect("the database holds the state");
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
    let mut files: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert!(
        files
            .iter()
            .all(|name| name.starts_with("vpnroute.sqlite3")),
        "only the database and its -wal and -shm files: {files:?}"
    );
}

#[test]
fn a_restart_keeps_the_state_and_a_broken_state_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (mut child, address) = start(&data, None);
    let demo_route = "RegionId=cn-hangzhou&VpnGatewayId=vpn-bp1a3kqjiiq9legfx0001&RouteDest=10.123.0.0%2F16&NextHop=vco-bp15oes1py4i66rmd0001&Weight=100&PublishVpc=true";
    assert_eq!(
        call(&address, "CreateVpnRouteEntry", demo_route).unwrap().0,
        200
    );
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, address) = start(&data, None);
    let (status, body) = call(&address, "CreateVpnRouteEntry", demo_route).unwrap();
    assert_eq!(status, 400);
    assert!(
        body.contains("VpnRouteEntry.AlreadyExists"),
        "the route survived the restart: {body}"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    let fresh = dir.path().join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    let state = fresh.join("state.json");
    std::fs::write(&state, b"{\"gateways\": [unfinished").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(&fresh)
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
