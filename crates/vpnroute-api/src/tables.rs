//! Reading what exists through the describes: a region's gateways and connections, and a
//! gateway's or a transit-router connection's tables, every page of each as the engine's
//! `complete_read` says, turned into the engine's types. The console and the `vpnroute` CLI
//! read the same way, each over its own transport ([`Describe`]).

use crate::describe::{
    ConnectionList, GatewayList, Page, PbrRouteEntryList, RouteEntryList, VpnConnection,
    VpnGateway, VpnPbrRouteEntry, VpnRouteEntry,
};
use ipnet::Ipv4Net;
use serde::de::DeserializeOwned;
use vpnroute_rules::complete_read::{CompleteRead, ReadList, PAGE_SIZE};
use vpnroute_rules::lookup::{BgpRoute, RouteTable};
use vpnroute_rules::model::routes::{route_state, PublishedRoute, RouteType};
use vpnroute_rules::ops::describe_vco_route_entries::{
    DescribeVcoRouteEntriesResponse, RouteEntryType, VcoRouteEntry,
};
use vpnroute_rules::{
    ConnectionSnapshot, DestinationRoute, GatewayFacts, GatewaySnapshot, PolicyRoute, Quotas,
    TableSnapshot, Target, TunnelMode, WireParams,
};

/// Sends one describe and reads its answer as `T`; a refusal or a failure is one line for
/// people (`Code: message`). The console sends through the server that served it, the CLI
/// signs its calls.
// Each caller awaits on one thread (the browser's, or the CLI's main task), so the futures
// need no `Send` bound, which is all this lint warns of.
#[allow(async_fn_in_trait)]
pub trait Describe {
    async fn describe<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &WireParams,
    ) -> Result<T, String>;
}

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
    /// The routes whose `State` reads published: advertised to the VPC.
    pub published: Vec<PublishedRoute>,
    /// The routes it learned over BGP, which "which route" tries after the destination routes.
    pub bgp_routes: Vec<BgpRoute>,
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
            bgp_routes: self.bgp_routes.clone(),
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
            bgp_routes: self.bgp_routes.clone(),
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
    client: &impl Describe,
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
        let (total, entries) = page_entries(client.describe(action, &request).await?);
        read.take(total, entries);
    }
    Ok(read.finish())
}

async fn all_gateways(
    client: &impl Describe,
    region: &str,
) -> Result<ReadList<VpnGateway>, String> {
    read_all(
        client,
        "DescribeVpnGateways",
        &[("RegionId", region)],
        |page: Page<GatewayList>| (page.paging.total_count, page.list.vpn_gateways.vpn_gateway),
        |gateway| gateway.vpn_gateway_id.clone(),
    )
    .await
}

