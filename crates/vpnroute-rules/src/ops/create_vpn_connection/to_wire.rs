//! Writing a CreateVpnConnection back to wire parameters, its configs as JSON text.

use super::configs::{BgpConfig, HealthCheckConfig, IkeConfig, IpsecConfig};
use super::CreateVpnConnection;
use crate::model::json::{write_object, JsonScalar};
use crate::model::wire::WireParams;
use crate::ops::route_fields::push_optional;
use ipnet::Ipv4Net;

/// The wire parameters that send `request`, as the SDKs write them.
pub(super) fn to_wire(request: &CreateVpnConnection) -> WireParams {
    let mut p = WireParams::new();
    p.push("RegionId", &request.region_id);
    p.push("VpnGatewayId", &request.vpn_gateway_id);
    push_optional(
        &mut p,
        "CustomerGatewayId",
        request.customer_gateway_id.as_deref(),
    );
    push_optional(&mut p, "Name", request.name.as_deref());
    p.push("LocalSubnet", join(&request.local_subnet));
    p.push("RemoteSubnet", join(&request.remote_subnet));
    for (key, flag) in [
        ("EffectImmediately", request.effect_immediately),
        ("AutoConfigRoute", request.auto_config_route),
        ("EnableDpd", request.enable_dpd),
        ("EnableNatTraversal", request.enable_nat_traversal),
        ("EnableTunnelsBgp", request.enable_tunnels_bgp),
    ] {
        push_optional(&mut p, key, flag.map(bool_text));
    }
    push_optional(
        &mut p,
        "IkeConfig",
        request
            .ike_config
            .as_ref()
            .map(|c| write_object(&ike_entries(c)))
            .as_deref(),
    );
    push_optional(
        &mut p,
        "IpsecConfig",
        request
            .ipsec_config
            .as_ref()
            .map(|c| write_object(&ipsec_entries(c)))
            .as_deref(),
    );
    push_optional(
        &mut p,
        "BgpConfig",
        request
            .bgp_config
            .as_ref()
            .map(|c| write_object(&bgp_entries(c)))
            .as_deref(),
    );
    push_optional(
        &mut p,
        "HealthCheckConfig",
        request
            .health_check_config
            .as_ref()
            .map(|c| write_object(&health_check_entries(c)))
            .as_deref(),
    );
    push_optional(
        &mut p,
        "RemoteCaCertificate",
        request.remote_ca_certificate.as_deref(),
    );
    for (i, tag) in request.tags.iter().enumerate() {
        p.push(format!("Tags.{}.Key", i + 1), &tag.key);
        push_optional(
            &mut p,
            &format!("Tags.{}.Value", i + 1),
            tag.value.as_deref(),
        );
    }
    for (i, tunnel) in request.tunnel_options_specification.iter().enumerate() {
        let at = format!("TunnelOptionsSpecification.{}", i + 1);
        p.push(
            format!("{at}.CustomerGatewayId"),
            &tunnel.customer_gateway_id,
        );
        p.push(format!("{at}.Role"), &tunnel.role);
        push_optional(
            &mut p,
            &format!("{at}.EnableDpd"),
            tunnel.enable_dpd.map(bool_text),
        );
        push_optional(
            &mut p,
            &format!("{at}.EnableNatTraversal"),
            tunnel.enable_nat_traversal.map(bool_text),
        );
        push_optional(
            &mut p,
            &format!("{at}.RemoteCaCertificate"),
            tunnel.remote_ca_certificate.as_deref(),
        );
        let objects = [
            (
                "TunnelIkeConfig",
                tunnel.tunnel_ike_config.as_ref().map(ike_entries),
            ),
            (
                "TunnelIpsecConfig",
                tunnel.tunnel_ipsec_config.as_ref().map(ipsec_entries),
            ),
            (
                "TunnelBgpConfig",
                tunnel.tunnel_bgp_config.as_ref().map(bgp_entries),
            ),
        ];
        for (object, entries) in objects {
            for (key, value) in entries.unwrap_or_default() {
                p.push(format!("{at}.{object}.{key}"), value.as_text());
            }
        }
    }
    if request.dry_run {
        p.push("DryRun", "true");
    }
    push_optional(&mut p, "ClientToken", request.client_token.as_deref());
    p
}
fn bool_text(flag: bool) -> &'static str {
    if flag {
        "true"
    } else {
        "false"
    }
}

fn join(nets: &[Ipv4Net]) -> String {
    nets.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn text(value: &Option<String>) -> Option<JsonScalar> {
    value.clone().map(JsonScalar::Text)
}

fn number(value: Option<u32>) -> Option<JsonScalar> {
    value.map(|n| JsonScalar::Number(n.to_string()))
}

fn entries(pairs: Vec<(&'static str, Option<JsonScalar>)>) -> Vec<(&'static str, JsonScalar)> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

fn ike_entries(c: &IkeConfig) -> Vec<(&'static str, JsonScalar)> {
    entries(vec![
        ("Psk", text(&c.psk)),
        ("IkeVersion", text(&c.ike_version)),
        ("IkeMode", text(&c.ike_mode)),
        ("IkeEncAlg", text(&c.ike_enc_alg)),
        ("IkeAuthAlg", text(&c.ike_auth_alg)),
        ("IkePfs", text(&c.ike_pfs)),
        ("IkeLifetime", number(c.ike_lifetime)),
        ("LocalId", text(&c.local_id)),
        ("RemoteId", text(&c.remote_id)),
    ])
}

fn ipsec_entries(c: &IpsecConfig) -> Vec<(&'static str, JsonScalar)> {
    entries(vec![
        ("IpsecEncAlg", text(&c.ipsec_enc_alg)),
        ("IpsecAuthAlg", text(&c.ipsec_auth_alg)),
        ("IpsecPfs", text(&c.ipsec_pfs)),
        ("IpsecLifetime", number(c.ipsec_lifetime)),
    ])
}

fn bgp_entries(c: &BgpConfig) -> Vec<(&'static str, JsonScalar)> {
    entries(vec![
        ("EnableBgp", c.enable_bgp.map(JsonScalar::Bool)),
        ("LocalAsn", number(c.local_asn)),
        (
            "TunnelCidr",
            c.tunnel_cidr.map(|n| JsonScalar::Text(n.to_string())),
        ),
        (
            "LocalBgpIp",
            c.local_bgp_ip.map(|ip| JsonScalar::Text(ip.to_string())),
        ),
    ])
}

fn health_check_entries(c: &HealthCheckConfig) -> Vec<(&'static str, JsonScalar)> {
    entries(vec![
        ("enable", c.enable.map(JsonScalar::Bool)),
        ("dip", c.dip.map(|ip| JsonScalar::Text(ip.to_string()))),
        ("sip", c.sip.map(|ip| JsonScalar::Text(ip.to_string()))),
        ("interval", number(c.interval)),
        ("retry", number(c.retry)),
    ])
}
