//! Checking requests against what exists. [`check_request`] reads one request once, against
//! the facts and tables of a snapshot, and returns the typed request with every finding: the
//! emulator applies what it returns. [`check_plan`] reads each request of a plan the same way,
//! then checks the table effects of all of them together, so that a row is checked against
//! the table as the rows before it leave it. This is what `vpnroute check` runs in CI.

use crate::analysis::packed_sort;
use crate::model::diagnostic::{Diagnostic, Parsed};
use crate::model::routes::{DestinationRoute, EntryRef, NewConnection, PolicyRoute, TableFinding};
use crate::model::snapshot::TableSnapshot;
use crate::model::wire::{first_value, WirePairs, WireParams};
use crate::ops::{Context, Operation, Request, TableEffect, Target, TargetKind};
use crate::rules::destination_routes::{check_destination_routes, check_vco_routes};
use crate::rules::gateway_connections::check_new_connection;
use crate::rules::policy_routes::check_policy_routes;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One request of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRequest {
    pub operation: Operation,
    pub params: WireParams,
}

/// One finding of a plan: the request it is about (position in the plan, from 0) and, for a
/// conflict inside the plan, the other request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanFinding {
    pub request: usize,
    pub other_request: Option<usize>,
    pub diagnostic: Diagnostic,
}

/// One request read and checked against a snapshot.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The typed request, when no field rule found an error.
    pub request: Option<Request>,
    /// The field rules' findings.
    pub field_findings: Vec<Diagnostic>,
    /// The table rules' findings on the request's effect, against the snapshot.
    pub table_findings: Vec<Diagnostic>,
}

/// Reads a request with the facts that `snapshot` holds about the gateway or connection it
/// names, and the snapshot's quotas.
pub fn read_request(
    operation: Operation,
    params: &WirePairs<'_>,
    snapshot: &TableSnapshot,
) -> Parsed<Request> {
    let kind = operation.target_kind();
    let id = first_value(params, kind.key());
    let facts = match kind {
        TargetKind::Gateway => snapshot.gateway(id).map(|g| g.facts),
        TargetKind::Connection => snapshot.connection(id).map(|c| c.facts),
    };
    let context = Context {
        facts: facts.unwrap_or_default(),
        quotas: &snapshot.quotas,
    };
    operation.read(params, &context)
}

/// Reads `params` once and checks it against the field rules and against `snapshot`'s tables.
pub fn check_request(
    operation: Operation,
    params: &WirePairs<'_>,
    snapshot: &TableSnapshot,
) -> Checked {
    let parsed = read_request(operation, params, snapshot);
    let mut batches = Batches::default();
    if let Some(request) = &parsed.value {
        batches.add(0, request);
    }
    Checked {
        table_findings: batches
            .check(snapshot)
            .into_iter()
            .map(|f| f.diagnostic)
            .collect(),
        request: parsed.value,
        field_findings: parsed.diagnostics,
    }
}

/// Checks every request of `plan` against the field rules and, grouped by the gateway or
/// connection each changes, against `snapshot` and each other, in plan order.
pub fn check_plan(plan: &[PlanRequest], snapshot: &TableSnapshot) -> Vec<PlanFinding> {
    let mut findings = Vec::new();
    let mut batches = Batches::default();
    for (row, request) in plan.iter().enumerate() {
        let parsed = read_request(request.operation, &request.params.pairs(), snapshot);
        findings.extend(
            parsed
                .diagnostics
                .into_iter()
                .map(|diagnostic| PlanFinding {
                    request: row,
                    other_request: None,
                    diagnostic,
                }),
        );
        if let Some(request) = &parsed.value {
            batches.add(row, request);
        }
    }
    findings.extend(batches.check(snapshot));
    let mut keys: Vec<u128> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.request as u128) << 32 | i as u128)
        .collect();
    packed_sort::sort(&mut keys);
    packed_sort::permute(findings, &keys)
}

/// What the requests of a plan add to one gateway, or (destination routes only) to one
/// connection, each with its row.
#[derive(Default)]
struct Batch {
    destination: Vec<(usize, DestinationRoute)>,
    policy: Vec<(usize, PolicyRoute)>,
    connections: Vec<(usize, NewConnection)>,
}

/// The batches of a plan by target.
#[derive(Default)]
struct Batches(BTreeMap<Target, Batch>);

