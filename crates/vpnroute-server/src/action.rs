//! The actions this server answers: every operation of the engine, and the reads the console
//! needs to show state, which the engine does not model. The proxy forwards these and nothing
//! else.

use crate::error::ApiError;
use axum::http::StatusCode;
use std::fmt;
use vpnroute_rules::ops::{Operation, TargetKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// An operation of the engine: read, checked and answered by its module.
    Operation(Operation),
    Server(ServerAction),
}

/// The reads the engine does not model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServerAction {
    DescribeVpnGateways,
    DescribeVpnGateway,
    DescribeVpnConnections,
    DescribeVpnConnection,
    DescribeCustomerGateways,
    DescribeVpnRouteEntries,
    DescribeVpnPbrRouteEntries,
}

impl ServerAction {
    pub const ALL: &'static [ServerAction] = &[
        ServerAction::DescribeVpnGateways,
        ServerAction::DescribeVpnGateway,
        ServerAction::DescribeVpnConnections,
        ServerAction::DescribeVpnConnection,
        ServerAction::DescribeCustomerGateways,
        ServerAction::DescribeVpnRouteEntries,
        ServerAction::DescribeVpnPbrRouteEntries,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ServerAction::DescribeVpnGateways => "DescribeVpnGateways",
            ServerAction::DescribeVpnGateway => "DescribeVpnGateway",
            ServerAction::DescribeVpnConnections => "DescribeVpnConnections",
            ServerAction::DescribeVpnConnection => "DescribeVpnConnection",
            ServerAction::DescribeCustomerGateways => "DescribeCustomerGateways",
            ServerAction::DescribeVpnRouteEntries => "DescribeVpnRouteEntries",
            ServerAction::DescribeVpnPbrRouteEntries => "DescribeVpnPbrRouteEntries",
        }
    }

    /// What the read is about.
    fn target_kind(self) -> TargetKind {
        match self {
            ServerAction::DescribeVpnConnection => TargetKind::Connection,
            _ => TargetKind::Gateway,
        }
    }
}

impl Action {
    /// Every action answered: the engine's operations, then the server's own.
    pub fn all() -> impl Iterator<Item = Action> {
        Operation::ALL
            .iter()
            .map(|&op| Action::Operation(op))
            .chain(ServerAction::ALL.iter().map(|&a| Action::Server(a)))
    }

    pub fn name(self) -> &'static str {
        match self {
            Action::Operation(op) => op.name(),
            Action::Server(action) => action.name(),
        }
    }

    /// Whether the action changes a gateway or connection (and so must wait its turn).
    pub fn is_write(self) -> bool {
        match self {
            Action::Operation(op) => op.is_write(),
            Action::Server(_) => false,
        }
    }

    /// Whether the action works on a gateway or on a connection.
    pub fn target_kind(self) -> TargetKind {
        match self {
            Action::Operation(op) => op.target_kind(),
            Action::Server(action) => action.target_kind(),
        }
    }

    pub fn parse(name: &str) -> Result<Action, ApiError> {
        Action::all().find(|a| a.name() == name).ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "InvalidAction.NotFound",
                format!(
                    "{name:?} is not an action this endpoint answers. It answers: {}.",
                    Action::all()
                        .map(|a| a.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
