//! A gateway's or a transit-router connection's state, read through the describe
//! operations and turned into the engine's types, so its tables can be checked and looked up.

use crate::services::api::describe;
use ipnet::Ipv4Net;
use serde::de::DeserializeOwned;
use vpnroute_api::describe::{
    ConnectionList, GatewayList, Page, PbrRouteEntryList, RouteEntryList, VpnConnection,
    VpnGateway, VpnPbrRouteEntry, VpnRouteEntry,
};
use vpnroute_rules::complete_read::{CompleteRead, ReadList, PAGE_SIZE};
use vpnroute_rules::lookup::RouteTable;
use vpnroute_rules::model::routes::{PublishedRoute, RouteType};
use vpnroute_rules::ops::describe_vco_route_entries::{
    DescribeVcoRouteEntriesResponse, VcoRouteEntry,
};
use vpnroute_rules::{
    ConnectionSnapshot, DestinationRoute, GatewayFacts, GatewaySnapshot, PolicyRoute, Quotas,
    TableSnapshot, Target, TunnelMode, WireParams,
};

/// One IPsec connection as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct ConnectionRow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub attached_to_transit_router: bool,
    pub dual_tunnel: bool,
    /// The BGP tunnel CIDRs it uses: its own, or each tunnel's.
    pub tunnel_cidrs: Vec<Ipv4Net>,
}

/// A gateway with its connections and route tables.
#[derive(Clone, Debug, PartialEq)]
pub struct GatewayTables {
    pub id: String,
    pub name: String,
    pub status: String,
    pub facts: GatewayFacts,
    pub connections: Vec<ConnectionRow>,
    pub destination_routes: Vec<DestinationRoute>,
    pub policy_routes: Vec<PolicyRoute>,
    /// The routes advertised to the VPC.
    pub published: Vec<PublishedRoute>,
    /// Every list held still while it was read; when `false`, a list changed under every
    /// pass and holds the union of what was seen.
    pub stable: bool,
}

impl GatewayTables {
    pub fn connection_ids(&self) -> Vec<String> {
        self.connections.iter().map(|c| c.id.clone()).collect()
    }

    /// Whether the route of table `route_type` to `route_dest` via `next_hop` is advertised.
    pub fn is_published(&self, route_type: RouteType, route_dest: Ipv4Net, next_hop: &str) -> bool {
        self.published.iter().any(|p| {
            p.route_type == route_type && p.route_dest == route_dest && p.next_hop == next_hop
        })
    }

    pub fn route_table(&self) -> RouteTable {
        RouteTable {
            policy_routes: self.policy_routes.clone(),
            destination_routes: self.destination_routes.clone(),
            bgp_routes: Vec::new(),
        }
    }

    pub fn snapshot(&self) -> GatewaySnapshot {
        GatewaySnapshot {
            vpn_gateway_id: self.id.clone(),
            facts: self.facts,
            connections: self.connection_ids(),
            destination_routes: self.destination_routes.clone(),
            policy_routes: self.policy_routes.clone(),
            tunnel_cidrs: self
                .connections
                .iter()
                .flat_map(|c| c.tunnel_cidrs.iter().copied())
                .collect(),
            published: self.published.clone(),
            partial: !self.stable,
        }
    }
}

fn params(pairs: &[(&str, &str)]) -> WireParams {
    pairs.iter().copied().collect()
}

/// Every entry of the paged describe `action` over `scope`, read page by page as the
/// engine's `complete_read` says; `page_entries` takes a page's `TotalCount` and entries out of
/// its answer, and `identity` tells entries apart.
async fn read_all<P: DeserializeOwned, T>(
    action: &str,
    scope: &[(&str, &str)],
    page_entries: fn(P) -> (u32, Vec<T>),
    identity: fn(&T) -> String,
) -> Result<ReadList<T>, String> {
    let mut read = CompleteRead::new(identity);
    while let Some(page) = read.page() {
        let mut request = params(scope);
        request.push("PageNumber", page.to_string());
        request.push("PageSize", PAGE_SIZE.to_string());
        let (total, entries) = page_entries(describe(action, &request).await?);
        read.take(total, entries);
    }
    Ok(read.finish())
}

async fn all_gateways(region: &str) -> Result<ReadList<VpnGateway>, String> {
    read_all(
        "DescribeVpnGateways",
        &[("RegionId", region)],
        |page: Page<GatewayList>| (page.paging.total_count, page.list.vpn_gateways.vpn_gateway),
        |gateway| gateway.vpn_gateway_id.clone(),
    )
    .await
}

