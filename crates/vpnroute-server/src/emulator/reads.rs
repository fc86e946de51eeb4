//! The describe operations, in the shapes of the official SDK's response models: lists in
//! their `{"VpnGateway": [...]}` wrappers, except DescribeVcoRouteEntries, whose lists are bare.

use super::params::{optional, required, Page};
use super::world::{Connection, CustomerGateway, Gateway, World};
use super::writes::not_found;
use super::{Answer, Context};
use crate::action::{Action, ServerAction};
use crate::error::ApiError;
use serde::Serialize;
use serde_json::{json, Value};
use vpnroute_api::describe::{
    self, BgpTunnel, ConnectionList, GatewayList, Paging, PbrRouteEntryList, RouteEntryList,
    Tunnel, Tunnels, VpnConnection, VpnConnections, VpnGateway, VpnGateways, VpnPbrRouteEntries,
    VpnPbrRouteEntry, VpnRouteEntries, VpnRouteEntry,
};
use vpnroute_rules::model::routes::route_state;
use vpnroute_rules::ops::describe_vco_route_entries::{
    DescribeVcoRouteEntries, DescribeVcoRouteEntriesResponse, RouteEntryType, VcoRouteEntry,
    VpnRouteCount,
};
use vpnroute_rules::ops::{self, OperationModule};
use vpnroute_rules::rules::route_entry::check_route_entry_type;
use vpnroute_rules::{GatewayFacts, Weight};

