//! CreateVpnRouteEntry: adds a destination route to a VPN gateway.

use crate::model::diagnostic::Parsed;
use crate::model::field::{common, FieldSpec};
use crate::model::wire::{WirePairs, WireParams};
use crate::ops::reader::Reader;
use crate::ops::route_fields::{self, route_state, RouteAnswer, RouteFields, RouteFieldsRead};
use crate::ops::{
    Answered, Context, OperationModule, TableEffect, Target, TargetKind, Task, TaskStep,
    WriteOptions,
};
use crate::rules::cidr::RouteKind;
use crate::rules::ids;
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
    pub vpn_instance_id: String,
    /// `published` when the route is advertised to the VPC, else `normal`.
    pub state: String,
    #[serde(flatten)]
    pub route: RouteAnswer,
}

impl OperationModule for CreateVpnRouteEntry {
    const NAME: &'static str = "CreateVpnRouteEntry";
    const FIELDS: &'static [&'static FieldSpec] = FIELDS;
    const TARGET: TargetKind = TargetKind::Gateway;
    const WRITES: bool = true;
    const TASK: (Task, TaskStep) = (Task::DestinationRoutes, TaskStep::Add);
    type Response = CreateVpnRouteEntryResponse;

    fn read(params: &WirePairs<'_>, context: &Context<'_>) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let vpn_gateway_id = r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
        let route = RouteFieldsRead::read(&mut r, RouteKind::Destination, &context.facts);
        let publish_vpc = r.boolean(&common::PUBLISH_VPC);
        r.conclude(FIELDS, || {
            Some(CreateVpnRouteEntry {
                vpn_gateway_id: vpn_gateway_id?.to_owned(),
                publish_vpc: publish_vpc?,
                route: route.complete()?,
            })
        })
    }

    fn target(&self) -> Target {
        Target::Gateway(self.vpn_gateway_id.clone())
    }

    fn effect(&self) -> TableEffect<'_> {
        TableEffect::AddDestinationRoute {
            route: self.route.destination_route(),
            fields: &self.route,
            publish: self.publish_vpc,
        }
    }

    fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("VpnGatewayId", &self.vpn_gateway_id);
        params.push("PublishVpc", self.publish_vpc.to_string());
        self.route.push_wire(&mut params);
        params
    }

    fn summary(params: &WirePairs<'_>) -> String {
        route_fields::summary(params)
    }

    fn write_options(&self) -> Option<WriteOptions<'_>> {
        Some(self.route.write_options())
    }

    fn respond(&self, answered: &Answered<'_>) -> Option<CreateVpnRouteEntryResponse> {
        Some(CreateVpnRouteEntryResponse {
            vpn_instance_id: self.vpn_gateway_id.clone(),
            state: route_state(self.publish_vpc),
            route: self.route.answer(answered),
        })
    }
}
