//! `vpnroute`: the console and the SDK-compatible endpoint in one binary.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use vpnroute_server::access::Access;
use vpnroute_server::emulator::store::Store;
use vpnroute_server::emulator::world::{QuotaSettings, World};
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};
use vpnroute_server::listen::{self, Limits};
use vpnroute_server::queue::{Backend, QueuePolicy, WriteQueue};
use vpnroute_server::signature::Credentials;
use vpnroute_server::upstream::Upstream;
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
    Serve(ServeArgs),
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

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080", env = "VPNROUTE_LISTEN")]
    listen: SocketAddr,
    /// Directory of the built console (trunk's dist/).
    #[arg(long, default_value = "dist", env = "VPNROUTE_CONSOLE")]
    console: PathBuf,
    /// How long a gateway (vco routes: a connection) stays `updating` after a write, in milliseconds.
    #[arg(long, default_value_t = 2000)]
    update_delay_ms: u64,
    /// Start with no gateways instead of the demo data (only when the state file is new).
    #[arg(long, conflicts_with = "seed")]
    no_demo: bool,
    /// Start from the gateways, customer gateways and connections in this JSON file instead
    /// of the demo data (only when the state file is new).
    #[arg(long)]
    seed: Option<PathBuf>,
    /// The emulator's state file, saved on every write. Default: vpnroute/state.json in the
    /// user's data directory.
    #[arg(long, env = "VPNROUTE_STATE")]
    state: Option<PathBuf>,
    /// Set a quota of the emulator, as an account raises it in Alibaba Cloud's quota centre:
    /// destination-routes, policy-routes, connections or vco-routes (per gateway; vco routes
    /// per connection). Repeatable; takes precedence over the seed and state files' `quotas`.
    #[arg(long = "quota", value_name = "NAME=N", value_parser = parse_quota)]
    quota: Vec<(String, usize)>,
    /// How long a client may take to send a request's headers, in milliseconds; a kept-alive
    /// connection idle this long is closed too.
    #[arg(long, default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// How many connections may be open at once; more wait until one closes.
    #[arg(long, default_value_t = 4096)]
    max_connections: usize,
    /// Keep the emulator's state in memory only.
    #[arg(long, conflicts_with = "state")]
    ephemeral: bool,
    /// Where calls are answered: the embedded emulator, or Alibaba Cloud (key pair from
    /// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN).
    #[arg(long, value_enum, default_value = "emulator")]
    upstream: UpstreamKind,
    /// With --upstream aliyun: a base URL to send to instead of https://vpc.<RegionId>.aliyuncs.com.
    #[arg(long, requires = "upstream")]
    endpoint: Option<String>,
    /// AccessKeyId that SDK callers sign with.
    #[arg(long, env = "VPNROUTE_ACCESS_KEY_ID", default_value = DEFAULT_ACCESS_KEY_ID)]
    access_key_id: String,
    /// AccessKey secret that SDK callers sign with. The defaults suit local testing only, and
    /// are refused on any address but loopback.
    #[arg(long, env = "VPNROUTE_ACCESS_KEY_SECRET", default_value = DEFAULT_ACCESS_KEY_SECRET)]
    access_key_secret: String,
}

