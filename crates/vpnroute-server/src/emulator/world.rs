//! What the emulator knows: gateways, customer gateways and IPsec connections with their
//! routes, per region. This is also the format of `--seed` files and of the `--state` file.

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vpnroute_rules::model::gateway::{PBR_PRIORITY_NOT_SUPPORTED, PBR_PRIORITY_SUPPORTED};
use vpnroute_rules::model::routes::{PublishedRoute, RouteType};
use vpnroute_rules::ops::create_vpn_connection::{
    BgpConfig, HealthCheckConfig, IkeConfig, IpsecConfig, Tag, TunnelOptions,
};
use vpnroute_rules::ops::TargetKind;
use vpnroute_rules::{
    ConnectionSnapshot, DestinationRoute, GatewayFacts, GatewaySnapshot, PolicyRoute, Quotas,
    TableSnapshot, TunnelMode, WireParams,
};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct World {
    /// By gateway id.
    pub gateways: BTreeMap<String, Gateway>,
    /// By customer gateway id.
    pub customer_gateways: BTreeMap<String, CustomerGateway>,
    /// By connection id.
    pub connections: BTreeMap<String, Connection>,
    /// First answers by `Action/ClientToken`, so that a retry gets the same answer.
    pub replays: BTreeMap<String, Replay>,
    /// Quotas this world's account has raised or lowered.
    pub quotas: QuotaSettings,
    /// Numbers the ids of created resources.
    pub serial: u64,
}

/// Quotas that differ from the service's defaults, as an account raises them in Alibaba
/// Cloud's quota centre; each one left out keeps its default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct QuotaSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_routes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_routes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connections: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vco_routes: Option<usize>,
}

impl QuotaSettings {
    /// The names `--quota NAME=N` takes.
    pub const NAMES: [&'static str; 4] = [
        "destination-routes",
        "policy-routes",
        "connections",
        "vco-routes",
    ];

    /// Sets the quota `name` (one of [`Self::NAMES`]).
    pub fn set(&mut self, name: &str, value: usize) -> Result<(), String> {
        let slot = match name {
            "destination-routes" => &mut self.destination_routes,
            "policy-routes" => &mut self.policy_routes,
            "connections" => &mut self.connections,
            "vco-routes" => &mut self.vco_routes,
            other => {
                return Err(format!(
                    "{other:?} is not a quota; the quotas are {}",
                    Self::NAMES.join(", ")
                ))
            }
        };
        *slot = Some(value);
        Ok(())
    }

