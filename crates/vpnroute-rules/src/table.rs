//! Table analysis: new routes checked against a gateway's routes and against each other.
//!
//! Routes are grouped by destination in a hash map, so a table of n routes plus a batch of m
//! is checked in O(n + m), never pairwise.

use crate::diagnostic::Diagnostic;
use crate::rules::table::{ROUTE_DUPLICATE, ROUTE_PAIRING, ROUTE_QUOTA, ROUTE_UNKNOWN_NEXT_HOP};
use crate::Weight;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// A destination route of a VPN gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DestinationRoute {
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    pub weight: Weight,
}

impl fmt::Display for DestinationRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} via {} ({})", self.route_dest, self.next_hop, self.weight.role())
    }
}

/// Which entry a finding is about: one already in the table, or one of the new batch.
/// Indexes count from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "table", content = "index", rename_all = "camelCase")]
pub enum EntryRef {
    Existing(usize),
    New(usize),
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryRef::Existing(i) => write!(f, "existing route #{}", i + 1),
            EntryRef::New(i) => write!(f, "new route #{}", i + 1),
        }
    }
}

/// One table conflict: the entry it is reported on and, where there is one, the entry it
/// conflicts with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableFinding {
    pub entry: EntryRef,
    pub other: Option<EntryRef>,
    pub diagnostic: Diagnostic,
}

/// Limits on how many entries a gateway may hold; the documented defaults, all settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Quotas {
    pub destination_routes: usize,
    pub policy_routes: usize,
    pub connections: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas { destination_routes: 20, policy_routes: 20, connections: 10 }
    }
}

/// Checks `new` destination routes against `existing` ones and each other.
///
/// `connections` lists the gateway's connection ids when they are known. A new route that
/// fails is not counted as added, so later routes of the batch are checked as the service
/// would check them.
pub fn check_destination_routes(
    existing: &[DestinationRoute],
    new: &[DestinationRoute],
    connections: Option<&[String]>,
    quotas: &Quotas,
) -> Vec<TableFinding> {
    let mut by_dest: HashMap<Ipv4Net, Vec<(EntryRef, &DestinationRoute)>> = HashMap::new();
    for (i, route) in existing.iter().enumerate() {
        by_dest.entry(route.route_dest).or_default().push((EntryRef::Existing(i), route));
    }
    let mut findings = Vec::new();
    let mut count = existing.len();
    for (i, route) in new.iter().enumerate() {
        let entry = EntryRef::New(i);
        let mut report = |other: Option<EntryRef>, diagnostic: Diagnostic| {
            findings.push(TableFinding { entry, other, diagnostic });
        };
        if let Some(known) = connections {
            if !known.iter().any(|c| *c == route.next_hop) {
                report(
                    None,
                    ROUTE_UNKNOWN_NEXT_HOP.on("NextHop", format!("{} is not a connection of this gateway.", route.next_hop)),
                );
                continue;
            }
        }
        let same_dest = by_dest.entry(route.route_dest).or_default();
        if let Some((other, twin)) = same_dest.iter().find(|(_, r)| r.next_hop == route.next_hop) {
            report(
                Some(*other),
                ROUTE_DUPLICATE.on("RouteDest", format!("{route} duplicates {other}: {twin}.")),
            );
            continue;
        }
        if let Some((other, twin)) = same_dest.iter().find(|(_, r)| r.weight == route.weight) {
            report(
                Some(*other),
                ROUTE_PAIRING
                    .on(
                        "Weight",
                        format!(
                            "{route} has the same destination and weight as {other}: {twin}. An active/standby pair needs one route of weight 100 and one of weight 0."
                        ),
                    )
                    .with_suggestion(route.weight.other().value().to_string()),
            );
            continue;
        }
        if count >= quotas.destination_routes {
            report(
                None,
                ROUTE_QUOTA.on(
                    "RouteDest",
                    format!(
                        "{route} would be route {} of this gateway; the quota is {}.",
                        count + 1,
                        quotas.destination_routes
                    ),
                ),
            );
            continue;
        }
        same_dest.push((entry, route));
        count += 1;
    }
    findings
}
