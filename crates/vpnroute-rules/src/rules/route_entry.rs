//! Rules about the settings of a route entry (`Weight`, `OverlayMode`).

use crate::messages::message;
use crate::model::diagnostic::{Diagnostic, Quoted};
use crate::model::gateway::GatewayFacts;
use crate::model::routes::Weight;
use crate::model::rule::{declare_rule, ErrorCode};
use crate::model::wire::parse_int;
use ipnet::Ipv4Net;

declare_rule! {
    /// `Weight` is not exactly 0 (standby) or 100 (active).
    ///
    /// ## Why
    /// The values between are not partial weights; the service rejects them.
    ///
    /// ## Example
    /// `Weight=50`; use `Weight=100` for the active route or `Weight=0` for its standby.
    pub WEIGHT_NOT_0_OR_100 {
        id: "weight-not-0-or-100",
        severity: Error,
        fields: ["Weight"],
        code: ErrorCode::Api("VpnRouteEntry.InvalidWeight"),
    }
}

declare_rule! {
    /// `Priority` is set on a gateway known to be too old for policy-route priorities.
    ///
    /// ## Why
    /// Such gateways refuse the field; leave it out and the route gets the default order.
    pub PRIORITY_NOT_SUPPORTED {
        id: "priority-not-supported",
        severity: Error,
        fields: ["Priority", "NewPriority"],
        code: ErrorCode::Api("VpnPbrRouteEntryPriority.NotSupport"),
    }
}

declare_rule! {
    /// A policy route on a dual-tunnel gateway has `RouteSource` equal to `RouteDest`.
    pub POLICY_ROUTE_SOURCE_EQUALS_DEST {
        id: "policy-route-source-equals-dest",
        severity: Error,
        fields: ["RouteSource", "RouteDest"],
        code: ErrorCode::Api("VpnRouteEntry.SrcDestConflict"),
    }
}

declare_rule! {
    /// `RouteEntryType` is not `custom` or `bgp` (case sensitive).
    pub ROUTE_ENTRY_TYPE_VALUE {
        id: "route-entry-type-value",
        severity: Error,
        fields: ["RouteEntryType"],
        code: ErrorCode::Api("IllegalParam.RouteEntryType"),
    }
}

pub(crate) fn check_weight(field: &str, value: &str) -> Result<Weight, Diagnostic> {
    match parse_int(value) {
        Some(0) => Ok(Weight::Standby),
        Some(100) => Ok(Weight::Active),
        Some(other) => Err(WEIGHT_NOT_0_OR_100
            .on(field, message!("weight-not-0-or-100", value = other))
            .with_suggestion(if other >= 50 { "100" } else { "0" })),
        None => Err(WEIGHT_NOT_0_OR_100.on(
            field,
            message!("weight-not-0-or-100.not-a-number", value = Quoted(value)),
        )),
    }
}

/// A `Priority` given to a gateway known to take none.
pub(crate) fn check_priority_supported(facts: &GatewayFacts, field: &str) -> Vec<Diagnostic> {
    if !facts.lacks_priority() {
        return Vec::new();
    }
    vec![PRIORITY_NOT_SUPPORTED.on(field, message!("priority-not-supported"))]
}

/// A policy whose source is its destination, which dual-tunnel gateways refuse.
pub(crate) fn check_source_differs_from_dest(
    facts: &GatewayFacts,
    source: Ipv4Net,
    dest: Option<Ipv4Net>,
) -> Vec<Diagnostic> {
    if !facts.is_dual_tunnel() || dest != Some(source) {
        return Vec::new();
    }
    vec![POLICY_ROUTE_SOURCE_EQUALS_DEST
        .on("RouteDest", message!("policy-route-source-equals-dest"))]
}

/// A `RouteEntryType` that is not `custom` or `bgp`, with the right spelling when only its
/// case is wrong.
pub fn check_route_entry_type(field: &str, value: &str) -> Option<Diagnostic> {
    const TYPES: [&str; 2] = ["custom", "bgp"];
    if TYPES.contains(&value) {
        return None;
    }
    let diagnostic = ROUTE_ENTRY_TYPE_VALUE.on(
        field,
        message!("route-entry-type-value", value = Quoted(value)),
    );
    Some(match TYPES.iter().find(|t| t.eq_ignore_ascii_case(value)) {
        Some(right) => diagnostic.with_suggestion(*right),
        None => diagnostic,
    })
}
