//! `cargo xtask test`: every suite, timed, ending with one `summary: N passed, M failed` line.

use crate::build;
use crate::process::{run, run_tests, Tally};
use crate::root;
use crate::tools::{Toolbox, WASM_TARGET};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

struct PhaseReport {
    name: &'static str,
    tally: Tally,
    took: Duration,
    problem: Option<String>,
}

#[derive(Default)]
struct Report {
    phases: Vec<PhaseReport>,
}

impl Report {
    /// Runs one phase. A phase that exits non-zero without counting a failure (a build
    /// error), or that runs no test at all, counts as one failure: nothing prints green
    /// without having been checked.
    fn phase(&mut self, name: &'static str, body: impl FnOnce() -> Result<Tally, String>) {
        eprintln!("\n=== {name} ===");
        let started = Instant::now();
        let (tally, problem) = match body() {
            Ok(tally) if !tally.exited_ok && tally.failed == 0 => {
                (tally, Some("exited with an error".to_owned()))
            }
            Ok(tally) if tally.passed + tally.failed == 0 => {
                (tally, Some("ran no test".to_owned()))
            }
            Ok(tally) => (tally, None),
            Err(error) => (Tally::default(), Some(error)),
        };
        self.phases.push(PhaseReport {
            name,
            tally,
            took: started.elapsed(),
            problem,
        });
    }

    fn totals(&self) -> (u64, u64) {
        self.phases.iter().fold((0, 0), |(p, f), phase| {
            let extra = u64::from(phase.problem.is_some() && phase.tally.failed == 0);
            (p + phase.tally.passed, f + phase.tally.failed + extra)
        })
    }
}