    /// `base` with these settings in place of its values.
    pub fn over(self, base: Quotas) -> Quotas {
        Quotas {
            destination_routes: self.destination_routes.unwrap_or(base.destination_routes),
            policy_routes: self.policy_routes.unwrap_or(base.policy_routes),
            connections: self.connections.unwrap_or(base.connections),
            vco_routes: self.vco_routes.unwrap_or(base.vco_routes),
            subnets_per_side: base.subnets_per_side,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Gateway {
    pub region_id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub internet_ip: String,
    /// Dual-tunnel gateways have a second, disaster-recovery address; this is how the service
    /// shows that a gateway builds two tunnels per connection.
    pub disaster_recovery_internet_ip: Option<String>,
    /// `Normal`, or [`vpnroute_rules::model::gateway::SHANGMI_VPN_TYPE`].
    pub vpn_type: String,
    /// Gateways of older versions take policy routes but no priorities.
    pub supports_pbr_priority: bool,
    pub spec: String,
    pub create_time: u64,
    /// Unix milliseconds until which the gateway is `updating`.
    pub busy_until: u64,
    pub destination_routes: Vec<StoredRoute>,
    pub policy_routes: Vec<StoredPolicyRoute>,
    /// Routes the gateway learned over BGP (`RouteEntryType=bgp`).
    pub bgp_routes: Vec<BgpRoute>,
}

impl Default for Gateway {
    fn default() -> Self {
        Gateway {
            region_id: String::new(),
            name: String::new(),
            description: String::new(),
            vpc_id: String::new(),
            internet_ip: String::new(),
            disaster_recovery_internet_ip: None,
            vpn_type: "Normal".to_owned(),
            supports_pbr_priority: true,
            spec: "10M".to_owned(),
            create_time: 0,
            busy_until: 0,
            destination_routes: Vec::new(),
            policy_routes: Vec::new(),
            bgp_routes: Vec::new(),
        }
    }
}

impl Gateway {
    /// The routes it advertises to the VPC, as a publish names them.
    pub fn published(&self) -> Vec<PublishedRoute> {
        let destination = self
            .destination_routes
            .iter()
            .filter(|r| r.publish_vpc)
            .map(|r| (RouteType::Dbr, r.route.route_dest, &r.route.next_hop));
        let policy = self
            .policy_routes
            .iter()
            .filter(|r| r.publish_vpc)
            .map(|r| (RouteType::Pbr, r.route.route_dest, &r.route.next_hop));
        let mut published: Vec<PublishedRoute> = Vec::new();
        for (route_type, route_dest, next_hop) in destination.chain(policy) {
            let route = PublishedRoute {
                route_type,
                route_dest,
                next_hop: next_hop.clone(),
            };
            if !published.contains(&route) {
                published.push(route);
            }
        }
        published
    }

    /// `PbrPriority` in DescribeVpnGateway.
    pub fn pbr_priority(&self) -> &'static str {
        if self.supports_pbr_priority {
            PBR_PRIORITY_SUPPORTED
        } else {
            PBR_PRIORITY_NOT_SUPPORTED
        }
    }

    /// What the engine's rules need to know about this gateway: read from the attributes
    /// DescribeVpnGateway shows, as the console reads them.
    pub fn facts(&self) -> GatewayFacts {
        GatewayFacts::from_describe(
            self.disaster_recovery_internet_ip
                .as_deref()
                .unwrap_or_default(),
            &self.vpn_type,
            Some(self.pbr_priority()),
        )
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerGateway {
    pub region_id: String,
    pub name: String,
    pub description: String,
    pub ip_address: String,
    pub asn: Option<u32>,
    pub create_time: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Connection {
    pub region_id: String,
    pub name: String,
    /// The gateway it belongs to; `None` for a connection attached to a transit router.
    pub vpn_gateway_id: Option<String>,
    pub transit_router_id: Option<String>,
    /// Single-tunnel connections name their customer gateway here; dual-tunnel ones per tunnel.
    pub customer_gateway_id: Option<String>,
    pub local_subnet: Vec<Ipv4Net>,
    pub remote_subnet: Vec<Ipv4Net>,
    pub effect_immediately: bool,
    pub enable_dpd: bool,
    pub enable_nat_traversal: bool,
    pub enable_tunnels_bgp: bool,
    pub ike_config: IkeConfig,
    pub ipsec_config: IpsecConfig,
    pub bgp_config: BgpConfig,
    pub health_check_config: HealthCheckConfig,
    pub tags: Vec<Tag>,
    pub tunnels: Vec<TunnelOptions>,
    pub create_time: u64,
    /// Unix milliseconds until which the connection is `updating` (vco route writes).
    pub busy_until: u64,
    /// Routes added with CreateVcoRouteEntry.
    pub routes: Vec<StoredRoute>,
    /// Routes the connection learned over BGP.
    pub bgp_routes: Vec<BgpRoute>,
}

impl Connection {
    pub fn is_dual_tunnel(&self) -> bool {
        !self.tunnels.is_empty()
    }

    /// The facts of a transit-router connection, for its vco routes.
    pub fn facts(&self) -> GatewayFacts {
        GatewayFacts {
            tunnel_mode: Some(if self.is_dual_tunnel() {
                TunnelMode::Dual
            } else {
                TunnelMode::Single
            }),
            ..GatewayFacts::default()
        }
    }

    /// BGP tunnel CIDRs this connection uses, of the connection itself and of its tunnels.
    pub fn tunnel_cidrs(&self) -> impl Iterator<Item = Ipv4Net> + '_ {
        self.bgp_config.tunnel_cidr.into_iter().chain(
            self.tunnels
                .iter()
                .filter_map(|t| t.tunnel_bgp_config.as_ref()?.tunnel_cidr),
        )
    }
}

/// A route as the emulator keeps it: the route the rules see, and what the service shows
/// besides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stored<R> {
    #[serde(flatten)]
    pub route: R,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub publish_vpc: bool,
    #[serde(default)]
    pub create_time: u64,
}

pub type StoredRoute = Stored<DestinationRoute>;
pub type StoredPolicyRoute = Stored<PolicyRoute>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BgpRoute {
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    /// `CLOUD` (learned from the transit router) or `VPN_BGP` (from the customer side).
    pub source: String,
    pub as_path: String,
}

/// The first answer to a ClientToken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    pub params: WireParams,
    pub body: serde_json::Value,
}

impl World {
    /// The tables a request is checked against, in the engine's terms: those of the gateway
    /// or transit-router connection `id` that the request names.
    pub fn snapshot(&self, kind: TargetKind, id: Option<&str>, quotas: Quotas) -> TableSnapshot {
        let (gateway_id, connection_id) = match kind {
            TargetKind::Gateway => (id, None),
            TargetKind::Connection => (None, id),
        };
        let gateways = gateway_id
            .and_then(|id| Some((id, self.gateways.get(id)?)))
            .map(|(id, gateway)| GatewaySnapshot {
                vpn_gateway_id: id.to_owned(),
                facts: gateway.facts(),
                connections: self
                    .connections_of(id)
                    .map(|(cid, _)| cid.clone())
                    .collect(),
                destination_routes: gateway
                    .destination_routes
                    .iter()
                    .map(|r| r.route.clone())
                    .collect(),
                policy_routes: gateway
                    .policy_routes
                    .iter()
                    .map(|r| r.route.clone())
                    .collect(),
                tunnel_cidrs: self
                    .connections_of(id)
                    .flat_map(|(_, c)| c.tunnel_cidrs())
                    .collect(),
                bgp_routes: gateway
                    .bgp_routes
                    .iter()
                    .map(|r| vpnroute_rules::lookup::BgpRoute {
                        route_dest: r.route_dest,
                        next_hop: r.next_hop.clone(),
                    })
                    .collect(),
                published: gateway.published(),
                partial: false,
            });
        let connections = connection_id
            .and_then(|id| Some((id, self.connections.get(id)?)))
            .map(|(id, connection)| ConnectionSnapshot {
                vpn_connection_id: id.to_owned(),
                facts: connection.facts(),
                routes: connection.routes.iter().map(|r| r.route.clone()).collect(),
                partial: false,
            });
        TableSnapshot {
            gateways: gateways.into_iter().collect(),
            connections: connections.into_iter().collect(),
            quotas,
        }
    }

    pub fn connections_of<'a>(
        &'a self,
        gateway_id: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Connection)> + 'a {
        self.connections
            .iter()
            .filter(move |(_, c)| c.vpn_gateway_id.as_deref() == Some(gateway_id))
    }

