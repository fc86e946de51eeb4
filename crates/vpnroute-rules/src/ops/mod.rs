//! The typed models of the VPN Gateway operations, with their wire fields.

pub mod create_vpn_route_entry;
