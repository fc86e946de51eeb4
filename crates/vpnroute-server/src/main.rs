//! `vpnroute`: the console and the SDK-compatible endpoint in one binary.

use clap::{Parser, Subcommand};
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use vpnroute_rules::TableSnapshot;
use vpnroute_server::access::{
    Access, ConfiguredKey, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET,
};
use vpnroute_server::accounts::{Accounts, Role};
use vpnroute_server::audit::{AuditFilter, AuditLog, AuditRecord};
use vpnroute_server::check::{self, PlanRow, Verdict};
use vpnroute_server::database::{self, Database};
use vpnroute_server::emulator::store::WorldStore;
use vpnroute_server::emulator::world::{QuotaSettings, World};
use vpnroute_server::emulator::{demo, Emulator, EmulatorConfig};
use vpnroute_server::listen::{self, Limits};
use vpnroute_server::live::LiveArgs;
use vpnroute_server::queue::{Backend, QueuePolicy, WriteQueue};
use vpnroute_server::sessions::Sessions;
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
    /// Manage the people who may call the server: add, list, remove, rotate.
    Users(UsersArgs),
    /// Print the audit log, oldest first: every write and refused write the server answered.
    /// Exits 2 when the database cannot be read.
    Audit(AuditArgs),
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
    /// Start with no gateways instead of the demo data (only when the database holds no
    /// emulator state yet).
    #[arg(long, conflicts_with = "seed")]
    no_demo: bool,
    /// Start from the gateways, customer gateways and connections in this JSON file instead
    /// of the demo data (only when the database holds no emulator state yet).
    #[arg(long)]
    seed: Option<PathBuf>,
    /// The directory of the database (vpnroute.sqlite3): the emulator's state, saved on every
    /// write. Default: vpnroute in the user's data directory.
    #[arg(long, value_name = "DIR", env = "VPNROUTE_DATA")]
    data: Option<PathBuf>,
    /// The JSON state file an earlier vpnroute saved, imported once, when the database holds
    /// no emulator state yet. Default: state.json in the data directory.
    #[arg(long, value_name = "FILE", env = "VPNROUTE_STATE")]
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
    /// Keep everything in memory only: nothing is read from or written to a data directory.
    #[arg(long, conflicts_with_all = ["state", "data"])]
    ephemeral: bool,
    /// Where calls are answered: the embedded emulator, or Alibaba Cloud (key pair from
    /// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN).
    #[arg(long, value_enum, default_value = "emulator")]
    upstream: UpstreamKind,
    /// With --upstream aliyun: a base URL to send to instead of https://vpc.<RegionId>.aliyuncs.com.
    #[arg(long, requires = "upstream")]
    endpoint: Option<String>,
    /// An AccessKeyId that SDK callers may sign with besides the accounts' keys, as an admin.
    /// Default on loopback: testid, and only while the server has no accounts.
    #[arg(long, env = "VPNROUTE_ACCESS_KEY_ID")]
    access_key_id: Option<String>,
    /// The secret of --access-key-id. Default on loopback: testsecret, and only while the
    /// server has no accounts. The default pair is refused on any address but loopback.
    #[arg(long, env = "VPNROUTE_ACCESS_KEY_SECRET")]
    access_key_secret: Option<String>,
    /// Serve HTTPS with the certificate chain in this PEM file (with --tls-key).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert, a PEM file (PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// How long a console session lasts after sign-in, in milliseconds. Hidden: it is there
    /// so that a test of the real binary can watch a cookie expire; people keep the 12 h.
    #[arg(long, hide = true, value_name = "MS")]
    session_lifetime_ms: Option<u64>,
}

impl ServeArgs {
    /// The pair given with --access-key-id/--access-key-secret, each half defaulted.
    fn key_pair(&self) -> Option<Credentials> {
        if self.access_key_id.is_none() && self.access_key_secret.is_none() {
            return None;
        }
        let default = Credentials::default_pair();
        Some(Credentials {
            access_key_id: self.access_key_id.clone().unwrap_or(default.access_key_id),
            access_key_secret: self
                .access_key_secret
                .clone()
                .unwrap_or(default.access_key_secret),
            security_token: None,
        })
    }
}

