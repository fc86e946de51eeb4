//! Size figures of what ships, printed against their budgets: a size check, not a test.
//! `cargo xtask size` prints them; `cargo xtask test` prints them after the suites.

use crate::root;
use std::io::Write;
use std::path::Path;

/// A file's size raw and gzipped (level 9, as a web server would send it).
fn sizes(path: &Path) -> Option<(u64, u64)> {
    let bytes = std::fs::read(path).ok()?;
    let mut gzip = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    gzip.stdin.take()?.write_all(&bytes).ok()?;
    let out = gzip.wait_with_output().ok()?;
    Some((bytes.len() as u64, out.stdout.len() as u64))
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// Prints the figures; returns how many are over budget.
pub fn report() -> usize {
    let mut over = 0;
    println!("\n=== sizes ===");
    let wasm = root().join("crates/vpnroute-wasm/pkg/web/vpnroute_wasm_bg.wasm");
    match sizes(&wasm) {
        Some((raw, gz)) => {
            let fits = raw <= 150 * 1024 && gz <= 60 * 1024;
            over += usize::from(!fits);
            println!(
                "npm package .wasm      {} raw, {} gzip   budget 150.0 KB raw, 60.0 KB gzip: {}",
                kb(raw),
                kb(gz),
                if fits { "within" } else { "OVER" }
            );
        }
        None => println!("npm package .wasm      not built (cargo xtask npm)"),
    }
    // Node's build trades size for speed (see ARCHITECTURE.md); it has no budget of its own.
    let node = root().join("crates/vpnroute-wasm/pkg/nodejs/vpnroute_wasm_bg.wasm");
    if let Some((raw, gz)) = sizes(&node) {
        println!(
            "  its nodejs .wasm     {} raw, {} gzip   built for speed: no budget",
            kb(raw),
            kb(gz)
        );
    }
    let dist = root().join("dist");
    let console: Vec<(u64, u64)> = std::fs::read_dir(&dist)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| x == "wasm" || x == "js" || x == "css" || x == "html")
                })
                .filter_map(|p| sizes(&p))
                .collect()
        })
        .unwrap_or_default();
    if console.is_empty() {
        println!("console (dist/)        not built (cargo xtask console)");
    } else {
        let (raw, gz) = console.iter().fold((0, 0), |(r, g), (a, b)| (r + a, g + b));
        let fits = gz <= 400 * 1024;
        over += usize::from(!fits);
        println!(
            "console wasm+js+css    {} raw, {} gzip   budget 400.0 KB gzip: {}",
            kb(raw),
            kb(gz),
            if fits { "within" } else { "OVER" }
        );
    }
    over
}
