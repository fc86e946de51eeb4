//! ModifyVpnRouteEntryWeight: changes the weight of a destination route of a VPN gateway.

use crate::model::field::{common, FieldSpec};
use crate::ops::route_change::{
    change_operation, ChangeKind, Shape, CURRENT_WEIGHT, NAMED_NEXT_HOP, NAMED_ROUTE_DEST,
    NEW_WEIGHT,
};
use crate::ops::TargetKind;

/// Every wire field, in the order a form shows them.
pub static FIELDS: &[&FieldSpec] = &[
    &common::REGION_ID,
    &common::VPN_GATEWAY_ID,
    &NAMED_ROUTE_DEST,
    &NAMED_NEXT_HOP,
    &CURRENT_WEIGHT,
    &NEW_WEIGHT,
    &common::OVERLAY_MODE,
    &common::CLIENT_TOKEN,
    &common::ACCOUNT[0],
    &common::ACCOUNT[1],
    &common::ACCOUNT[2],
    &common::ACCOUNT[3],
];

const SHAPE: Shape = Shape {
    fields: FIELDS,
    target: TargetKind::Gateway,
    policy: false,
    change: ChangeKind::Weight,
};

change_operation!(
    /// A valid ModifyVpnRouteEntryWeight request.
    ModifyVpnRouteEntryWeight,
    SHAPE
);
