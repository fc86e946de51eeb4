//! CreateVcoRouteEntry: adds a destination route to an IPsec connection attached to a
//! transit router.

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
    pub vpn_connection_id: String,
    /// `published`: the route is published to the transit router.
    pub state: String,
    #[serde(flatten)]
    pub route: RouteAnswer,
}

impl OperationModule for CreateVcoRouteEntry {
    const NAME: &'static str = "CreateVcoRouteEntry";
    const FIELDS: &'static [&'static FieldSpec] = FIELDS;
    const TARGET: TargetKind = TargetKind::Connection;
    const WRITES: bool = true;
    const TASK: (Task, TaskStep) = (Task::VcoRoutes, TaskStep::Add);
    type Response = CreateVcoRouteEntryResponse;

    /// `context.facts` are those of the connection.
    fn read(params: &WirePairs<'_>, context: &Context<'_>) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let vpn_connection_id = r.id(
            &common::VPN_CONNECTION_ID,
            &ids::VPN_CONNECTION_ID_MALFORMED,
        );
        let route = RouteFieldsRead::read(&mut r, RouteKind::Vco, &context.facts);
        r.conclude(FIELDS, || {
            Some(CreateVcoRouteEntry {
                vpn_connection_id: vpn_connection_id?.to_owned(),
                route: route.complete()?,
            })
        })
    }

    fn target(&self) -> Target {
        Target::Connection(self.vpn_connection_id.clone())
    }

    fn effect(&self) -> TableEffect<'_> {
        TableEffect::AddDestinationRoute {
            route: self.route.destination_route(),
            fields: &self.route,
            publish: true,
        }
    }

    fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("VpnConnectionId", &self.vpn_connection_id);
        self.route.push_wire(&mut params);
        params
    }

    fn summary(params: &WirePairs<'_>) -> String {
        route_fields::summary(params)
    }

    fn write_options(&self) -> Option<WriteOptions<'_>> {
        Some(self.route.write_options())
    }

    fn respond(&self, answered: &Answered<'_>) -> Option<CreateVcoRouteEntryResponse> {
        Some(CreateVcoRouteEntryResponse {
            vpn_connection_id: self.vpn_connection_id.clone(),
            state: route_state(true),
            route: self.route.answer(answered),
        })
    }
}
