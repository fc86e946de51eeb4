//! Plans and snapshots from files: a plan is CSV (a header row naming the wire fields, with
//! an `Action` column) or JSON (a list of objects, each with `Action`).

use serde_json::Value;
use std::path::Path;
use vpnroute_rules::plan::{PlanRequest, TableSnapshot};
use vpnroute_rules::{Operation, WireParams};

/// One request of a plan, with where it stands in its file.
#[derive(Clone, Debug)]
pub struct PlanRow {
    pub request: PlanRequest,
    /// 1-based line of a CSV record; `None` for JSON.
    pub line: Option<u64>,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

pub fn read_plan(path: &Path) -> Result<Vec<PlanRow>, String> {
    let text = read(path)?;
    let is_json = match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => true,
        Some(ext) if ext.eq_ignore_ascii_case("csv") => false,
        _ => text.trim_start().starts_with(['[', '{']),
    };
    if is_json {
        json_plan(path, &text)
    } else {
        csv_plan(path, &text)
    }
}

fn operation(path: &Path, place: &str, action: Option<&str>) -> Result<Operation, String> {
    let action = action.filter(|a| !a.is_empty()).ok_or_else(|| {
        format!(
            "{}:{place}: no Action: name the operation, e.g. CreateVpnRouteEntry",
            path.display()
        )
    })?;
    action
        .parse()
        .map_err(|e| format!("{}:{place}: {e}", path.display()))
}

fn csv_plan(path: &Path, text: &str) -> Result<Vec<PlanRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{}: the header row cannot be read: {e}", path.display()))?
        .clone();
    if !headers.iter().any(|h| h == "Action") {
        return Err(format!(
            "{}:1: the header row needs an Action column",
            path.display()
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
        let line = record.position().map_or(0, |p| p.line());
        let mut action = None;
        let mut params = WireParams::new();
        for (name, value) in headers.iter().zip(record.iter()) {
            if name == "Action" {
                action = Some(value);
            } else if !value.is_empty() {
                params.push(name, value);
            }
        }
        let operation = operation(path, &line.to_string(), action)?;
        rows.push(PlanRow {
            request: PlanRequest { operation, params },
            line: Some(line),
        });
    }
    Ok(rows)
}

fn json_plan(path: &Path, text: &str) -> Result<Vec<PlanRow>, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("{}:{}: not valid JSON: {e}", path.display(), e.line()))?;
    let items = match &value {
        Value::Array(items) => items,
        Value::Object(o) => match o.get("requests") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(format!(
                    "{}: a JSON plan is a list of requests, or an object with a \"requests\" list",
                    path.display()
                ))
            }
        },
        _ => {
            return Err(format!(
                "{}: a JSON plan is a list of requests",
                path.display()
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let place = format!("request {}", i + 1);
            let Value::Object(fields) = item else {
                return Err(format!("{}:{place}: each request is an object of wire fields", path.display()));
            };
            let operation = operation(path, &place, fields.get("Action").and_then(Value::as_str))?;
            let mut params = WireParams::new();
            for (key, value) in fields.iter().filter(|(k, _)| *k != "Action") {
                match value {
                    Value::String(s) => params.push(key, s),
                    Value::Number(n) => params.push(key, n.to_string()),
                    Value::Bool(b) => params.push(key, b.to_string()),
                    Value::Null => {}
                    _ => {
                        return Err(format!(
                            "{}:{place}: {key} must be a string, number or boolean (JSON configs go in as strings, lists flattened as Tags.1.Key)",
                            path.display()
                        ))
                    }
                }
            }
            Ok(PlanRow { request: PlanRequest { operation, params }, line: None })
        })
        .collect()
}

pub fn read_snapshot(path: &Path) -> Result<TableSnapshot, String> {
    let text = read(path)?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}: not a table snapshot: {e}", path.display(), e.line()))
}
