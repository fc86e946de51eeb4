//! A gateway's or a transit-router connection's state, read through the describe operations
//! and turned into the engine's types, so its tables can be checked and looked up. The reading
//! is `vpnroute-api`'s, shared with the CLI; this page sends its describes to the server that
//! served it.

use crate::services::api::describe;
use serde::de::DeserializeOwned;
use vpnroute_api::tables::{self, Describe};
pub use vpnroute_api::tables::{ConnectionRow, GatewayTables};
use vpnroute_rules::ops::describe_vco_route_entries::VcoRouteEntry;
use vpnroute_rules::{GatewayFacts, TableSnapshot, Target, WireParams};

/// The server that served this page, asked with its session token.
struct ThisServer;

impl Describe for ThisServer {
    async fn describe<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &WireParams,
    ) -> Result<T, String> {
        describe(action, params).await
    }
}

/// The facts the rules need for a request to `target`.
pub async fn facts(region: &str, target: &Target) -> Result<GatewayFacts, String> {
    tables::facts(&ThisServer, region, target).await
}

/// Gateways of the region: id, name and status.
pub async fn gateways(region: &str) -> Result<Vec<(String, String, String)>, String> {
    tables::gateways(&ThisServer, region).await
}

/// The region's connections attached to a transit router (those that have vco routes).
pub async fn attached_connections(region: &str) -> Result<Vec<ConnectionRow>, String> {
    tables::attached_connections(&ThisServer, region).await
}

/// The state of one gateway (`active`, `updating`).
pub async fn gateway_status(region: &str, id: &str) -> Result<String, String> {
    tables::gateway_status(&ThisServer, region, id).await
}

/// A gateway with its connections and both route tables, every page of each.
pub async fn gateway(region: &str, id: &str) -> Result<GatewayTables, String> {
    tables::gateway(&ThisServer, region, id).await
}

/// One page of a connection's vco routes, and how many there are in all.
pub async fn vco_routes(
    region: &str,
    connection: &str,
    entry_type: &str,
    page: u32,
    page_size: u32,
) -> Result<(Vec<VcoRouteEntry>, u32), String> {
    tables::vco_routes(&ThisServer, region, connection, entry_type, page, page_size).await
}

/// Everything a plan touches, read from the server: the gateways and transit-router
/// connections its requests name.
pub async fn snapshot(
    region_of: impl Fn(&str) -> String,
    targets: &[Target],
) -> Result<TableSnapshot, String> {
    tables::snapshot(&ThisServer, region_of, targets).await
}
