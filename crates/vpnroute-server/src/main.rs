//! `vpnroute`: the console and the SDK-compatible endpoint in one binary.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use vpnroute_rules::TableSnapshot;
use vpnroute_server::access::{Access, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};
use vpnroute_server::check::{self, PlanRow, Verdict};
use vpnroute_server::emulator::store::Store;
use vpnroute_server::emulator::world::{QuotaSettings, World};
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};
use vpnroute_server::listen::{self, Limits};
use vpnroute_server::live::LiveArgs;
use vpnroute_server::queue::{Backend, QueuePolicy, WriteQueue};
use vpnroute_server::signature::Credentials;
use vpnroute_server::upstream::{Upstream, UpstreamKind};
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
    /// Check a plan of requests (CSV or JSON) as the service would, without sending anything,
    /// against a --table file or the live tables (--gateway, --connection, --live).
    /// Exits 1 when any request has an error, 2 when a file or the live tables cannot be read.
    Check {
        #[command(flatten)]
        plan: PlanArgs,
        #[arg(long, value_enum, default_value = "human")]
        format: vpnroute_server::check::Format,
        /// Also report the traffic the plan changes: every block of sources x destinations
        /// whose next hop moves, with its route before and after.
        #[arg(long)]
        impact: bool,
        /// Also hold the tables, before and after the plan and with each one connection down,
        /// to the intents of this TOML file; a broken intent is an error.
        #[arg(long, value_name = "FILE")]
        intents: Option<PathBuf>,
    },
    /// For each connection of a gateway, the traffic that moves or stops being routed while
    /// that connection alone is down. Exits 2 when the tables cannot be read.
    Failover {
        /// A JSON snapshot holding the gateway that --gateway names (`vpnroute snapshot`
        /// writes one); without it, the gateway's live tables are read.
        #[arg(long, value_name = "FILE")]
        table: Option<PathBuf>,
        #[command(flatten)]
        tables: LiveArgs,
        #[arg(long, value_enum, default_value = "human")]
        format: FailoverFormat,
    },
    /// Read the live tables of gateways and transit-router connections, every page, into the
    /// JSON snapshot that `check --table` reads. Exits 2 when they cannot be read.
    Snapshot {
        #[command(flatten)]
        live: LiveArgs,
        /// The account's quotas, written into the snapshot (the describes do not show them).
        #[command(flatten)]
        quotas: QuotaArgs,
        /// Write the snapshot to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write a plan for other tools, once it is checked and has no error: Terraform
    /// configuration of the routes it leaves (with import blocks for those that exist), or
    /// `aliyun` CLI calls. Exits 1 when a request has an error (nothing is written), 2 when a
    /// file or the live tables cannot be read.
    Export {
        #[command(flatten)]
        plan: PlanArgs,
        #[arg(long, value_enum)]
        format: vpnroute_server::check::ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// A plan and what it meets: a snapshot file, the live tables, or (with neither) nothing.
#[derive(clap::Args)]
struct PlanArgs {
    /// The plan: CSV with an Action column and one column per wire field, or a JSON list of requests.
    plan: PathBuf,
    /// A JSON snapshot of the existing gateways, connections and routes to check against
    /// (`vpnroute snapshot` writes one).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["gateways", "connections", "live"])]
    table: Option<PathBuf>,
    /// Read the live tables of every gateway and connection the plan names (also when
    /// --gateway or --connection names one).
    #[arg(long)]
    live: bool,
    #[command(flatten)]
    tables: LiveArgs,
    /// The quotas the plan is checked with, over the snapshot's: the describes do not show
    /// an account's quotas, so live tables come with the service's defaults.
    #[command(flatten)]
    quotas: QuotaArgs,
}

impl PlanArgs {
    /// The plan's rows and the snapshot they meet.
    async fn read(&self) -> Result<(Vec<PlanRow>, TableSnapshot), String> {
        let plan = check::read_plan(&self.plan)?;
        let snapshot = if let Some(path) = &self.table {
            check::read_snapshot(path)?
        } else if self.live || self.tables.names_targets() {
            let requests: Vec<_> = plan.iter().map(|row| row.request.clone()).collect();
            self.tables.read(&requests).await?
        } else if let Some(option) = self.tables.where_option() {
            return Err(format!(
                "{option} says where live tables are read from, but none is read: add \
                 --gateway ID, --connection ID or --live, or leave {option} out"
            ));
        } else {
            TableSnapshot::default()
        };
        let snapshot = TableSnapshot {
            quotas: self.quotas.settings().over(snapshot.quotas),
            ..snapshot
        };
        Ok((plan, snapshot))
    }
}

/// The account's quotas, as raised in Alibaba Cloud's quota centre.
#[derive(clap::Args)]
struct QuotaArgs {
    /// Set a quota, as an account raises it in Alibaba Cloud's quota centre:
    /// destination-routes, policy-routes, connections or vco-routes (per gateway; vco routes
    /// per connection). Repeatable.
    #[arg(long = "quota", value_name = "NAME=N", value_parser = parse_quota)]
    quota: Vec<(String, usize)>,
}

impl QuotaArgs {
    fn settings(&self) -> QuotaSettings {
        let mut quotas = QuotaSettings::default();
        for (name, value) in &self.quota {
            quotas
                .set(name, *value)
                .expect("names are checked when the arguments are read");
        }
        quotas
    }
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
    /// The emulator's quotas; they take precedence over the seed and state files' `quotas`.
    #[command(flatten)]
    quotas: QuotaArgs,
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

#[tokio::main]
async fn main() -> ExitCode {
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
            format,
            impact,
            intents,
        } => {
            let analyses = match &intents {
                Some(path) => check::read_intents(path).map(|read| check::Analyses {
                    impact,
                    intents: Some((path.clone(), read)),
                }),
                None => Ok(check::Analyses {
                    impact,
                    intents: None,
                }),
            };
            let checked = match (plan.read().await, analyses) {
                (Ok((rows, snapshot)), Ok(analyses)) => check::run(
                    &plan.plan,
                    &rows,
                    &snapshot,
                    analyses,
                    format,
                    &mut std::io::stdout().lock(),
                ),
                (Err(problem), _) | (_, Err(problem)) => Err(problem),
            };
            match checked {
                Ok(Verdict::Clean) => ExitCode::SUCCESS,
                Ok(Verdict::Errors) => ExitCode::from(1),
                Err(problem) => {
                    eprintln!("vpnroute check: {problem}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Snapshot { live, quotas, out } => snapshot(&live, &quotas, out.as_deref()).await,
        Command::Export { plan, format, out } => export(&plan, format, out.as_deref()).await,
        Command::Failover {
            table,
            tables,
            format,
        } => failover(table.as_deref(), &tables, format).await,
        Command::Rules => {
            print!("{}", rules_table());
            ExitCode::SUCCESS
        }
    }
}

/// How `vpnroute failover` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FailoverFormat {
    Human,
    Json,
}

/// `vpnroute failover`: each connection of the gateway down in turn.
async fn failover(table: Option<&Path>, live: &LiveArgs, format: FailoverFormat) -> ExitCode {
    let [gateway] = live.gateways.as_slice() else {
        eprintln!("vpnroute failover: name the gateway with --gateway ID, once");
        return ExitCode::from(2);
    };
    let snapshot = match table {
        Some(path) => check::read_snapshot(path),
        None => live.read(&[]).await,
    };
    let report = snapshot.and_then(|snapshot| {
        vpnroute_rules::impact::failover(&snapshot, gateway).ok_or_else(|| {
            format!("the snapshot holds no gateway {gateway}: name one it holds with --gateway")
        })
    });
    let report = match report {
        Ok(report) => report,
        Err(problem) => {
            eprintln!("vpnroute failover: {problem}");
            return ExitCode::from(2);
        }
    };
    let text = match format {
        FailoverFormat::Json => {
            serde_json::to_string_pretty(&report).expect("a failover report serializes") + "\n"
        }
        FailoverFormat::Human => {
            let mut text = String::new();
            for connection in &report {
                if connection.blocks.is_empty() {
                    text += &format!("{} down: no traffic moves\n", connection.connection);
                    continue;
                }
                text += &format!(
                    "{} down: {} block(s) of traffic move or stop, largest first\n",
                    connection.connection,
                    connection.blocks.len()
                );
                for block in &connection.blocks {
                    text += &format!("  {}\n", check::block_text(block));
                }
            }
            text
        }
    };
    match write_out(None, &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("vpnroute failover: {problem}");
            ExitCode::from(2)
        }
    }
}

/// `vpnroute snapshot`: the named tables as JSON, to `out` or standard output.
async fn snapshot(live: &LiveArgs, quotas: &QuotaArgs, out: Option<&Path>) -> ExitCode {
    if !live.names_targets() {
        eprintln!(
            "vpnroute snapshot: name what to read with --gateway ID or --connection ID (each repeatable)"
        );
        return ExitCode::from(2);
    }
    let written = match live.read(&[]).await {
        Ok(snapshot) => {
            let snapshot = TableSnapshot {
                quotas: quotas.settings().over(snapshot.quotas),
                ..snapshot
            };
            let text =
                serde_json::to_string_pretty(&snapshot).expect("a snapshot serializes") + "\n";
            write_out(out, &text)
        }
        Err(problem) => Err(problem),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("vpnroute snapshot: {problem}");
            ExitCode::from(2)
        }
    }
}

/// `vpnroute export`: the plan in `format` to `out` or standard output, when it has no error.
async fn export(plan: &PlanArgs, format: check::ExportFormat, out: Option<&Path>) -> ExitCode {
    let exported = match plan.read().await {
        Ok((rows, snapshot)) => check::export(
            &plan.plan,
            &rows,
            &snapshot,
            format,
            &mut std::io::stderr().lock(),
        ),
        Err(problem) => Err(problem),
    };
    let text = match exported {
        Ok(Some(text)) => text,
        Ok(None) => {
            eprintln!(
                "vpnroute export: {} has errors, so nothing was written: fix those rows or drop them",
                plan.plan.display()
            );
            return ExitCode::from(1);
        }
        Err(problem) => {
            eprintln!("vpnroute export: {problem}");
            return ExitCode::from(2);
        }
    };
    match write_out(out, &text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("vpnroute export: {problem}");
            ExitCode::from(2)
        }
    }
}

/// Writes `text` to the file `out`, or to standard output.
fn write_out(out: Option<&Path>, text: &str) -> Result<(), String> {
    match out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("cannot write {} (--out): {e}", path.display())),
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write to standard output: {e}")),
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

async fn serve(args: ServeArgs) -> ExitCode {
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
        return ExitCode::from(2);
    }
    let config = EmulatorConfig {
        update_delay: Duration::from_millis(args.update_delay_ms),
        quotas: args.quotas.settings(),
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
                return ExitCode::from(2);
            }
        },
        UpstreamKind::Aliyun => match Upstream::from_env(args.endpoint.clone()) {
            Ok(upstream) => Backend::Upstream(Arc::new(upstream)),
            Err(problem) => {
                eprintln!("vpnroute: {problem}");
                return ExitCode::from(2);
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
            return ExitCode::FAILURE;
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
    ExitCode::SUCCESS
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
