//! CreateVcoRouteEntry: adds a destination route to an IPsec connection attached to a
//! transit router.

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
    &common::VPN_CONNECTION_ID,
    &common::ROUTE_DEST,
    &common::NEXT_HOP,
    &common::WEIGHT,
    &common::ROUTE_DESCRIPTION,
    &common::OVERLAY_MODE,
    &common::DRY_RUN,
    &common::CLIENT_TOKEN,
    &common::ACCOUNT[1],
    &common::ACCOUNT[2],
    &common::ACCOUNT[3],
];

/// A valid CreateVcoRouteEntry request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVcoRouteEntry {
    pub vpn_connection_id: String,
    #[serde(flatten)]
    pub route: RouteFields,
}

/// The service's answer to CreateVcoRouteEntry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVcoRouteEntryResponse {
    pub request_id: String,
    pub vpn_connection_id: String,
    pub route_dest: String,
    pub next_hop: String,
    pub weight: u8,
    pub overlay_mode: String,
    pub description: String,
    /// `published`: the route is published to the transit router.
    pub state: String,
    pub create_time: u64,
}

impl CreateVcoRouteEntry {
    /// Reads a request from its wire parameters; `facts` are those of the connection.
    pub fn parse(params: &WireParams, facts: &GatewayFacts) -> Parsed<Self> {
        Self::parse_pairs(&params.pairs(), facts)
    }

    /// [`Self::parse`] of borrowed parameters.
    pub fn parse_pairs(params: &WirePairs<'_>, facts: &GatewayFacts) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let vpn_connection_id = r.id(
            &common::VPN_CONNECTION_ID,
            &ids::VPN_CONNECTION_ID_MALFORMED,
        );
        let route = RouteFieldsRead::read(&mut r, RouteKind::Vco, facts);
        r.conclude(FIELDS, || {
            Some(CreateVcoRouteEntry {
                vpn_connection_id: vpn_connection_id?.to_owned(),
                route: route.complete()?,
            })
        })
    }

    /// The wire parameters that send this request, as the SDKs write them.
    pub fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("VpnConnectionId", &self.vpn_connection_id);
        self.route.push_wire(&mut params);
        params
    }
}
