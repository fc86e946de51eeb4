//! Checking requests against what exists. [`check_request`] reads one request once, against
//! the facts and tables of a snapshot, and returns the typed request with every finding: the
//! emulator applies what it returns. [`check_plan`] reads each request of a plan the same way,
//! then checks the table effects of all of them together, so that a row is checked against
//! the table as the rows before it leave it. This is what `vpnroute check` runs in CI.
//! [`end_state`] walks the rows the same way and returns the tables they leave.

use crate::analysis::packed_sort;
use crate::model::diagnostic::{Diagnostic, Parsed};
use crate::model::gateway::GatewayFacts;
use crate::model::routes::{
    DestinationRoute, EntryRef, NamedRoute, NewConnection, PolicyRoute, PublishedRoute, Quotas,
    RouteChange, RouteType, TableFinding,
};
use crate::model::snapshot::{ConnectionSnapshot, GatewaySnapshot, TableSnapshot};
use crate::model::wire::{first_value, WirePairs, WireParams};
use crate::ops::{Context, Operation, Request, TableEffect, Target, TargetKind};
use crate::rules::destination_routes::{check_destination_routes, check_vco_routes};
use crate::rules::gateway_connections::check_new_connection;
use crate::rules::policy_routes::check_policy_routes;
use crate::rules::route_changes::{
    self, check_destination_change, check_policy_change, check_publish, GatewayRoutes,
};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
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
    let (mut findings, batches) = read_plan(plan, snapshot);
    findings.extend(batches.check(snapshot));
    let mut keys: Vec<u128> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.request as u128) << 32 | i as u128)
        .collect();
    packed_sort::sort(&mut keys);
    packed_sort::permute(findings, &keys)
}

/// What `snapshot` holds once every row of `plan` that the checks accept has been made, each
/// target's rows in plan order: the tables, and what is published, of every gateway and
/// transit-router connection the plan changes (one it names that `snapshot` lacks is added
/// with what the plan puts in it). Rows with an error change nothing. Connections the plan
/// creates are not added: their ids are the service's to give.
pub fn end_state(plan: &[PlanRequest], snapshot: &TableSnapshot) -> TableSnapshot {
    let (_, batches) = read_plan(plan, snapshot);
    let mut end = snapshot.clone();
    for (target, steps) in &batches.0 {
        let mut tables = Tables::of(target, snapshot);
        tables.run(target, steps, snapshot, &mut Vec::new(), Last::Kept);
        tables.save(target, &mut end);
    }
    end
}

/// Reads every row of `plan` against `snapshot`: the field rules' findings, and the steps of
/// the rows without an error.
fn read_plan(plan: &[PlanRequest], snapshot: &TableSnapshot) -> (Vec<PlanFinding>, Batches) {
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
    (findings, batches)
}

/// What one request of a plan does to its target's tables, with its row.
enum Step {
    AddDestination(DestinationRoute, bool),
    AddPolicy(PolicyRoute, bool),
    AddConnection(NewConnection),
    Change(NamedRoute, RouteChange),
    Publish(PublishedRoute, bool),
}

/// The steps of a plan by target, each target's in plan order.
#[derive(Default)]
struct Batches(BTreeMap<Target, Vec<(usize, Step)>>);

impl Batches {
    fn add(&mut self, row: usize, request: &Request) {
        let step = match request.effect() {
            TableEffect::None => return,
            TableEffect::AddDestinationRoute { route, publish, .. } => {
                Step::AddDestination(route, publish)
            }
            TableEffect::AddPolicyRoute { route, publish, .. } => Step::AddPolicy(route, publish),
            TableEffect::AddConnection { adds, .. } => Step::AddConnection(adds),
            TableEffect::ChangeRoute { route, change } => Step::Change(route.clone(), change),
            TableEffect::PublishRoute { route, publish } => Step::Publish(route.clone(), publish),
        };
        self.0
            .entry(request.target())
            .or_default()
            .push((row, step));
    }

