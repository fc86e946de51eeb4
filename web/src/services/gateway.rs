//! A gateway's or a transit-router connection's state, read through the describe
//! operations and turned into the engine's types, so its tables can be checked and looked up.

use crate::services::api::describe;
use ipnet::Ipv4Net;
use serde_json::Value;
use vpnroute_rules::lookup::RouteTable;
use vpnroute_rules::ops::describe_vco_route_entries::VcoRouteEntry;
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
}

impl GatewayTables {
    pub fn connection_ids(&self) -> Vec<String> {
        self.connections.iter().map(|c| c.id.clone()).collect()
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
        }
    }
}

fn params(pairs: &[(&str, &str)]) -> WireParams {
    pairs.iter().copied().collect()
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_owned()
}

fn list<'a>(body: &'a Value, outer: &str, inner: &str) -> &'a [Value] {
    body[outer][inner].as_array().map_or(&[], Vec::as_slice)
}

fn facts_of_gateway(body: &Value) -> GatewayFacts {
    GatewayFacts::from_describe(
        body["DisasterRecoveryInternetIp"]
            .as_str()
            .unwrap_or_default(),
        body["VpnType"].as_str().unwrap_or_default(),
        body["PbrPriority"].as_str(),
    )
}

fn connection_row(value: &Value) -> ConnectionRow {
    let tunnels = list(value, "TunnelOptionsSpecification", "TunnelOptions");
    let tunnel_cidrs = std::iter::once(&value["VpnBgpConfig"])
        .chain(tunnels.iter().map(|t| &t["TunnelBgpConfig"]))
        .filter_map(|bgp| bgp["TunnelCidr"].as_str()?.parse().ok())
        .collect();
    ConnectionRow {
        id: text(value, "VpnConnectionId"),
        name: text(value, "Name"),
        status: text(value, "Status"),
        attached_to_transit_router: value["AttachType"] == "CEN",
        dual_tunnel: !tunnels.is_empty(),
        tunnel_cidrs,
    }
}

/// DescribeVpnGateway's answer for gateway `id`.
async fn describe_gateway(region: &str, id: &str) -> Result<Value, String> {
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
            let body = describe(
                "DescribeVpnConnection",
                &params(&[("RegionId", region), ("VpnConnectionId", id)]),
            )
            .await?;
            Ok(GatewayFacts {
                tunnel_mode: Some(if connection_row(&body).dual_tunnel {
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
    let body = describe(
        "DescribeVpnGateways",
        &params(&[("RegionId", region), ("PageSize", "50")]),
    )
    .await?;
    Ok(list(&body, "VpnGateways", "VpnGateway")
        .iter()
        .map(|g| (text(g, "VpnGatewayId"), text(g, "Name"), text(g, "Status")))
        .collect())
}

/// The region's connections attached to a transit router (those that have vco routes).
pub async fn attached_connections(region: &str) -> Result<Vec<ConnectionRow>, String> {
    let body = describe(
        "DescribeVpnConnections",
        &params(&[("RegionId", region), ("PageSize", "50")]),
    )
    .await?;
    Ok(list(&body, "VpnConnections", "VpnConnection")
        .iter()
        .map(connection_row)
        .filter(|c| c.attached_to_transit_router)
        .collect())
}

/// The state of one gateway (`active`, `updating`).
pub async fn gateway_status(region: &str, id: &str) -> Result<String, String> {
    Ok(text(&describe_gateway(region, id).await?, "Status"))
}

/// The entries of a wrapped list, read into the engine's type.
fn routes<T: serde::de::DeserializeOwned>(
    body: &Value,
    outer: &str,
    inner: &str,
) -> Result<Vec<T>, String> {
    list(body, outer, inner)
        .iter()
        .map(|entry| {
            serde_json::from_value(entry.clone())
                .map_err(|e| format!("{inner} cannot be read: {e}"))
        })
        .collect()
}

/// A gateway with its connections and both route tables.
pub async fn gateway(region: &str, id: &str) -> Result<GatewayTables, String> {
    let scope = [
        ("RegionId", region),
        ("VpnGatewayId", id),
        ("PageSize", "50"),
    ];
    let gateway = describe_gateway(region, id).await?;
    let connections = describe("DescribeVpnConnections", &params(&scope)).await?;
    let destination = describe("DescribeVpnRouteEntries", &params(&scope)).await?;
    let policy = describe("DescribeVpnPbrRouteEntries", &params(&scope)).await?;
    Ok(GatewayTables {
        id: id.to_owned(),
        name: text(&gateway, "Name"),
        status: text(&gateway, "Status"),
        facts: facts_of_gateway(&gateway),
        connections: list(&connections, "VpnConnections", "VpnConnection")
            .iter()
            .map(connection_row)
            .collect(),
        destination_routes: routes(&destination, "VpnRouteEntries", "VpnRouteEntry")?,
        policy_routes: routes(&policy, "VpnPbrRouteEntries", "VpnPbrRouteEntry")?,
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
    let body = describe(
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
    let entries = serde_json::from_value(body["VcoRouteEntries"].clone())
        .map_err(|e| format!("VcoRouteEntries cannot be read: {e}"))?;
    Ok((entries, body["TotalCount"].as_u64().unwrap_or(0) as u32))
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
                let mut routes = Vec::new();
                let mut page = 1;
                loop {
                    let (entries, total) = vco_routes(&region, id, "custom", page, 50).await?;
                    let count = entries.len();
                    routes.extend(entries.into_iter().filter_map(|e| {
                        Some(DestinationRoute {
                            route_dest: e.route_dest.parse().ok()?,
                            next_hop: e.next_hop,
                            weight: e.weight.try_into().ok()?,
                        })
                    }));
                    if count == 0 || routes.len() as u32 >= total {
                        break;
                    }
                    page += 1;
                }
                let facts = facts(&region, target).await?;
                snapshot.connections.push(ConnectionSnapshot {
                    vpn_connection_id: id.clone(),
                    facts,
                    routes,
                });
            }
        }
    }
    Ok(snapshot)
}
