//! DescribeVcoRouteEntries: pages through the routes of an IPsec connection.

use crate::model::diagnostic::Parsed;
use crate::model::field::{common, FieldKind, FieldSpec};
use crate::model::wire::{WirePairs, WireParams};
use crate::ops::reader::Reader;
use crate::ops::{
    shown, Answered, Context, OperationModule, TableEffect, Target, TargetKind, Task, TaskStep,
    WriteOptions,
};
use crate::rules::{ids, request, route_entry};
use serde::{Deserialize, Serialize};

pub static PAGE_NUMBER: FieldSpec = FieldSpec::new(
    "PageNumber",
    FieldKind::Integer {
        min: 1,
        max: i32::MAX as i64,
    },
    "field.DescribeVcoRouteEntries.PageNumber",
    "1",
)
.default_value("1");

pub static PAGE_SIZE: FieldSpec = FieldSpec::new(
    "PageSize",
    FieldKind::Integer { min: 1, max: 50 },
    "field.DescribeVcoRouteEntries.PageSize",
    "10",
)
.default_value("10");

pub static ROUTE_ENTRY_TYPE: FieldSpec = FieldSpec::new(
    "RouteEntryType",
    FieldKind::OneOf {
        values: &["custom", "bgp"],
    },
    "field.DescribeVcoRouteEntries.RouteEntryType",
    "custom",
)
.default_value("custom");

/// Every wire field, in the order a form shows them.
pub static FIELDS: &[&FieldSpec] = &[
    &common::REGION_ID,
    &common::VPN_CONNECTION_ID,
    &ROUTE_ENTRY_TYPE,
    &PAGE_NUMBER,
    &PAGE_SIZE,
    &common::CLIENT_TOKEN,
    &common::ACCOUNT[1],
    &common::ACCOUNT[2],
    &common::ACCOUNT[3],
];

/// Whether the listed routes are the ones users added or the ones BGP learned.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RouteEntryType {
    #[default]
    Custom,
    Bgp,
}

impl RouteEntryType {
    pub fn as_str(self) -> &'static str {
        match self {
            RouteEntryType::Custom => "custom",
            RouteEntryType::Bgp => "bgp",
        }
    }
}

/// A valid DescribeVcoRouteEntries request, defaults applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVcoRouteEntries {
    pub region_id: String,
    pub vpn_connection_id: String,
    pub route_entry_type: RouteEntryType,
    pub page_number: u32,
    pub page_size: u32,
    pub client_token: Option<String>,
}

/// One route in the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VcoRouteEntry {
    pub vpn_connection_id: String,
    pub route_dest: String,
    pub next_hop: String,
    pub weight: u8,
    pub route_entry_type: String,
    /// `published` for custom routes, `Active` for BGP routes.
    pub state: String,
    pub create_time: u64,
    /// BGP routes only: `CLOUD` or `VPN_BGP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community: Option<String>,
    /// Dual-tunnel connections only.
    pub next_hop_tunnel_id_list: Vec<String>,
}

/// Route counts of a dual-tunnel connection, per type and source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpnRouteCount {
    pub route_count: u32,
    pub route_entry_type: String,
    pub source: String,
}

/// The service's answer; the lists are bare JSON arrays, as the SDKs expect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVcoRouteEntriesResponse {
    pub request_id: String,
    pub page_number: u32,
    pub page_size: u32,
    pub total_count: u32,
    pub vco_route_entries: Vec<VcoRouteEntry>,
    pub vpn_route_counts: Vec<VpnRouteCount>,
}

impl OperationModule for DescribeVcoRouteEntries {
    const NAME: &'static str = "DescribeVcoRouteEntries";
    const FIELDS: &'static [&'static FieldSpec] = FIELDS;
    const TARGET: TargetKind = TargetKind::Connection;
    const WRITES: bool = false;
    const TASK: (Task, TaskStep) = (Task::VcoRoutes, TaskStep::List);
    type Response = DescribeVcoRouteEntriesResponse;

    fn read(params: &WirePairs<'_>, _: &Context<'_>) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let region_id = r.checked(&common::REGION_ID, request::check_region_id);
        let vpn_connection_id = r.id(
            &common::VPN_CONNECTION_ID,
            &ids::VPN_CONNECTION_ID_MALFORMED,
        );
        let route_entry_type = r.checked(&ROUTE_ENTRY_TYPE, route_entry::check_route_entry_type);
        let page_number = r.integer(&PAGE_NUMBER);
        let page_size = r.integer(&PAGE_SIZE);
        let client_token = r.checked(&common::CLIENT_TOKEN, request::check_client_token);
        r.conclude(FIELDS, || {
            Some(DescribeVcoRouteEntries {
                region_id: region_id?.to_owned(),
                vpn_connection_id: vpn_connection_id?.to_owned(),
                route_entry_type: if route_entry_type == Some("bgp") {
                    RouteEntryType::Bgp
                } else {
                    RouteEntryType::Custom
                },
                page_number: page_number.map_or(1, |n| n as u32),
                page_size: page_size.map_or(10, |n| n as u32),
                client_token: client_token.map(str::to_owned),
            })
        })
    }

    fn target(&self) -> Target {
        Target::Connection(self.vpn_connection_id.clone())
    }

    fn effect(&self) -> TableEffect<'_> {
        TableEffect::None
    }

    /// Defaults written out.
    fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("RegionId", &self.region_id);
        params.push("VpnConnectionId", &self.vpn_connection_id);
        params.push("RouteEntryType", self.route_entry_type.as_str());
        params.push("PageNumber", self.page_number.to_string());
        params.push("PageSize", self.page_size.to_string());
        if let Some(token) = &self.client_token {
            params.push("ClientToken", token);
        }
        params
    }

    fn summary(params: &WirePairs<'_>) -> String {
        format!("list routes of {}", shown(params, "VpnConnectionId"))
    }

    fn write_options(&self) -> Option<WriteOptions<'_>> {
        None
    }

    /// A read: the answer is made from what the connection holds.
    fn respond(&self, _: &Answered<'_>) -> Option<DescribeVcoRouteEntriesResponse> {
        None
    }
}