    /// The table rules over every target's steps, against what `snapshot` holds.
    fn check(&self, snapshot: &TableSnapshot) -> Vec<PlanFinding> {
        let mut findings = Vec::new();
        for (target, steps) in &self.0 {
            let mut tables = Tables::of(target, snapshot);
            if tables.partial {
                if let Some((row, _)) = steps.first() {
                    let kind = match target {
                        Target::Gateway(_) => "gateway",
                        Target::Connection(_) => "connection",
                    };
                    findings.push(PlanFinding {
                        request: *row,
                        other_request: None,
                        diagnostic: route_changes::unstable_read(kind, target.id()),
                    });
                }
            }
            tables.run(target, steps, snapshot, &mut findings, Last::Checked);
        }
        findings
    }
}

/// What a walk over a target's rows does with the creates that come last: checks them only
/// (no row after them meets them), or also adds them to the tables, for the end state.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Checked,
    Kept,
}

/// One target's tables as the plan's rows leave them. Routes are borrowed from the snapshot
/// until a change needs its own copy, so that a plan of creates copies nothing.
struct Tables<'s> {
    destination: Cow<'s, [DestinationRoute]>,
    policy: Cow<'s, [PolicyRoute]>,
    published: Cow<'s, [PublishedRoute]>,
    facts: GatewayFacts,
    partial: bool,
}

/// Creates waiting to be checked together, each with its row and whether it is published.
#[derive(Default)]
struct Pending {
    destination: Vec<(usize, DestinationRoute, bool)>,
    policy: Vec<(usize, PolicyRoute, bool)>,
}

impl<'s> Tables<'s> {
    fn of(target: &Target, snapshot: &'s TableSnapshot) -> Self {
        match target {
            Target::Gateway(id) => {
                let known = snapshot.gateway(Some(id));
                Tables {
                    destination: Cow::Borrowed(
                        known
                            .map(|g| g.destination_routes.as_slice())
                            .unwrap_or_default(),
                    ),
                    policy: Cow::Borrowed(
                        known
                            .map(|g| g.policy_routes.as_slice())
                            .unwrap_or_default(),
                    ),
                    published: Cow::Borrowed(
                        known.map(|g| g.published.as_slice()).unwrap_or_default(),
                    ),
                    facts: known.map(|g| g.facts).unwrap_or_default(),
                    partial: known.is_some_and(|g| g.partial),
                }
            }
            Target::Connection(id) => {
                let known = snapshot.connection(Some(id));
                Tables {
                    destination: Cow::Borrowed(
                        known.map(|c| c.routes.as_slice()).unwrap_or_default(),
                    ),
                    policy: Cow::Borrowed(&[]),
                    published: Cow::Borrowed(&[]),
                    facts: known.map(|c| c.facts).unwrap_or_default(),
                    partial: known.is_some_and(|c| c.partial),
                }
            }
        }
    }

    /// Walks one target's steps in plan order. Consecutive creates are checked together (the
    /// table rules take a batch in one pass); each change is checked against the table as the
    /// rows before it leave it, and made on it when it has no error.
    fn run(
        &mut self,
        target: &Target,
        steps: &[(usize, Step)],
        snapshot: &TableSnapshot,
        findings: &mut Vec<PlanFinding>,
        last: Last,
    ) {
        let quotas = &snapshot.quotas;
        let known = match target {
            Target::Gateway(id) => snapshot.gateway(Some(id)),
            Target::Connection(_) => None,
        };
        let connection_ids: Vec<String> = known.map(|g| g.connections.clone()).unwrap_or_default();
        let checked_hops = (!connection_ids.is_empty()).then_some(connection_ids.as_slice());
        let mut pending = Pending::default();
        let mut connections = Vec::new();
        let mut planned_policy_routes = 0;
        for (row, step) in steps {
            match step {
                Step::AddDestination(route, publish) => {
                    pending.destination.push((*row, route.clone(), *publish))
                }
                Step::AddPolicy(route, publish) => {
                    planned_policy_routes += 1;
                    pending.policy.push((*row, route.clone(), *publish))
                }
                Step::AddConnection(adds) => connections.push((*row, adds)),
                Step::Change(route, change) => {
                    self.flush(target, &mut pending, checked_hops, quotas, findings, true);
                    let found = self.change(target, route, *change);
                    findings.extend(found.into_iter().map(|diagnostic| PlanFinding {
                        request: *row,
                        other_request: None,
                        diagnostic,
                    }));
                }
                Step::Publish(route, publish) => {
                    self.flush(target, &mut pending, checked_hops, quotas, findings, true);
                    let found = self.publish(route, *publish);
                    findings.extend(found.into_iter().map(|diagnostic| PlanFinding {
                        request: *row,
                        other_request: None,
                        diagnostic,
                    }));
                }
            }
        }
        // Nothing comes after the last creates, so a check need not add them to the tables.
        let keep = last == Last::Kept;
        self.flush(target, &mut pending, checked_hops, quotas, findings, keep);
        check_connections(
            &connections,
            connection_ids,
            known.map(|g| g.tunnel_cidrs.clone()).unwrap_or_default(),
            known.map_or(0, |g| g.policy_routes.len()) + planned_policy_routes,
            quotas,
            findings,
        );
    }

