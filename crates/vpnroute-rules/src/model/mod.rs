//! The engine's data: wire parameters, field specs, diagnostics and rule metadata, routes,
//! gateway facts and table snapshots, intents, and the CIDR and JSON helpers. No rule decides here.

pub mod diagnostic;
pub mod field;
pub mod gateway;
pub mod intent;
pub mod json;
pub mod net;
pub mod routes;
pub mod rule;
pub mod snapshot;
pub mod wire;
