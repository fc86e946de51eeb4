//! A bounded load run on loopback: the real `vpnroute serve` binary (emulator, demo data and a
//! few gateways of its own) with its database in a data directory, as a team runs it, and a
//! client in this process with a few keep-alive connections. Every call is signed with an
//! operator account's own key, as the SDKs sign, so each one looks the key up. Prints
//! throughput and p50/p99 latency per scenario against the goals: describes, and durable
//! writes, each acknowledged only once it is on the disk.
//! Run with `cargo xtask bench-server`.

#[path = "../tests/common/signed.rs"]
mod signed;
#[path = "../tests/common/spawned.rs"]
mod spawned;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use vpnroute_server::emulator::demo;
use vpnroute_server::emulator::world::{Connection, Gateway};
use vpnroute_server::signature::Credentials;

const CONNECTIONS: usize = 8;
const WARMUP: usize = 1_000;
const REQUESTS: usize = 20_000;
const GOAL_PER_SECOND: f64 = 5_000.0;
const GOAL_P99: Duration = Duration::from_millis(5);
/// Writes, half creates and half deletes, over as many gateways as connections: one
/// gateway per connection, so that no write waits for another on its gateway.
const WRITES: usize = 4_000;
const WRITE_WARMUP: usize = 400;
const WRITE_GOAL_PER_SECOND: f64 = 1_000.0;

fn bench_gateway(i: usize) -> (String, String) {
    (format!("vpn-bench{i:04}"), format!("vco-bench{i:04}"))
}

async fn run(
    client: &reqwest::Client,
    base: &str,
    call: Arc<signed::SignedCall>,
    count: usize,
    expect: u16,
) -> (Duration, Vec<Duration>) {
    let started = Instant::now();
    let per_connection = count / CONNECTIONS;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (client, base, call) = (client.clone(), base.to_owned(), Arc::clone(&call));
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_connection);
                for _ in 0..per_connection {
                    let sent = Instant::now();
                    let response = call
                        .request(&client, &base)
                        .send()
                        .await
                        .expect("the server answers");
                    let status = response.status().as_u16();
                    let body = response.bytes().await.expect("a whole body");
                    assert_eq!(status, expect, "{}", String::from_utf8_lossy(&body));
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(count);
    for task in tasks {
        latencies.extend(task.await.expect("a load task"));
    }
    (started.elapsed(), latencies)
}

/// What a run of writes came to: the time it took, the latencies of the acknowledged ones,
/// and how many of the others were answered with each code.
struct Writes {
    took: Duration,
    acknowledged: Vec<Duration>,
    refused: BTreeMap<String, usize>,
}