    /// Checks the creates waiting in `pending` against the tables; with `keep`, adds those
    /// without an error to the tables for the rows after them.
    fn flush(
        &mut self,
        target: &Target,
        pending: &mut Pending,
        checked_hops: Option<&[String]>,
        quotas: &Quotas,
        findings: &mut Vec<PlanFinding>,
        keep: bool,
    ) {
        if !pending.destination.is_empty() {
            let new: Vec<DestinationRoute> = pending
                .destination
                .iter()
                .map(|(_, r, _)| r.clone())
                .collect();
            let found = match target {
                Target::Gateway(_) => {
                    check_destination_routes(&self.destination, &new, checked_hops, quotas)
                }
                Target::Connection(_) => check_vco_routes(&self.destination, &new, quotas),
            };
            let rows: Vec<usize> = pending.destination.iter().map(|(row, ..)| *row).collect();
            let refused = refused(&found);
            findings.extend(to_plan(found, &rows));
            if keep {
                for (i, (_, route, publish)) in pending.destination.drain(..).enumerate() {
                    if refused.contains(&i) {
                        continue;
                    }
                    if publish && matches!(target, Target::Gateway(_)) {
                        self.published.to_mut().push(PublishedRoute {
                            route_type: RouteType::Dbr,
                            route_dest: route.route_dest,
                            next_hop: route.next_hop.clone(),
                        });
                    }
                    self.destination.to_mut().push(route);
                }
            }
            pending.destination.clear();
        }
        if !pending.policy.is_empty() {
            let new: Vec<PolicyRoute> = pending.policy.iter().map(|(_, r, _)| r.clone()).collect();
            let found = check_policy_routes(&self.policy, &new, checked_hops, quotas);
            let rows: Vec<usize> = pending.policy.iter().map(|(row, ..)| *row).collect();
            let refused = refused(&found);
            findings.extend(to_plan(found, &rows));
            if keep {
                for (i, (_, route, publish)) in pending.policy.drain(..).enumerate() {
                    if refused.contains(&i) {
                        continue;
                    }
                    let published = PublishedRoute {
                        route_type: RouteType::Pbr,
                        route_dest: route.route_dest,
                        next_hop: route.next_hop.clone(),
                    };
                    if publish && !self.published.contains(&published) {
                        self.published.to_mut().push(published);
                    }
                    self.policy.to_mut().push(route);
                }
            }
            pending.policy.clear();
        }
    }

