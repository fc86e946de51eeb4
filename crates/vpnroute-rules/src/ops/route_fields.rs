//! The fields every route create shares: destination, next hop, weight and the rest.

use crate::model::field::common;
use crate::model::gateway::GatewayFacts;
use crate::model::routes::{self, DestinationRoute, Weight};
use crate::model::wire::WirePairs;
use crate::model::wire::WireParams;
use crate::ops::reader::Reader;
use crate::ops::{shown, Answered, WriteOptions};
use crate::rules::cidr::{check_route_dest, RouteKind};
use crate::rules::{ids, request, route_entry};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// The shared part of CreateVpnRouteEntry, CreateVpnPbrRouteEntry and CreateVcoRouteEntry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteFields {
    pub region_id: String,
    pub route_dest: Ipv4Net,
    pub next_hop: String,
    pub weight: Weight,
    pub description: Option<String>,
    /// Always `Ipsec` when present.
    pub overlay_mode: Option<String>,
    pub dry_run: bool,
    pub client_token: Option<String>,
}

/// The shared fields as read, each `None` when absent or wrong; text is borrowed from the
/// parameters until the typed value is built.
pub(crate) struct RouteFieldsRead<'a> {
    region_id: Option<&'a str>,
    route_dest: Option<Ipv4Net>,
    next_hop: Option<&'a str>,
    weight: Option<Weight>,
    description: Option<&'a str>,
    overlay_mode: Option<&'a str>,
    dry_run: Option<bool>,
    client_token: Option<&'a str>,
}

impl<'a> RouteFieldsRead<'a> {
    pub fn read(r: &mut Reader<'a>, kind: RouteKind, facts: &GatewayFacts) -> Self {
        let region_id = r.checked(&common::REGION_ID, request::check_region_id);
        let route_dest = r.cidr(&common::ROUTE_DEST);
        let route_dest = match route_dest {
            Some(net) => r.also(
                Some(net),
                check_route_dest(common::ROUTE_DEST.name, &net, kind, facts),
            ),
            None => None,
        };
        RouteFieldsRead {
            region_id,
            route_dest,
            next_hop: r.id(&common::NEXT_HOP, &ids::NEXT_HOP_MALFORMED),
            weight: r.parsed(&common::WEIGHT, route_entry::check_weight),
            description: r.text(&common::ROUTE_DESCRIPTION),
            overlay_mode: r.one_of(&common::OVERLAY_MODE),
            dry_run: r.boolean(&common::DRY_RUN),
            client_token: r.checked(&common::CLIENT_TOKEN, request::check_client_token),
        }
    }

    /// The typed fields, when every required one was read.
    pub fn complete(self) -> Option<RouteFields> {
        Some(RouteFields {
            region_id: self.region_id?.to_owned(),
            route_dest: self.route_dest?,
            next_hop: self.next_hop?.to_owned(),
            weight: self.weight?,
            description: self.description.map(str::to_owned),
            overlay_mode: self.overlay_mode.map(str::to_owned),
            dry_run: self.dry_run.unwrap_or(false),
            client_token: self.client_token.map(str::to_owned),
        })
    }
}

impl RouteFields {
    /// The route this request adds, as the table rules see it.
    pub fn destination_route(&self) -> DestinationRoute {
        DestinationRoute {
            route_dest: self.route_dest,
            next_hop: self.next_hop.clone(),
            weight: self.weight,
        }
    }

    pub(crate) fn write_options(&self) -> WriteOptions<'_> {
        WriteOptions {
            region_id: &self.region_id,
            client_token: self.client_token.as_deref(),
            dry_run: self.dry_run,
        }
    }

    /// The parts of the service's answer to a route create that every kind shares.
    pub(crate) fn answer(&self, answered: &Answered<'_>) -> RouteAnswer {
        RouteAnswer {
            request_id: answered.request_id.to_owned(),
            route_dest: self.route_dest.to_string(),
            next_hop: self.next_hop.clone(),
            weight: self.weight.value(),
            overlay_mode: self
                .overlay_mode
                .clone()
                .unwrap_or_else(|| "Ipsec".to_owned()),
            description: self.description.clone().unwrap_or_default(),
            create_time: answered.create_time,
        }
    }

    pub(crate) fn push_wire(&self, params: &mut WireParams) {
        params.push("RegionId", &self.region_id);
        params.push("RouteDest", self.route_dest.to_string());
        params.push("NextHop", &self.next_hop);
        params.push("Weight", self.weight.value().to_string());
        push_optional(params, "Description", self.description.as_deref());
        push_optional(params, "OverlayMode", self.overlay_mode.as_deref());
        if self.dry_run {
            params.push("DryRun", "true");
        }
        push_optional(params, "ClientToken", self.client_token.as_deref());
    }
}

pub(crate) fn push_optional(params: &mut WireParams, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        params.push(key, value);
    }
}

/// The fields every route create's answer has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteAnswer {
    pub request_id: String,
    pub route_dest: String,
    pub next_hop: String,
    pub weight: u8,
    pub overlay_mode: String,
    pub description: String,
    /// Milliseconds since the Unix epoch.
    pub create_time: u64,
}

/// The route's `State`, as an answer field.
pub(crate) fn route_state(publish: bool) -> String {
    routes::route_state(publish).to_owned()
}

/// How a destination route's request is named for people: `dest via hop (weight w)`.
pub(crate) fn summary(params: &WirePairs<'_>) -> String {
    format!(
        "{} via {} (weight {})",
        shown(params, "RouteDest"),
        shown(params, "NextHop"),
        shown(params, "Weight")
    )
}
