//! PublishVpnRouteEntry: advertises a route of a VPN gateway to the VPC's system route table,
//! or withdraws it.

use crate::model::diagnostic::Parsed;
use crate::model::field::{common, FieldKind, FieldSpec};
use crate::model::routes::PublishedRoute;
use crate::model::wire::{WirePairs, WireParams};
use crate::ops::reader::Reader;
use crate::ops::route_change::{self, Acknowledged, NAMED_NEXT_HOP, NAMED_ROUTE_DEST};
use crate::ops::{
    shown, Answered, Context, OperationModule, TableEffect, Target, TargetKind, Task, TaskStep,
    WriteOptions,
};
use crate::rules::{ids, request, route_changes};

pub static ROUTE_TYPE: FieldSpec = FieldSpec::new(
    "RouteType",
    FieldKind::OneOf {
        values: &["dbr", "pbr"],
    },
    "field.PublishVpnRouteEntry.RouteType",
    "dbr",
)
.required();

pub static PUBLISH: FieldSpec = FieldSpec::new(
    "PublishVpc",
    FieldKind::Boolean,
    "field.PublishVpnRouteEntry.PublishVpc",
    "true",
)
.required();

/// Every wire field, in the order a form shows them.
pub static FIELDS: &[&FieldSpec] = &[
    &common::REGION_ID,
    &common::VPN_GATEWAY_ID,
    &NAMED_ROUTE_DEST,
    &NAMED_NEXT_HOP,
    &ROUTE_TYPE,
    &PUBLISH,
    &common::CLIENT_TOKEN,
    &common::ACCOUNT[0],
    &common::ACCOUNT[1],
    &common::ACCOUNT[2],
    &common::ACCOUNT[3],
];

/// A valid PublishVpnRouteEntry request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishVpnRouteEntry {
    pub region_id: String,
    pub vpn_gateway_id: String,
    pub route: PublishedRoute,
    pub publish_vpc: bool,
    pub client_token: Option<String>,
    /// Sent although the operation has no such field; see `dry-run-unsupported`.
    pub dry_run: bool,
}

impl OperationModule for PublishVpnRouteEntry {
    const NAME: &'static str = "PublishVpnRouteEntry";
    const FIELDS: &'static [&'static FieldSpec] = FIELDS;
    const TARGET: TargetKind = TargetKind::Gateway;
    const WRITES: bool = true;
    const TASK: (Task, TaskStep) = (Task::DestinationRoutes, TaskStep::Publish);
    type Response = Acknowledged;

    fn read(params: &WirePairs<'_>, _context: &Context<'_>) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let region_id = r.checked(&common::REGION_ID, request::check_region_id);
        let vpn_gateway_id = r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
        let route_dest = r.cidr(&NAMED_ROUTE_DEST);
        let next_hop = r.id(&NAMED_NEXT_HOP, &ids::NEXT_HOP_MALFORMED);
        let route_type = match r.raw(&ROUTE_TYPE) {
            Some(value) => {
                let (route_type, found) = route_changes::check_route_type(ROUTE_TYPE.name, value);
                r.also(route_type, found)
            }
            None => None,
        };
        let publish_vpc = r.boolean(&PUBLISH);
        let client_token = r.checked(&common::CLIENT_TOKEN, request::check_client_token);
        let (dry_run, dry_run_found) = route_change::read_dry_run(&mut r);
        let mut parsed = r.conclude(FIELDS, || {
            Some(PublishVpnRouteEntry {
                region_id: region_id?.to_owned(),
                vpn_gateway_id: vpn_gateway_id?.to_owned(),
                route: PublishedRoute {
                    route_type: route_type?,
                    route_dest: route_dest?,
                    next_hop: next_hop?.to_owned(),
                },
                publish_vpc: publish_vpc?,
                client_token: client_token.map(str::to_owned),
                dry_run,
            })
        });
        route_change::dry_run_replaces_unknown(&mut parsed, dry_run_found);
        parsed
    }

    fn target(&self) -> Target {
        Target::Gateway(self.vpn_gateway_id.clone())
    }

    fn effect(&self) -> TableEffect<'_> {
        TableEffect::PublishRoute {
            route: &self.route,
            publish: self.publish_vpc,
        }
    }

    fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("RegionId", &self.region_id);
        params.push("VpnGatewayId", &self.vpn_gateway_id);
        params.push("RouteDest", self.route.route_dest.to_string());
        params.push("NextHop", &self.route.next_hop);
        params.push("RouteType", self.route.route_type.as_str());
        params.push("PublishVpc", self.publish_vpc.to_string());
        if let Some(token) = &self.client_token {
            params.push("ClientToken", token);
        }
        if self.dry_run {
            params.push("DryRun", "true");
        }
        params
    }

    fn summary(params: &WirePairs<'_>) -> String {
        let verb = match shown(params, "PublishVpc") {
            "false" => "withdraw",
            _ => "publish",
        };
        format!(
            "{verb} {} ({})",
            route_change::named(params),
            shown(params, "RouteType")
        )
    }

    fn write_options(&self) -> Option<WriteOptions<'_>> {
        Some(WriteOptions {
            region_id: &self.region_id,
            client_token: self.client_token.as_deref(),
            dry_run: self.dry_run,
        })
    }

    fn respond(&self, answered: &Answered<'_>) -> Option<Acknowledged> {
        Some(Acknowledged {
            request_id: answered.request_id.to_owned(),
        })
    }
}