/// `count` writes: each connection creates a route on its own gateway and deletes it again,
/// a new route each time, every call signed anew. `round` keeps the routes of one run apart
/// from another's.
async fn run_writes(
    client: &reqwest::Client,
    address: &str,
    key: &Credentials,
    count: usize,
    round: usize,
) -> Writes {
    let started = Instant::now();
    let per_connection = count / CONNECTIONS;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|connection| {
            let (client, address, key) = (client.clone(), address.to_owned(), key.clone());
            tokio::spawn(async move {
                let (gateway, next_hop) = bench_gateway(connection);
                let base = format!("http://{address}");
                let mut acknowledged = Vec::with_capacity(per_connection);
                let mut refused = BTreeMap::<String, usize>::new();
                for i in 0..per_connection {
                    let n = i / 2;
                    let dest = format!("10.{}.{}.{}/32", 100 + round, n / 256, n % 256);
                    let action = if i % 2 == 0 {
                        "CreateVpnRouteEntry"
                    } else {
                        "DeleteVpnRouteEntry"
                    };
                    let mut params = vec![
                        ("RegionId", demo::REGION_ID),
                        ("VpnGatewayId", &gateway),
                        ("RouteDest", &dest),
                        ("NextHop", &next_hop),
                        ("Weight", "100"),
                    ];
                    if i % 2 == 0 {
                        params.push(("PublishVpc", "true"));
                    }
                    let sent = Instant::now();
                    let response = signed::acs3(&address, &key, action, &params)
                        .request(&client, &base)
                        .send()
                        .await
                        .expect("the server answers");
                    let status = response.status().as_u16();
                    let body: serde_json::Value = response.json().await.expect("a JSON body");
                    if status == 200 {
                        acknowledged.push(sent.elapsed());
                    } else {
                        let code = body["Code"].as_str().unwrap_or("no code").to_owned();
                        *refused.entry(code).or_default() += 1;
                    }
                }
                (acknowledged, refused)
            })
        })
        .collect();
    let mut writes = Writes {
        took: Duration::ZERO,
        acknowledged: Vec::with_capacity(count),
        refused: BTreeMap::new(),
    };
    for task in tasks {
        let (acknowledged, refused) = task.await.expect("a write task");
        writes.acknowledged.extend(acknowledged);
        for (code, n) in refused {
            *writes.refused.entry(code).or_default() += n;
        }
    }
    writes.took = started.elapsed();
    writes
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize)
        .saturating_sub(1)
        .min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn main() {
    // In the target directory rather than the system's temporary one, which may be a tmpfs
    // where a flush to disk costs nothing.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let data = dir.path().join("data");
    let mut world = demo::world();
    for i in 0..CONNECTIONS {
        let (gateway, connection) = bench_gateway(i);
        let region_id = demo::REGION_ID.to_owned();
        world.connections.insert(
            connection,
            Connection {
                region_id: region_id.clone(),
                vpn_gateway_id: Some(gateway.clone()),
                ..Connection::default()
            },
        );
        world.gateways.insert(
            gateway,
            Gateway {
                region_id,
                ..Gateway::default()
            },
        );
    }
    let seed = dir.path().join("seed.json");
    std::fs::write(&seed, serde_json::to_string(&world).unwrap()).unwrap();
    let key = spawned::add_user(&data, "bench", "operator");
    let (mut server, address) = spawned::serve(&[
        "--data".as_ref(),
        data.as_os_str(),
        "--seed".as_ref(),
        seed.as_os_str(),
        "--update-delay-ms".as_ref(),
        "0".as_ref(),
    ]);
    let base = format!("http://{address}");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .unwrap();
    let scenarios = [
        (
            "DescribeVcoRouteEntries",
            signed::acs3(
                &address,
                &key,
                "DescribeVcoRouteEntries",
                &[
                    ("RegionId", demo::REGION_ID),
                    ("VpnConnectionId", demo::TR_CONNECTION_ID),
                    ("PageSize", "10"),
                ],
            ),
            200,
        ),
        (
            "CreateVpnRouteEntry DryRun",
            signed::acs3(
                &address,
                &key,
                "CreateVpnRouteEntry",
                &[
                    ("RegionId", demo::REGION_ID),
                    ("VpnGatewayId", demo::GATEWAY_ID),
                    ("RouteDest", "10.0.0.0/24"),
                    ("NextHop", demo::CONNECTION_IDS[0]),
                    ("Weight", "100"),
                    ("PublishVpc", "true"),
                    ("DryRun", "true"),
                ],
            ),
            400,
        ),
    ];
    println!("bench-server: {REQUESTS} requests per scenario over {CONNECTIONS} keep-alive connections, after {WARMUP} to warm up, each signed with an account's key");
    let mut all_met = true;
    for (name, call, expect) in scenarios {
        let call = Arc::new(call);
        runtime.block_on(run(&client, &base, Arc::clone(&call), WARMUP, expect));
        let (took, mut latencies) = runtime.block_on(run(&client, &base, call, REQUESTS, expect));
        latencies.sort();
        let per_second = latencies.len() as f64 / took.as_secs_f64();
        let (p50, p99) = (percentile(&latencies, 0.50), percentile(&latencies, 0.99));
        let met = per_second >= GOAL_PER_SECOND && p99 < GOAL_P99;
        all_met &= met;
        println!(
            "{name:<28} {per_second:>8.0} requests/s  p50 {:>6.3} ms  p99 {:>6.3} ms  (goal >= {GOAL_PER_SECOND:.0}/s, p99 < {} ms: {})",
            ms(p50),
            ms(p99),
            GOAL_P99.as_millis(),
            if met { "met" } else { "NOT met" }
        );
    }

    println!("bench-server: {WRITES} durable writes (CreateVpnRouteEntry, then DeleteVpnRouteEntry of the same route) over {CONNECTIONS} connections, one gateway each, after {WRITE_WARMUP} to warm up; database in {}", data.display());
    runtime.block_on(run_writes(&client, &address, &key, WRITE_WARMUP, 0));
    let mut writes = runtime.block_on(run_writes(&client, &address, &key, WRITES, 1));
    writes.acknowledged.sort();
    let per_second = writes.acknowledged.len() as f64 / writes.took.as_secs_f64();
    let met = per_second >= WRITE_GOAL_PER_SECOND;
    all_met &= met;
    let (p50, p99) = match writes.acknowledged.as_slice() {
        [] => (Duration::ZERO, Duration::ZERO),
        sorted => (percentile(sorted, 0.50), percentile(sorted, 0.99)),
    };
    println!(
        "{:<28} {per_second:>8.0} writes/s    p50 {:>6.3} ms  p99 {:>6.3} ms  (goal >= {WRITE_GOAL_PER_SECOND:.0} acknowledged/s: {})",
        "durable writes",
        ms(p50),
        ms(p99),
        if met { "met" } else { "NOT met" }
    );
    if !writes.refused.is_empty() {
        println!("  not acknowledged, so not counted: {:?}", writes.refused);
    }
    let _ = server.kill();
    let _ = server.wait();
    println!(
        "bench-server: goals {}",
        if all_met { "met" } else { "NOT met" }
    );
}
