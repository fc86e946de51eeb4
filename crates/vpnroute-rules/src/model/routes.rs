//! Route tables as the rules see them: the routes, which entry a finding is about, and quotas.

use crate::model::diagnostic::Diagnostic;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The weight of a route: the active route of a pair or its standby.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Weight {
    Standby,
    Active,
}

impl Weight {
    pub fn value(self) -> u8 {
        match self {
            Weight::Standby => 0,
            Weight::Active => 100,
        }
    }

    pub fn role(self) -> &'static str {
        match self {
            Weight::Standby => "standby",
            Weight::Active => "active",
        }
    }

    /// The weight the other route of a pair needs.
    pub fn other(self) -> Weight {
        match self {
            Weight::Standby => Weight::Active,
            Weight::Active => Weight::Standby,
        }
    }
}

impl From<Weight> for u8 {
    fn from(weight: Weight) -> u8 {
        weight.value()
    }
}

impl TryFrom<u8> for Weight {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, String> {
        match value {
            0 => Ok(Weight::Standby),
            100 => Ok(Weight::Active),
            other => Err(format!("weight {other} is neither 0 nor 100")),
        }
    }
}

/// A destination route of a VPN gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DestinationRoute {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    #[cfg_attr(feature = "ts", ts(type = "0 | 100"))]
    pub weight: Weight,
}

impl DestinationRoute {
    /// The other route of its active/standby pair in `table`: the same destination, another
    /// next hop.
    pub fn partner_in<'a>(&self, table: &'a [DestinationRoute]) -> Option<&'a DestinationRoute> {
        table
            .iter()
            .find(|r| r.route_dest == self.route_dest && r.next_hop != self.next_hop)
    }
}

impl fmt::Display for DestinationRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} via {} ({})",
            self.route_dest,
            self.next_hop,
            self.weight.role()
        )
    }
}

/// Which entry a finding is about: one already in the table, or one of the new batch.
/// Indexes count from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "table", content = "index", rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum EntryRef {
    Existing(usize),
    New(usize),
}

impl EntryRef {
    /// The catalog key of how a message names the table the entry is in (taken in as
    /// `{@other}`); the entry itself is described by its fields.
    pub(crate) fn kind_key(self) -> &'static str {
        match self {
            EntryRef::Existing(_) => "part.existing-route",
            EntryRef::New(_) => "part.planned-route",
        }
    }
}

/// What the routes being checked are, which decides how findings name them.
#[derive(Clone, Copy)]
pub(crate) enum RouteSet {
    /// Routes to be added: `EntryRef::New`.
    Planned,
    /// Routes a gateway already holds, each checked against those before it: `EntryRef::Existing`.
    Installed,
}

impl RouteSet {
    pub(crate) fn entry(self, index: usize) -> EntryRef {
        match self {
            RouteSet::Planned => EntryRef::New(index),
            RouteSet::Installed => EntryRef::Existing(index),
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quotas {
    /// Destination routes per gateway.
    pub destination_routes: usize,
    /// Policy routes per gateway.
    pub policy_routes: usize,
    /// IPsec connections per gateway.
    pub connections: usize,
    /// Routes per IPsec connection (vco routes); undocumented, so the destination-route default.
    pub vco_routes: usize,
    /// Blocks in each of `LocalSubnet` and `RemoteSubnet`.
    pub subnets_per_side: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            destination_routes: 20,
            policy_routes: 20,
            connections: 10,
            vco_routes: 20,
            subnets_per_side: 10,
        }
    }
}

/// A route learned by BGP (a describe with RouteEntryType `bgp`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BgpRoute {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_dest: Ipv4Net,
    pub next_hop: String,
}

/// A policy-based route of a VPN gateway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyRoute {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_source: Ipv4Net,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    #[cfg_attr(feature = "ts", ts(type = "0 | 100"))]
    pub weight: Weight,
    pub priority: u8,
}

impl PolicyRoute {
    /// The other route of its active/standby pair in `table`: the same source, destination
    /// and priority (policy routes pair only at equal priority), another next hop.
    pub fn partner_in<'a>(&self, table: &'a [PolicyRoute]) -> Option<&'a PolicyRoute> {
        table.iter().find(|r| {
            r.route_source == self.route_source
                && r.route_dest == self.route_dest
                && r.priority == self.priority
                && r.next_hop != self.next_hop
        })
    }
}

