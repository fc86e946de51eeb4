//! Every rule, one module per family. A rule's declaration (with its docs) and the code that
//! decides it are in the same file; field rules and table rules alike.

pub mod cidr;
pub mod connection;
pub mod destination_routes;
pub mod gateway_connections;
pub mod ids;
pub mod intents;
pub mod policy_routes;
pub mod request;
pub mod route_changes;
pub mod route_entry;
pub mod text;
