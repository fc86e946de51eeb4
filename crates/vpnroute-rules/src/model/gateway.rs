//! What is known about the gateway (or connection) a request goes to.

use serde::{Deserialize, Serialize};

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
