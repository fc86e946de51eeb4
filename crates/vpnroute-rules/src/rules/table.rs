//! Rules that compare a new route with the routes already there, and with each other.

use crate::registry::{declare_rule, ErrorCode};

declare_rule! {
    /// A route with the same destination and the same next hop already exists.
    ///
    /// ## Why
    /// A destination route is identified by (RouteDest, NextHop); the service refuses a second
    /// one whatever its weight.
    pub ROUTE_DUPLICATE {
        id: "route-duplicate",
        severity: Error,
        fields: ["RouteDest", "NextHop"],
        code: ErrorCode::Api("VpnRouteEntry.AlreadyExists"),
    }
}

declare_rule! {
    /// Routes to the same destination break the active/standby pairing: they need different
    /// next hops and different weights, so at most one active (100) and one standby (0).
    ///
    /// ## Example
    /// Two routes to `10.0.0.0/24`, both with weight 100.
    pub ROUTE_PAIRING {
        id: "route-pairing",
        severity: Error,
        fields: ["RouteDest", "Weight"],
        code: ErrorCode::Api("VpnRouteEntry.BackupRoute"),
    }
}

declare_rule! {
    /// `NextHop` is not a connection of this gateway.
    ///
    /// Checked only when the gateway's connections are known.
    pub ROUTE_UNKNOWN_NEXT_HOP {
        id: "route-unknown-next-hop",
        severity: Error,
        fields: ["NextHop"],
        code: ErrorCode::Api("InvalidNextHop.NotFound"),
    }
}

declare_rule! {
    /// The gateway would have more destination routes than its quota (20 by default, a setting).
    pub ROUTE_QUOTA {
        id: "route-quota",
        severity: Error,
        fields: ["RouteDest"],
        code: ErrorCode::Api("CreateDbrRoutesQuotaFull.QuotaFull"),
    }
}

declare_rule! {
    /// An IPsec connection would have more routes than its quota (20 by default, a setting;
    /// the documents give no number, so vpnroute assumes the destination-route quota).
    pub VCO_ROUTE_QUOTA {
        id: "vco-route-quota",
        severity: Error,
        fields: ["RouteDest"],
        code: ErrorCode::Api("Resource.QuotaFull"),
    }
}

declare_rule! {
    /// A policy route with the same source, destination and next hop already exists.
    pub POLICY_ROUTE_DUPLICATE {
        id: "policy-route-duplicate",
        severity: Error,
        fields: ["RouteSource", "RouteDest", "NextHop"],
        code: ErrorCode::Api("VpnRouteEntry.AlreadyExists"),
    }
}

declare_rule! {
    /// A policy route with the same source, destination and weight already exists.
    ///
    /// ## Why
    /// Two policies for one flow form an active/standby pair only with weights 100 and 0.
    pub POLICY_ROUTE_WEIGHT_CONFLICT {
        id: "policy-route-weight-conflict",
        severity: Error,
        fields: ["RouteSource", "RouteDest", "Weight"],
        code: ErrorCode::Api("VpnRouteEntry.SrcDestWeightConflict"),
    }
}

declare_rule! {
    /// Two policy routes of the same priority overlap: their sources overlap and their
    /// destinations overlap. Only the exact active/standby pair (same source and destination)
    /// may share a priority.
    ///
    /// ## Example
    /// `10.0.0.0/16 -> 172.16.0.0/12` and `10.0.1.0/24 -> 172.16.5.0/24`, both priority 10.
    pub POLICY_ROUTE_PRIORITY_OVERLAP {
        id: "policy-route-priority-overlap",
        severity: Error,
        fields: ["RouteSource", "RouteDest", "Priority"],
        code: ErrorCode::Api("VpnRouteEntry.SamePriorityPbrRoutePrefixOverlap"),
    }
}

declare_rule! {
    /// The gateway would have more policy routes than its quota (20 by default, a setting).
    pub POLICY_ROUTE_QUOTA {
        id: "policy-route-quota",
        severity: Error,
        fields: ["RouteSource", "RouteDest"],
        code: ErrorCode::Api("CreatePbrRoutesQuotaFull.QuotaFull"),
    }
}

declare_rule! {
    /// A policy route can never match: routes matched before it (smaller priority, or the same
    /// priority and created earlier) cover its whole source x destination space.
    pub POLICY_ROUTE_SHADOWED {
        id: "policy-route-shadowed",
        severity: Warning,
        fields: ["RouteSource", "RouteDest", "Priority"],
        code: ErrorCode::None,
    }
}

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
