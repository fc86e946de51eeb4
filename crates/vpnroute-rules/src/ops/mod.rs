//! The typed models of the VPN Gateway operations, with their wire fields.

pub mod create_vco_route_entry;
pub mod create_vpn_connection;
pub mod create_vpn_pbr_route_entry;
pub mod create_vpn_route_entry;
pub mod describe_vco_route_entries;
pub(crate) mod route;

pub use route::RouteFields;
