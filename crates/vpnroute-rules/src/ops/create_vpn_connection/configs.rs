//! The typed settings of a connection: its JSON configs, tags and tunnels.

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// Phase 1 settings; every key optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IkeConfig {
    pub psk: Option<String>,
    pub ike_version: Option<String>,
    pub ike_mode: Option<String>,
    pub ike_enc_alg: Option<String>,
    pub ike_auth_alg: Option<String>,
    pub ike_pfs: Option<String>,
    pub ike_lifetime: Option<u32>,
    pub local_id: Option<String>,
    pub remote_id: Option<String>,
}

/// Phase 2 settings; every key optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpsecConfig {
    pub ipsec_enc_alg: Option<String>,
    pub ipsec_auth_alg: Option<String>,
    pub ipsec_pfs: Option<String>,
    pub ipsec_lifetime: Option<u32>,
}

/// BGP settings; `enable_bgp` is absent inside a tunnel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BgpConfig {
    pub enable_bgp: Option<bool>,
    pub local_asn: Option<u32>,
    pub tunnel_cidr: Option<Ipv4Net>,
    pub local_bgp_ip: Option<Ipv4Addr>,
}

/// Health check settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheckConfig {
    pub enable: Option<bool>,
    pub dip: Option<Ipv4Addr>,
    pub sip: Option<Ipv4Addr>,
    pub interval: Option<u32>,
    pub retry: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    pub value: Option<String>,
}

/// One tunnel of a dual-tunnel connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TunnelOptions {
    pub customer_gateway_id: String,
    /// `master` or `slave`.
    pub role: String,
    pub enable_dpd: Option<bool>,
    pub enable_nat_traversal: Option<bool>,
    pub remote_ca_certificate: Option<String>,
    pub tunnel_ike_config: Option<IkeConfig>,
    pub tunnel_ipsec_config: Option<IpsecConfig>,
    pub tunnel_bgp_config: Option<BgpConfig>,
}
