//! Rules of the writes that change, remove or publish a route that exists: how they name it,
//! what they change, and what the table looks like afterwards.
//!
//! A change names its route by fields (there is no route id), so most of these rules are about
//! finding it; the rest say what the change does to the route's partner (the other route of an
//! active/standby pair) and to the policy order. The same-priority overlap and shadowing of a
//! reprioritised policy route are the create rules of `policy_routes`, run on the route as the
//! change leaves it.

use crate::messages::message;
use crate::model::diagnostic::{Diagnostic, Quoted, Severity};
use crate::model::gateway::GatewayFacts;
use crate::model::routes::{
    DestinationRoute, EntryRef, NamedRoute, PolicyRoute, PublishedRoute, Quotas, RouteChange,
    RouteType, Weight,
};
use crate::model::rule::{declare_rule, ErrorCode};
use crate::rules::policy_routes::check_policy_routes;
use crate::rules::route_entry::check_priority_supported;
use std::borrow::Cow;

declare_rule! {
    /// ModifyVpnPbrRouteEntryAttribute sends neither `NewWeight` nor `NewPriority`.
    ///
    /// ## Why
    /// The call would lock the gateway for a change of nothing.
    pub ATTRIBUTE_NOTHING_TO_CHANGE {
        id: "attribute-nothing-to-change",
        severity: Error,
        fields: ["NewWeight", "NewPriority"],
        code: ErrorCode::Api("MissingParameter.NewPriority"),
    }
}

