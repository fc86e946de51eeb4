//! `cargo xtask`: every project task, installing the tools it needs (pinned versions,
//! skipped when already present).

mod bench;
mod build;
mod codegen;
mod process;
mod size;
mod test;
mod tools;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the console and start `vpnroute serve` with the embedded emulator.
    Run {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
    },
    /// Every test: native, wasm, Node, browser. Ends with a `summary:` line.
    Test,
    /// Build the npm package (web, nodejs and bundler targets) into crates/vpnroute-wasm/pkg.
    Npm,
    /// Build the console with trunk into dist/.
    Console,
    /// Run the engine's benchmarks and print their figures against the speed goals.
    Bench,
    /// Run the npm package against a plain JavaScript implementation and print both timings.
    BenchJs,
    /// A bounded load run of `vpnroute serve` on loopback: throughput and p50/p99 latency.
    BenchServer,
    /// Print the sizes of the npm package's .wasm and of the console against their budgets.
    Size,
    /// Write the generated files (the npm package's TypeScript declarations).
    Codegen {
        /// Fail instead of writing when a generated file is stale.
        #[arg(long)]
        check: bool,
    },
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Run { listen } => run(&listen),
        Command::Test => return test::run_all(),
        Command::Npm => tools::Toolbox::for_build().and_then(|tools| build::npm_package(&tools)),
        Command::Console => tools::Toolbox::for_build().and_then(|tools| build::console(&tools)),
        Command::Bench => bench::run_all(),
        Command::Codegen { check } => codegen::run(check),
        Command::BenchJs => bench::run_js(),
        Command::BenchServer => bench::run_server(),
        Command::Size => {
            let outcome = size::report();
            if outcome.broken == 0 {
                Ok(())
            } else {
                Err(format!("{} size budget(s) broken", outcome.broken))
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(listen: &str) -> Result<(), String> {
    let tools = tools::Toolbox::for_build()?;
    build::console(&tools)?;
    let server = build::server()?;
    let mut command = std::process::Command::new(server);
    command
        .args(["serve", "--listen", listen, "--console"])
        .arg(root().join("dist"));
    process::run(&mut command)
}
