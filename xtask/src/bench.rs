//! `cargo xtask bench`: the engine's criterion benchmarks, then their figures against the goals.

use crate::process::run;
use crate::root;
use std::process::Command;

/// A benchmark and the most it may take, in nanoseconds.
struct Goal {
    group: &'static str,
    name: &'static str,
    what: &'static str,
    limit_ns: Option<f64>,
}

const GOALS: &[Goal] = &[
    Goal {
        group: "validate_one_request",
        name: "CreateVpnPbrRouteEntry",
        what: "one request validated",
        limit_ns: Some(2_000.0),
    },
    Goal {
        group: "validate_one_request",
        name: "CreateVpnPbrRouteEntry_with_errors",
        what: "one request with errors",
        limit_ns: Some(2_000.0),
    },
    Goal {
        group: "policy_table_analysis",
        name: "1000",
        what: "1,000 policy routes analysed",
        limit_ns: None,
    },
    Goal {
        group: "policy_table_analysis",
        name: "10000",
        what: "10,000 policy routes analysed",
        limit_ns: None,
    },
    Goal {
        group: "policy_table_analysis",
        name: "100000",
        what: "100,000 policy routes analysed",
        limit_ns: Some(100e6),
    },
    Goal {
        group: "packet_lookup",
        name: "1M_packets_10k_routes",
        what: "1M lookups, 10,000 routes",
        limit_ns: Some(200e6),
    },
    Goal {
        group: "plan_impact",
        name: "1000",
        what: "100-row plan impact, 1,000 routes",
        limit_ns: None,
    },
    Goal {
        group: "plan_impact",
        name: "10000",
        what: "100-row plan impact, 10,000 routes",
        limit_ns: Some(100e6),
    },
    Goal {
        group: "plan_impact",
        name: "100000",
        what: "100-row plan impact, 100,000 routes",
        limit_ns: None,
    },
    Goal {
        group: "failover",
        name: "20_connections/1000",
        what: "failover, 20 connections, 1,000 routes",
        limit_ns: None,
    },
    Goal {
        group: "failover",
        name: "20_connections/10000",
        what: "failover, 20 connections, 10,000 routes",
        limit_ns: Some(500e6),
    },
];

/// The median of a criterion benchmark, in nanoseconds.
fn median_ns(group: &str, name: &str) -> Option<f64> {
    let path = crate::build::target_dir()
        .join("criterion")
        .join(group)
        .join(name)
        .join("new/estimates.json");
    let estimates: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn human(ns: f64) -> String {
    match ns {
        ns if ns < 1e3 => format!("{ns:.0} ns"),
        ns if ns < 1e6 => format!("{:.2} µs", ns / 1e3),
        ns if ns < 1e9 => format!("{:.1} ms", ns / 1e6),
        ns => format!("{:.2} s", ns / 1e9),
    }
}

pub fn run_all() -> Result<(), String> {
    run(Command::new("cargo").current_dir(root()).args([
        "bench",
        "--package",
        "vpnroute-rules",
        "--bench",
        "engine",
    ]))?;
    println!("\n=== engine figures (median) ===");
    let mut over = 0;
    for goal in GOALS {
        let Some(ns) = median_ns(goal.group, goal.name) else {
            return Err(format!(
                "no criterion estimate for {}/{}",
                goal.group, goal.name
            ));
        };
        let verdict = match goal.limit_ns {
            Some(limit) if ns <= limit => format!("goal < {}: met", human(limit)),
            Some(limit) => {
                over += 1;
                format!("goal < {}: OVER", human(limit))
            }
            None => String::new(),
        };
        println!("{:<34} {:>10}   {verdict}", goal.what, human(ns));
    }
    let table = |n: &str| median_ns("policy_table_analysis", n).unwrap_or(f64::NAN);
    println!(
        "table analysis growth: 1k -> 10k x{:.1}, 10k -> 100k x{:.1} (x10 would be linear)",
        table("10000") / table("1000"),
        table("100000") / table("10000")
    );
    let impact = |n: &str| median_ns("plan_impact", n).unwrap_or(f64::NAN);
    println!(
        "plan impact growth: 1k -> 10k x{:.1}, 10k -> 100k x{:.1} (x10 would be linear)",
        impact("10000") / impact("1000"),
        impact("100000") / impact("10000")
    );
    if over > 0 {
        println!("{over} figure(s) over their goal");
    }
    Ok(())
}

/// `cargo xtask bench-js`: the npm package, installed from its tarball, against JavaScript.
pub fn run_js() -> Result<(), String> {
    let tools = crate::tools::Toolbox::for_tests()?;
    crate::build::npm_package(&tools)?;
    let project = crate::build::npm_scratch_project(&tools, &crate::build::npm_tarball(&tools)?)?;
    run(tools
        .command("node")
        .arg(root().join("tests/bench/bench-js.mjs"))
        .env("VPNROUTE_NPM_PROJECT", project))
}

/// `cargo xtask bench-server`: the server's load run (`crates/vpnroute-server/benches/load.rs`),
/// which prints its own figures against the goal.
pub fn run_server() -> Result<(), String> {
    run(Command::new("cargo").current_dir(root()).args([
        "bench",
        "--package",
        "vpnroute-server",
        "--bench",
        "load",
    ]))
}