    /// Checks a change and, when it has no error, makes it.
    fn change(
        &mut self,
        target: &Target,
        route: &NamedRoute,
        change: RouteChange,
    ) -> Vec<Diagnostic> {
        if route.route_source.is_some() {
            let check = check_policy_change(&self.policy, route, change, &self.facts, self.partial);
            if let (true, Some(index)) = (check.is_accepted(), check.found) {
                let policy = self.policy.to_mut();
                match change {
                    RouteChange::Delete => {
                        let removed = policy.remove(index);
                        let still_published = policy.iter().any(|r| {
                            r.route_dest == removed.route_dest && r.next_hop == removed.next_hop
                        });
                        if !still_published {
                            self.unpublish(RouteType::Pbr, &removed.route_dest, &removed.next_hop);
                        }
                    }
                    RouteChange::Modify { weight, priority } => {
                        let route = &mut policy[index];
                        route.weight = weight.unwrap_or(route.weight);
                        route.priority = priority.unwrap_or(route.priority);
                    }
                }
            }
            return check.findings;
        }
        let dual_tunnel = matches!(target, Target::Gateway(_)) && self.facts.is_dual_tunnel();
        let check =
            check_destination_change(&self.destination, route, change, dual_tunnel, self.partial);
        if let (true, Some(index)) = (check.is_accepted(), check.found) {
            let destination = self.destination.to_mut();
            match change {
                RouteChange::Delete => {
                    let removed = destination.remove(index);
                    self.unpublish(RouteType::Dbr, &removed.route_dest, &removed.next_hop);
                }
                RouteChange::Modify { weight, .. } => {
                    let route = &mut destination[index];
                    route.weight = weight.unwrap_or(route.weight);
                }
            }
        }
        check.findings
    }

    /// Puts these tables in `snapshot` as `target`'s, adding the target when it lacks it.
    fn save(self, target: &Target, snapshot: &mut TableSnapshot) {
        match target {
            Target::Gateway(id) => {
                let at = match snapshot
                    .gateways
                    .iter()
                    .position(|g| g.vpn_gateway_id == *id)
                {
                    Some(at) => at,
                    None => {
                        snapshot.gateways.push(GatewaySnapshot {
                            vpn_gateway_id: id.clone(),
                            ..GatewaySnapshot::default()
                        });
                        snapshot.gateways.len() - 1
                    }
                };
                let gateway = &mut snapshot.gateways[at];
                gateway.destination_routes = self.destination.into_owned();
                gateway.policy_routes = self.policy.into_owned();
                gateway.published = self.published.into_owned();
            }
            Target::Connection(id) => {
                let at = match snapshot
                    .connections
                    .iter()
                    .position(|c| c.vpn_connection_id == *id)
                {
                    Some(at) => at,
                    None => {
                        snapshot.connections.push(ConnectionSnapshot {
                            vpn_connection_id: id.clone(),
                            ..ConnectionSnapshot::default()
                        });
                        snapshot.connections.len() - 1
                    }
                };
                snapshot.connections[at].routes = self.destination.into_owned();
            }
        }
    }

    fn unpublish(&mut self, route_type: RouteType, route_dest: &Ipv4Net, next_hop: &str) {
        if let Some(i) = self.published.iter().position(|p| {
            p.route_type == route_type && p.route_dest == *route_dest && p.next_hop == next_hop
        }) {
            self.published.to_mut().remove(i);
        }
    }

    /// Checks a publish and, when it has no error, makes it.
    fn publish(&mut self, route: &PublishedRoute, publish: bool) -> Vec<Diagnostic> {
        let found = check_publish(
            &GatewayRoutes {
                destination: &self.destination,
                policy: &self.policy,
                published: &self.published,
                partial: self.partial,
            },
            route,
            publish,
        );
        if !found.iter().any(Diagnostic::is_error) {
            let present = self.published.contains(route);
            if publish && !present {
                self.published.to_mut().push(route.clone());
            } else if !publish {
                self.unpublish(route.route_type, &route.route_dest, &route.next_hop);
            }
        }
        found
    }
}

/// The positions in a batch of the creates that a table rule refused.
fn refused(found: &[TableFinding]) -> Vec<usize> {
    found
        .iter()
        .filter(|f| f.diagnostic.is_error())
        .filter_map(|f| match f.entry {
            EntryRef::New(i) => Some(i),
            EntryRef::Existing(_) => None,
        })
        .collect()
}

/// The connection rules on the connections a plan adds to one gateway, in plan order.
fn check_connections(
    connections: &[(usize, &NewConnection)],
    mut connection_ids: Vec<String>,
    mut cidrs: Vec<Ipv4Net>,
    mut policy_routes: usize,
    quotas: &Quotas,
    findings: &mut Vec<PlanFinding>,
) {
    for (row, adds) in connections {
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