/// The region's connections, or those of gateway `id`.
async fn all_connections(
    region: &str,
    id: Option<&str>,
) -> Result<ReadList<VpnConnection>, String> {
    let mut scope = vec![("RegionId", region)];
    scope.extend(id.map(|id| ("VpnGatewayId", id)));
    read_all(
        "DescribeVpnConnections",
        &scope,
        |page: Page<ConnectionList>| {
            (
                page.paging.total_count,
                page.list.vpn_connections.vpn_connection,
            )
        },
        |connection| connection.vpn_connection_id.clone(),
    )
    .await
}

fn facts_of_gateway(gateway: &VpnGateway) -> GatewayFacts {
    GatewayFacts::from_describe(
        &gateway.disaster_recovery_internet_ip,
        &gateway.vpn_type,
        gateway.pbr_priority.as_deref(),
    )
}

fn connection_row(connection: &VpnConnection) -> ConnectionRow {
    let tunnels = &connection.tunnel_options_specification.tunnel_options;
    let tunnel_cidrs = std::iter::once(&connection.vpn_bgp_config)
        .chain(tunnels.iter().map(|t| &t.tunnel_bgp_config))
        .filter_map(|bgp| bgp.tunnel_cidr.as_deref()?.parse().ok())
        .collect();
    ConnectionRow {
        id: connection.vpn_connection_id.clone(),
        name: connection.name.clone(),
        status: connection.status.clone(),
        attached_to_transit_router: connection.is_attached_to_transit_router(),
        dual_tunnel: connection.is_dual_tunnel(),
        tunnel_cidrs,
    }
}

/// DescribeVpnGateway's answer for gateway `id`.
async fn describe_gateway(region: &str, id: &str) -> Result<VpnGateway, String> {
    describe(
        "DescribeVpnGateway",
        &params(&[("RegionId", region), ("VpnGatewayId", id)]),
    )
    .await
}

/// The facts the rules need for a request to `target`.
pub async fn facts(region: &str, target: &Target) -> Result<GatewayFacts, String> {
    match target {
        Target::Gateway(id) => Ok(facts_of_gateway(&describe_gateway(region, id).await?)),
        Target::Connection(id) => {
            let connection: VpnConnection = describe(
                "DescribeVpnConnection",
                &params(&[("RegionId", region), ("VpnConnectionId", id)]),
            )
            .await?;
            Ok(GatewayFacts {
                tunnel_mode: Some(if connection.is_dual_tunnel() {
                    TunnelMode::Dual
                } else {
                    TunnelMode::Single
                }),
                ..GatewayFacts::default()
            })
        }
    }
}

/// Gateways of the region: id, name and status.
pub async fn gateways(region: &str) -> Result<Vec<(String, String, String)>, String> {
    Ok(all_gateways(region)
        .await?
        .entries
        .into_iter()
        .map(|g| (g.vpn_gateway_id, g.name, g.status))
        .collect())
}

/// The region's connections attached to a transit router (those that have vco routes).
pub async fn attached_connections(region: &str) -> Result<Vec<ConnectionRow>, String> {
    Ok(all_connections(region, None)
        .await?
        .entries
        .iter()
        .map(connection_row)
        .filter(|c| c.attached_to_transit_router)
        .collect())
}

/// The state of one gateway (`active`, `updating`).
pub async fn gateway_status(region: &str, id: &str) -> Result<String, String> {
    Ok(describe_gateway(region, id).await?.status)
}

/// A listed route in the engine's terms; `what` names the list in the error.
fn route<T>(what: &str, read: impl FnOnce() -> Option<T>) -> Result<T, String> {
    read().ok_or_else(|| format!("{what} cannot be read: a route has a malformed field."))
}

fn destination_route(entry: &VpnRouteEntry) -> Result<DestinationRoute, String> {
    route("VpnRouteEntry", || {
        Some(DestinationRoute {
            route_dest: entry.route_dest.parse().ok()?,
            next_hop: entry.next_hop.clone(),
            weight: entry.weight.try_into().ok()?,
        })
    })
}

fn policy_route(entry: &VpnPbrRouteEntry) -> Result<PolicyRoute, String> {
    route("VpnPbrRouteEntry", || {
        Some(PolicyRoute {
            route_source: entry.route_source.parse().ok()?,
            route_dest: entry.route_dest.parse().ok()?,
            next_hop: entry.next_hop.clone(),
            weight: entry.weight.try_into().ok()?,
            priority: entry.priority,
        })
    })
}