/// `vpnroute users`: the people who may call the server.
#[derive(clap::Args)]
struct UsersArgs {
    /// The directory of the server's database. Default: vpnroute in the user's data directory.
    #[arg(long, value_name = "DIR", env = "VPNROUTE_DATA", global = true)]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: UsersCommand,
}

/// `vpnroute audit`: which records, and how they are printed.
#[derive(clap::Args)]
struct AuditArgs {
    /// The directory of the server's database. Default: vpnroute in the user's data directory.
    #[arg(long, value_name = "DIR", env = "VPNROUTE_DATA")]
    data: Option<PathBuf>,
    /// Only records from this time on: an RFC 3339 time (2026-11-22T08:30:00Z) or a duration
    /// back from now (30m, 2h, 7d).
    #[arg(long, value_name = "T", value_parser = parse_since)]
    since: Option<u64>,
    /// Only this person's records (an account name, or loopback).
    #[arg(long, value_name = "U")]
    user: Option<String>,
    /// Only records whose target is this gateway or connection id.
    #[arg(long, value_name = "G")]
    gateway: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: AuditFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum AuditFormat {
    Human,
    Json,
    Csv,
}

fn parse_since(text: &str) -> Result<u64, String> {
    vpnroute_server::audit::parse_since(text, vpnroute_server::emulator::unix_millis())
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Add a person with a new AccessKey pair, printed once.
    Add {
        name: String,
        /// viewer (describe, check, look up, dry-run), operator (also write) or admin (also
        /// manage accounts and read the whole audit log).
        #[arg(long, value_parser = clap::value_parser!(Role))]
        role: Role,
    },
    /// List the people, their roles and key ids (never a secret).
    List,
    /// Remove a person; their key stops working at once.
    Remove { name: String },
    /// Give a person a new AccessKey pair, printed once; the old one stops working at once.
    Rotate { name: String },
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
        Command::Users(args) => users(args),
        Command::Audit(args) => audit(args),
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
                    text += &format!("  {block}\n");
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

/// `vpnroute users`. Exits 2 when the database cannot be opened, 1 when the change is refused.
fn users(args: UsersArgs) -> ExitCode {
    let dir = match args.data.clone().or_else(database::default_dir) {
        Some(dir) => dir,
        None => {
            eprintln!("vpnroute users: no data directory is known for this user; pass --data DIR");
            return ExitCode::from(2);
        }
    };
    let accounts = match Database::open(&dir) {
        Ok(database) => Accounts::new(Arc::new(database)),
        Err(problem) => {
            eprintln!("vpnroute users: {problem}");
            return ExitCode::from(2);
        }
    };
    let done = match &args.command {
        UsersCommand::Add { name, role } => accounts.add(name, *role).map(|key| {
            println!("Added {name} as {role}.");
            print_key(&key);
        }),
        UsersCommand::List => accounts.list().map(|list| {
            println!(
                "{:<24} {:<9} {:<26} key made",
                "name", "role", "AccessKeyId"
            );
            for account in list {
                println!(
                    "{:<24} {:<9} {:<26} {}",
                    account.name,
                    account.role,
                    account.access_key_id,
                    vpnroute_server::format_time(account.key_created)
                );
            }
        }),
        UsersCommand::Remove { name } => accounts
            .remove(name)
            .map(|()| println!("Removed {name}; their key no longer works.")),
        UsersCommand::Rotate { name } => accounts.rotate(name).map(|key| {
            println!("{name} has a new key; the old one no longer works.");
            print_key(&key);
        }),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("vpnroute users: {problem}");
            ExitCode::from(1)
        }
    }
}

/// `vpnroute audit`.
fn audit(args: AuditArgs) -> ExitCode {
    let Some(dir) = args.data.clone().or_else(database::default_dir) else {
        eprintln!("vpnroute audit: no data directory is known for this user; pass --data DIR");
        return ExitCode::from(2);
    };
    let log = match Database::open(&dir) {
        Ok(database) => AuditLog::new(Arc::new(database)),
        Err(problem) => {
            eprintln!("vpnroute audit: {problem}");
            return ExitCode::from(2);
        }
    };
    let filter = AuditFilter {
        person: args.user,
        target: args.gateway,
        since_ms: args.since,
    };
    let text = log
        .read(&filter)
        .and_then(|records| audit_text(&records, args.format));
    match text.and_then(|text| write_out(None, &text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("vpnroute audit: {problem}");
            ExitCode::from(2)
        }
    }
}

fn audit_text(records: &[AuditRecord], format: AuditFormat) -> Result<String, String> {
    let params = |record: &AuditRecord| {
        serde_json::to_string(&record.params).expect("a map of strings serializes")
    };
    match format {
        AuditFormat::Json => {
            Ok(serde_json::to_string_pretty(records).expect("audit records serialize") + "\n")
        }
        AuditFormat::Csv => {
            let mut out = csv::Writer::from_writer(Vec::new());
            let header = [
                "time",
                "person",
                "source",
                "action",
                "target",
                "outcome",
                "request_id",
                "client_token",
                "params",
            ];
            let mut rows = vec![header.map(str::to_owned)];
            rows.extend(records.iter().map(|r| {
                [
                    vpnroute_server::format_time(r.time_ms),
                    r.person.clone(),
                    r.source.clone(),
                    r.action.clone(),
                    r.target.clone(),
                    r.outcome.clone(),
                    r.request_id.clone(),
                    r.client_token.clone(),
                    params(r),
                ]
            }));
            for row in rows {
                out.write_record(&row)
                    .map_err(|e| format!("cannot write the audit log as CSV: {e}"))?;
            }
            out.into_inner()
                .map_err(|e| format!("cannot write the audit log as CSV: {e}"))
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        }
        AuditFormat::Human => {
            let mut text = String::new();
            for r in records {
                let dash = |s: &str| {
                    if s.is_empty() {
                        "-".to_owned()
                    } else {
                        s.to_owned()
                    }
                };
                text += &format!(
                    "{} {} from {} {} {} -> {} (RequestId {}, ClientToken {}) {}\n",
                    vpnroute_server::format_time(r.time_ms),
                    r.person,
                    dash(&r.source),
                    r.action,
                    dash(&r.target),
                    r.outcome,
                    r.request_id,
                    dash(&r.client_token),
                    params(r)
                );
            }
            Ok(text)
        }
    }
}

fn print_key(key: &Credentials) {
    println!("AccessKeyId:     {}", key.access_key_id);
    println!("AccessKeySecret: {}", key.access_key_secret);
    println!("The secret is shown this once: hand it to its holder now.");
}

/// Why the server must not listen on `args.listen`, a non-loopback address: with no
/// accounts anyone could call it, and with the default pair anyone could sign.
fn unsafe_to_listen(args: &ServeArgs, accounts: &Accounts) -> Result<(), String> {
    let default_pair = args.key_pair().is_some_and(|pair| {
        matches!(
            ConfiguredKey::from_pair(pair),
            ConfiguredKey::WithoutAccounts(_)
        )
    });
    let has_accounts = accounts.any()?;
    let mut problems = Vec::new();
    if !has_accounts {
        problems.push(format!(
            "the server has no accounts, so anyone who reaches it could call it. Add one with \
             `vpnroute users add NAME --role admin{}` (it prints the person's key pair)",
            args.data
                .as_ref()
                .map_or_else(String::new, |dir| format!(" --data {}", dir.display()))
        ));
    }
    if default_pair {
        problems.push(format!(
            "the default key pair {DEFAULT_ACCESS_KEY_ID}/{DEFAULT_ACCESS_KEY_SECRET} (or half of \
             it) is configured, which anyone can sign with. Leave --access-key-id and \
             --access-key-secret out (VPNROUTE_ACCESS_KEY_ID and VPNROUTE_ACCESS_KEY_SECRET too), \
             or give a pair of your own"
        ));
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "refusing to listen on {}: {}. Or listen on loopback (127.0.0.1).",
        args.listen,
        problems.join("; and ")
    ))
}

