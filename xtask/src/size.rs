//! Size budgets of what ships, printed with their figures. `cargo xtask size` fails when a
//! budget is broken or a figure is missing; `cargo xtask test` counts each budget as a check.

use crate::build::{files_under, CONSOLE_ANALYSIS, CONSOLE_ASSETS};
use crate::root;
use std::io::Write;
use std::path::Path;

const KIB: u64 = 1024;
/// The npm package's browser `.wasm` (the `web` build, gzip as a web server sends it).
const NPM_WEB_WASM_GZIP: u64 = 110 * KIB;
/// Everything the console's page loads when it opens (wasm, js, css, html), gzip.
const CONSOLE_GZIP: u64 = 400 * KIB;

/// A file's size raw and gzipped (level 9, as a web server would send it).
fn sizes(path: &Path) -> Option<(u64, u64)> {
    let bytes = std::fs::read(path).ok()?;
    let mut gzip = std::process::Command::new("gzip")
        .args(["-9", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let raw = bytes.len() as u64;
    // Fed from another thread: gzip's output fills its pipe long before a large input is
    // written, and a single thread writing and then reading would wait on itself.
    let mut stdin = gzip.stdin.take()?;
    let feeder = std::thread::spawn(move || stdin.write_all(&bytes));
    let out = gzip.wait_with_output().ok()?;
    feeder.join().ok()?.ok()?;
    Some((raw, out.stdout.len() as u64))
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// The console's files under `dir` but `skip`, summed raw and gzipped; `None` when there are
/// none (it is not built).
fn console_sizes(dir: &Path, skip: Option<&Path>) -> Option<(u64, u64)> {
    let files = files_under(dir, &CONSOLE_ASSETS, skip);
    if files.is_empty() {
        return None;
    }
    files
        .iter()
        .map(|p| sizes(p))
        .try_fold((0, 0), |(r, g), s| s.map(|(a, b)| (r + a, g + b)))
}

/// The console's precompressed `.br` files under `dir` but `skip`, summed: what a browser that
/// takes brotli downloads.
fn served_brotli(dir: &Path, skip: Option<&Path>) -> Option<u64> {
    let sizes: Vec<u64> = files_under(dir, &["br"], skip)
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok().map(|m| m.len()))
        .collect();
    (!sizes.is_empty()).then(|| sizes.iter().sum())
}

/// How the budgets fared.
pub struct Outcome {
    pub within: u64,
    pub broken: u64,
}

/// Prints each figure against its budget. A budget whose figure cannot be measured (the
/// artefact is not built) counts as broken: a missing figure must not pass.
pub fn report() -> Outcome {
    let mut outcome = Outcome {
        within: 0,
        broken: 0,
    };
    let mut judge =
        |name: &str, figures: Option<(u64, u64)>, budget: u64, build: &str| match figures {
            Some((raw, gz)) => {
                let fits = gz <= budget;
                println!(
                    "{name:<22} {} raw, {} gzip   budget {} gzip: {}",
                    kb(raw),
                    kb(gz),
                    kb(budget),
                    if fits { "within" } else { "OVER" }
                );
                if fits {
                    outcome.within += 1;
                } else {
                    outcome.broken += 1;
                }
            }
            None => {
                println!("{name:<22} not built ({build}): budget not checked, counted as broken");
                outcome.broken += 1;
            }
        };
    println!("\n=== sizes ===");
    let pkg = root().join("crates/vpnroute-wasm/pkg");
    judge(
        "npm package web .wasm",
        sizes(&pkg.join("web/vpnroute_wasm_bg.wasm")),
        NPM_WEB_WASM_GZIP,
        "cargo xtask npm",
    );
    // Node's build trades size for speed (see ARCHITECTURE.md); it has no budget of its own.
    if let Some((raw, gz)) = sizes(&pkg.join("nodejs/vpnroute_wasm_bg.wasm")) {
        println!(
            "  its nodejs .wasm     {} raw, {} gzip   built for speed: no budget",
            kb(raw),
            kb(gz)
        );
    }
    // The analysis module is downloaded only by apps that import `vpnroute/analysis`, when
    // they do; the budget holds for the module every app loads.
    if let Some((raw, gz)) = sizes(&pkg.join("analysis/web/vpnroute_wasm_bg.wasm")) {
        println!(
            "  its analysis web .wasm {} raw, {} gzip   loaded on demand: no budget",
            kb(raw),
            kb(gz)
        );
    }
    let dist = root().join("dist");
    let analysis = dist.join(CONSOLE_ANALYSIS);
    judge(
        "console (dist/)",
        console_sizes(&dist, Some(&analysis)),
        CONSOLE_GZIP,
        "cargo xtask console",
    );
    if let Some(brotli) = served_brotli(&dist, Some(&analysis)) {
        println!(
            "  as the server sends it to browsers: {} brotli (precompressed): no budget of its own",
            kb(brotli)
        );
    }
    // Fetched when the plan page's impact, or the gateway view's failover or intents tab,
    // is first shown.
    if let (Some((raw, gz)), Some(brotli)) = (
        console_sizes(&analysis, None),
        served_brotli(&analysis, None),
    ) {
        println!(
            "  its analysis module (dist/{CONSOLE_ANALYSIS}/), loaded on demand: {} raw, {} gzip, {} brotli as sent: no budget of its own",
            kb(raw),
            kb(gz),
            kb(brotli)
        );
    }
    outcome
}
