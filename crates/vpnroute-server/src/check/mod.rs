//! `vpnroute check PLAN` and `vpnroute export PLAN`: the engine's checks on a file of
//! requests, for CI pipelines, and the plan written for other tools once it has no error.

mod input;
mod output;

use std::path::Path;
use std::path::PathBuf;
use vpnroute_rules::impact::{plan_impact, TargetImpact};
use vpnroute_rules::intents::{check_intents, IntentFinding};
use vpnroute_rules::model::intent::Intent;
use vpnroute_rules::plan::PlanFinding;
use vpnroute_rules::{check_plan, export, PlanRequest, TableSnapshot};

pub use input::{read_intents, read_plan, read_snapshot, PlanRow};
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

/// What `vpnroute check` reports besides the findings.
#[derive(Default)]
pub struct Analyses {
    /// The traffic the plan changes.
    pub impact: bool,
    /// Intents to hold the tables to, before and after the plan, and the file they came from.
    pub intents: Option<(PathBuf, Vec<Intent>)>,
}

/// What the analyses found.
pub struct Analysed {
    pub impact: Option<Vec<TargetImpact>>,
    pub intents: Option<(PathBuf, Vec<Intent>, Vec<IntentFinding>)>,
}

/// Checks `plan`, read from `plan_path`, against `snapshot` and writes the findings, and what
/// `analyses` asks for, to `out`.
pub fn run(
    plan_path: &Path,
    plan: &[PlanRow],
    snapshot: &TableSnapshot,
    analyses: Analyses,
    format: Format,
    out: &mut dyn std::io::Write,
) -> Result<Verdict, String> {
    let requests = requests(plan);
    let findings = check_plan(&requests, snapshot);
    let analysed = Analysed {
        impact: analyses.impact.then(|| plan_impact(&requests, snapshot)),
        intents: analyses.intents.map(|(path, intents)| {
            let found = check_intents(&intents, snapshot, Some(&requests));
            (path, intents, found)
        }),
    };
    output::write(format, plan_path, plan, &findings, &analysed, out)
        .map_err(|e| format!("cannot write the report: {e}"))?;
    let broken = analysed
        .intents
        .as_ref()
        .is_some_and(|(_, _, found)| found.iter().any(|f| f.diagnostic.is_error()));
    Ok(if broken {
        Verdict::Errors
    } else {
        verdict(&findings)
    })
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
        let nothing = Analysed {
            impact: None,
            intents: None,
        };
        output::write(Format::Human, plan_path, plan, &findings, &nothing, report)
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
