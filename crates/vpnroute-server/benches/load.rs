//! A bounded load run on loopback: the real `vpnroute serve` binary (emulator, demo data) and
//! a client in this process with a few keep-alive connections, signing every call with ACS3
//! as the SDKs do. Prints throughput and p50/p99 latency per scenario against the goal.
//! Run with `cargo xtask bench-server`.

#[path = "../tests/common/spawned.rs"]
mod spawned;

use std::ffi::OsStr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use vpnroute_server::emulator::demo;
use vpnroute_server::signature::{acs3_authorization, hex_sha256, Credentials};

const CONNECTIONS: usize = 8;
const WARMUP: usize = 1_000;
const REQUESTS: usize = 20_000;
const GOAL_PER_SECOND: f64 = 5_000.0;
const GOAL_P99: Duration = Duration::from_millis(5);

/// One signed call, built once and sent many times (the emulator does not track nonces).
struct Prepared {
    url: String,
    headers: Vec<(String, String)>,
}

fn prepare(address: &str, action: &str, params: &[(&str, &str)]) -> Prepared {
    let credentials = Credentials {
        access_key_id: "testid".to_owned(),
        access_key_secret: "testsecret".to_owned(),
        security_token: None,
    };
    let query: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let body_hash = hex_sha256(b"");
    let mut headers = vec![
        ("host".to_owned(), address.to_owned()),
        ("x-acs-action".to_owned(), action.to_owned()),
        ("x-acs-version".to_owned(), "2016-04-28".to_owned()),
        ("x-acs-date".to_owned(), "2026-11-22T00:00:00Z".to_owned()),
        (
            "x-acs-signature-nonce".to_owned(),
            "0123456789abcdef0123456789abcdef".to_owned(),
        ),
        ("x-acs-content-sha256".to_owned(), body_hash.clone()),
    ];
    let authorization = acs3_authorization(&credentials, "POST", &query, &headers, &body_hash);
    headers.push(("authorization".to_owned(), authorization));
    headers.retain(|(name, _)| name != "host");
    Prepared {
        url: format!(
            "http://{address}/?{}",
            vpnroute_rules::model::wire::encode_pairs(query.iter())
        ),
        headers,
    }
}

async fn run(
    client: &reqwest::Client,
    call: Arc<Prepared>,
    count: usize,
    expect: u16,
) -> (Duration, Vec<Duration>) {
    let started = Instant::now();
    let per_connection = count / CONNECTIONS;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let client = client.clone();
            let call = Arc::clone(&call);
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_connection);
                for _ in 0..per_connection {
                    let sent = Instant::now();
                    let mut request = client.post(&call.url);
                    for (name, value) in &call.headers {
                        request = request.header(name, value);
                    }
                    let response = request.send().await.expect("the server answers");
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

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize)
        .saturating_sub(1)
        .min(sorted.len() - 1)]
}

fn main() {
    let (mut server, address) = spawned::serve(&[
        OsStr::new("--ephemeral"),
        OsStr::new("--update-delay-ms"),
        OsStr::new("0"),
    ]);

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
            prepare(
                &address,
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
            prepare(
                &address,
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
    println!("bench-server: {REQUESTS} signed requests per scenario over {CONNECTIONS} keep-alive connections, after {WARMUP} to warm up");
    let mut all_met = true;
    for (name, call, expect) in scenarios {
        let call = Arc::new(call);
        runtime.block_on(run(&client, Arc::clone(&call), WARMUP, expect));
        let (took, mut latencies) = runtime.block_on(run(&client, call, REQUESTS, expect));
        latencies.sort();
        let per_second = latencies.len() as f64 / took.as_secs_f64();
        let (p50, p99) = (percentile(&latencies, 0.50), percentile(&latencies, 0.99));
        let met = per_second >= GOAL_PER_SECOND && p99 < GOAL_P99;
        all_met &= met;
        println!(
            "{name:<28} {per_second:>8.0} requests/s  p50 {:>6.3} ms  p99 {:>6.3} ms  (goal >= {GOAL_PER_SECOND:.0}/s, p99 < {} ms: {})",
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            GOAL_P99.as_millis(),
            if met { "met" } else { "NOT met" }
        );
    }
    let _ = server.kill();
    let _ = server.wait();
    println!(
        "bench-server: goals {}",
        if all_met { "met" } else { "NOT met" }
    );
}
