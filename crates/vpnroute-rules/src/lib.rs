//! vpnroute-rules: the one source of truth for what a valid VPN Gateway route request is.
//!
//! Everything here is pure: no I/O, no clock, no randomness, no wasm or HTTP types. The web
//! console, the npm package and the server's emulator all call these functions.

// A check's failure is its `Diagnostic`, by design; boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

pub mod codes;
pub mod diagnostic;
pub mod field;
pub mod json;
pub mod lookup;
pub mod net;
pub mod ops;
mod packed_sort;
mod parallel;
pub mod plan;
#[cfg(feature = "plan-files")]
pub mod plan_file;
mod prefix_index;
pub mod registry;
pub mod rules;
pub mod snippet;
pub mod table;
pub mod wire;

mod read;

pub use diagnostic::{Diagnostic, Parsed, Severity};
pub use field::{FieldKind, FieldSpec};
pub use registry::{RuleMeta, RULES};
pub use wire::{WirePairs, WireParams};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The weight of a route: the active route of a pair or its standby.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Weight {
    Standby,
    Active,
}

impl Weight {
    pub fn value(self) -> u8 {
        match self {
            Weight::Standby => 0,
            Weight::Active => 100,
        }
    }

    pub fn role(self) -> &'static str {
        match self {
            Weight::Standby => "standby",
            Weight::Active => "active",
        }
    }

    /// The weight the other route of a pair needs.
    pub fn other(self) -> Weight {
        match self {
            Weight::Standby => Weight::Active,
            Weight::Active => Weight::Standby,
        }
    }
}

impl From<Weight> for u8 {
    fn from(weight: Weight) -> u8 {
        weight.value()
    }
}

impl TryFrom<u8> for Weight {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, String> {
        match value {
            0 => Ok(Weight::Standby),
            100 => Ok(Weight::Active),
            other => Err(format!("weight {other} is neither 0 nor 100")),
        }
    }
}

/// Whether a gateway builds one tunnel per connection or an active/standby pair of tunnels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TunnelMode {
    Single,
    Dual,
}

/// What is known about the gateway (or, for vco routes, the connection) a request goes to;
/// some rules depend on it. `None` means unknown, which the rules read as: single-tunnel,
/// priorities supported, not ShangMi.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct GatewayFacts {
    pub tunnel_mode: Option<TunnelMode>,
    pub supports_priority: Option<bool>,
    pub shangmi: Option<bool>,
}

/// `VpnType` of a ShangMi (national cryptography standard) gateway in DescribeVpnGateway.
pub const SHANGMI_VPN_TYPE: &str = "NationalStandard";

/// `PbrPriority` of a gateway that takes no policy-route priorities. The service shows this
/// only by refusing priorities; vpnroute's emulator and console name it in DescribeVpnGateway.
pub const PBR_PRIORITY_NOT_SUPPORTED: &str = "NotSupported";
pub const PBR_PRIORITY_SUPPORTED: &str = "Supported";

impl GatewayFacts {
    /// The facts a DescribeVpnGateway answer shows: a disaster-recovery address means two
    /// tunnels per connection, [`SHANGMI_VPN_TYPE`] a ShangMi gateway, and `PbrPriority`
    /// (when present) whether policy-route priorities are taken.
    pub fn from_describe(
        disaster_recovery_internet_ip: &str,
        vpn_type: &str,
        pbr_priority: Option<&str>,
    ) -> Self {
        GatewayFacts {
            tunnel_mode: Some(if disaster_recovery_internet_ip.is_empty() {
                TunnelMode::Single
            } else {
                TunnelMode::Dual
            }),
            supports_priority: pbr_priority.map(|p| p != PBR_PRIORITY_NOT_SUPPORTED),
            shangmi: Some(vpn_type == SHANGMI_VPN_TYPE),
        }
    }

    pub fn is_dual_tunnel(&self) -> bool {
        self.tunnel_mode == Some(TunnelMode::Dual)
    }

    /// Known not to take policy-route priorities.
    pub fn lacks_priority(&self) -> bool {
        self.supports_priority == Some(false)
    }
}

/// The operations the engine knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Operation {
    CreateVpnRouteEntry,
    CreateVpnPbrRouteEntry,
    CreateVcoRouteEntry,
    DescribeVcoRouteEntries,
    CreateVpnConnection,
}

