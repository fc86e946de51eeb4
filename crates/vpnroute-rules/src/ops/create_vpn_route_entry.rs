//! CreateVpnRouteEntry: adds a destination route to a VPN gateway.

use crate::diagnostic::Parsed;
use crate::field::{common, FieldSpec};
use crate::ops::route::{RouteFields, RouteFieldsRead};
use crate::read::Reader;
use crate::rules::cidr::RouteKind;
use crate::rules::ids;
use crate::wire::{WirePairs, WireParams};
use crate::GatewayFacts;
use serde::{Deserialize, Serialize};

/// Every wire field, in the order a form shows them.
pub static FIELDS: &[&FieldSpec] = &[
    &common::REGION_ID,
    &common::VPN_GATEWAY_ID,
    &common::ROUTE_DEST,
    &common::NEXT_HOP,
    &common::WEIGHT,
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

/// A valid CreateVpnRouteEntry request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnRouteEntry {
    pub vpn_gateway_id: String,
    pub publish_vpc: bool,
    #[serde(flatten)]
    pub route: RouteFields,
}

/// The service's answer to CreateVpnRouteEntry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnRouteEntryResponse {
    pub request_id: String,
    pub vpn_instance_id: String,
    pub route_dest: String,
    pub next_hop: String,
    pub weight: u8,
    pub overlay_mode: String,
    pub description: String,
    /// `published` when the route is advertised to the VPC, else `normal`.
    pub state: String,
    /// Milliseconds since the Unix epoch.
    pub create_time: u64,
}

impl CreateVpnRouteEntry {
    /// Reads a request from its wire parameters, checking every field rule.
    pub fn parse(params: &WireParams, facts: &GatewayFacts) -> Parsed<Self> {
        Self::parse_pairs(&params.pairs(), facts)
    }

    /// [`Self::parse`] of borrowed parameters.
    pub fn parse_pairs(params: &WirePairs<'_>, facts: &GatewayFacts) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let vpn_gateway_id = r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
        let route = RouteFieldsRead::read(&mut r, RouteKind::Destination, facts);
        let publish_vpc = r.boolean(&common::PUBLISH_VPC);
        r.conclude(FIELDS, || {
            Some(CreateVpnRouteEntry {
                vpn_gateway_id: vpn_gateway_id?.to_owned(),
                publish_vpc: publish_vpc?,
                route: route.complete()?,
            })
        })
    }

    /// The wire parameters that send this request, as the SDKs write them.
    pub fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("VpnGatewayId", &self.vpn_gateway_id);
        params.push("PublishVpc", self.publish_vpc.to_string());
        self.route.push_wire(&mut params);
        params
    }
}