/// A gateway with its connections and both route tables, every page of each.
pub async fn gateway(region: &str, id: &str) -> Result<GatewayTables, String> {
    let scope = [("RegionId", region), ("VpnGatewayId", id)];
    let gateway = describe_gateway(region, id).await?;
    let connections = all_connections(region, Some(id)).await?;
    let destination = read_all(
        "DescribeVpnRouteEntries",
        &scope,
        |page: Page<RouteEntryList>| {
            (
                page.paging.total_count,
                page.list.vpn_route_entries.vpn_route_entry,
            )
        },
        |r| format!("{} {} {}", r.route_dest, r.next_hop, r.weight),
    )
    .await?;
    let policy = read_all(
        "DescribeVpnPbrRouteEntries",
        &scope,
        |page: Page<PbrRouteEntryList>| {
            (
                page.paging.total_count,
                page.list.vpn_pbr_route_entries.vpn_pbr_route_entry,
            )
        },
        |r| {
            format!(
                "{} {} {} {} {}",
                r.route_source, r.route_dest, r.next_hop, r.weight, r.priority
            )
        },
    )
    .await?;
    let published_of = |route_type, route_dest: &str, next_hop: &str, state: &str| {
        (state == "published").then(|| {
            Some(PublishedRoute {
                route_type,
                route_dest: route_dest.parse().ok()?,
                next_hop: next_hop.to_owned(),
            })
        })?
    };
    let mut published: Vec<PublishedRoute> = destination
        .entries
        .iter()
        .filter_map(|r| published_of(RouteType::Dbr, &r.route_dest, &r.next_hop, &r.state))
        .chain(
            policy
                .entries
                .iter()
                .filter_map(|r| published_of(RouteType::Pbr, &r.route_dest, &r.next_hop, &r.state)),
        )
        .collect();
    published.dedup();
    Ok(GatewayTables {
        published,
        id: id.to_owned(),
        facts: facts_of_gateway(&gateway),
        name: gateway.name,
        status: gateway.status,
        stable: connections.stable && destination.stable && policy.stable,
        connections: connections.entries.iter().map(connection_row).collect(),
        destination_routes: destination
            .entries
            .iter()
            .map(destination_route)
            .collect::<Result<_, _>>()?,
        policy_routes: policy
            .entries
            .iter()
            .map(policy_route)
            .collect::<Result<_, _>>()?,
    })
}

/// One page of a connection's vco routes, and how many there are in all.
pub async fn vco_routes(
    region: &str,
    connection: &str,
    entry_type: &str,
    page: u32,
    page_size: u32,
) -> Result<(Vec<VcoRouteEntry>, u32), String> {
    let (page, page_size) = (page.to_string(), page_size.to_string());
    let answer: DescribeVcoRouteEntriesResponse = describe(
        "DescribeVcoRouteEntries",
        &params(&[
            ("RegionId", region),
            ("VpnConnectionId", connection),
            ("RouteEntryType", entry_type),
            ("PageNumber", &page),
            ("PageSize", &page_size),
        ]),
    )
    .await?;
    Ok((answer.vco_route_entries, answer.total_count))
}

/// Everything a plan touches, read from the server: the gateways and transit-router
/// connections its requests name.
pub async fn snapshot(
    region_of: impl Fn(&str) -> String,
    targets: &[Target],
) -> Result<TableSnapshot, String> {
    let mut snapshot = TableSnapshot {
        quotas: Quotas::default(),
        ..TableSnapshot::default()
    };
    for target in targets {
        let region = region_of(target.id());
        match target {
            Target::Gateway(id) => snapshot
                .gateways
                .push(gateway(&region, id).await?.snapshot()),
            Target::Connection(id) => {
                let scope = [
                    ("RegionId", region.as_str()),
                    ("VpnConnectionId", id.as_str()),
                    ("RouteEntryType", "custom"),
                ];
                let read = read_all(
                    "DescribeVcoRouteEntries",
                    &scope,
                    |page: DescribeVcoRouteEntriesResponse| {
                        (page.total_count, page.vco_route_entries)
                    },
                    |e| format!("{} {} {}", e.route_dest, e.next_hop, e.weight),
                )
                .await?;
                let routes = read
                    .entries
                    .into_iter()
                    .filter_map(|e| {
                        Some(DestinationRoute {
                            route_dest: e.route_dest.parse().ok()?,
                            next_hop: e.next_hop,
                            weight: e.weight.try_into().ok()?,
                        })
                    })
                    .collect();
                let facts = facts(&region, target).await?;
                snapshot.connections.push(ConnectionSnapshot {
                    vpn_connection_id: id.clone(),
                    facts,
                    routes,
                    partial: !read.stable,
                });
            }
        }
    }
    Ok(snapshot)
}
