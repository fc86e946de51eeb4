//! `vpnroute check PLAN` and `vpnroute export PLAN`: the engine's checks on a file of
//! requests, for CI pipelines, and the plan written for other tools once it has no error.

mod input;
mod output;

use std::path::Path;
use vpnroute_rules::plan::PlanFinding;
use vpnroute_rules::{check_plan, export, PlanRequest, TableSnapshot};

pub use input::{read_plan, read_snapshot, PlanRow};
pub use output::Format;

/// How `vpnroute check` ends.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No error (warnings may have been printed).
    Clean,
    /// At least one error finding.
    Errors,
}

fn requests(plan: &[PlanRow]) -> Vec<PlanRequest> {
    plan.iter().map(|row| row.request.clone()).collect()
}

fn verdict(findings: &[PlanFinding]) -> Verdict {
    if findings.iter().any(|f| f.diagnostic.is_error()) {
        Verdict::Errors
    } else {
        Verdict::Clean
    }
}

/// Checks `plan`, read from `plan_path`, against `snapshot` and writes the findings to `out`.
pub fn run(
    plan_path: &Path,
    plan: &[PlanRow],
    snapshot: &TableSnapshot,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<Verdict, String> {
    let findings = check_plan(&requests(plan), snapshot);
    output::write(format, plan_path, plan, &findings, out)
        .map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(verdict(&findings))
}

/// What `vpnroute export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The routes as the plan leaves them, as alicloud resources with import blocks.
    Terraform,
    /// The plan's rows as `aliyun vpc` calls, in plan order.
    AliyunCli,
}

/// The plan in `format`, once checked against `snapshot`: `None` when a row has an error.
/// Any findings go to `report` (the human format), so that warnings are seen too.
pub fn export(
    plan_path: &Path,
    plan: &[PlanRow],
    snapshot: &TableSnapshot,
    format: ExportFormat,
    report: &mut dyn std::io::Write,
) -> Result<Option<String>, String> {
    let requests = requests(plan);
    let findings = check_plan(&requests, snapshot);
    if !findings.is_empty() {
        output::write(Format::Human, plan_path, plan, &findings, report)
            .map_err(|e| format!("cannot write the report: {e}"))?;
    }
    if verdict(&findings) == Verdict::Errors {
        return Ok(None);
    }
    Ok(Some(match format {
        ExportFormat::Terraform => export::terraform(&requests, snapshot),
        ExportFormat::AliyunCli => export::aliyun_cli(&requests),
    }))
}
