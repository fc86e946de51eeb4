//! The actions this server answers: the engine's five operations and the reads and deletes
//! the console needs to show and undo state. The proxy forwards these and nothing else.

use crate::error::ApiError;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use std::fmt;
use vpnroute_rules::Operation;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    CreateVpnRouteEntry,
    CreateVpnPbrRouteEntry,
    CreateVcoRouteEntry,
    DescribeVcoRouteEntries,
    CreateVpnConnection,
    DescribeVpnGateways,
    DescribeVpnGateway,
    DescribeVpnConnections,
    DescribeVpnConnection,
    DescribeCustomerGateways,
    DescribeVpnRouteEntries,
    DescribeVpnPbrRouteEntries,
    DeleteVpnRouteEntry,
    DeleteVpnPbrRouteEntry,
    DeleteVcoRouteEntry,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::CreateVpnRouteEntry,
        Action::CreateVpnPbrRouteEntry,
        Action::CreateVcoRouteEntry,
        Action::DescribeVcoRouteEntries,
        Action::CreateVpnConnection,
        Action::DescribeVpnGateways,
        Action::DescribeVpnGateway,
        Action::DescribeVpnConnections,
        Action::DescribeVpnConnection,
        Action::DescribeCustomerGateways,
        Action::DescribeVpnRouteEntries,
        Action::DescribeVpnPbrRouteEntries,
        Action::DeleteVpnRouteEntry,
        Action::DeleteVpnPbrRouteEntry,
        Action::DeleteVcoRouteEntry,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Action::CreateVpnRouteEntry => "CreateVpnRouteEntry",
            Action::CreateVpnPbrRouteEntry => "CreateVpnPbrRouteEntry",
            Action::CreateVcoRouteEntry => "CreateVcoRouteEntry",
            Action::DescribeVcoRouteEntries => "DescribeVcoRouteEntries",
            Action::CreateVpnConnection => "CreateVpnConnection",
            Action::DescribeVpnGateways => "DescribeVpnGateways",
            Action::DescribeVpnGateway => "DescribeVpnGateway",
            Action::DescribeVpnConnections => "DescribeVpnConnections",
            Action::DescribeVpnConnection => "DescribeVpnConnection",
            Action::DescribeCustomerGateways => "DescribeCustomerGateways",
            Action::DescribeVpnRouteEntries => "DescribeVpnRouteEntries",
            Action::DescribeVpnPbrRouteEntries => "DescribeVpnPbrRouteEntries",
            Action::DeleteVpnRouteEntry => "DeleteVpnRouteEntry",
            Action::DeleteVpnPbrRouteEntry => "DeleteVpnPbrRouteEntry",
            Action::DeleteVcoRouteEntry => "DeleteVcoRouteEntry",
        }
    }

    /// The engine operation behind this action, for the five the engine models.
    pub fn operation(self) -> Option<Operation> {
        Operation::ALL
            .iter()
            .copied()
            .find(|op| op.name() == self.name())
    }

    /// Whether the action changes a gateway or connection (and so must wait its turn).
    pub fn is_write(self) -> bool {
        self.name().starts_with("Create") || self.name().starts_with("Delete")
    }

    pub fn parse(name: &str) -> Result<Action, ApiError> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == name)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "InvalidAction.NotFound",
                    format!(
                        "{name:?} is not an action this endpoint answers. It answers: {}.",
                        Action::ALL
                            .iter()
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
