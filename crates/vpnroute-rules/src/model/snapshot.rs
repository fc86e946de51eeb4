//! What exists already: the tables a request or a plan is checked against.

use crate::model::gateway::GatewayFacts;
use crate::model::routes::{BgpRoute, DestinationRoute, PolicyRoute, PublishedRoute, Quotas};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// What a gateway already has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct GatewaySnapshot {
    pub vpn_gateway_id: String,
    #[cfg_attr(feature = "ts", ts(as = "Option<GatewayFacts>", optional))]
    pub facts: GatewayFacts,
    /// Its IPsec connection ids; when empty, next hops are not checked.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub connections: Vec<String>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<DestinationRoute>>", optional))]
    pub destination_routes: Vec<DestinationRoute>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<PolicyRoute>>", optional))]
    pub policy_routes: Vec<PolicyRoute>,
    /// BGP tunnel CIDRs its connections use.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub tunnel_cidrs: Vec<Ipv4Net>,
    /// The routes it learned over BGP, which lookups try after its destination routes.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<BgpRoute>>", optional))]
    pub bgp_routes: Vec<BgpRoute>,
    /// Its routes that are advertised to the VPC.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<PublishedRoute>>", optional))]
    pub published: Vec<PublishedRoute>,
    /// Whether its tables were read while they changed, so that routes may be missing.
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub partial: bool,
}

/// What an IPsec connection attached to a transit router already has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct ConnectionSnapshot {
    pub vpn_connection_id: String,
    #[cfg_attr(feature = "ts", ts(as = "Option<GatewayFacts>", optional))]
    pub facts: GatewayFacts,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<DestinationRoute>>", optional))]
    pub routes: Vec<DestinationRoute>,
    /// Whether its routes were read while they changed, so that routes may be missing.
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub partial: bool,
}

/// The existing state a plan is checked against.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct TableSnapshot {
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<GatewaySnapshot>>", optional))]
    pub gateways: Vec<GatewaySnapshot>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<ConnectionSnapshot>>", optional))]
    pub connections: Vec<ConnectionSnapshot>,
    #[cfg_attr(feature = "ts", ts(as = "Option<Quotas>", optional))]
    pub quotas: Quotas,
}

impl TableSnapshot {
    /// What is known of the gateway `id`.
    pub fn gateway(&self, id: Option<&str>) -> Option<&GatewaySnapshot> {
        let id = id?;
        self.gateways.iter().find(|g| g.vpn_gateway_id == id)
    }

    /// What is known of the IPsec connection `id`.
    pub fn connection(&self, id: Option<&str>) -> Option<&ConnectionSnapshot> {
        let id = id?;
        self.connections.iter().find(|c| c.vpn_connection_id == id)
    }
}