impl fmt::Display for PolicyRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_prefix(f, &self.route_source)?;
        f.write_str(" -> ")?;
        write_prefix(f, &self.route_dest)?;
        write!(
            f,
            " via {} (priority {}, {})",
            self.next_hop,
            self.priority,
            self.weight.role()
        )
    }
}

/// Writes `a.b.c.d/n` directly rather than through the generic formatting machinery: a
/// 100,000-route analysis writes tens of thousands of these (`cargo xtask bench` times it).
fn write_prefix(f: &mut fmt::Formatter<'_>, net: &Ipv4Net) -> fmt::Result {
    let mut text = [0u8; 18];
    let mut len = 0;
    let [a, b, c, d] = net.addr().octets();
    for (number, after) in [
        (a, b'.'),
        (b, b'.'),
        (c, b'.'),
        (d, b'/'),
        (net.prefix_len(), 0),
    ] {
        for (digit, needed) in [
            (number / 100, number >= 100),
            (number / 10 % 10, number >= 10),
            (number % 10, true),
        ] {
            if needed {
                text[len] = b'0' + digit;
                len += 1;
            }
        }
        if after != 0 {
            text[len] = after;
            len += 1;
        }
    }
    f.write_str(std::str::from_utf8(&text[..len]).map_err(|_| fmt::Error)?)
}

/// What a new IPsec connection adds to its gateway's tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewConnection {
    /// The BGP tunnel CIDRs it takes, each with the wire path that sets it.
    pub tunnel_cidrs: Vec<(String, Ipv4Net)>,
    pub local_subnets: usize,
    pub remote_subnets: usize,
    /// One policy route per subnet pair in protected-data-flow mode, else none.
    pub policy_routes_added: usize,
}

/// A route that a change names by its fields, since routes have no id: destination and next
/// hop, policy routes also their source; the weight is part of the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedRoute {
    /// Policy routes only.
    pub route_source: Option<Ipv4Net>,
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    pub weight: Weight,
    /// Policy routes: the priority the request names, when it names one.
    pub priority: Option<u8>,
}

impl NamedRoute {
    pub fn is_destination(&self, route: &DestinationRoute) -> bool {
        self.route_dest == route.route_dest && self.next_hop == route.next_hop
    }

    pub fn is_policy(&self, route: &PolicyRoute) -> bool {
        Some(route.route_source) == self.route_source
            && self.route_dest == route.route_dest
            && self.next_hop == route.next_hop
    }

    /// Where the named route is among destination routes.
    pub fn position_in_destination<'a>(
        &self,
        table: impl IntoIterator<Item = &'a DestinationRoute>,
    ) -> Option<usize> {
        table.into_iter().position(|r| self.is_destination(r))
    }

    /// Where the named route is among policy routes: the one at the named priority when the
    /// name has one, else the first with its source, destination and next hop.
    pub fn position_in_policy<'a>(
        &self,
        table: impl IntoIterator<Item = &'a PolicyRoute>,
    ) -> Option<usize> {
        table.into_iter().position(|r| {
            self.is_policy(r) && self.priority.is_none_or(|priority| r.priority == priority)
        })
    }
}

impl fmt::Display for NamedRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(source) = &self.route_source {
            write!(f, "{source} -> ")?;
        }
        write!(f, "{} via {}", self.route_dest, self.next_hop)
    }
}

/// What a change does to the route it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteChange {
    /// Sets the weight, the priority (policy routes), or both.
    Modify {
        weight: Option<Weight>,
        priority: Option<u8>,
    },
    Delete,
}

/// Which table a publish names (`RouteType`): destination-based or policy-based routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RouteType {
    Dbr,
    Pbr,
}

impl RouteType {
    pub fn as_str(self) -> &'static str {
        match self {
            RouteType::Dbr => "dbr",
            RouteType::Pbr => "pbr",
        }
    }
}

/// A gateway route advertised to the VPC's system route table. A publish names routes by
/// table, destination and next hop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PublishedRoute {
    pub route_type: RouteType,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub route_dest: Ipv4Net,
    pub next_hop: String,
}

/// A route's `State` in the service's answers: `published` when advertised to the VPC, else
/// `normal`.
pub fn route_state(published: bool) -> &'static str {
    if published {
        "published"
    } else {
        "normal"
    }
}
