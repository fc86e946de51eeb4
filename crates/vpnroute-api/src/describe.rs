//! The parts of the describe answers that the console reads, in the SDK's names. The server
//! writes each answer from these types and adds the fields only SDKs read; the lists are
//! generic over their items so that it can. Every type defaults, so an answer that lacks a
//! field still reads.

use serde::{Deserialize, Serialize};

/// Paging of a list answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Paging {
    pub page_number: u32,
    pub page_size: u32,
    pub total_count: u32,
}

/// A gateway in DescribeVpnGateway and DescribeVpnGateways.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnGateway {
    pub vpn_gateway_id: String,
    pub name: String,
    /// `active` or `updating`.
    pub status: String,
    /// Set on dual-tunnel gateways.
    pub disaster_recovery_internet_ip: String,
    pub vpn_type: String,
    /// vpnroute's own field: whether the gateway takes policy-route priorities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pbr_priority: Option<String>,
}

/// `VpnGateways` of DescribeVpnGateways.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct VpnGateways<T = VpnGateway> {
    pub vpn_gateway: Vec<T>,
}

/// The BGP settings the console reads: the tunnel CIDR a connection takes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct BgpTunnel {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tunnel_cidr: Option<String>,
}

/// One tunnel of a dual-tunnel connection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tunnel {
    pub tunnel_bgp_config: BgpTunnel,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tunnels {
    pub tunnel_options: Vec<Tunnel>,
}

/// An IPsec connection in DescribeVpnConnection and DescribeVpnConnections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnConnection {
    pub vpn_connection_id: String,
    pub name: String,
    /// `active`, `attached` or `updating`.
    pub status: String,
    /// `CEN` for a connection attached to a transit router, else `VPNGW`.
    pub attach_type: String,
    pub vpn_bgp_config: BgpTunnel,
    /// Empty for a single-tunnel connection.
    pub tunnel_options_specification: Tunnels,
}

impl VpnConnection {
    pub const ATTACHED_TO_TRANSIT_ROUTER: &'static str = "CEN";
    pub const ATTACHED_TO_GATEWAY: &'static str = "VPNGW";

    pub fn is_attached_to_transit_router(&self) -> bool {
        self.attach_type == Self::ATTACHED_TO_TRANSIT_ROUTER
    }

    pub fn is_dual_tunnel(&self) -> bool {
        !self.tunnel_options_specification.tunnel_options.is_empty()
    }
}

/// `VpnConnections` of DescribeVpnConnections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct VpnConnections<T = VpnConnection> {
    pub vpn_connection: Vec<T>,
}

/// A destination route in DescribeVpnRouteEntries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnRouteEntry {
    pub route_dest: String,
    pub next_hop: String,
    pub weight: u8,
    /// `published` when advertised to the VPC, else `normal` (`model::routes::route_state`).
    pub state: String,
}

/// `VpnRouteEntries` of DescribeVpnRouteEntries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct VpnRouteEntries<T = VpnRouteEntry> {
    pub vpn_route_entry: Vec<T>,
}

/// A policy route in DescribeVpnPbrRouteEntries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VpnPbrRouteEntry {
    pub route_source: String,
    pub route_dest: String,
    pub next_hop: String,
    pub weight: u8,
    pub priority: u8,
    /// `published` when advertised to the VPC, else `normal` (`model::routes::route_state`).
    pub state: String,
}

/// `VpnPbrRouteEntries` of DescribeVpnPbrRouteEntries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct VpnPbrRouteEntries<T = VpnPbrRouteEntry> {
    pub vpn_pbr_route_entry: Vec<T>,
}

/// A page of a list describe: the paging, and the list under its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, bound(deserialize = "L: Deserialize<'de> + Default"))]
pub struct Page<L> {
    #[serde(flatten)]
    pub paging: Paging,
    #[serde(flatten)]
    pub list: L,
}

/// DescribeVpnGateways' list, under its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct GatewayList<T = VpnGateway> {
    pub vpn_gateways: VpnGateways<T>,
}

/// DescribeVpnConnections' list, under its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct ConnectionList<T = VpnConnection> {
    pub vpn_connections: VpnConnections<T>,
}

/// DescribeVpnRouteEntries' list, under its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct RouteEntryList<T = VpnRouteEntry> {
    pub vpn_route_entries: VpnRouteEntries<T>,
}

/// DescribeVpnPbrRouteEntries' list, under its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "PascalCase",
    default,
    bound(deserialize = "T: Deserialize<'de> + Default")
)]
pub struct PbrRouteEntryList<T = VpnPbrRouteEntry> {
    pub vpn_pbr_route_entries: VpnPbrRouteEntries<T>,
}