impl Operation {
    pub const ALL: &'static [Operation] = &[
        Operation::CreateVpnRouteEntry,
        Operation::CreateVpnPbrRouteEntry,
        Operation::CreateVcoRouteEntry,
        Operation::DescribeVcoRouteEntries,
        Operation::CreateVpnConnection,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Operation::CreateVpnRouteEntry => "CreateVpnRouteEntry",
            Operation::CreateVpnPbrRouteEntry => "CreateVpnPbrRouteEntry",
            Operation::CreateVcoRouteEntry => "CreateVcoRouteEntry",
            Operation::DescribeVcoRouteEntries => "DescribeVcoRouteEntries",
            Operation::CreateVpnConnection => "CreateVpnConnection",
        }
    }

    /// The operation's wire fields, in form order.
    pub fn fields(self) -> &'static [&'static FieldSpec] {
        match self {
            Operation::CreateVpnRouteEntry => ops::create_vpn_route_entry::FIELDS,
            Operation::CreateVpnPbrRouteEntry => ops::create_vpn_pbr_route_entry::FIELDS,
            Operation::CreateVcoRouteEntry => ops::create_vco_route_entry::FIELDS,
            Operation::DescribeVcoRouteEntries => ops::describe_vco_route_entries::FIELDS,
            Operation::CreateVpnConnection => ops::create_vpn_connection::FIELDS,
        }
    }

    /// Whether the operation changes the gateway (and so takes DryRun and ClientToken).
    pub fn is_write(self) -> bool {
        self != Operation::DescribeVcoRouteEntries
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An action name that is not one of [`Operation::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOperation(pub String);

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<_> = Operation::ALL.iter().map(|o| o.name()).collect();
        write!(
            f,
            "{} is not an operation vpnroute knows; it knows {}",
            diagnostic::Quoted(&self.0),
            known.join(", ")
        )
    }
}

impl FromStr for Operation {
    type Err = UnknownOperation;
    fn from_str(name: &str) -> Result<Self, UnknownOperation> {
        Operation::ALL
            .iter()
            .copied()
            .find(|o| o.name() == name)
            .ok_or_else(|| UnknownOperation(name.to_owned()))
    }
}

/// The TypeScript declarations of every type the npm package takes or returns, generated
/// from these Rust types (`cargo xtask codegen` writes them into the wasm facade).
#[cfg(feature = "ts")]
pub fn typescript_declarations() -> String {
    use ts_rs::{Config, TS};
    // The npm package hands integers to JS as numbers (JSON), not BigInts.
    let config = Config::new().with_large_int("number");
    let declarations = [
        Severity::decl(&config),
        Diagnostic::decl(&config),
        FieldKind::decl(&config),
        FieldSpec::decl(&config),
        TunnelMode::decl(&config),
        GatewayFacts::decl(&config),
        table::DestinationRoute::decl(&config),
        table::PolicyRoute::decl(&config),
        table::EntryRef::decl(&config),
        table::Quotas::decl(&config),
        plan::GatewaySnapshot::decl(&config),
        plan::ConnectionSnapshot::decl(&config),
        plan::TableSnapshot::decl(&config),
        plan::PlanFinding::decl(&config),
        lookup::BgpRoute::decl(&config),
        lookup::RouteTable::decl(&config),
        lookup::RouteKind::decl(&config),
        lookup::Lookup::decl(&config),
        wire::WireRequest::decl(&config),
        registry::RuleRow::decl(&config),
    ];
    let mut text =
        String::from("// Generated from the Rust types by `cargo xtask codegen`; do not edit.\n\n");
    for declaration in declarations {
        text.push_str("export ");
        text.push_str(&declaration);
        text.push('\n');
    }
    text
}

/// Every field-rule diagnostic of one request.
pub fn check(operation: Operation, params: &WireParams, facts: &GatewayFacts) -> Vec<Diagnostic> {
    check_pairs(operation, &params.pairs(), facts)
}

/// [`check`] of borrowed parameters.
pub fn check_pairs(
    operation: Operation,
    params: &WirePairs<'_>,
    facts: &GatewayFacts,
) -> Vec<Diagnostic> {
    use ops::*;
    match operation {
        Operation::CreateVpnRouteEntry => {
            create_vpn_route_entry::CreateVpnRouteEntry::parse_pairs(params, facts).diagnostics
        }
        Operation::CreateVpnPbrRouteEntry => {
            create_vpn_pbr_route_entry::CreateVpnPbrRouteEntry::parse_pairs(params, facts)
                .diagnostics
        }
        Operation::CreateVcoRouteEntry => {
            create_vco_route_entry::CreateVcoRouteEntry::parse_pairs(params, facts).diagnostics
        }
        Operation::DescribeVcoRouteEntries => {
            describe_vco_route_entries::DescribeVcoRouteEntries::parse_pairs(params).diagnostics
        }
        Operation::CreateVpnConnection => {
            create_vpn_connection::CreateVpnConnection::parse_pairs(
                params,
                facts,
                &table::Quotas::default(),
            )
            .diagnostics
        }
    }
}