/// The region's connections, or those of gateway `id`.
async fn all_connections(
    client: &impl Describe,
    region: &str,
    id: Option<&str>,
) -> Result<ReadList<VpnConnection>, String> {
    let mut scope = vec![("RegionId", region)];
    scope.extend(id.map(|id| ("VpnGatewayId", id)));
    read_all(
        client,
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
async fn describe_gateway(
    client: &impl Describe,
    region: &str,
    id: &str,
) -> Result<VpnGateway, String> {
    client
        .describe(
            "DescribeVpnGateway",
            &params(&[("RegionId", region), ("VpnGatewayId", id)]),
        )
        .await
}

/// The facts the rules need for a request to `target`.
pub async fn facts(
    client: &impl Describe,
    region: &str,
    target: &Target,
) -> Result<GatewayFacts, String> {
    match target {
        Target::Gateway(id) => Ok(facts_of_gateway(
            &describe_gateway(client, region, id).await?,
        )),
        Target::Connection(id) => {
            let connection: VpnConnection = client
                .describe(
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
pub async fn gateways(
    client: &impl Describe,
    region: &str,
) -> Result<Vec<(String, String, String)>, String> {
    Ok(all_gateways(client, region)
        .await?
        .entries
        .into_iter()
        .map(|g| (g.vpn_gateway_id, g.name, g.status))
        .collect())
}

/// The region's connections attached to a transit router (those that have vco routes).
pub async fn attached_connections(
    client: &impl Describe,
    region: &str,
) -> Result<Vec<ConnectionRow>, String> {
    Ok(all_connections(client, region, None)
        .await?
        .entries
        .iter()
        .map(connection_row)
        .filter(|c| c.attached_to_transit_router)
        .collect())
}

/// The state of one gateway (`active`, `updating`).
pub async fn gateway_status(
    client: &impl Describe,
    region: &str,
    id: &str,
) -> Result<String, String> {
    Ok(describe_gateway(client, region, id).await?.status)
}

/// A listed route in the engine's terms, or an error naming the describe and the route.
fn route<T>(action: &str, shown: String, read: impl FnOnce() -> Option<T>) -> Result<T, String> {
    read().ok_or_else(|| {
        format!(
            "{action} answered a route that cannot be read ({shown}): RouteDest and RouteSource \
             must be CIDR blocks and Weight 0 or 100."
        )
    })
}

fn destination_route(entry: &VpnRouteEntry) -> Result<DestinationRoute, String> {
    route(
        "DescribeVpnRouteEntries",
        format!(
            "{} via {}, weight {}",
            entry.route_dest, entry.next_hop, entry.weight
        ),
        || {
            Some(DestinationRoute {
                route_dest: entry.route_dest.parse().ok()?,
                next_hop: entry.next_hop.clone(),
                weight: entry.weight.try_into().ok()?,
            })
        },
    )
}

fn policy_route(entry: &VpnPbrRouteEntry) -> Result<PolicyRoute, String> {
    route(
        "DescribeVpnPbrRouteEntries",
        format!(
            "{} -> {} via {}, weight {}",
            entry.route_source, entry.route_dest, entry.next_hop, entry.weight
        ),
        || {
            Some(PolicyRoute {
                route_source: entry.route_source.parse().ok()?,
                route_dest: entry.route_dest.parse().ok()?,
                next_hop: entry.next_hop.clone(),
                weight: entry.weight.try_into().ok()?,
                priority: entry.priority,
            })
        },
    )
}

fn bgp_route(entry: &VpnRouteEntry) -> Result<BgpRoute, String> {
    route(
        "DescribeVpnRouteEntries",
        format!("{} via {} (bgp)", entry.route_dest, entry.next_hop),
        || {
            Some(BgpRoute {
                route_dest: entry.route_dest.parse().ok()?,
                next_hop: entry.next_hop.clone(),
            })
        },
    )
}

fn vco_route(entry: &VcoRouteEntry) -> Result<DestinationRoute, String> {
    route(
        "DescribeVcoRouteEntries",
        format!(
            "{} via {}, weight {}",
            entry.route_dest, entry.next_hop, entry.weight
        ),
        || {
            Some(DestinationRoute {
                route_dest: entry.route_dest.parse().ok()?,
                next_hop: entry.next_hop.clone(),
                weight: entry.weight.try_into().ok()?,
            })
        },
    )
}

/// Adds a published route once: a publish names policy routes by destination and next hop
/// only, so several may share one entry.
fn add_published(published: &mut Vec<PublishedRoute>, route: PublishedRoute) {
    if !published.contains(&route) {
        published.push(route);
    }
}

/// A gateway with its connections and both route tables (`RouteEntryType=custom`: the
/// routes the table rules are about), and the routes it learned over BGP, every page of each.
pub async fn gateway(
    client: &impl Describe,
    region: &str,
    id: &str,
) -> Result<GatewayTables, String> {
    let scope = [("RegionId", region), ("VpnGatewayId", id)];
    let gateway = describe_gateway(client, region, id).await?;
    let connections = all_connections(client, region, Some(id)).await?;
    let destination_scope = [
        ("RegionId", region),
        ("VpnGatewayId", id),
        ("RouteEntryType", RouteEntryType::Custom.as_str()),
    ];
    let destination = read_all(
        client,
        "DescribeVpnRouteEntries",
        &destination_scope,
        |page: Page<RouteEntryList>| {
            (
                page.paging.total_count,
                page.list.vpn_route_entries.vpn_route_entry,
            )
        },
        |r| format!("{} {} {}", r.route_dest, r.next_hop, r.weight),
    )
    .await?;
    let learned_scope = [
        ("RegionId", region),
        ("VpnGatewayId", id),
        ("RouteEntryType", RouteEntryType::Bgp.as_str()),
    ];
    let learned = read_all(
        client,
        "DescribeVpnRouteEntries",
        &learned_scope,
        |page: Page<RouteEntryList>| {
            (
                page.paging.total_count,
                page.list.vpn_route_entries.vpn_route_entry,
            )
        },
        |r| format!("{} {}", r.route_dest, r.next_hop),
    )
    .await?;
    let policy = read_all(
        client,
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
    let mut published = Vec::new();
    let mut destination_routes = Vec::with_capacity(destination.entries.len());
    for entry in &destination.entries {
        let route = destination_route(entry)?;
        if entry.state == route_state(true) {
            add_published(
                &mut published,
                PublishedRoute {
                    route_type: RouteType::Dbr,
                    route_dest: route.route_dest,
                    next_hop: route.next_hop.clone(),
                },
            );
        }
        destination_routes.push(route);
    }
    let mut policy_routes = Vec::with_capacity(policy.entries.len());
    for entry in &policy.entries {
        let route = policy_route(entry)?;
        if entry.state == route_state(true) {
            add_published(
                &mut published,
                PublishedRoute {
                    route_type: RouteType::Pbr,
                    route_dest: route.route_dest,
                    next_hop: route.next_hop.clone(),
                },
            );
        }
        policy_routes.push(route);
    }
    Ok(GatewayTables {
        id: id.to_owned(),
        facts: facts_of_gateway(&gateway),
        name: gateway.name,
        status: gateway.status,
        stable: connections.stable && destination.stable && learned.stable && policy.stable,
        bgp_routes: learned
            .entries
            .iter()
            .map(bgp_route)
            .collect::<Result<_, _>>()?,
        connections: connections.entries.iter().map(connection_row).collect(),
        destination_routes,
        policy_routes,
        published,
    })
}

/// One page of a connection's vco routes of `entry_type` (`custom` or `bgp`), and how many
/// there are in all.
pub async fn vco_routes(
    client: &impl Describe,
    region: &str,
    connection: &str,
    entry_type: &str,
    page: u32,
    page_size: u32,
) -> Result<(Vec<VcoRouteEntry>, u32), String> {
    let (page, page_size) = (page.to_string(), page_size.to_string());
    let answer: DescribeVcoRouteEntriesResponse = client
        .describe(
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

/// A transit-router connection with its vco routes (`RouteEntryType=custom`), every page.
pub async fn connection(
    client: &impl Describe,
    region: &str,
    id: &str,
) -> Result<ConnectionSnapshot, String> {
    let scope = [
        ("RegionId", region),
        ("VpnConnectionId", id),
        ("RouteEntryType", RouteEntryType::Custom.as_str()),
    ];
    let read = read_all(
        client,
        "DescribeVcoRouteEntries",
        &scope,
        |page: DescribeVcoRouteEntriesResponse| (page.total_count, page.vco_route_entries),
        |e| format!("{} {} {}", e.route_dest, e.next_hop, e.weight),
    )
    .await?;
    Ok(ConnectionSnapshot {
        vpn_connection_id: id.to_owned(),
        facts: facts(client, region, &Target::Connection(id.to_owned())).await?,
        routes: read
            .entries
            .iter()
            .map(vco_route)
            .collect::<Result<_, _>>()?,
        partial: !read.stable,
    })
}

/// The tables of every gateway and transit-router connection in `targets`, each read in the
/// region `region_of` its id gives, with the default quotas. An error names the gateway or
/// connection and the region it was read in.
pub async fn snapshot(
    client: &impl Describe,
    region_of: impl Fn(&str) -> String,
    targets: &[Target],
) -> Result<TableSnapshot, String> {
    let mut snapshot = TableSnapshot {
        quotas: Quotas::default(),
        ..TableSnapshot::default()
    };
    for target in targets {
        let region = region_of(target.id());
        let within = |error: String| match target {
            Target::Gateway(id) => format!("gateway {id} in {region}: {error}"),
            Target::Connection(id) => format!("connection {id} in {region}: {error}"),
        };
        match target {
            Target::Gateway(id) => snapshot.gateways.push(
                gateway(client, &region, id)
                    .await
                    .map_err(within)?
                    .snapshot(),
            ),
            Target::Connection(id) => snapshot
                .connections
                .push(connection(client, &region, id).await.map_err(within)?),
        }
    }
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::{Paging, VpnPbrRouteEntries, VpnRouteEntries};
    use serde::Serialize;
    use std::cell::RefCell;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};
    use vpnroute_rules::model::routes::route_state;

    /// Runs a future whose describes all answer at once, as the fake service's do.
    fn ready<F: Future>(future: F) -> F::Output {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(output) => output,
            Poll::Pending => panic!("the fake service never makes a describe wait"),
        }
    }

    /// One gateway's answers, paged as the service pages them; `grows` adds a destination
    /// route before every page, as a table being written to would.
    #[derive(Default)]
    struct FakeService {
        destination: RefCell<Vec<VpnRouteEntry>>,
        /// Routes learned over BGP (`RouteEntryType=bgp`).
        learned: Vec<VpnRouteEntry>,
        policy: Vec<VpnPbrRouteEntry>,
        grows: bool,
        asked: RefCell<Vec<(String, WireParams)>>,
    }

    fn page<T: Clone, L: Serialize>(
        entries: &[T],
        params: &WireParams,
        list: fn(Vec<T>) -> L,
    ) -> serde_json::Value {
        let number: usize = params.get("PageNumber").unwrap().parse().unwrap();
        let size: usize = params.get("PageSize").unwrap().parse().unwrap();
        let on_page = entries
            .iter()
            .skip((number - 1) * size)
            .take(size)
            .cloned()
            .collect();
        serde_json::to_value(Page {
            paging: Paging {
                page_number: number as u32,
                page_size: size as u32,
                total_count: entries.len() as u32,
            },
            list: list(on_page),
        })
        .unwrap()
    }

    impl Describe for FakeService {
        async fn describe<T: DeserializeOwned>(
            &self,
            action: &str,
            params: &WireParams,
        ) -> Result<T, String> {
            self.asked
                .borrow_mut()
                .push((action.to_owned(), params.clone()));
            let answer = match action {
                "DescribeVpnGateway" => serde_json::to_value(VpnGateway {
                    vpn_gateway_id: "vpn-a1".to_owned(),
                    name: "a1".to_owned(),
                    status: "active".to_owned(),
                    ..VpnGateway::default()
                })
                .unwrap(),
                "DescribeVpnConnections" => page(
                    &[VpnConnection {
                        vpn_connection_id: "vco-x1".to_owned(),
                        ..VpnConnection::default()
                    }],
                    params,
                    |items| ConnectionList {
                        vpn_connections: crate::describe::VpnConnections {
                            vpn_connection: items,
                        },
                    },
                ),
                "DescribeVpnRouteEntries" if params.get("RouteEntryType") == Some("bgp") => {
                    page(&self.learned, params, |items| RouteEntryList {
                        vpn_route_entries: VpnRouteEntries {
                            vpn_route_entry: items,
                        },
                    })
                }
                "DescribeVpnRouteEntries" => {
                    if self.grows {
                        let mut destination = self.destination.borrow_mut();
                        let n = destination.len();
                        destination.push(destination_entry(n, false));
                    }
                    page(&self.destination.borrow(), params, |items| RouteEntryList {
                        vpn_route_entries: VpnRouteEntries {
                            vpn_route_entry: items,
                        },
                    })
                }
                "DescribeVpnPbrRouteEntries" => {
                    page(&self.policy, params, |items| PbrRouteEntryList {
                        vpn_pbr_route_entries: VpnPbrRouteEntries {
                            vpn_pbr_route_entry: items,
                        },
                    })
                }
                other => return Err(format!("{other} is not faked")),
            };
            serde_json::from_value(answer).map_err(|e| e.to_string())
        }
    }

    fn destination_entry(i: usize, published: bool) -> VpnRouteEntry {
        VpnRouteEntry {
            route_dest: format!("10.{}.{}.0/24", i / 256, i % 256),
            next_hop: "vco-x1".to_owned(),
            weight: 100,
            state: route_state(published).to_owned(),
        }
    }

    fn policy_entry(i: usize, published: bool) -> VpnPbrRouteEntry {
        VpnPbrRouteEntry {
            route_source: "192.168.0.0/24".to_owned(),
            route_dest: format!("172.16.{i}.0/24"),
            next_hop: "vco-x1".to_owned(),
            weight: 100,
            priority: 10,
            state: route_state(published).to_owned(),
        }
    }

    #[test]
    fn every_page_of_both_tables_is_read_with_what_is_published() {
        let service = FakeService {
            destination: RefCell::new((0..120).map(|i| destination_entry(i, i % 7 == 0)).collect()),
            learned: (0..55)
                .map(|i| destination_entry(1000 + i, false))
                .collect(),
            policy: (0..60).map(|i| policy_entry(i, i == 3)).collect(),
            ..FakeService::default()
        };
        let tables = ready(gateway(&service, "cn-hangzhou", "vpn-a1")).unwrap();
        assert_eq!(tables.destination_routes.len(), 120);
        assert_eq!(
            tables.bgp_routes.len(),
            55,
            "the learned routes are read apart"
        );
        assert_eq!(tables.route_table().bgp_routes, tables.bgp_routes);
        assert_eq!(tables.policy_routes.len(), 60);
        assert_eq!(
            tables.destination_routes[119].route_dest.to_string(),
            "10.0.119.0/24"
        );
        assert!(tables.stable);
        let expected_published = (0..120).filter(|i| i % 7 == 0).count() + 1;
        assert_eq!(tables.published.len(), expected_published);
        assert!(tables.published.contains(&PublishedRoute {
            route_type: RouteType::Pbr,
            route_dest: "172.16.3.0/24".parse().unwrap(),
            next_hop: "vco-x1".to_owned(),
        }));
        let snapshot = tables.snapshot();
        assert_eq!(snapshot.published, tables.published);
        assert!(!snapshot.partial);
        assert_eq!(snapshot.connections, ["vco-x1"]);

        let asked = service.asked.borrow();
        let pages_of = |entry_type: &str| -> Vec<&WireParams> {
            asked
                .iter()
                .filter(|(action, params)| {
                    action == "DescribeVpnRouteEntries"
                        && params.get("RouteEntryType") == Some(entry_type)
                })
                .map(|(_, params)| params)
                .collect()
        };
        assert_eq!(
            pages_of("custom").len(),
            3,
            "120 routes are three pages of 50"
        );
        assert_eq!(pages_of("bgp").len(), 2, "55 routes are two pages of 50");
        assert!(asked
            .iter()
            .filter(|(action, _)| action == "DescribeVpnRouteEntries")
            .all(|(_, params)| params.get("PageSize") == Some("50")));
    }

    #[test]
    fn a_table_that_keeps_changing_makes_a_partial_snapshot() {
        let service = FakeService {
            destination: RefCell::new((0..60).map(|i| destination_entry(i, false)).collect()),
            grows: true,
            ..FakeService::default()
        };
        let tables = ready(gateway(&service, "cn-hangzhou", "vpn-a1")).unwrap();
        assert!(!tables.stable);
        assert!(tables.snapshot().partial);
    }

    #[test]
    fn a_route_that_cannot_be_read_names_the_describe_and_the_route() {
        let mut bad = destination_entry(0, false);
        bad.weight = 50;
        let service = FakeService {
            destination: RefCell::new(vec![bad]),
            ..FakeService::default()
        };
        let error = ready(gateway(&service, "cn-hangzhou", "vpn-a1")).unwrap_err();
        assert!(
            error.starts_with("DescribeVpnRouteEntries answered a route that cannot be read (10.0.0.0/24 via vco-x1, weight 50)"),
            "{error}"
        );
    }
}