pub(super) fn answer(
    world: &World,
    action: Action,
    params: &vpnroute_rules::WireParams,
    context: &Context<'_>,
) -> Result<Answer, ApiError> {
    let region_id = required(params, "RegionId")?;
    let now = context.now;
    let mut body = match action {
        Action::Server(ServerAction::DescribeVpnGateways) => {
            let page = Page::read(params)?;
            let wanted_id = optional(params, "VpnGatewayId");
            let wanted_vpc = optional(params, "VpcId");
            let wanted_status = optional(params, "Status");
            let matching: Vec<Value> = world
                .gateways
                .iter()
                .filter(|(id, g)| {
                    g.region_id == region_id
                        && wanted_id.is_none_or(|w| w == id.as_str())
                        && wanted_vpc.is_none_or(|w| w == g.vpc_id)
                        && wanted_status.is_none_or(|w| w == gateway_status(g, now))
                })
                .map(|(id, g)| gateway_json(id, g, now))
                .collect();
            paged(&page, matching, |items| GatewayList {
                vpn_gateways: VpnGateways { vpn_gateway: items },
            })
        }
        Action::Server(ServerAction::DescribeVpnGateway) => {
            let id = required(params, "VpnGatewayId")?;
            let gateway = find_gateway(world, id, region_id)?;
            gateway_json(id, gateway, now)
        }
        Action::Server(ServerAction::DescribeVpnConnections) => {
            let page = Page::read(params)?;
            let wanted_gateway = optional(params, "VpnGatewayId");
            let wanted_customer = optional(params, "CustomerGatewayId");
            let wanted_id = optional(params, "VpnConnectionId");
            let matching: Vec<Value> = world
                .connections
                .iter()
                .filter(|(id, c)| {
                    c.region_id == region_id
                        && wanted_id.is_none_or(|w| w == id.as_str())
                        && wanted_gateway.is_none_or(|w| c.vpn_gateway_id.as_deref() == Some(w))
                        && wanted_customer
                            .is_none_or(|w| customer_gateways_of(c).any(|cgw| cgw == w))
                })
                .map(|(id, c)| connection_json(world, id, c, now))
                .collect();
            paged(&page, matching, |items| ConnectionList {
                vpn_connections: VpnConnections {
                    vpn_connection: items,
                },
            })
        }
        Action::Server(ServerAction::DescribeVpnConnection) => {
            let id = required(params, "VpnConnectionId")?;
            let connection = find_connection(world, id, region_id)?;
            connection_json(world, id, connection, now)
        }
        Action::Server(ServerAction::DescribeCustomerGateways) => {
            let page = Page::read(params)?;
            let wanted_id = optional(params, "CustomerGatewayId");
            let matching: Vec<Value> = world
                .customer_gateways
                .iter()
                .filter(|(id, c)| {
                    c.region_id == region_id && wanted_id.is_none_or(|w| w == id.as_str())
                })
                .map(|(id, c)| customer_gateway_json(id, c))
                .collect();
            // The console reads no customer gateway: the SDK's shape alone.
            paged(
                &page,
                matching,
                |items| json!({ "CustomerGateways": { "CustomerGateway": items } }),
            )
        }
        Action::Server(ServerAction::DescribeVpnRouteEntries) => {
            let page = Page::read(params)?;
            let id = required(params, "VpnGatewayId")?;
            let gateway = find_gateway(world, id, region_id)?;
            let wanted_type = optional(params, "RouteEntryType").unwrap_or("custom");
            if let Some(wrong) = check_route_entry_type("RouteEntryType", wanted_type) {
                return Err(ApiError::from_diagnostic(&wrong));
            }
            let custom = gateway.destination_routes.iter().map(|r| {
                let read = VpnRouteEntry {
                    route_dest: r.route.route_dest.to_string(),
                    next_hop: r.route.next_hop.clone(),
                    weight: r.route.weight.value(),
                    state: route_state(r.publish_vpc).to_owned(),
                };
                with_sdk_fields(
                    &read,
                    json!({
                        "VpnInstanceId": id,
                        "CreateTime": r.create_time,
                        "RouteEntryType": "custom",
                        "Source": "CUSTOM",
                    }),
                )
            });
            let learned = gateway.bgp_routes.iter().map(|r| {
                let read = VpnRouteEntry {
                    route_dest: r.route_dest.to_string(),
                    next_hop: r.next_hop.clone(),
                    weight: Weight::Active.value(),
                    state: route_state(false).to_owned(),
                };
                with_sdk_fields(
                    &read,
                    json!({
                        "VpnInstanceId": id,
                        "RouteEntryType": "bgp",
                        "Source": r.source,
                        "AsPath": r.as_path,
                    }),
                )
            });
            let routes: Vec<Value> = if wanted_type == "bgp" {
                learned.collect()
            } else {
                custom.collect()
            };
            let mut body = paged(&page, routes, |items| RouteEntryList {
                vpn_route_entries: VpnRouteEntries {
                    vpn_route_entry: items,
                },
            });
            body["VpnRouteCounts"] = json!({
                "VpnRouteCount": [
                    { "RouteCount": gateway.destination_routes.len(), "RouteEntryType": "custom", "Source": "CUSTOM" },
                    { "RouteCount": gateway.bgp_routes.len(), "RouteEntryType": "bgp", "Source": "BGP" },
                ]
            });
            body
        }
        Action::Server(ServerAction::DescribeVpnPbrRouteEntries) => {
            let page = Page::read(params)?;
            let id = required(params, "VpnGatewayId")?;
            let gateway = find_gateway(world, id, region_id)?;
            let routes: Vec<Value> = gateway
                .policy_routes
                .iter()
                .map(|r| {
                    let read = VpnPbrRouteEntry {
                        route_source: r.route.route_source.to_string(),
                        route_dest: r.route.route_dest.to_string(),
                        next_hop: r.route.next_hop.clone(),
                        weight: r.route.weight.value(),
                        priority: r.route.priority,
                        state: route_state(r.publish_vpc).to_owned(),
                    };
                    with_sdk_fields(
                        &read,
                        json!({
                            "VpnInstanceId": id,
                            "CreateTime": r.create_time,
                        }),
                    )
                })
                .collect();
            paged(&page, routes, |items| PbrRouteEntryList {
                vpn_pbr_route_entries: VpnPbrRouteEntries {
                    vpn_pbr_route_entry: items,
                },
            })
        }
        // The engine's read: checked by its module, answered from what the world holds.
        Action::Operation(operation) if operation.name() == DescribeVcoRouteEntries::NAME => {
            let parsed = ops::read::<DescribeVcoRouteEntries>(params, &GatewayFacts::default());
            if let Some(error) = parsed.first_error() {
                return Err(ApiError::from_diagnostic(error));
            }
            let request = parsed.value.expect("a request without errors is complete");
            let id = &request.vpn_connection_id;
            let connection = find_connection(world, id, region_id)?;
            to_value(&vco_route_entries(
                id,
                connection,
                &request,
                context.request_id,
            ))
        }
        write => unreachable!("{write} is a write"),
    };
    body["RequestId"] = Value::from(context.request_id);
    strip_nulls(&mut body);
    Ok(body)
}

