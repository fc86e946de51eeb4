//! Checking a whole plan: a list of requests, each against the field rules, then together
//! against the existing tables of their gateways and connections. This is what
//! `vpnroute check` runs in a CI pipeline.

use crate::diagnostic::Diagnostic;
use crate::ops::create_vco_route_entry::CreateVcoRouteEntry;
use crate::ops::create_vpn_connection::CreateVpnConnection;
use crate::ops::create_vpn_pbr_route_entry::CreateVpnPbrRouteEntry;
use crate::ops::create_vpn_route_entry::CreateVpnRouteEntry;
use crate::ops::describe_vco_route_entries::DescribeVcoRouteEntries;
use crate::packed_sort;
use crate::table::{
    check_destination_routes, check_new_connection, check_policy_routes, check_vco_routes,
    DestinationRoute, EntryRef, PolicyRoute, Quotas, TableFinding,
};
use crate::{GatewayFacts, Operation, WireParams};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One request of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRequest {
    pub operation: Operation,
    pub params: WireParams,
}

/// What a gateway already has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct GatewaySnapshot {
    pub vpn_gateway_id: String,
    #[cfg_attr(feature = "ts", ts(as = "Option<GatewayFacts>", optional))]
    pub facts: GatewayFacts,
    /// Its IPsec connection ids; when empty, next hops are not checked.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub connections: Vec<String>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<DestinationRoute>>", optional))]
    pub destination_routes: Vec<DestinationRoute>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<PolicyRoute>>", optional))]
    pub policy_routes: Vec<PolicyRoute>,
    /// BGP tunnel CIDRs its connections use.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub tunnel_cidrs: Vec<Ipv4Net>,
}

/// What an IPsec connection attached to a transit router already has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct ConnectionSnapshot {
    pub vpn_connection_id: String,
    #[cfg_attr(feature = "ts", ts(as = "Option<GatewayFacts>", optional))]
    pub facts: GatewayFacts,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<DestinationRoute>>", optional))]
    pub routes: Vec<DestinationRoute>,
}

/// The existing state a plan is checked against.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct TableSnapshot {
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<GatewaySnapshot>>", optional))]
    pub gateways: Vec<GatewaySnapshot>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<ConnectionSnapshot>>", optional))]
    pub connections: Vec<ConnectionSnapshot>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Quotas>", optional))]
    pub quotas: Quotas,
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

/// The planned requests aimed at one gateway, or (destination routes only) at one connection.
#[derive(Default)]
struct Batch {
    destination: Vec<(usize, DestinationRoute)>,
    policy: Vec<(usize, PolicyRoute)>,
    connections: Vec<(usize, CreateVpnConnection)>,
}

/// Checks every request of `plan` against the field rules and, grouped by gateway and
/// connection, against `snapshot` and each other.
pub fn check_plan(plan: &[PlanRequest], snapshot: &TableSnapshot) -> Vec<PlanFinding> {
    let gateway = |id: Option<&str>| {
        id.and_then(|id| snapshot.gateways.iter().find(|g| g.vpn_gateway_id == id))
    };
    let connection = |id: Option<&str>| {
        id.and_then(|id| {
            snapshot
                .connections
                .iter()
                .find(|c| c.vpn_connection_id == id)
        })
    };
    let mut findings = Vec::new();
    let mut gateways: BTreeMap<String, Batch> = BTreeMap::new();
    // A `Batch` too, though only its destination routes are used: each map type is another
    // copy of the B-tree code in the npm `.wasm` (about 2.5 KB).
    let mut vco: BTreeMap<String, Batch> = BTreeMap::new();
    let quotas = &snapshot.quotas;
    for (row, request) in plan.iter().enumerate() {
        let params = &request.params;
        let gateway_facts = gateway(params.get("VpnGatewayId"))
            .map(|g| g.facts)
            .unwrap_or_default();
        let mut report = |diagnostics: Vec<Diagnostic>| {
            findings.extend(diagnostics.into_iter().map(|diagnostic| PlanFinding {
                request: row,
                other_request: None,
                diagnostic,
            }));
        };
        match request.operation {
            Operation::CreateVpnRouteEntry => {
                let parsed = CreateVpnRouteEntry::parse(params, &gateway_facts);
                report(parsed.diagnostics);
                if let Some(r) = parsed.value {
                    let route = r.route.destination_route();
                    gateways
                        .entry(r.vpn_gateway_id)
                        .or_default()
                        .destination
                        .push((row, route));
                }
            }
            Operation::CreateVpnPbrRouteEntry => {
                let parsed = CreateVpnPbrRouteEntry::parse(params, &gateway_facts);
                report(parsed.diagnostics);
                if let Some(r) = parsed.value {
                    let route = PolicyRoute {
                        route_source: r.route_source,
                        route_dest: r.route.route_dest,
                        next_hop: r.route.next_hop.clone(),
                        weight: r.route.weight,
                        priority: r.effective_priority(),
                    };
                    gateways
                        .entry(r.vpn_gateway_id)
                        .or_default()
                        .policy
                        .push((row, route));
                }
            }
            Operation::CreateVcoRouteEntry => {
                let facts = connection(params.get("VpnConnectionId"))
                    .map(|c| c.facts)
                    .unwrap_or_default();
                let parsed = CreateVcoRouteEntry::parse(params, &facts);
                report(parsed.diagnostics);
                if let Some(r) = parsed.value {
                    let route = r.route.destination_route();
                    vco.entry(r.vpn_connection_id)
                        .or_default()
                        .destination
                        .push((row, route));
                }
            }
            Operation::DescribeVcoRouteEntries => {
                report(DescribeVcoRouteEntries::parse(params).diagnostics)
            }
            Operation::CreateVpnConnection => {
                let parsed = CreateVpnConnection::parse_with_quotas(params, &gateway_facts, quotas);
                report(parsed.diagnostics);
                if let Some(c) = parsed.value {
                    gateways
                        .entry(c.vpn_gateway_id.clone())
                        .or_default()
                        .connections
                        .push((row, c));
                }
            }
        }
    }
    for (id, batch) in &gateways {
        let known = gateway(Some(id));
        let existing_destination = known
            .map(|g| g.destination_routes.as_slice())
            .unwrap_or_default();
        let existing_policy = known
            .map(|g| g.policy_routes.as_slice())
            .unwrap_or_default();
        let mut connection_ids: Vec<String> =
            known.map(|g| g.connections.clone()).unwrap_or_default();
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
        for (row, request) in &batch.connections {
            let found =
                check_new_connection(request, connection_ids.len(), &cidrs, policy_routes, quotas);
            let accepted = !found.iter().any(Diagnostic::is_error);
            findings.extend(found.into_iter().map(|diagnostic| PlanFinding {
                request: *row,
                other_request: None,
                diagnostic,
            }));
            if accepted {
                connection_ids.push(format!("planned connection of request {}", row + 1));
                cidrs.extend(request.tunnel_cidrs().into_iter().map(|(_, net)| net));
                policy_routes += request.policy_routes_added();
            }
        }
    }
    for (id, batch) in &vco {
        let existing = connection(Some(id))
            .map(|c| c.routes.as_slice())
            .unwrap_or_default();
        let new: Vec<DestinationRoute> = batch.destination.iter().map(|(_, r)| r.clone()).collect();
        findings.extend(to_plan(
            check_vco_routes(existing, &new, quotas),
            &rows(&batch.destination),
        ));
    }
    let mut keys: Vec<u128> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (f.request as u128) << 32 | i as u128)
        .collect();
    packed_sort::sort(&mut keys);
    packed_sort::permute(findings, &keys)
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
