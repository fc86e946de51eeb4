//! vpnroute-rules: the one source of truth for what a valid VPN Gateway route request is.
//!
//! Everything here is pure: no I/O, no clock, no randomness, no wasm or HTTP types. The web
//! console, the npm package and the server's emulator all call these functions.
//!
//! Layers, each using only those below it: `messages` (every sentence shown, one catalog per
//! language), `model` (data, no rules), `analysis` (algorithms that know no rule), `rules`
//! (each rule's declaration and decision), `ops` (one module per operation), and the calls on
//! top: `plan`, `actions`, `impact`, `intents`, `snippet`, `export`, `registry`, `codes`,
//! `complete_read`. `lookup` (which route a packet takes) is part of `analysis`, re-exported
//! here.

// A check's failure is its `Diagnostic`, by design; boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

pub mod actions;
mod analysis;
pub mod codes;
pub mod complete_read;
pub mod impact;
pub mod intents;
pub use analysis::lookup;
pub mod export;
pub mod messages;
pub mod model;
pub mod ops;
pub mod plan;
#[cfg(feature = "plan-files")]
pub mod plan_file;
pub mod registry;
pub mod rules;
pub mod snippet;

pub use messages::Lang;
pub use model::diagnostic::{Diagnostic, Parsed, Severity};
pub use model::field::{FieldKind, FieldSpec};
pub use model::gateway::{GatewayFacts, TunnelMode};
pub use model::routes::{DestinationRoute, EntryRef, PolicyRoute, Quotas, TableFinding, Weight};
pub use model::rule::RuleMeta;
pub use model::snapshot::{ConnectionSnapshot, GatewaySnapshot, TableSnapshot};
pub use model::wire::{WirePairs, WireParams};
pub use ops::{Operation, Request, TableEffect, Target};
pub use plan::{check_plan, check_request, end_state, Checked, PlanFinding, PlanRequest};
pub use registry::RULES;

/// The TypeScript declarations of every type the npm package's main module takes or returns,
/// generated from these Rust types (`cargo xtask codegen` writes them into the wasm facade).
#[cfg(feature = "ts")]
pub fn typescript_declarations() -> String {
    use ts_rs::TS;
    let config = ts_config();
    declarations_text(&[
        Severity::decl(&config),
        Lang::decl(&config),
        Diagnostic::decl(&config),
        FieldKind::decl(&config),
        FieldSpec::decl(&config),
        TunnelMode::decl(&config),
        GatewayFacts::decl(&config),
        DestinationRoute::decl(&config),
        PolicyRoute::decl(&config),
        model::routes::RouteType::decl(&config),
        model::routes::PublishedRoute::decl(&config),
        EntryRef::decl(&config),
        Quotas::decl(&config),
        GatewaySnapshot::decl(&config),
        ConnectionSnapshot::decl(&config),
        TableSnapshot::decl(&config),
        PlanFinding::decl(&config),
        lookup::BgpRoute::decl(&config),
        lookup::RouteTable::decl(&config),
        lookup::RouteKind::decl(&config),
        lookup::Lookup::decl(&config),
        model::wire::WireRequest::decl(&config),
        registry::RuleRow::decl(&config),
    ])
}

/// The TypeScript declarations that the npm package's analysis module adds: impact, failover
/// and intents.
#[cfg(feature = "ts")]
pub fn analysis_typescript_declarations() -> String {
    use ts_rs::TS;
    let config = ts_config();
    declarations_text(&[
        impact::Outcome::decl(&config),
        impact::AddressRange::decl(&config),
        impact::TrafficBlock::decl(&config),
        impact::TargetImpact::decl(&config),
        impact::ConnectionFailover::decl(&config),
        model::intent::Intent::decl(&config),
        intents::TableState::decl(&config),
        intents::IntentFinding::decl(&config),
    ])
}

/// The npm package hands integers to JS as numbers (JSON), not BigInts.
#[cfg(feature = "ts")]
fn ts_config() -> ts_rs::Config {
    ts_rs::Config::new().with_large_int("number")
}

#[cfg(feature = "ts")]
fn declarations_text(declarations: &[String]) -> String {
    let mut text =
        String::from("// Generated from the Rust types by `cargo xtask codegen`; do not edit.\n\n");
    for declaration in declarations {
        text.push_str("export ");
        text.push_str(declaration);
        text.push('\n');
    }
    text
}

/// Every field-rule diagnostic of one request, read against `facts` and the default quotas.
pub fn check(operation: Operation, params: &WireParams, facts: &GatewayFacts) -> Vec<Diagnostic> {
    check_pairs(operation, &params.pairs(), facts)
}

/// [`check`] of borrowed parameters.
pub fn check_pairs(
    operation: Operation,
    params: &WirePairs<'_>,
    facts: &GatewayFacts,
) -> Vec<Diagnostic> {
    let context = ops::Context {
        facts: *facts,
        quotas: &Quotas::default(),
    };
    operation.read(params, &context).diagnostics
}