fn vco_route_entries(
    id: &str,
    connection: &Connection,
    request: &DescribeVcoRouteEntries,
    request_id: &str,
) -> DescribeVcoRouteEntriesResponse {
    let tunnel_ids = tunnel_ids(id, connection);
    let entries: Vec<VcoRouteEntry> = match request.route_entry_type {
        RouteEntryType::Custom => connection
            .routes
            .iter()
            .map(|r| VcoRouteEntry {
                vpn_connection_id: id.to_owned(),
                route_dest: r.route.route_dest.to_string(),
                next_hop: r.route.next_hop.clone(),
                weight: r.route.weight.value(),
                route_entry_type: "custom".to_owned(),
                state: "published".to_owned(),
                create_time: r.create_time,
                source: None,
                as_path: None,
                community: None,
                next_hop_tunnel_id_list: tunnel_ids.clone(),
            })
            .collect(),
        RouteEntryType::Bgp => connection
            .bgp_routes
            .iter()
            .map(|r| VcoRouteEntry {
                vpn_connection_id: id.to_owned(),
                route_dest: r.route_dest.to_string(),
                next_hop: r.next_hop.clone(),
                weight: 100,
                route_entry_type: "bgp".to_owned(),
                state: "Active".to_owned(),
                create_time: connection.create_time,
                source: Some(r.source.clone()),
                as_path: Some(r.as_path.clone()),
                community: None,
                next_hop_tunnel_id_list: tunnel_ids.clone(),
            })
            .collect(),
    };
    let counts = if connection.is_dual_tunnel() {
        vec![
            VpnRouteCount {
                route_count: connection.routes.len() as u32,
                route_entry_type: "custom".to_owned(),
                source: "CUSTOM".to_owned(),
            },
            VpnRouteCount {
                route_count: connection.bgp_routes.len() as u32,
                route_entry_type: "bgp".to_owned(),
                source: "VPN_BGP".to_owned(),
            },
        ]
    } else {
        Vec::new()
    };
    let total_count = entries.len() as u32;
    let page = Page {
        number: request.page_number,
        size: request.page_size,
    };
    DescribeVcoRouteEntriesResponse {
        request_id: request_id.to_owned(),
        page_number: request.page_number,
        page_size: request.page_size,
        total_count,
        vco_route_entries: page.of(entries),
        vpn_route_counts: counts,
    }
}

/// Ids of the two tunnels of a dual-tunnel connection; none for a single tunnel.
fn tunnel_ids(connection_id: &str, connection: &Connection) -> Vec<String> {
    let suffix = connection_id.trim_start_matches("vco-");
    (1..=connection.tunnels.len())
        .map(|index| format!("tun-{suffix}{index}"))
        .collect()
}

/// One page of `items`, under the keys `list` puts them.
fn paged<L: Serialize>(
    page: &Page,
    items: Vec<Value>,
    list: impl FnOnce(Vec<Value>) -> L,
) -> Value {
    let total_count = items.len() as u32;
    to_value(&describe::Page {
        paging: Paging {
            page_number: page.number,
            page_size: page.size,
            total_count,
        },
        list: list(page.of(items)),
    })
}

/// The part of an answer the console reads, completed with the fields only SDKs read.
/// Objects are merged key by key and lists item by item, so `sdk_fields` can add to nested
/// parts too.
fn with_sdk_fields(read: &impl Serialize, sdk_fields: Value) -> Value {
    let mut answer = to_value(read);
    merge(&mut answer, sdk_fields);
    answer
}

fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(into), Value::Object(from)) => {
            for (key, value) in from {
                match into.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(into), Value::Array(from)) => {
            for (existing, value) in into.iter_mut().zip(from) {
                merge(existing, value);
            }
        }
        (into, from) => *into = from,
    }
}

pub fn gateway_status(gateway: &Gateway, now: u64) -> &'static str {
    if now < gateway.busy_until {
        "updating"
    } else {
        "active"
    }
}

fn gateway_json(id: &str, g: &Gateway, now: u64) -> Value {
    let read = VpnGateway {
        vpn_gateway_id: id.to_owned(),
        name: g.name.clone(),
        status: gateway_status(g, now).to_owned(),
        disaster_recovery_internet_ip: g.disaster_recovery_internet_ip.clone().unwrap_or_default(),
        vpn_type: g.vpn_type.clone(),
        // Not a field of the service's answer (the SDK ignores it): older gateways take no
        // policy-route priorities, which the service shows only by refusing them.
        pbr_priority: Some(g.pbr_priority().to_owned()),
    };
    with_sdk_fields(
        &read,
        json!({
            "Description": g.description,
            "VpcId": g.vpc_id,
            "VSwitchId": "",
            "InternetIp": g.internet_ip,
            "DisasterRecoveryVSwitchId": if g.disaster_recovery_internet_ip.is_some() { "vsw-bp1vpnroute0disaster01" } else { "" },
            "CreateTime": g.create_time,
            "EndTime": 0,
            "Spec": g.spec,
            "BusinessStatus": "Normal",
            "ChargeType": "PostPay",
            "IpsecVpn": "enable",
            "SslVpn": "disable",
            "SslMaxConnections": 0,
            "EnableBgp": false,
            "AutoPropagate": false,
            "NetworkType": "public",
            "GatewayType": "Normal",
            "Tag": "",
            "Tags": { "Tag": [] },
            "EniInstanceIds": { "EniInstanceId": [] },
        }),
    )
}

fn customer_gateways_of(c: &Connection) -> impl Iterator<Item = &str> {
    c.customer_gateway_id
        .as_deref()
        .into_iter()
        .chain(c.tunnels.iter().map(|t| t.customer_gateway_id.as_str()))
}

