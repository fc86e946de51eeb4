//! `vpnroute check PLAN`: the engine's checks on a file of requests, for CI pipelines.

mod input;
mod output;

use std::path::Path;
use vpnroute_rules::{check_plan, TableSnapshot};

pub use output::Format;

/// How `vpnroute check` ends.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No error (warnings may have been printed).
    Clean,
    /// At least one error finding.
    Errors,
}

/// Reads the plan (and snapshot), checks it and writes the findings to `out`.
/// Unreadable input is an `Err` naming the file and the place.
pub fn run(
    plan_path: &Path,
    snapshot_path: Option<&Path>,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<Verdict, String> {
    let plan = input::read_plan(plan_path)?;
    let snapshot = match snapshot_path {
        Some(path) => input::read_snapshot(path)?,
        None => TableSnapshot::default(),
    };
    let requests: Vec<_> = plan.iter().map(|row| row.request.clone()).collect();
    let findings = check_plan(&requests, &snapshot);
    let verdict = if findings.iter().any(|f| f.diagnostic.is_error()) {
        Verdict::Errors
    } else {
        Verdict::Clean
    };
    output::write(format, plan_path, &plan, &findings, out)
        .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(verdict)
}
