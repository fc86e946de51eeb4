//! Checking intents (what traffic should do) against a gateway's tables: as they are, as a
//! plan leaves them, and with each one connection down. Each broken intent is reported once
//! per table state, with its first counterexample packet.

use crate::analysis::lookup::{RouteTable, Router};
use crate::analysis::regions;
use crate::model::diagnostic::Diagnostic;
use crate::model::intent::Intent;
use crate::model::snapshot::TableSnapshot;
use crate::plan::{end_state, PlanRequest};
use crate::rules::intents::{check_intent, Scenario};
use serde::{Deserialize, Serialize};

/// Which tables an intent was checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TableState {
    /// The tables as the snapshot holds them.
    Current,
    /// The tables as the plan's accepted rows leave them.
    AfterPlan,
}

/// A broken intent: which one (position in the list, from 0), against which tables, with
/// which connection down, and the diagnostic naming its first counterexample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IntentFinding {
    pub intent: usize,
    pub state: TableState,
    pub down: Option<String>,
    pub diagnostic: Diagnostic,
}

/// The routes of gateway `id`, or none when the snapshot does not hold it.
fn table_of(snapshot: &TableSnapshot, id: &str) -> RouteTable {
    snapshot
        .gateway(Some(id))
        .map(|g| RouteTable {
            policy_routes: g.policy_routes.clone(),
            destination_routes: g.destination_routes.clone(),
            bgp_routes: g.bgp_routes.clone(),
        })
        .unwrap_or_default()
}

/// The connections of gateway `id`: those the snapshot lists and every next hop of its routes.
fn connections_of(snapshot: &TableSnapshot, id: &str, table: &RouteTable) -> Vec<String> {
    let mut all: Vec<String> = snapshot
        .gateway(Some(id))
        .map(|g| g.connections.clone())
        .unwrap_or_default()
        .into_iter()
        .chain(table.policy_routes.iter().map(|r| r.next_hop.clone()))
        .chain(table.destination_routes.iter().map(|r| r.next_hop.clone()))
        .chain(table.bgp_routes.iter().map(|r| r.next_hop.clone()))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Checks every intent against `snapshot` and, given a plan, against the tables it leaves;
/// each with every connection up and with each one connection down. An intent that does
/// not say what it asks is reported as broken input, not checked.
pub fn check_intents(
    intents: &[Intent],
    snapshot: &TableSnapshot,
    plan: Option<&[PlanRequest]>,
) -> Vec<IntentFinding> {
    let after = plan.map(|plan| end_state(plan, snapshot));
    let states = [
        (TableState::Current, Some(snapshot)),
        (TableState::AfterPlan, after.as_ref()),
    ];
    let mut findings = Vec::new();
    for (state, tables) in states {
        let Some(tables) = tables else { continue };
        let mut gateways: Vec<&str> = intents.iter().map(|i| i.gateway.as_str()).collect();
        gateways.sort_unstable();
        gateways.dedup();
        for gateway in gateways {
            let table = table_of(tables, gateway);
            let footprints = regions::footprints(&[&table]);
            // One compiled table serves every scenario: a connection being down changes only
            // which route of a pair is chosen, which each lookup decides.
            let router = Router::new(table.clone(), []);
            let mut downs: Vec<Option<String>> = vec![None];
            downs.extend(
                connections_of(tables, gateway, &table)
                    .into_iter()
                    .map(Some),
            );
            let mut reported = vec![false; intents.len()];
            for down in downs {
                let scenario = Scenario {
                    table: &table,
                    router: &router,
                    down: down.as_ref(),
                    footprints: &footprints,
                };
                for (index, intent) in intents.iter().enumerate() {
                    if intent.gateway != gateway || reported[index] {
                        continue;
                    }
                    if let Some(diagnostic) = check_intent(intent, index, &scenario) {
                        reported[index] = true;
                        findings.push(IntentFinding {
                            intent: index,
                            state,
                            down: down.clone(),
                            diagnostic,
                        });
                    }
                }
            }
        }
    }
    findings
}

/// Why an intent cannot be checked, if it cannot: it must say exactly what it asks.
pub fn malformed(intents: &[Intent]) -> Vec<(usize, String)> {
    intents
        .iter()
        .enumerate()
        .filter_map(|(i, intent)| intent.expectation().err().map(|why| (i, why)))
        .collect()
}

/// An intent file: one `intent` list, as TOML `[[intent]]` tables or JSON `{"intent": [...]}`.
#[cfg(feature = "plan-files")]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentFile {
    #[serde(default)]
    intent: Vec<Intent>,
}

/// Reads an intent file: JSON (`{"intent": [...]}`, when `source` ends in `.json` or the text
/// starts with `{`) or, with the `intent-toml` feature, TOML with one `[[intent]]` table per
/// intent. Both are the document `intents.schema.json` describes. `source` names the file in
/// messages.
#[cfg(feature = "plan-files")]
pub fn parse_intents(source: &str, text: &str) -> Result<Vec<Intent>, String> {
    let json = source.to_ascii_lowercase().ends_with(".json") || text.trim_start().starts_with('{');
    let file: IntentFile = if json {
        serde_json::from_str(text).map_err(|e| format!("{source}:{}: {e}", e.line()))?
    } else {
        from_toml(source, text)?
    };
    let problems: Vec<String> = malformed(&file.intent)
        .into_iter()
        .map(|(i, why)| {
            format!(
                "{source}: intent {} ({}): {why}",
                i + 1,
                file.intent[i].label(i)
            )
        })
        .collect();
    if problems.is_empty() {
        Ok(file.intent)
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(feature = "intent-toml")]
fn from_toml(source: &str, text: &str) -> Result<IntentFile, String> {
    toml::from_str(text).map_err(|e| format!("{source}: {e}"))
}

#[cfg(all(feature = "plan-files", not(feature = "intent-toml")))]
fn from_toml(source: &str, _: &str) -> Result<IntentFile, String> {
    Err(format!(
        "{source}: give the intents as JSON here, {{\"intent\": [{{\"gateway\": \"vpn-...\", \"to\": \"10.0.0.0/8\", \"via\": \"vco-...\"}}]}}: the same fields as the TOML file"
    ))
}
