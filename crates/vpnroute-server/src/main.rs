//! `vpnroute`: the console and the SDK-compatible endpoint in one binary.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use vpnroute_server::emulator::{Emulator, EmulatorConfig};
use vpnroute_server::{app, AppState};

#[derive(Parser)]
#[command(
    name = "vpnroute",
    version,
    about = "Check and send Alibaba Cloud VPN gateway route changes."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the console and the RPC endpoint, answered by the embedded emulator.
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8080", env = "VPNROUTE_LISTEN")]
        listen: SocketAddr,
        /// Directory of the built console (trunk's dist/).
        #[arg(long, default_value = "dist", env = "VPNROUTE_CONSOLE")]
        console: PathBuf,
        /// How long a gateway stays `updating` after a write, in milliseconds.
        #[arg(long, default_value_t = 2000)]
        update_delay_ms: u64,
        /// Start with no gateways instead of the demo data.
        #[arg(long)]
        no_demo: bool,
    },
    /// Print every rule: id, severity, fields and API error code.
    Rules,
    /// Check a plan of requests (CSV or JSON) as the service would, without sending anything.
    /// Exits 1 when any request has an error, 2 when a file cannot be read.
    Check {
        /// The plan: CSV with an Action column and one column per wire field, or a JSON list of requests.
        plan: PathBuf,
        /// A JSON snapshot of the existing gateways, connections and routes to check against.
        #[arg(long)]
        table: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: vpnroute_server::check::Format,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "vpnroute_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve {
            listen,
            console,
            update_delay_ms,
            no_demo,
        } => serve(listen, console, update_delay_ms, no_demo).await,
        Command::Check {
            plan,
            table,
            format,
        } => {
            match vpnroute_server::check::run(
                &plan,
                table.as_deref(),
                format,
                &mut std::io::stdout().lock(),
            ) {
                Ok(vpnroute_server::check::Verdict::Clean) => std::process::ExitCode::SUCCESS,
                Ok(vpnroute_server::check::Verdict::Errors) => std::process::ExitCode::from(1),
                Err(problem) => {
                    eprintln!("vpnroute check: {problem}");
                    std::process::ExitCode::from(2)
                }
            }
        }
        Command::Rules => {
            print!("{}", rules_table());
            std::process::ExitCode::SUCCESS
        }
    }
}

async fn serve(
    listen: SocketAddr,
    console: PathBuf,
    update_delay_ms: u64,
    no_demo: bool,
) -> std::process::ExitCode {
    let config = EmulatorConfig {
        update_delay: Duration::from_millis(update_delay_ms),
        ..EmulatorConfig::default()
    };
    let emulator = if no_demo {
        Emulator::empty(config)
    } else {
        Emulator::with_demo(config)
    };
    if !console.join("index.html").is_file() {
        tracing::warn!(dir = %console.display(), "no built console there; the RPC endpoint works, the page does not (run `cargo xtask run`)");
    }
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("vpnroute: cannot listen on {listen}: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(listen);
    println!("vpnroute console: http://{address}/");
    let state = AppState {
        emulator: Arc::new(emulator),
        console_dir: console,
    };
    match axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
    {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vpnroute: server stopped: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

fn rules_table() -> String {
    let mut table =
        String::from("| id | severity | fields | code | what it checks |\n|---|---|---|---|---|\n");
    for rule in vpnroute_rules::RULES {
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.fields.join(", "),
            rule.code.display(),
            rule.summary()
        ));
    }
    table
}
