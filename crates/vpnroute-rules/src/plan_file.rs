//! Plans as text: CSV (a header row naming the wire fields, with an `Action` column) or JSON
//! (a list of objects, each with `Action`). The CLI reads them from files, the console from a
//! paste or an upload; both report problems as `source:place: what to do`.

use crate::model::wire::WireParams;
use crate::ops::Operation;
use crate::plan::PlanRequest;
use serde_json::Value;

/// One request of a plan, with where it stands in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub request: PlanRequest,
    /// 1-based line of a CSV record; `None` for JSON.
    pub line: Option<u64>,
}

/// Reads a plan. `source` names it in messages; a `.json` or `.csv` ending decides the
/// format, otherwise the text does (JSON starts with `[` or `{`).
pub fn parse_plan(source: &str, text: &str) -> Result<Vec<PlanRow>, String> {
    let lower = source.to_ascii_lowercase();
    let is_json = if lower.ends_with(".json") {
        true
    } else if lower.ends_with(".csv") {
        false
    } else {
        text.trim_start().starts_with(['[', '{'])
    };
    if is_json {
        json_plan(source, text)
    } else {
        csv_plan(source, text)
    }
}

fn operation(source: &str, place: &str, action: Option<&str>) -> Result<Operation, String> {
    let action = action.filter(|a| !a.is_empty()).ok_or_else(|| {
        format!("{source}:{place}: no Action: name the operation, e.g. CreateVpnRouteEntry")
    })?;
    action.parse().map_err(|e| format!("{source}:{place}: {e}"))
}

fn csv_plan(source: &str, text: &str) -> Result<Vec<PlanRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{source}: the header row cannot be read: {e}"))?
        .clone();
    if !headers.iter().any(|h| h == "Action") {
        return Err(format!("{source}:1: the header row needs an Action column"));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{source}: {e}"))?;
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
        let operation = operation(source, &line.to_string(), action)?;
        rows.push(PlanRow {
            request: PlanRequest { operation, params },
            line: Some(line),
        });
    }
    Ok(rows)
}

fn json_plan(source: &str, text: &str) -> Result<Vec<PlanRow>, String> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| format!("{source}:{}: not valid JSON: {e}", e.line()))?;
    let items = match &value {
        Value::Array(items) => items,
        Value::Object(o) => match o.get("requests") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(format!(
                    "{source}: a JSON plan is a list of requests, or an object with a \"requests\" list"
                ))
            }
        },
        _ => return Err(format!("{source}: a JSON plan is a list of requests")),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let place = format!("request {}", i + 1);
            let Value::Object(fields) = item else {
                return Err(format!("{source}:{place}: each request is an object of wire fields"));
            };
            let operation = operation(source, &place, fields.get("Action").and_then(Value::as_str))?;
            let mut params = WireParams::new();
            for (key, value) in fields.iter().filter(|(k, _)| *k != "Action") {
                match value {
                    Value::String(s) => params.push(key, s),
                    Value::Number(n) => params.push(key, n.to_string()),
                    Value::Bool(b) => params.push(key, b.to_string()),
                    Value::Null => {}
                    _ => {
                        return Err(format!(
                            "{source}:{place}: {key} must be a string, number or boolean (JSON configs go in as strings, lists flattened as Tags.1.Key)"
                        ))
                    }
                }
            }
            Ok(PlanRow {
                request: PlanRequest { operation, params },
                line: None,
            })
        })
        .collect()
}

/// Writes a plan as JSON that [`parse_plan`] reads back: a list of objects, each with
/// `Action` and every wire field as text.
pub fn to_json(plan: &[PlanRequest]) -> String {
    let rows: Vec<Value> = plan
        .iter()
        .map(|request| {
            let mut row = serde_json::Map::new();
            row.insert("Action".to_owned(), request.operation.name().into());
            for (key, value) in &request.params.0 {
                row.insert(key.clone(), value.clone().into());
            }
            Value::Object(row)
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_json_plans_read_alike_and_problems_name_the_place() {
        let csv =
            "Action,RegionId,RouteDest,Weight\nCreateVpnRouteEntry,cn-hangzhou,10.0.0.0/24,100\n";
        let json = r#"[{"Action":"CreateVpnRouteEntry","RegionId":"cn-hangzhou","RouteDest":"10.0.0.0/24","Weight":100}]"#;
        let from_csv = parse_plan("plan.csv", csv).unwrap();
        let from_json = parse_plan("pasted", json).unwrap();
        assert_eq!(from_csv[0].request, from_json[0].request);
        assert_eq!(from_csv[0].line, Some(2));
        assert_eq!(from_json[0].line, None);
        let missing = parse_plan("plan.csv", "RegionId\ncn-hangzhou\n").unwrap_err();
        assert_eq!(missing, "plan.csv:1: the header row needs an Action column");
        let unknown = parse_plan("pasted", "Action\nDeleteVpnGateway\n").unwrap_err();
        assert!(unknown.starts_with("pasted:2: "), "{unknown}");
        let nested =
            parse_plan("p.json", r#"[{"Action":"CreateVpnConnection","Tags":[]}]"#).unwrap_err();
        assert!(nested.contains("Tags.1.Key"), "{nested}");
    }
}
