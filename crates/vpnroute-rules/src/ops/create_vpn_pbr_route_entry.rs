//! CreateVpnPbrRouteEntry: adds a policy-based route to a VPN gateway.

use crate::model::diagnostic::Parsed;
use crate::model::field::{common, FieldSpec};
use crate::model::net::parse_cidr;
use crate::model::routes::PolicyRoute;
use crate::model::wire::{first_value, WirePairs, WireParams};
use crate::ops::reader::Reader;
use crate::ops::route_fields::{route_state, RouteAnswer, RouteFields, RouteFieldsRead};
use crate::ops::{
    shown, Answered, Context, OperationModule, TableEffect, Target, TargetKind, Task, TaskStep,
    WriteOptions,
};
use crate::rules::cidr::RouteKind;
use crate::rules::{ids, route_entry};
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
    pub vpn_instance_id: String,
    pub route_source: String,
    pub priority: u8,
    pub state: String,
    #[serde(flatten)]
    pub route: RouteAnswer,
}

impl CreateVpnPbrRouteEntry {
    /// The priority the route is matched with.
    pub fn effective_priority(&self) -> u8 {
        self.priority.unwrap_or(DEFAULT_PRIORITY)
    }

    /// The route this request adds, as the table rules see it.
    pub fn policy_route(&self) -> PolicyRoute {
        PolicyRoute {
            route_source: self.route_source,
            route_dest: self.route.route_dest,
            next_hop: self.route.next_hop.clone(),
            weight: self.route.weight,
            priority: self.effective_priority(),
        }
    }
}

impl OperationModule for CreateVpnPbrRouteEntry {
    const NAME: &'static str = "CreateVpnPbrRouteEntry";
    const FIELDS: &'static [&'static FieldSpec] = FIELDS;
    const TARGET: TargetKind = TargetKind::Gateway;
    const WRITES: bool = true;
    const TASK: (Task, TaskStep) = (Task::PolicyRoutes, TaskStep::Add);
    type Response = CreateVpnPbrRouteEntryResponse;

    fn read(params: &WirePairs<'_>, context: &Context<'_>) -> Parsed<Self> {
        let facts = &context.facts;
        let mut r = Reader::new(params);
        let vpn_gateway_id = r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
        let route_source = r.cidr(&common::ROUTE_SOURCE);
        let route = RouteFieldsRead::read(&mut r, RouteKind::Policy, facts);
        let priority = r
            .integer(&common::PRIORITY)
            .and_then(|p| u8::try_from(p).ok());
        if priority.is_some() {
            r.absorb(route_entry::check_priority_supported(facts, "Priority"));
        }
        let publish_vpc = r.boolean(&common::PUBLISH_VPC);
        if let Some(source) = route_source {
            let dest = first_value(params, "RouteDest").and_then(parse_cidr);
            r.absorb(route_entry::check_source_differs_from_dest(
                facts, source, dest,
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

    fn target(&self) -> Target {
        Target::Gateway(self.vpn_gateway_id.clone())
    }

    fn effect(&self) -> TableEffect<'_> {
        TableEffect::AddPolicyRoute {
            route: self.policy_route(),
            fields: &self.route,
            publish: self.publish_vpc,
        }
    }

    fn to_wire(&self) -> WireParams {
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

    fn summary(params: &WirePairs<'_>) -> String {
        let priority = first_value(params, "Priority")
            .map_or_else(|| DEFAULT_PRIORITY.to_string(), str::to_owned);
        format!(
            "{} -> {} via {} (weight {}, priority {priority})",
            shown(params, "RouteSource"),
            shown(params, "RouteDest"),
            shown(params, "NextHop"),
            shown(params, "Weight")
        )
    }

    fn write_options(&self) -> Option<WriteOptions<'_>> {
        Some(self.route.write_options())
    }

    fn respond(&self, answered: &Answered<'_>) -> Option<CreateVpnPbrRouteEntryResponse> {
        Some(CreateVpnPbrRouteEntryResponse {
            vpn_instance_id: self.vpn_gateway_id.clone(),
            route_source: self.route_source.to_string(),
            priority: self.effective_priority(),
            state: route_state(self.publish_vpc),
            route: self.route.answer(answered),
        })
    }
}
