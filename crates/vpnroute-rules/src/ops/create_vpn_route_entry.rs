//! CreateVpnRouteEntry: adds a destination route to a VPN gateway.

use crate::diagnostic::Parsed;
use crate::field::{common, FieldKind, FieldSpec};
use crate::read::Reader;
use crate::rules::{cidr, ids, request, route_entry};
use crate::wire::WireParams;
use crate::{GatewayFacts, Weight};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

pub const VPN_GATEWAY_ID: FieldSpec = FieldSpec::new(
    "VpnGatewayId",
    FieldKind::Id { prefix: "vpn-" },
    "The VPN gateway that gets the route.",
    "vpn-bp1a3kqjiiq9legfx0001",
)
.required();

pub const ROUTE_DEST: FieldSpec = FieldSpec::new(
    "RouteDest",
    FieldKind::Cidr,
    "Destination CIDR block, such as 10.0.0.0/24. Not 0.0.0.0/0, and clear of 100.64.0.0/10.",
    "10.0.0.0/24",
)
.required();

/// Every wire field, in the order a form shows them.
pub const FIELDS: &[FieldSpec] = &[
    common::REGION_ID,
    VPN_GATEWAY_ID,
    ROUTE_DEST,
    common::NEXT_HOP,
    common::WEIGHT,
    common::PUBLISH_VPC,
    common::ROUTE_DESCRIPTION,
    common::OVERLAY_MODE,
    common::DRY_RUN,
    common::CLIENT_TOKEN,
    common::ACCOUNT[0],
    common::ACCOUNT[1],
    common::ACCOUNT[2],
    common::ACCOUNT[3],
];

/// A valid CreateVpnRouteEntry request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnRouteEntry {
    pub region_id: String,
    pub vpn_gateway_id: String,
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    pub weight: Weight,
    pub publish_vpc: bool,
    pub description: Option<String>,
    /// Always `Ipsec` when present.
    pub overlay_mode: Option<String>,
    pub dry_run: bool,
    pub client_token: Option<String>,
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
        let mut r = Reader::new(params);
        let region_id = r.checked(&common::REGION_ID, request::check_region_id);
        let vpn_gateway_id = r.id(&VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
        let route_dest = r.cidr(&ROUTE_DEST);
        let route_dest = match route_dest {
            Some(net) => r.also(Some(net), cidr::check_route_dest(ROUTE_DEST.name, &net, facts)),
            None => None,
        };
        let next_hop = r.id(&common::NEXT_HOP, &ids::NEXT_HOP_MALFORMED);
        let weight = r.parsed(&common::WEIGHT, route_entry::check_weight);
        let publish_vpc = r.boolean(&common::PUBLISH_VPC);
        let description = r.text(&common::ROUTE_DESCRIPTION);
        let overlay_mode = r.checked(&common::OVERLAY_MODE, route_entry::check_overlay_mode);
        let dry_run = r.boolean(&common::DRY_RUN);
        let client_token = r.checked(&common::CLIENT_TOKEN, request::check_client_token);
        let complete = !r.has_errors();
        let diagnostics = r.finish(FIELDS);
        let value = complete.then_some(()).and_then(|()| {
            Some(CreateVpnRouteEntry {
                region_id: region_id?,
                vpn_gateway_id: vpn_gateway_id?,
                route_dest: route_dest?,
                next_hop: next_hop?,
                weight: weight?,
                publish_vpc: publish_vpc?,
                description,
                overlay_mode,
                dry_run: dry_run.unwrap_or(false),
                client_token,
            })
        });
        Parsed { value, diagnostics }
    }

    /// The wire parameters that send this request, as the SDKs write them.
    pub fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("RegionId", &self.region_id);
        params.push("VpnGatewayId", &self.vpn_gateway_id);
        params.push("RouteDest", self.route_dest.to_string());
        params.push("NextHop", &self.next_hop);
        params.push("Weight", self.weight.value().to_string());
        params.push("PublishVpc", self.publish_vpc.to_string());
        if let Some(description) = &self.description {
            params.push("Description", description);
        }
        if let Some(mode) = &self.overlay_mode {
            params.push("OverlayMode", mode);
        }
        if self.dry_run {
            params.push("DryRun", "true");
        }
        if let Some(token) = &self.client_token {
            params.push("ClientToken", token);
        }
        params
    }
}