declare_rule! {
    /// `NewWeight` equals `Weight`: the call changes nothing.
    ///
    /// ## Why
    /// It still locks the gateway (`updating`) until the service has finished, which holds
    /// back every other change to it.
    pub WEIGHT_UNCHANGED {
        id: "weight-unchanged",
        severity: Warning,
        fields: ["NewWeight"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// `NewPriority` equals `Priority`: the call changes nothing, yet locks the gateway.
    pub PRIORITY_UNCHANGED {
        id: "priority-unchanged",
        severity: Warning,
        fields: ["NewPriority"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// `RouteType` is not `dbr` (destination-based routes) or `pbr` (policy-based routes).
    ///
    /// Upper case (`PBR`, as one official example has it) is only a warning, with the lower
    /// case as suggestion.
    pub ROUTE_TYPE_INVALID {
        id: "route-type-invalid",
        severity: Error,
        fields: ["RouteType"],
        code: ErrorCode::Api("InvalidParameter.RouteType"),
    }
}

declare_rule! {
    /// `DryRun` is sent to an operation that has no such field.
    ///
    /// ## Why
    /// The service ignores a field it does not know, so the "check" makes the change. The
    /// proxy refuses to forward such a write (`InvalidParameter.DryRun`); the emulator answers
    /// the same.
    pub DRY_RUN_UNSUPPORTED {
        id: "dry-run-unsupported",
        severity: Warning,
        fields: ["DryRun"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// No route of the table has the destination, next hop (and, for a policy route, source)
    /// that the write names; an earlier row of the plan may have deleted it.
    pub ROUTE_NOT_FOUND {
        id: "route-not-found",
        severity: Error,
        fields: ["RouteDest", "NextHop", "RouteSource"],
        code: ErrorCode::Api("InvalidRouteEntry.NotFound"),
    }
}

declare_rule! {
    /// The named route is not in a table that was read only in part (see
    /// `table-read-unstable`), so it may exist all the same.
    pub TABLE_PARTIAL {
        id: "table-partial",
        severity: Warning,
        fields: ["RouteDest", "NextHop", "RouteSource"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// The gateway's or connection's tables changed while they were read, page by page, three
    /// times over; the checks ran against every route seen, which may still miss some.
    pub TABLE_READ_UNSTABLE {
        id: "table-read-unstable",
        severity: Warning,
        fields: ["VpnGatewayId", "VpnConnectionId"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// `Weight` is not the named route's weight. The weight is part of how a write names its
    /// route, so the service finds no route.
    pub CURRENT_WEIGHT_MISMATCH {
        id: "current-weight-mismatch",
        severity: Error,
        fields: ["Weight"],
        code: ErrorCode::Api("InvalidRouteEntry.NotFound"),
    }
}

declare_rule! {
    /// `Priority` is sent and is not the named policy route's priority.
    pub CURRENT_PRIORITY_MISMATCH {
        id: "current-priority-mismatch",
        severity: Error,
        fields: ["Priority"],
        code: ErrorCode::Api("InvalidParameter.Priority"),
    }
}

declare_rule! {
    /// The weight of one route of an active/standby pair changes while its partner stays:
    /// the pair would have two active or two standby routes.
    ///
    /// ## Fix
    /// Swap in three rows: delete the standby, change the active route's weight to 0, then
    /// create the old standby again with weight 100. Traffic stays on the active route until
    /// the last row. Policy routes answer `VpnRouteEntry.SrcDestWeightConflict`.
    pub WEIGHT_CHANGE_IN_PAIR {
        id: "weight-change-in-pair",
        severity: Error,
        fields: ["NewWeight"],
        code: ErrorCode::Api("VpnRouteEntry.BackupRoute"),
    }
}

declare_rule! {
    /// A weight change on a dual-tunnel gateway: the service takes it, but the weight does not
    /// act there (pairs are not checked either).
    pub WEIGHT_IGNORED_DUAL_TUNNEL {
        id: "weight-ignored-dual-tunnel",
        severity: Warning,
        fields: ["NewWeight"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// A policy route of a pair moves to a new priority while its partner keeps the old one.
    ///
    /// ## Why
    /// Policy routes pair only at equal priority: afterwards the smaller number simply wins and
    /// there is no failover. Move the partner too.
    pub PAIR_PRIORITY_SPLIT {
        id: "pair-priority-split",
        severity: Warning,
        fields: ["NewPriority"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// The delete removes the active route of a pair: its standby carries all the traffic.
    pub DELETE_ACTIVE_LEAVES_STANDBY {
        id: "delete-active-leaves-standby",
        severity: Warning,
        fields: ["Weight"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// The route already is in the state the publish asks for.
    pub PUBLISH_UNCHANGED {
        id: "publish-unchanged",
        severity: Warning,
        fields: ["PublishVpc"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// The withdrawn destination is also published from the other table (destination- and
    /// policy-based): the service withdraws both.
    pub WITHDRAW_WITHDRAWS_BOTH {
        id: "withdraw-withdraws-both",
        severity: Warning,
        fields: ["PublishVpc"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// Several policy routes share the published `RouteDest` and `NextHop`. The call has no
    /// `RouteSource`, so it changes all of them.
    pub PUBLISH_PBR_MANY {
        id: "publish-pbr-many",
        severity: Warning,
        fields: ["RouteType"],
        code: ErrorCode::None,
    }
}

/// The code the service gives a weight change inside a pair of policy routes.
const POLICY_PAIR_CODE: &str = "VpnRouteEntry.SrcDestWeightConflict";

/// A changed weight equal to the current one.
pub(crate) fn check_new_weight(current: Option<Weight>, new: Option<Weight>) -> Vec<Diagnostic> {
    match (current, new) {
        (Some(current), Some(new)) if current == new => vec![WEIGHT_UNCHANGED.on(
            "NewWeight",
            message!("weight-unchanged", weight = new.value()),
        )],
        _ => Vec::new(),
    }
}

/// A changed priority equal to the current one.
pub(crate) fn check_new_priority(current: Option<u8>, new: Option<u8>) -> Vec<Diagnostic> {
    match (current, new) {
        (Some(current), Some(new)) if current == new => vec![PRIORITY_UNCHANGED.on(
            "NewPriority",
            message!("priority-unchanged", priority = new),
        )],
        _ => Vec::new(),
    }
}

/// An attribute change that sends nothing to change.
pub(crate) fn check_something_to_change(new_weight: bool, new_priority: bool) -> Vec<Diagnostic> {
    if new_weight || new_priority {
        return Vec::new();
    }
    vec![ATTRIBUTE_NOTHING_TO_CHANGE.on("NewPriority", message!("attribute-nothing-to-change"))]
}

/// `RouteType`: `dbr` or `pbr`; upper case is read with a warning.
pub(crate) fn check_route_type(field: &str, value: &str) -> (Option<RouteType>, Vec<Diagnostic>) {
    let known = [RouteType::Dbr, RouteType::Pbr];
    if let Some(route_type) = known.iter().find(|t| t.as_str() == value) {
        return (Some(*route_type), Vec::new());
    }
    match known
        .iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(value))
    {
        Some(route_type) => (
            Some(*route_type),
            vec![ROUTE_TYPE_INVALID
                .on(
                    field,
                    message!("route-type-invalid.case", value = Quoted(value)),
                )
                .with_severity(Severity::Warning)
                .with_suggestion(route_type.as_str())],
        ),
        None => (
            None,
            vec![
                ROUTE_TYPE_INVALID.on(field, message!("route-type-invalid", value = Quoted(value)))
            ],
        ),
    }
}

/// `DryRun` on an operation without it.
pub(crate) fn check_dry_run_unsupported(sent: bool) -> Vec<Diagnostic> {
    if !sent {
        return Vec::new();
    }
    vec![DRY_RUN_UNSUPPORTED.on("DryRun", message!("dry-run-unsupported"))]
}

/// The warning on the first write to a table that was read only in part.
pub fn unstable_read(kind: &str, id: &str) -> Diagnostic {
    if kind == "connection" {
        TABLE_READ_UNSTABLE.on(
            "VpnConnectionId",
            message!("table-read-unstable.connection", id = id),
        )
    } else {
        TABLE_READ_UNSTABLE.on("VpnGatewayId", message!("table-read-unstable", id = id))
    }
}

/// The findings on one change and where its route is in the table, for the caller to apply
/// the change when no finding is an error.
#[derive(Debug, Default)]
pub struct ChangeCheck {
    pub findings: Vec<Diagnostic>,
    /// The position of the named route in its table.
    pub found: Option<usize>,
}

impl ChangeCheck {
    pub fn is_accepted(&self) -> bool {
        self.found.is_some() && !self.findings.iter().any(Diagnostic::is_error)
    }
}

/// What a write names, as a finding says it.
fn not_found(named: &NamedRoute, table: RouteType, partial: bool) -> Diagnostic {
    let message = match (partial, table) {
        (false, RouteType::Dbr) => message!("route-not-found", route = named),
        (false, RouteType::Pbr) => message!("route-not-found.policy", route = named),
        (true, RouteType::Dbr) => message!("table-partial", route = named),
        (true, RouteType::Pbr) => message!("table-partial.policy", route = named),
    };
    let rule = if partial {
        &TABLE_PARTIAL
    } else {
        &ROUTE_NOT_FOUND
    };
    rule.on("RouteDest", message)
}

fn weight_mismatch(named: &NamedRoute, actual: Weight) -> Diagnostic {
    CURRENT_WEIGHT_MISMATCH
        .on(
            "Weight",
            message!(
                "current-weight-mismatch",
                route = named,
                actual = actual.value(),
                named = named.weight.value()
            ),
        )
        .with_suggestion(actual.value().to_string())
}

fn pair_conflict(named: &NamedRoute, partner_hop: &str, new: Weight) -> Diagnostic {
    let (active, standby) = match named.weight {
        Weight::Active => (named.next_hop.as_str(), partner_hop),
        Weight::Standby => (partner_hop, named.next_hop.as_str()),
    };
    let message = match new {
        Weight::Active => message!(
            "weight-change-in-pair",
            route = named,
            partner = partner_hop,
            weight = new.value()
        ),
        Weight::Standby => message!(
            "weight-change-in-pair.standby",
            route = named,
            partner = partner_hop,
            weight = new.value()
        ),
    };
    WEIGHT_CHANGE_IN_PAIR
        .on("NewWeight", message)
        .with_suggestion(format!(
            "swap in three rows: delete the standby via {standby} (weight 0), change the route via {active} from 100 to 0, then create the route via {standby} with weight 100"
        ))
}

fn leaves_standby(named: &NamedRoute, partner_hop: &str) -> Diagnostic {
    DELETE_ACTIVE_LEAVES_STANDBY.on(
        "Weight",
        message!(
            "delete-active-leaves-standby",
            route = named,
            partner = partner_hop
        ),
    )
}

fn ignored_weight() -> Diagnostic {
    WEIGHT_IGNORED_DUAL_TUNNEL.on("NewWeight", message!("weight-ignored-dual-tunnel"))
}

/// Checks a change to a destination route, of a gateway or (vco routes) of a connection,
/// against the table as it stands. `dual_tunnel`: the gateway builds two tunnels per
/// connection, where weights do not act.
pub fn check_destination_change(
    table: &[DestinationRoute],
    named: &NamedRoute,
    change: RouteChange,
    dual_tunnel: bool,
    partial: bool,
) -> ChangeCheck {
    let mut check = ChangeCheck::default();
    let Some(index) = named.position_in_destination(table) else {
        check
            .findings
            .push(not_found(named, RouteType::Dbr, partial));
        return check;
    };
    let route = &table[index];
    if route.weight != named.weight {
        check.findings.push(weight_mismatch(named, route.weight));
        return check;
    }
    check.found = Some(index);
    let partner = route.partner_in(table);
    match change {
        RouteChange::Modify {
            weight: Some(new), ..
        } if new != route.weight => {
            if dual_tunnel {
                check.findings.push(ignored_weight());
            } else if let Some(partner) = partner {
                check
                    .findings
                    .push(pair_conflict(named, &partner.next_hop, new));
            }
        }
        RouteChange::Delete if route.weight == Weight::Active && !dual_tunnel => {
            if let Some(partner) = partner {
                check
                    .findings
                    .push(leaves_standby(named, &partner.next_hop));
            }
        }
        _ => {}
    }
    check
}

/// Checks a change to a policy route against the gateway's policy table as it stands.
pub fn check_policy_change(
    table: &[PolicyRoute],
    named: &NamedRoute,
    change: RouteChange,
    facts: &GatewayFacts,
    partial: bool,
) -> ChangeCheck {
    let mut check = ChangeCheck::default();
    let Some(index) = named.position_in_policy(table) else {
        let other_priority = table.iter().find(|r| named.is_policy(r));
        check.findings.push(match (named.priority, other_priority) {
            (Some(priority), Some(route)) => CURRENT_PRIORITY_MISMATCH
                .on(
                    "Priority",
                    message!(
                        "current-priority-mismatch",
                        route = named,
                        actual = route.priority,
                        named = priority
                    ),
                )
                .with_suggestion(route.priority.to_string()),
            _ => not_found(named, RouteType::Pbr, partial),
        });
        return check;
    };
    let route = &table[index];
    if route.weight != named.weight {
        check.findings.push(weight_mismatch(named, route.weight));
        return check;
    }
    check.found = Some(index);
    let partner = route.partner_in(table);
    let dual_tunnel = facts.is_dual_tunnel();
    match change {
        RouteChange::Modify { weight, priority } => {
            if let Some(new) = weight.filter(|&w| w != route.weight) {
                if dual_tunnel {
                    check.findings.push(ignored_weight());
                } else if let Some(partner) = partner {
                    let mut conflict = pair_conflict(named, &partner.next_hop, new);
                    conflict.code = Some(Cow::Borrowed(POLICY_PAIR_CODE));
                    check.findings.push(conflict);
                }
            }
            if priority.is_some() {
                check
                    .findings
                    .extend(check_priority_supported(facts, "NewPriority"));
            }
            if let Some(new) = priority.filter(|&p| p != route.priority) {
                if let Some(partner) = partner {
                    check.findings.push(
                        PAIR_PRIORITY_SPLIT
                            .on(
                                "NewPriority",
                                message!(
                                    "pair-priority-split",
                                    route = named,
                                    partner = &partner.next_hop,
                                    priority = route.priority,
                                    winner = new.min(route.priority)
                                ),
                            )
                            .with_suggestion(format!(
                                "also move the route via {} to priority {new}",
                                partner.next_hop
                            )),
                    );
                }
                let moved = PolicyRoute {
                    priority: new,
                    weight: weight.unwrap_or(route.weight),
                    ..route.clone()
                };
                check
                    .findings
                    .extend(check_moved_policy_route(table, index, moved));
            }
        }
        RouteChange::Delete => {
            if route.weight == Weight::Active && !dual_tunnel {
                if let Some(partner) = partner {
                    check
                        .findings
                        .push(leaves_standby(named, &partner.next_hop));
                }
            }
        }
    }
    check
}

/// The create rules on a policy route moved to a new priority, against the rest of the table:
/// same-priority overlaps, pairing, and routes it shadows or is shadowed by.
fn check_moved_policy_route(
    table: &[PolicyRoute],
    index: usize,
    moved: PolicyRoute,
) -> Vec<Diagnostic> {
    let others: Vec<PolicyRoute> = table
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, r)| r.clone())
        .collect();
    let unlimited = Quotas {
        policy_routes: usize::MAX,
        ..Quotas::default()
    };
    check_policy_routes(&others, &[moved], None, &unlimited)
        .into_iter()
        .filter(|f| f.entry == EntryRef::New(0) || f.other == Some(EntryRef::New(0)))
        .map(|f| f.diagnostic)
        .collect()
}

/// The routes of a gateway that a publish looks at.
pub struct GatewayRoutes<'a> {
    pub destination: &'a [DestinationRoute],
    pub policy: &'a [PolicyRoute],
    pub published: &'a [PublishedRoute],
    pub partial: bool,
}

/// Checks a publish (`publish`) or withdrawal of `route` against the gateway's tables.
pub fn check_publish(
    routes: &GatewayRoutes<'_>,
    route: &PublishedRoute,
    publish: bool,
) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let named = NamedRoute {
        route_source: None,
        route_dest: route.route_dest,
        next_hop: route.next_hop.clone(),
        weight: Weight::Active,
        priority: None,
    };
    let matching = match route.route_type {
        RouteType::Dbr => routes
            .destination
            .iter()
            .filter(|r| named.is_destination(r))
            .count(),
        RouteType::Pbr => routes
            .policy
            .iter()
            .filter(|r| r.route_dest == route.route_dest && r.next_hop == route.next_hop)
            .count(),
    };
    if matching == 0 {
        findings.push(not_found(&named, route.route_type, routes.partial));
        return findings;
    }
    if matching > 1 {
        findings.push(PUBLISH_PBR_MANY.on(
            "RouteType",
            message!(
                "publish-pbr-many",
                count = matching,
                block = route.route_dest,
                next_hop = &route.next_hop
            ),
        ));
    }
    if routes.published.contains(route) == publish {
        let message = if publish {
            message!("publish-unchanged", route = &named)
        } else {
            message!("publish-unchanged.withdrawn", route = &named)
        };
        findings.push(PUBLISH_UNCHANGED.on("PublishVpc", message));
    }
    let other_table = routes
        .published
        .iter()
        .any(|p| p.route_type != route.route_type && p.route_dest == route.route_dest);
    if !publish && other_table {
        findings.push(WITHDRAW_WITHDRAWS_BOTH.on(
            "PublishVpc",
            message!("withdraw-withdraws-both", block = route.route_dest),
        ));
    }
    findings
}
