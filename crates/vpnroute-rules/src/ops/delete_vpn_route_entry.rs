//! DeleteVpnRouteEntry: removes a destination route from a VPN gateway.

use crate::model::diagnostic::Parsed;
use crate::model::field::{common, FieldSpec};
use crate::model::wire::{WirePairs, WireParams};
use crate::ops::route_change::{
    self, Acknowledged, ChangeKind, ChangeRequest, Shape, CURRENT_WEIGHT, NAMED_NEXT_HOP,
    NAMED_ROUTE_DEST,
};
use crate::ops::{
    Answered, Context, OperationModule, TableEffect, Target, TargetKind, WriteOptions,
};

/// Every wire field, in the order a form shows them.
pub static FIELDS: &[&FieldSpec] = &[
    &common::REGION_ID,
    &common::VPN_GATEWAY_ID,
    &NAMED_ROUTE_DEST,
    &NAMED_NEXT_HOP,
    &CURRENT_WEIGHT,
    &common::OVERLAY_MODE,
    &common::CLIENT_TOKEN,
    &common::ACCOUNT[0],
    &common::ACCOUNT[1],
    &common::ACCOUNT[2],
    &common::ACCOUNT[3],
];

static SHAPE: Shape = Shape {
    fields: FIELDS,
    target: TargetKind::Gateway,
    policy: false,
    change: ChangeKind::Delete,
};

/// A valid DeleteVpnRouteEntry request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteVpnRouteEntry(pub ChangeRequest);

impl OperationModule for DeleteVpnRouteEntry {
    const NAME: &'static str = "DeleteVpnRouteEntry";
    const FIELDS: &'static [&'static FieldSpec] = FIELDS;
    const TARGET: TargetKind = TargetKind::Gateway;
    const WRITES: bool = true;
    type Response = Acknowledged;

    fn read(params: &WirePairs<'_>, _context: &Context<'_>) -> Parsed<Self> {
        let parsed = ChangeRequest::read(&SHAPE, params);
        Parsed {
            value: parsed.value.map(DeleteVpnRouteEntry),
            diagnostics: parsed.diagnostics,
        }
    }

    fn target(&self) -> Target {
        self.0.target.clone()
    }

    fn effect(&self) -> TableEffect<'_> {
        TableEffect::ChangeRoute {
            route: &self.0.route,
            change: self.0.change(SHAPE.change),
        }
    }

    fn to_wire(&self) -> WireParams {
        self.0.to_wire()
    }

    fn summary(params: &WirePairs<'_>) -> String {
        route_change::summary(SHAPE.change, params)
    }

    fn write_options(&self) -> Option<WriteOptions<'_>> {
        Some(self.0.write_options())
    }

    fn respond(&self, answered: &Answered<'_>) -> Option<Acknowledged> {
        Some(Acknowledged {
            request_id: answered.request_id.to_owned(),
        })
    }
}