fn connection_json(world: &World, id: &str, c: &Connection, now: u64) -> Value {
    let attached = c.transit_router_id.is_some();
    let updating = now < c.busy_until
        || c.vpn_gateway_id
            .as_deref()
            .and_then(|g| world.gateways.get(g))
            .is_some_and(|g| now < g.busy_until);
    let status = match (updating, attached) {
        (true, _) => "updating",
        (false, true) => "attached",
        (false, false) => "active",
    };
    let join = |nets: &[ipnet::Ipv4Net]| {
        nets.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    };
    let bgp_tunnel = |cidr: Option<ipnet::Ipv4Net>| BgpTunnel {
        tunnel_cidr: cidr.map(|n| n.to_string()),
    };
    let read = VpnConnection {
        vpn_connection_id: id.to_owned(),
        name: c.name.clone(),
        status: status.to_owned(),
        attach_type: if attached {
            VpnConnection::ATTACHED_TO_TRANSIT_ROUTER
        } else {
            VpnConnection::ATTACHED_TO_GATEWAY
        }
        .to_owned(),
        vpn_bgp_config: bgp_tunnel(c.bgp_config.tunnel_cidr),
        tunnel_options_specification: Tunnels {
            tunnel_options: c
                .tunnels
                .iter()
                .map(|t| Tunnel {
                    tunnel_bgp_config: bgp_tunnel(
                        t.tunnel_bgp_config.as_ref().and_then(|b| b.tunnel_cidr),
                    ),
                })
                .collect(),
        },
    };
    let tunnels: Vec<Value> = c
        .tunnels
        .iter()
        .enumerate()
        .map(|(index, t)| {
            json!({
                "TunnelId": format!("tun-{}{}", id.trim_start_matches("vco-"), index + 1),
                "TunnelIndex": index + 1,
                "Role": t.role,
                "CustomerGatewayId": t.customer_gateway_id,
                "EnableDpd": t.enable_dpd.unwrap_or(true),
                "EnableNatTraversal": t.enable_nat_traversal.unwrap_or(true),
                "RemoteCaCertificate": t.remote_ca_certificate.clone().unwrap_or_default(),
                "TunnelIkeConfig": to_value(&t.tunnel_ike_config.clone().unwrap_or_default()),
                "TunnelIpsecConfig": to_value(&t.tunnel_ipsec_config.clone().unwrap_or_default()),
                "TunnelBgpConfig": to_value(&t.tunnel_bgp_config.clone().unwrap_or_default()),
                "State": "ike_sa_not_established",
                "Status": status,
            })
        })
        .collect();
    let health = &c.health_check_config;
    with_sdk_fields(
        &read,
        json!({
            "VpnGatewayId": c.vpn_gateway_id.clone().unwrap_or_default(),
            "CustomerGatewayId": c.customer_gateway_id.clone().unwrap_or_default(),
            "LocalSubnet": join(&c.local_subnet),
            "RemoteSubnet": join(&c.remote_subnet),
            "CreateTime": c.create_time,
            "EffectImmediately": c.effect_immediately,
            "EnableDpd": c.enable_dpd,
            "EnableNatTraversal": c.enable_nat_traversal,
            "EnableTunnelsBgp": c.enable_tunnels_bgp,
            "State": "ike_sa_not_established",
            "TransitRouterId": c.transit_router_id.clone().unwrap_or_default(),
            "NetworkType": "public",
            "Spec": "",
            "IkeConfig": to_value(&c.ike_config),
            "IpsecConfig": to_value(&c.ipsec_config),
            "VpnBgpConfig": {
                "EnableBgp": c.bgp_config.enable_bgp.unwrap_or(false).to_string(),
                "LocalAsn": c.bgp_config.local_asn,
                "LocalBgpIp": c.bgp_config.local_bgp_ip.map(|ip| ip.to_string()),
            },
            "VcoHealthCheck": {
                "Enable": health.enable.unwrap_or(false).to_string(),
                "Dip": health.dip.map(|ip| ip.to_string()),
                "Sip": health.sip.map(|ip| ip.to_string()),
                "Interval": health.interval,
                "Retry": health.retry,
            },
            "TunnelOptionsSpecification": { "TunnelOptions": tunnels },
            "Tag": { "Tag": c.tags.iter().map(|t| json!({ "Key": t.key, "Value": t.value })).collect::<Vec<_>>() },
        }),
    )
}

fn customer_gateway_json(id: &str, c: &CustomerGateway) -> Value {
    json!({
        "CustomerGatewayId": id,
        "Name": c.name,
        "Description": c.description,
        "IpAddress": c.ip_address,
        "Asn": c.asn,
        "CreateTime": c.create_time,
        "Tags": { "Tag": [] },
    })
}

/// The gateway `id` of the region, or the service's not-found answer.
pub(super) fn find_gateway<'a>(
    world: &'a World,
    id: &str,
    region_id: &str,
) -> Result<&'a Gateway, ApiError> {
    world
        .gateways
        .get(id)
        .filter(|g| g.region_id == region_id)
        .ok_or_else(|| {
            not_found(
                "InvalidVpnGatewayInstanceId.NotFound",
                format!("There is no VPN gateway {id} in region {region_id}."),
            )
        })
}

fn find_connection<'a>(
    world: &'a World,
    id: &str,
    region_id: &str,
) -> Result<&'a Connection, ApiError> {
    world
        .connections
        .get(id)
        .filter(|c| c.region_id == region_id)
        .ok_or_else(|| {
            not_found(
                "InvalidVpnConnectionInstanceId.NotFound",
                format!("There is no IPsec connection {id} in region {region_id}."),
            )
        })
}

fn to_value<T: Serialize>(model: &T) -> Value {
    serde_json::to_value(model).expect("models serialize to JSON")
}

/// Absent values leave their keys out rather than sending null: the Node SDK casts each key
/// to its declared type, and null is no string.
fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}