pub fn run_all() -> ExitCode {
    let started = Instant::now();
    let tools = match Toolbox::for_tests() {
        Ok(tools) => tools,
        Err(error) => {
            eprintln!("xtask: installing the tools failed: {error}");
            println!(
                "install phase: {:.1}s (failed)",
                started.elapsed().as_secs_f64()
            );
            println!("summary: 0 passed, 1 failed");
            return ExitCode::FAILURE;
        }
    };
    let install_took = started.elapsed();
    let tests_started = Instant::now();
    let mut report = Report::default();

    report.phase("generated files, format and lints", || {
        let checks: [&[&str]; 3] = [
            &["fmt", "--all", "--check"],
            &[
                "clippy",
                "--workspace",
                "--exclude",
                "vpnroute-console",
                "--all-targets",
                "--features",
                "vpnroute-wasm/analysis",
                "--",
                "-D",
                "warnings",
            ],
            &[
                "clippy",
                "--package",
                "vpnroute-console",
                "--target",
                WASM_TARGET,
                "--",
                "-D",
                "warnings",
            ],
        ];
        let mut tally = Tally {
            exited_ok: true,
            ..Tally::default()
        };
        for args in checks {
            match run(tools.command("cargo").args(args)) {
                Ok(()) => tally.passed += 1,
                Err(error) => {
                    eprintln!("{error}");
                    tally.failed += 1;
                }
            }
        }
        Ok(tally)
    });
    report.phase("native tests", || {
        let workspace = run_tests(Command::new("cargo").current_dir(root()).args([
            "test",
            "--workspace",
            "--exclude",
            "vpnroute-console",
            "--exclude",
            "vpnroute-wasm",
        ]));
        // The facade's own unit tests (its JSON reader and writer held to serde_json) are
        // native; its integration tests need a JS host and run in the wasm phase.
        let facade = run_tests(Command::new("cargo").current_dir(root()).args([
            "test",
            "--package",
            "vpnroute-wasm",
            "--lib",
        ]));
        // The console's own unit tests (its catalogs) need no browser.
        let console = run_tests(Command::new("cargo").current_dir(root()).args([
            "test",
            "--package",
            "vpnroute-console",
        ]));
        Ok(Tally {
            passed: workspace.passed + facade.passed + console.passed,
            failed: workspace.failed + facade.failed + console.failed,
            exited_ok: workspace.exited_ok && facade.exited_ok && console.exited_ok,
        })
    });
    report.phase("wasm tests (wasm-bindgen-test in Node)", || {
        Ok(run_tests(
            tools
                .command("cargo")
                .args([
                    "test",
                    "--package",
                    "vpnroute-wasm",
                    "--target",
                    WASM_TARGET,
                ])
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                ),
        ))
    });
    let mut scratch = None;
    report.phase("npm package in Node (installed from its tarball)", || {
        build::npm_package(&tools)?;
        let project = build::npm_scratch_project(&tools, &build::npm_tarball(&tools)?)?;
        let mut tests = node_tests(&tools, "tests/npm")?;
        tests.env("VPNROUTE_NPM_PROJECT", &project);
        scratch = Some(project);
        Ok(run_tests(&mut tests))
    });
    report.phase(
        "official SDKs (Python and Node) against vpnroute serve",
        || {
            let server = Server::start(&build::server()?, &["--update-delay-ms", "0"])?;
            let endpoint = server
                .url
                .trim_start_matches("http://")
                .trim_end_matches('/');
            let mut node = node_tests(&tools, "tests/sdk")?;
            node.env("VPNROUTE_ENDPOINT", endpoint);
            let node = run_tests(&mut node);
            let mut python = tools.command(Toolbox::sdk_python());
            python
                .arg(root().join("tests/sdk/test_python_sdk.py"))
                .env("VPNROUTE_ENDPOINT", endpoint);
            let python = run_tests(&mut python);
            Ok(Tally {
                passed: node.passed + python.passed,
                failed: node.failed + python.failed,
                exited_ok: node.exited_ok && python.exited_ok,
            })
        },
    );
    report.phase("console and web package in headless Chromium", || {
        build::console(&tools)?;
        let binary = build::server()?;
        let server = Server::start(&binary, &["--update-delay-ms", "1200"])?;
        let screenshots = build::target_dir().join("screenshots");
        let mut tests = node_tests(&tools, "tests/browser")?;
        tests
            .env("VPNROUTE_URL", &server.url)
            .env("VPNROUTE_SCREENSHOTS", screenshots)
            .env("VPNROUTE_SDK_PYTHON", Toolbox::sdk_python())
            // For a test that needs a server of its own (its own seed, quotas).
            .env("VPNROUTE_BIN", &binary)
            .env("VPNROUTE_CONSOLE", root().join("dist"));
        if let Some(project) = &scratch {
            tests.env("VPNROUTE_NPM_PROJECT", project);
        }
        Ok(run_tests(&mut tests))
    });

    report.phase("size budgets", || {
        let outcome = crate::size::report();
        Ok(Tally {
            passed: outcome.within,
            failed: outcome.broken,
            exited_ok: true,
        })
    });

    let tests_took = tests_started.elapsed();
    println!("\n=== results ===");
    for phase in &report.phases {
        let note = phase
            .problem
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        println!(
            "{:<42} {:>4} passed {:>3} failed {:>7.1}s{note}",
            phase.name,
            phase.tally.passed,
            phase.tally.failed,
            phase.took.as_secs_f64()
        );
    }
    println!("install phase: {:.1}s", install_took.as_secs_f64());
    println!("test phase: {:.1}s", tests_took.as_secs_f64());
    let (passed, failed) = report.totals();
    println!("summary: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `node --test` over every `*.test.mjs` file of `dir`.
fn node_tests(tools: &Toolbox, dir: &str) -> Result<Command, String> {
    let files = test_files(&root().join(dir))?;
    let mut command = tools.command("node");
    // One file at a time: the browser suites share one server and its demo data.
    command
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(files);
    Ok(command)
}

fn test_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs files in {}", dir.display()));
    }
    Ok(files)
}

/// A `vpnroute serve` on a free loopback port, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// Starts with the demo data, in memory only (a test run never touches the user's state).
    fn start(binary: &Path, options: &[&str]) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--ephemeral",
                "--console",
            ])
            .arg(root().join("dist"))
            .args(options)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let first_line = child
            .stdout
            .take()
            .and_then(|out| BufReader::new(out).lines().next())
            .and_then(Result::ok)
            .unwrap_or_default();
        match first_line.strip_prefix("vpnroute console: ") {
            Some(url) => Ok(Server {
                child,
                url: url.trim().to_owned(),
            }),
            None => {
                let _ = child.kill();
                Err(format!(
                    "the server did not print its address (got {first_line:?})"
                ))
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
