//! CreateVpnPbrRouteEntry: adds a policy-based route to a VPN gateway.

use crate::diagnostic::Parsed;
use crate::field::{common, FieldSpec};
use crate::ops::route::{RouteFields, RouteFieldsRead};
use crate::read::Reader;
use crate::rules::cidr::RouteKind;
use crate::rules::ids;
use crate::rules::route_entry::{POLICY_ROUTE_SOURCE_EQUALS_DEST, PRIORITY_NOT_SUPPORTED};
use crate::wire::{first_value, WirePairs, WireParams};
use crate::GatewayFacts;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// The priority a policy route gets when the request leaves it out.
pub const DEFAULT_PRIORITY: u8 = 10;

/// Every wire field, in the order a form shows them.
pub static FIELDS: &[&FieldSpec] = &[
    &common::REGION_ID,
    &common::VPN_GATEWAY_ID,
    &common::ROUTE_SOURCE,
    &common::ROUTE_DEST,
    &common::NEXT_HOP,
    &common::WEIGHT,
    &common::PRIORITY,
    &common::PUBLISH_VPC,
    &common::ROUTE_DESCRIPTION,
    &common::OVERLAY_MODE,
    &common::DRY_RUN,
    &common::CLIENT_TOKEN,
    &common::ACCOUNT[0],
    &common::ACCOUNT[1],
    &common::ACCOUNT[2],
    &common::ACCOUNT[3],
];

/// A valid CreateVpnPbrRouteEntry request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnPbrRouteEntry {
    pub vpn_gateway_id: String,
    pub route_source: Ipv4Net,
    /// `None` when the request leaves it out ([`DEFAULT_PRIORITY`] applies).
    pub priority: Option<u8>,
    pub publish_vpc: bool,
    #[serde(flatten)]
    pub route: RouteFields,
}

/// The service's answer to CreateVpnPbrRouteEntry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnPbrRouteEntryResponse {
    pub request_id: String,
    pub vpn_instance_id: String,
    pub route_source: String,
    pub route_dest: String,
    pub next_hop: String,
    pub weight: u8,
    pub priority: u8,
    pub overlay_mode: String,
    pub description: String,
    pub state: String,
    pub create_time: u64,
}

impl CreateVpnPbrRouteEntry {
    /// Reads a request from its wire parameters, checking every field rule.
    pub fn parse(params: &WireParams, facts: &GatewayFacts) -> Parsed<Self> {
        Self::parse_pairs(&params.pairs(), facts)
    }

    /// [`Self::parse`] of borrowed parameters.
    pub fn parse_pairs(params: &WirePairs<'_>, facts: &GatewayFacts) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let vpn_gateway_id = r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
        let route_source = r.cidr(&common::ROUTE_SOURCE);
        let route = RouteFieldsRead::read(&mut r, RouteKind::Policy, facts);
        let priority = r
            .integer(&common::PRIORITY)
            .and_then(|p| u8::try_from(p).ok());
        if priority.is_some() && facts.lacks_priority() {
            r.push(PRIORITY_NOT_SUPPORTED.on(
                "Priority",
                "This gateway is too old for policy-route priorities; leave Priority out or upgrade the gateway.",
            ));
        }
        let publish_vpc = r.boolean(&common::PUBLISH_VPC);
        if facts.is_dual_tunnel()
            && route_source.is_some()
            && route_source == first_value(params, "RouteDest").and_then(crate::net::parse_cidr)
        {
            r.push(POLICY_ROUTE_SOURCE_EQUALS_DEST.on(
                "RouteDest",
                "RouteSource equals RouteDest; dual-tunnel gateways refuse such a policy.",
            ));
        }
        r.conclude(FIELDS, || {
            Some(CreateVpnPbrRouteEntry {
                vpn_gateway_id: vpn_gateway_id?.to_owned(),
                route_source: route_source?,
                priority,
                publish_vpc: publish_vpc?,
                route: route.complete()?,
            })
        })
    }

    /// The priority the route is matched with.
    pub fn effective_priority(&self) -> u8 {
        self.priority.unwrap_or(DEFAULT_PRIORITY)
    }

    /// The wire parameters that send this request, as the SDKs write them.
    pub fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("VpnGatewayId", &self.vpn_gateway_id);
        params.push("RouteSource", self.route_source.to_string());
        if let Some(priority) = self.priority {
            params.push("Priority", priority.to_string());
        }
        params.push("PublishVpc", self.publish_vpc.to_string());
        self.route.push_wire(&mut params);
        params
    }
}