async fn serve(args: ServeArgs) -> ExitCode {
    let database = match open_database(&args) {
        Ok(database) => Arc::new(database),
        Err(problem) => {
            eprintln!("vpnroute: {problem}");
            return ExitCode::from(2);
        }
    };
    let accounts = Accounts::new(Arc::clone(&database));
    let mut access = if args.listen.ip().is_loopback() {
        let pair = args.key_pair().unwrap_or_else(Credentials::default_pair);
        Access::new(accounts, ConfiguredKey::from_pair(pair))
    } else {
        if let Err(problem) = unsafe_to_listen(&args, &accounts) {
            eprintln!("vpnroute: {problem}");
            return ExitCode::from(2);
        }
        Access::beyond_loopback(accounts, args.key_pair())
    };
    if let Some(ms) = args.session_lifetime_ms {
        access.sessions = Sessions::new(Duration::from_millis(ms));
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
        UpstreamKind::Emulator => match emulator(&args, config, &database) {
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
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => match listen::tls_acceptor(cert, key) {
            Ok(acceptor) => Some(acceptor),
            Err(problem) => {
                eprintln!("vpnroute: {problem}");
                return ExitCode::from(2);
            }
        },
        _ => None,
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
    let scheme = if tls.is_some() { "https" } else { "http" };
    println!("vpnroute console: {scheme}://{address}/");
    let queue = WriteQueue::new(backend, policy, Arc::clone(&database));
    match queue.resume() {
        Ok(0) => {}
        Ok(count) => eprintln!(
            "vpnroute: sending again {count} write(s) left unanswered when the server stopped, each with its ClientToken"
        ),
        Err(problem) => {
            eprintln!("vpnroute: {problem}");
            return ExitCode::from(2);
        }
    }
    let state = AppState {
        queue,
        access: Arc::new(access),
        console_dir: args.console,
    };
    let limits = Limits {
        header_timeout: Duration::from_millis(args.header_timeout_ms),
        max_connections: args.max_connections,
    };
    listen::serve(listener, app(state), limits, tls, shutdown_signal()).await;
    ExitCode::SUCCESS
}

/// The database in the data directory, or in memory with --ephemeral.
fn open_database(args: &ServeArgs) -> Result<Database, String> {
    if args.ephemeral {
        return Ok(Database::in_memory());
    }
    let database = Database::open(&data_dir(args)?)?;
    if let Some(path) = database.path() {
        tracing::info!(path = %path.display(), "database");
    }
    Ok(database)
}

fn data_dir(args: &ServeArgs) -> Result<PathBuf, String> {
    args.data
        .clone()
        .or_else(database::default_dir)
        .ok_or_else(|| {
            "no data directory is known for this user; pass --data DIR or --ephemeral".to_owned()
        })
}

/// The emulator the arguments ask for: in memory, or kept in the database. A database
/// without emulator state gets it from an earlier JSON state file (reported), the seed
/// file, or the demo data.
fn emulator(
    args: &ServeArgs,
    config: EmulatorConfig,
    database: &Arc<Database>,
) -> Result<Emulator, String> {
    if args.ephemeral {
        return Ok(Emulator::new(config, initial_world(args)?));
    }
    let store = WorldStore::new(Arc::clone(database));
    if let Some(world) = store.load()? {
        return Ok(Emulator::persistent(config, world, store));
    }
    let json = match &args.state {
        Some(path) => Some(path.clone()),
        None => Some(data_dir(args)?.join("state.json")).filter(|path| path.exists()),
    };
    let world = match &json {
        Some(path) => read_state_file(path)?,
        None => initial_world(args)?,
    };
    store
        .create(&world)
        .map_err(|e| format!("cannot save the emulator's first state in the database: {e}"))?;
    if let Some(path) = json {
        eprintln!(
            "vpnroute: imported the emulator state from {} ({} gateways, {} connections) into {}; \
             that file is no longer read or written.",
            path.display(),
            world.gateways.len(),
            world.connections.len(),
            database
                .path()
                .map_or_else(String::new, |p| p.display().to_string()),
        );
    }
    Ok(Emulator::persistent(config, world, store))
}

/// A JSON state file of an earlier vpnroute. One that does not parse stops the server: it
/// may hold the only copy of someone's routes.
fn read_state_file(path: &Path) -> Result<World, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the state file {} (--state): {e}",
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a vpnroute state file: {e}; it was left as it is and nothing was imported",
            path.display()
        )
    })
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
