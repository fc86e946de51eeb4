//! Rules about CIDR blocks (`RouteDest`).

use crate::messages::message;
use crate::model::diagnostic::Quoted;
use crate::model::diagnostic::{Diagnostic, Severity};
use crate::model::gateway::GatewayFacts;
use crate::model::net::{overlaps, parse_cidr, SHARED_ADDRESS_SPACE};
use crate::model::rule::{declare_rule, ErrorCode};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

declare_rule! {
    /// A CIDR field is not an IPv4 block written `a.b.c.d/n`.
    ///
    /// ## Example
    /// `10.0.0.0`, `10.0.0.0/33`, `10.0.0/24`. A bare address gets `/32` as suggestion.
    pub CIDR_MALFORMED {
        id: "cidr-malformed",
        severity: Error,
        fields: ["RouteDest", "RouteSource", "BgpConfig.TunnelCidr"],
        code: ErrorCode::Api("InvalidCidrBlock.Malformed"),
    }
}

declare_rule! {
    /// A CIDR block has host bits set: the address is not the first address of the block.
    ///
    /// ## Why
    /// `10.0.0.1/24` means `10.0.0.0/24` to a router, but the service refuses it rather than guess.
    ///
    /// ## Example
    /// `10.0.0.1/24`; use `10.0.0.0/24`.
    pub CIDR_HOST_BITS {
        id: "cidr-host-bits",
        severity: Error,
        fields: ["RouteDest", "RouteSource", "BgpConfig.TunnelCidr"],
        code: ErrorCode::Api("InvalidCidrBlock.Malformed"),
    }
}

declare_rule! {
    /// `RouteDest` is `0.0.0.0/0`.
    ///
    /// ## Why
    /// Destination and vco routes may never be default routes. Policy routes may not be on
    /// single-tunnel gateways; on dual-tunnel gateways it is a warning.
    pub ROUTE_DEST_DEFAULT_ROUTE {
        id: "route-dest-default-route",
        severity: Error,
        fields: ["RouteDest"],
        code: ErrorCode::Api("IllegalParam.RouteDest"),
    }
}

declare_rule! {
    /// An address field is not an IPv4 address `a.b.c.d`.
    pub IPV4_MALFORMED {
        id: "ipv4-malformed",
        severity: Error,
        fields: ["BgpConfig.LocalBgpIp", "HealthCheckConfig.dip", "HealthCheckConfig.sip"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `RouteDest` overlaps 100.64.0.0/10: equal to it, inside it, or containing it.
    ///
    /// ## Why
    /// The gateway uses that block itself; routes into it break the status display and the
    /// negotiation of IPsec connections. An error on single-tunnel gateways, a warning on dual-tunnel ones.
    ///
    /// ## Example
    /// `100.64.1.0/24`, `100.0.0.0/8`.
    pub ROUTE_DEST_SHARED_ADDRESS_SPACE {
        id: "route-dest-shared-address-space",
        severity: Error,
        fields: ["RouteDest"],
        code: ErrorCode::Api("OperationFailed.InvalidCidrBlock"),
    }
}

/// Reads a CIDR field: malformed text and host bits are errors.
pub(crate) fn check_cidr(field: &str, value: &str) -> Result<Ipv4Net, Diagnostic> {
    let Some(net) = parse_cidr(value) else {
        let diagnostic =
            CIDR_MALFORMED.on(field, message!("cidr-malformed", value = Quoted(value)));
        return Err(match value.trim().parse::<Ipv4Addr>() {
            Ok(address) => diagnostic.with_suggestion(format!("{address}/32")),
            Err(_) => match parse_cidr(value.trim()) {
                Some(net) => diagnostic.with_suggestion(net.trunc().to_string()),
                None => diagnostic,
            },
        });
    };
    let network = net.trunc();
    if network != net {
        return Err(CIDR_HOST_BITS
            .on(
                field,
                message!("cidr-host-bits", value = value, start = network.addr()),
            )
            .with_suggestion(network.to_string()));
    }
    Ok(net)
}

pub(crate) fn check_ipv4(field: &str, value: &str) -> Result<Ipv4Addr, Diagnostic> {
    value.parse::<Ipv4Addr>().map_err(|_| {
        IPV4_MALFORMED.on(
            field,
            message!("ipv4-malformed", field = field, value = Quoted(value)),
        )
    })
}

/// Which kind of route a `RouteDest` belongs to; the default-route limit differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RouteKind {
    Destination,
    Policy,
    Vco,
}

/// The limits on where a route may point.
pub(crate) fn check_route_dest(
    field: &str,
    net: &Ipv4Net,
    kind: RouteKind,
    facts: &GatewayFacts,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if net.prefix_len() == 0 {
        let on = |message| ROUTE_DEST_DEFAULT_ROUTE.on(field, message);
        found.push(match kind {
            RouteKind::Destination => on(message!("route-dest-default-route")),
            RouteKind::Policy if facts.is_dual_tunnel() => {
                on(message!("route-dest-default-route.policy-dual-tunnel"))
                    .with_severity(Severity::Warning)
            }
            RouteKind::Policy => on(message!("route-dest-default-route.policy")),
            RouteKind::Vco => on(message!("route-dest-default-route.vco")),
        });
    } else if overlaps(net, &SHARED_ADDRESS_SPACE) {
        let diagnostic = ROUTE_DEST_SHARED_ADDRESS_SPACE.on(
            field,
            message!("route-dest-shared-address-space", block = net),
        );
        found.push(if facts.is_dual_tunnel() {
            diagnostic.with_severity(Severity::Warning)
        } else {
            diagnostic
        });
    }
    found
}
