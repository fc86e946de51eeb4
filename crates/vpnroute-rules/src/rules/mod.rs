//! Every rule, one module per family. A rule is its metadata (declared with its docs) plus a
//! plain check function beside it.

pub mod cidr;
pub mod connection;
pub mod ids;
pub mod request;
pub mod route_entry;
pub mod table;
pub mod text;
