//! The rules that check a new IPsec connection against its gateway: the connection quota, BGP
//! tunnel CIDRs already in use, and the policy routes its subnet pairs would add.

use crate::messages::message;
use crate::model::diagnostic::Diagnostic;
use crate::model::routes::{NewConnection, Quotas};
use crate::model::rule::{declare_rule, ErrorCode};
use ipnet::Ipv4Net;

declare_rule! {
    /// The gateway would have more IPsec connections than its quota (10 by default, a setting).
    pub CONNECTION_QUOTA {
        id: "connection-quota",
        severity: Error,
        fields: ["VpnGatewayId"],
        code: ErrorCode::Api("Resource.QuotaFull"),
    }
}

declare_rule! {
    /// A BGP `TunnelCidr` is already used by another connection of the same gateway.
    pub TUNNEL_CIDR_IN_USE {
        id: "tunnel-cidr-in-use",
        severity: Error,
        fields: ["BgpConfig.TunnelCidr", "TunnelOptionsSpecification.N.TunnelBgpConfig.TunnelCidr"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// A new connection in protected-data-flow mode would add one policy route per
    /// `LocalSubnet` x `RemoteSubnet` pair, pushing the gateway past its policy-route quota.
    pub CONNECTION_POLICY_ROUTE_QUOTA {
        id: "connection-policy-route-quota",
        severity: Error,
        fields: ["LocalSubnet", "RemoteSubnet"],
        code: ErrorCode::Api("QuotaExceeded.PolicyBasedRoute"),
    }
}

/// Checks a new connection against the gateway: the connection quota, BGP tunnel CIDRs
/// already in use, and the policy routes its subnet pairs would add.
pub fn check_new_connection(
    request: &NewConnection,
    existing_connections: usize,
    tunnel_cidrs_in_use: &[Ipv4Net],
    policy_routes: usize,
    quotas: &Quotas,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if existing_connections >= quotas.connections {
        found.push(CONNECTION_QUOTA.on(
            "VpnGatewayId",
            message!(
                "connection-quota",
                count = existing_connections,
                quota = quotas.connections
            ),
        ));
    }
    for (path, net) in &request.tunnel_cidrs {
        if tunnel_cidrs_in_use.contains(net) {
            found.push(TUNNEL_CIDR_IN_USE.on(path, message!("tunnel-cidr-in-use", block = net)));
        }
    }
    let added = request.policy_routes_added;
    if added > 0 && policy_routes + added > quotas.policy_routes {
        found.push(CONNECTION_POLICY_ROUTE_QUOTA.on(
            "LocalSubnet",
            message!(
                "connection-policy-route-quota",
                local = request.local_subnets,
                remote = request.remote_subnets,
                added = added,
                existing = policy_routes,
                quota = quotas.policy_routes
            ),
        ));
    }
    found
}