    /// A fresh id with `prefix`: lower-case letters and digits, as the service's ids are.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.serial += 1;
        format!("{prefix}-bp1vpnroute{:013}", self.serial)
    }
}

/// The demo data: one gateway or connection for each case the rules tell apart.
pub mod demo {
    use super::*;
    use vpnroute_rules::model::field::common;
    use vpnroute_rules::Weight;

    pub const REGION_ID: &str = common::REGION_ID.example;
    /// Single-tunnel, priorities supported: the engine's example values, so the console's
    /// prefilled form works at once.
    pub const GATEWAY_ID: &str = common::VPN_GATEWAY_ID.example;
    pub const CONNECTION_IDS: [&str; 2] = [common::NEXT_HOP.example, "vco-bp15oes1py4i66rmd0002"];
    pub const CUSTOMER_GATEWAY_IDS: [&str; 2] =
        ["cgw-bp1demo0branch0000001", "cgw-bp1demo0branch0000002"];
    pub const DUAL_TUNNEL_GATEWAY_ID: &str = "vpn-bp1demo0dualtunnel0002";
    pub const DUAL_TUNNEL_CONNECTION_ID: &str = "vco-bp1demo0dualtunnel0003";
    /// A gateway of an older version: policy routes without priorities.
    pub const OLD_GATEWAY_ID: &str = "vpn-bp1demo0oldversion0003";
    pub const OLD_GATEWAY_CONNECTION_ID: &str = "vco-bp1demo0oldversion0004";
    /// A ShangMi (national cryptography standard) gateway: the only kind that takes a
    /// `RemoteCaCertificate`.
    pub const SHANGMI_GATEWAY_ID: &str = "vpn-bp1demo0shangmi00000004";
    pub const TRANSIT_ROUTER_ID: &str = "tr-bp1demo0transit00000001";
    /// Attached to the transit router: single-tunnel and dual-tunnel, for vco routes.
    pub const TR_CONNECTION_ID: &str = "vco-bp1demo0transit0000005";
    pub const TR_DUAL_TUNNEL_CONNECTION_ID: &str = "vco-bp1demo0transit0000006";

