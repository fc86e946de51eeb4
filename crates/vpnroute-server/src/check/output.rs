//! Reports of `vpnroute check`: for people, as JSON, or as SARIF for code-scanning tools.

use super::input::PlanRow;
use super::Analysed;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use vpnroute_rules::intents::TableState;
use vpnroute_rules::plan::PlanFinding;
use vpnroute_rules::{Severity, RULES};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

pub fn write(
    format: Format,
    file: &Path,
    plan: &[PlanRow],
    findings: &[PlanFinding],
    analysed: &Analysed,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Human => {
            human(file, plan, findings, out)?;
            human_analyses(analysed, out)
        }
        Format::Json => {
            let rows: Vec<_> = findings
                .iter()
                .map(|f| finding_json(file, plan, f))
                .collect();
            // The plain list of findings, unless an analysis was asked for.
            let report = if analysed.impact.is_none() && analysed.intents.is_none() {
                json!(rows)
            } else {
                json!({
                    "findings": rows,
                    "impact": analysed.impact,
                    "intents": analysed.intents.as_ref().map(|(_, _, found)| found),
                })
            };
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)
        }
        Format::Sarif => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&sarif(file, plan, findings, analysed))?
        ),
    }
}

fn human_analyses(analysed: &Analysed, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(impact) = &analysed.impact {
        if impact.is_empty() {
            writeln!(out, "impact: the plan changes where no traffic goes")?;
        }
        for target in impact {
            writeln!(
                out,
                "impact on {}: {} block(s) of traffic change their next hop, largest first",
                target.target.id(),
                target.blocks.len()
            )?;
            for block in &target.blocks {
                writeln!(out, "  {block}")?;
            }
        }
    }
    if let Some((path, intents, found)) = &analysed.intents {
        for f in found {
            let when = match (f.state, &f.down) {
                (TableState::Current, None) => "now".to_owned(),
                (TableState::Current, Some(down)) => format!("now, with {down} down"),
                (TableState::AfterPlan, None) => "after the plan".to_owned(),
                (TableState::AfterPlan, Some(down)) => format!("after the plan, with {down} down"),
            };
            writeln!(
                out,
                "{}: intent {}: {} {} ({when}) ({})",
                path.display(),
                f.intent + 1,
                f.diagnostic.severity.as_str(),
                f.diagnostic.message,
                f.diagnostic.rule
            )?;
        }
        writeln!(
            out,
            "{}: {} intents checked, {} broken",
            path.display(),
            intents.len(),
            found.len()
        )?;
    }
    Ok(())
}

/// `plan.csv:3` for CSV (its line), `plan.json request 2` for JSON.
fn place(file: &Path, plan: &[PlanRow], request: usize) -> String {
    match plan[request].line {
        Some(line) => format!("{}:{line}", file.display()),
        None => format!("{} request {}", file.display(), request + 1),
    }
}

fn human(
    file: &Path,
    plan: &[PlanRow],
    findings: &[PlanFinding],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for f in findings {
        let d = &f.diagnostic;
        let code = d
            .code
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        write!(
            out,
            "{}: {} {}: {}{code} ({})",
            place(file, plan, f.request),
            d.severity.as_str(),
            d.field,
            d.message,
            d.rule
        )?;
        if let Some(other) = f.other_request {
            write!(out, " (with {})", place(file, plan, other))?;
        }
        if let Some(suggestion) = &d.suggestion {
            write!(out, "\n    fix: {} = {suggestion}", d.field)?;
        }
        writeln!(out)?;
    }
    let errors = findings
        .iter()
        .filter(|f| f.diagnostic.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    writeln!(
        out,
        "{}: {} requests checked, {errors} errors, {warnings} warnings",
        file.display(),
        plan.len()
    )
}

fn finding_json(file: &Path, plan: &[PlanRow], f: &PlanFinding) -> serde_json::Value {
    let d = &f.diagnostic;
    json!({
        "file": file.display().to_string(),
        "request": f.request + 1,
        "line": plan[f.request].line,
        "operation": plan[f.request].request.operation.name(),
        "field": d.field,
        "rule": d.rule,
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "suggestion": d.suggestion,
        "otherRequest": f.other_request.map(|r| r + 1),
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn sarif(
    file: &Path,
    plan: &[PlanRow],
    findings: &[PlanFinding],
    analysed: &Analysed,
) -> serde_json::Value {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.docs.trim() },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "apiErrorCode": r.code.display(), "fields": r.fields },
            })
        })
        .collect();
    let results: Vec<_> = findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            let mut physical = json!({ "artifactLocation": { "uri": file.display().to_string() } });
            if let Some(line) = plan[f.request].line {
                physical["region"] = json!({ "startLine": line });
            }
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == d.rule),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{ "name": d.field, "fullyQualifiedName": format!("request[{}].{}", f.request + 1, d.field), "kind": "member" }],
                }],
                "properties": { "apiErrorCode": d.code, "request": f.request + 1 },
            });
            if let Some(suggestion) = &d.suggestion {
                result["fixes"] = json!([{ "description": { "text": format!("Set {} to {suggestion}", d.field) } }]);
            }
            result
        })
        .collect();
    let mut results = results;
    if let Some((path, _, found)) = &analysed.intents {
        results.extend(found.iter().map(|f| {
            let d = &f.diagnostic;
            json!({
                "ruleId": d.rule,
                "ruleIndex": RULES.iter().position(|r| r.id == d.rule),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": path.display().to_string() } },
                    "logicalLocations": [{ "name": format!("intent[{}]", f.intent + 1), "kind": "member" }],
                }],
                "properties": { "state": f.state, "down": f.down },
            })
        }));
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "vpnroute", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "results": results,
            "properties": { "impact": analysed.impact },
        }],
    })
}
