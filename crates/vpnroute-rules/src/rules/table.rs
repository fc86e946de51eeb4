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