    const CREATED: u64 = 1_767_225_600_000;

    fn net(text: &str) -> Ipv4Net {
        text.parse().expect("demo prefixes are valid")
    }

    fn gateway(name: &str, ip: &str) -> Gateway {
        Gateway {
            region_id: REGION_ID.to_owned(),
            name: name.to_owned(),
            vpc_id: "vpc-bp1demo0vpc000000000001".to_owned(),
            internet_ip: ip.to_owned(),
            create_time: CREATED,
            ..Gateway::default()
        }
    }

    fn connection(name: &str, gateway: Option<&str>, customer_gateway: &str) -> Connection {
        Connection {
            region_id: REGION_ID.to_owned(),
            name: name.to_owned(),
            vpn_gateway_id: gateway.map(str::to_owned),
            transit_router_id: gateway.is_none().then(|| TRANSIT_ROUTER_ID.to_owned()),
            customer_gateway_id: Some(customer_gateway.to_owned()),
            local_subnet: vec![net("10.0.0.0/16")],
            remote_subnet: vec![net("192.168.0.0/16")],
            enable_dpd: true,
            enable_nat_traversal: true,
            create_time: CREATED,
            ..Connection::default()
        }
    }

    fn tunnel(customer_gateway: &str, role: &str) -> TunnelOptions {
        TunnelOptions {
            customer_gateway_id: customer_gateway.to_owned(),
            role: role.to_owned(),
            enable_dpd: Some(true),
            enable_nat_traversal: Some(true),
            remote_ca_certificate: None,
            tunnel_ike_config: None,
            tunnel_ipsec_config: None,
            tunnel_bgp_config: None,
        }
    }

    /// A connection with a master tunnel to the first customer gateway and a slave tunnel
    /// to the second.
    fn dual_tunnel_connection(name: &str, gateway: Option<&str>) -> Connection {
        Connection {
            customer_gateway_id: None,
            tunnels: vec![
                tunnel(CUSTOMER_GATEWAY_IDS[0], "master"),
                tunnel(CUSTOMER_GATEWAY_IDS[1], "slave"),
            ],
            ..connection(name, gateway, CUSTOMER_GATEWAY_IDS[0])
        }
    }

    fn route(dest: &str, next_hop: &str, weight: Weight) -> StoredRoute {
        StoredRoute {
            route: DestinationRoute {
                route_dest: net(dest),
                next_hop: next_hop.to_owned(),
                weight,
            },
            description: "demo".to_owned(),
            publish_vpc: true,
            create_time: CREATED,
        }
    }