impl Batches {
    fn add(&mut self, row: usize, request: &Request) {
        match request.effect() {
            TableEffect::None => {}
            TableEffect::AddDestinationRoute { route, .. } => {
                self.of(request).destination.push((row, route))
            }
            TableEffect::AddPolicyRoute { route, .. } => self.of(request).policy.push((row, route)),
            TableEffect::AddConnection { adds, .. } => {
                self.of(request).connections.push((row, adds))
            }
        }
    }

    /// The batch of the gateway or connection `request` works on.
    fn of(&mut self, request: &Request) -> &mut Batch {
        self.0.entry(request.target()).or_default()
    }

    /// The table rules over every batch, against what `snapshot` holds.
    fn check(&self, snapshot: &TableSnapshot) -> Vec<PlanFinding> {
        let mut findings = Vec::new();
        for (target, batch) in &self.0 {
            match target {
                Target::Gateway(id) => check_gateway(id, batch, snapshot, &mut findings),
                Target::Connection(id) => {
                    let existing = snapshot
                        .connection(Some(id))
                        .map(|c| c.routes.as_slice())
                        .unwrap_or_default();
                    let new: Vec<DestinationRoute> =
                        batch.destination.iter().map(|(_, r)| r.clone()).collect();
                    findings.extend(to_plan(
                        check_vco_routes(existing, &new, &snapshot.quotas),
                        &rows(&batch.destination),
                    ));
                }
            }
        }
        findings
    }
}

fn check_gateway(
    id: &str,
    batch: &Batch,
    snapshot: &TableSnapshot,
    findings: &mut Vec<PlanFinding>,
) {
    let quotas = &snapshot.quotas;
    let known = snapshot.gateway(Some(id));
    let existing_destination = known
        .map(|g| g.destination_routes.as_slice())
        .unwrap_or_default();
    let existing_policy = known
        .map(|g| g.policy_routes.as_slice())
        .unwrap_or_default();
    let mut connection_ids: Vec<String> = known.map(|g| g.connections.clone()).unwrap_or_default();
    // A copy: planned connections are added to `connection_ids` below.
    let checked_hops = (!connection_ids.is_empty()).then(|| connection_ids.clone());
    let new: Vec<DestinationRoute> = batch.destination.iter().map(|(_, r)| r.clone()).collect();
    let found =
        check_destination_routes(existing_destination, &new, checked_hops.as_deref(), quotas);
    findings.extend(to_plan(found, &rows(&batch.destination)));
    let new: Vec<PolicyRoute> = batch.policy.iter().map(|(_, r)| r.clone()).collect();
    let found = check_policy_routes(existing_policy, &new, checked_hops.as_deref(), quotas);
    findings.extend(to_plan(found, &rows(&batch.policy)));
    let mut cidrs: Vec<Ipv4Net> = known.map(|g| g.tunnel_cidrs.clone()).unwrap_or_default();
    let mut policy_routes = existing_policy.len() + batch.policy.len();
    for (row, adds) in &batch.connections {
        let found = check_new_connection(adds, connection_ids.len(), &cidrs, policy_routes, quotas);
        let accepted = !found.iter().any(Diagnostic::is_error);
        findings.extend(found.into_iter().map(|diagnostic| PlanFinding {
            request: *row,
            other_request: None,
            diagnostic,
        }));
        if accepted {
            connection_ids.push(format!("planned connection of request {}", row + 1));
            cidrs.extend(adds.tunnel_cidrs.iter().map(|(_, net)| *net));
            policy_routes += adds.policy_routes_added;
        }
    }
}

fn rows<T>(batch: &[(usize, T)]) -> Vec<usize> {
    batch.iter().map(|(row, _)| *row).collect()
}

/// Maps table findings on a batch back to the plan's request positions. A finding on an
/// existing route that a planned one causes (a route it shadows) goes to the planned one.
fn to_plan(found: Vec<TableFinding>, rows: &[usize]) -> impl Iterator<Item = PlanFinding> + '_ {
    found
        .into_iter()
        .filter_map(move |f| match (f.entry, f.other) {
            (EntryRef::New(i), other) => {
                let other_request = match other {
                    Some(EntryRef::New(j)) => Some(rows[j]),
                    _ => None,
                };
                Some(PlanFinding {
                    request: rows[i],
                    other_request,
                    diagnostic: f.diagnostic,
                })
            }
            (EntryRef::Existing(_), Some(EntryRef::New(j))) => Some(PlanFinding {
                request: rows[j],
                other_request: None,
                diagnostic: f.diagnostic,
            }),
            (EntryRef::Existing(_), _) => None,
        })
}