/// The key pair SDK callers sign with unless told otherwise: the one the SDKs' own examples
/// and this project's captures use, so public knowledge.
const DEFAULT_ACCESS_KEY_ID: &str = "testid";
const DEFAULT_ACCESS_KEY_SECRET: &str = "testsecret";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum UpstreamKind {
    Emulator,
    Aliyun,
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
        Command::Serve(args) => serve(args).await,
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

/// `NAME=N` of `--quota`.
fn parse_quota(text: &str) -> Result<(String, usize), String> {
    let usage = || {
        format!(
            "expected NAME=N, such as policy-routes=1000, where NAME is one of {}",
            QuotaSettings::NAMES.join(", ")
        )
    };
    let (name, value) = text.split_once('=').ok_or_else(usage)?;
    let value = value
        .parse::<usize>()
        .map_err(|_| format!("{value:?} is not a whole number; {}", usage()))?;
    QuotaSettings::default().set(name, value)?;
    Ok((name.to_owned(), value))
}

async fn serve(args: ServeArgs) -> std::process::ExitCode {
    if !args.listen.ip().is_loopback()
        && (args.access_key_id == DEFAULT_ACCESS_KEY_ID
            || args.access_key_secret == DEFAULT_ACCESS_KEY_SECRET)
    {
        eprintln!(
            "vpnroute: refusing to listen on {} with the default key pair {DEFAULT_ACCESS_KEY_ID}/{DEFAULT_ACCESS_KEY_SECRET}, which anyone can sign with. \
             Give SDK callers a key pair of your own (--access-key-id and --access-key-secret, or \
             VPNROUTE_ACCESS_KEY_ID and VPNROUTE_ACCESS_KEY_SECRET), or listen on loopback (127.0.0.1).",
            args.listen
        );
        return std::process::ExitCode::from(2);
    }
    let mut quotas = QuotaSettings::default();
    for (name, value) in &args.quota {
        quotas
            .set(name, *value)
            .expect("names are checked when the arguments are read");
    }
    let config = EmulatorConfig {
        update_delay: Duration::from_millis(args.update_delay_ms),
        quotas,
    };
    // The emulator's state is local, so reading it often costs nothing; the real service
    // is asked once a second.
    let policy = QueuePolicy {
        poll_interval: match args.upstream {
            UpstreamKind::Emulator => Duration::from_millis(100),
            UpstreamKind::Aliyun => QueuePolicy::default().poll_interval,
        },
        ..QueuePolicy::default()
    };
    let backend = match args.upstream {
        UpstreamKind::Emulator => match emulator(&args, config) {
            Ok(emulator) => Backend::Emulator(Arc::new(emulator)),
            Err(problem) => {
                eprintln!("vpnroute: {problem}");
                return std::process::ExitCode::from(2);
            }
        },
        UpstreamKind::Aliyun => match Upstream::from_env(args.endpoint.clone()) {
            Ok(upstream) => Backend::Upstream(Arc::new(upstream)),
            Err(problem) => {
                eprintln!("vpnroute: {problem}");
                return std::process::ExitCode::from(2);
            }
        },
    };
    if !args.console.join("index.html").is_file() {
        tracing::warn!(dir = %args.console.display(), "no built console there; the RPC endpoint works, the page does not (run `cargo xtask run`)");
    }
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("vpnroute: cannot listen on {}: {error}", args.listen);
            return std::process::ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(args.listen);
    println!("vpnroute console: http://{address}/");
    let state = AppState {
        queue: WriteQueue::new(backend, policy),
        access: Arc::new(Access::new(Credentials {
            access_key_id: args.access_key_id,
            access_key_secret: args.access_key_secret,
            security_token: None,
        })),
        console_dir: args.console,
    };
    let limits = Limits {
        header_timeout: Duration::from_millis(args.header_timeout_ms),
        max_connections: args.max_connections,
    };
    listen::serve(listener, app(state), limits, shutdown_signal()).await;
    std::process::ExitCode::SUCCESS
}

/// The emulator the arguments ask for: in memory, or saved in the state file.
fn emulator(args: &ServeArgs, config: EmulatorConfig) -> Result<Emulator, String> {
    let initial = initial_world(args)?;
    if args.ephemeral {
        return Ok(Emulator::new(config, initial));
    }
    let path = args
        .state
        .clone()
        .or_else(default_state_path)
        .ok_or("no data directory is known for this user; pass --state FILE or --ephemeral")?;
    let emulator = Emulator::persistent(config, Store::new(path.clone()), || initial)
        .map_err(|error| format!("cannot use the state file {}: {error}", path.display()))?;
    tracing::info!(path = %path.display(), "emulator state");
    Ok(emulator)
}

fn initial_world(args: &ServeArgs) -> Result<World, String> {
    if let Some(seed) = &args.seed {
        let text = std::fs::read_to_string(seed)
            .map_err(|e| format!("cannot read the seed file {}: {e}", seed.display()))?;
        return serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a seed file: {e}", seed.display()));
    }
    Ok(if args.no_demo {
        World::default()
    } else {
        demo::world()
    })
}

fn default_state_path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("vpnroute").join("state.json"))
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