    pub fn world() -> World {
        let mut world = World::default();
        for (id, ip, asn) in [
            (CUSTOMER_GATEWAY_IDS[0], "203.0.113.10", 65001),
            (CUSTOMER_GATEWAY_IDS[1], "198.51.100.20", 65002),
        ] {
            world.customer_gateways.insert(
                id.to_owned(),
                CustomerGateway {
                    region_id: REGION_ID.to_owned(),
                    name: format!("branch {asn}"),
                    ip_address: ip.to_owned(),
                    asn: Some(asn),
                    create_time: CREATED,
                    ..CustomerGateway::default()
                },
            );
        }

        let mut single = gateway("single-tunnel", "47.96.0.1");
        single
            .destination_routes
            .push(route("172.16.0.0/16", CONNECTION_IDS[0], Weight::Active));
        // What the branch behind the second connection advertises over BGP.
        single.bgp_routes.push(BgpRoute {
            route_dest: net("192.168.200.0/24"),
            next_hop: CONNECTION_IDS[1].to_owned(),
            source: "VPN_BGP".to_owned(),
            as_path: "65002".to_owned(),
        });
        world.gateways.insert(GATEWAY_ID.to_owned(), single);
        for (id, customer_gateway) in CONNECTION_IDS.iter().zip(CUSTOMER_GATEWAY_IDS) {
            world.connections.insert(
                (*id).to_owned(),
                connection("branch", Some(GATEWAY_ID), customer_gateway),
            );
        }

        // A policy route that can never match, because an earlier one with a smaller
        // priority covers it: the gateway view shows such pairs.
        let policy = |source: &str, dest: &str, priority: u8| StoredPolicyRoute {
            route: PolicyRoute {
                route_source: net(source),
                route_dest: net(dest),
                next_hop: DUAL_TUNNEL_CONNECTION_ID.to_owned(),
                weight: Weight::Active,
                priority,
            },
            description: "demo".to_owned(),
            publish_vpc: true,
            create_time: CREATED,
        };
        world.gateways.insert(
            DUAL_TUNNEL_GATEWAY_ID.to_owned(),
            Gateway {
                disaster_recovery_internet_ip: Some("47.96.0.3".to_owned()),
                policy_routes: vec![
                    policy("10.0.0.0/16", "192.168.0.0/16", 1),
                    policy("10.0.1.0/24", "192.168.1.0/24", 5),
                ],
                ..gateway("dual-tunnel", "47.96.0.2")
            },
        );
        world.connections.insert(
            DUAL_TUNNEL_CONNECTION_ID.to_owned(),
            dual_tunnel_connection("dual-tunnel branch", Some(DUAL_TUNNEL_GATEWAY_ID)),
        );

        world.gateways.insert(
            OLD_GATEWAY_ID.to_owned(),
            Gateway {
                supports_pbr_priority: false,
                ..gateway("older version, no policy-route priorities", "47.96.0.4")
            },
        );
        world.connections.insert(
            OLD_GATEWAY_CONNECTION_ID.to_owned(),
            connection("branch", Some(OLD_GATEWAY_ID), CUSTOMER_GATEWAY_IDS[0]),
        );

        world.gateways.insert(
            SHANGMI_GATEWAY_ID.to_owned(),
            Gateway {
                vpn_type: vpnroute_rules::model::gateway::SHANGMI_VPN_TYPE.to_owned(),
                ..gateway("ShangMi", "47.96.0.5")
            },
        );

        let mut attached = connection("transit-router attachment", None, CUSTOMER_GATEWAY_IDS[0]);
        attached
            .routes
            .push(route("192.168.10.0/24", TR_CONNECTION_ID, Weight::Active));
        attached.bgp_routes.push(BgpRoute {
            route_dest: net("10.20.0.0/16"),
            next_hop: TR_CONNECTION_ID.to_owned(),
            source: "CLOUD".to_owned(),
            as_path: "45104".to_owned(),
        });
        world
            .connections
            .insert(TR_CONNECTION_ID.to_owned(), attached);
        world.connections.insert(
            TR_DUAL_TUNNEL_CONNECTION_ID.to_owned(),
            dual_tunnel_connection("transit-router attachment, dual-tunnel", None),
        );
        world
    }
}
