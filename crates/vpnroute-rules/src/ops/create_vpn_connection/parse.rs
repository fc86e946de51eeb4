//! Reading a CreateVpnConnection: each JSON config, tag and tunnel in a scope of its own.
//! What is valid is decided by the rules in `rules::connection`.

use super::configs::{BgpConfig, HealthCheckConfig, IkeConfig, IpsecConfig, Tag, TunnelOptions};
use super::fields::*;
use super::CreateVpnConnection;
use crate::model::diagnostic::{Diagnostic, Parsed};
use crate::model::field::{common, FieldSpec};
use crate::model::gateway::GatewayFacts;
use crate::model::wire::WirePairs;
use crate::ops::reader::Reader;
use crate::ops::Context;
use crate::rules::connection;
use crate::rules::{ids, request, text};
use ipnet::Ipv4Net;

fn read_ike(r: &mut Reader<'_>) -> IkeConfig {
    let spec = |name| in_keys(IKE_KEYS, name);
    IkeConfig {
        psk: r
            .checked(spec("Psk"), connection::check_psk)
            .map(str::to_owned),
        ike_version: r.one_of(spec("IkeVersion")).map(str::to_owned),
        ike_mode: r.one_of(spec("IkeMode")).map(str::to_owned),
        ike_enc_alg: r.one_of(spec("IkeEncAlg")).map(str::to_owned),
        ike_auth_alg: r.one_of(spec("IkeAuthAlg")).map(str::to_owned),
        ike_pfs: r.one_of(spec("IkePfs")).map(str::to_owned),
        ike_lifetime: r.integer(spec("IkeLifetime")).map(|n| n as u32),
        local_id: r
            .checked(spec("LocalId"), connection::check_ike_id)
            .map(str::to_owned),
        remote_id: r
            .checked(spec("RemoteId"), connection::check_ike_id)
            .map(str::to_owned),
    }
}

fn read_ipsec(r: &mut Reader<'_>) -> IpsecConfig {
    let spec = |name| in_keys(IPSEC_KEYS, name);
    IpsecConfig {
        ipsec_enc_alg: r.one_of(spec("IpsecEncAlg")).map(str::to_owned),
        ipsec_auth_alg: r.one_of(spec("IpsecAuthAlg")).map(str::to_owned),
        ipsec_pfs: r.one_of(spec("IpsecPfs")).map(str::to_owned),
        ipsec_lifetime: r.integer(spec("IpsecLifetime")).map(|n| n as u32),
    }
}

fn read_bgp(r: &mut Reader<'_>, with_enable: bool) -> BgpConfig {
    let enable_bgp = if with_enable {
        r.boolean(in_keys(BGP_KEYS, "EnableBgp"))
    } else {
        None
    };
    let local_asn = r.parsed(&LOCAL_ASN, connection::check_asn);
    let tunnel_cidr = r.cidr(&TUNNEL_CIDR);
    let tunnel_cidr = match tunnel_cidr {
        Some(net) => {
            let found: Vec<Diagnostic> =
                connection::check_tunnel_cidr(&r.path(TUNNEL_CIDR.name), &net)
                    .into_iter()
                    .collect();
            r.also(Some(net), found)
        }
        None => None,
    };
    let local_bgp_ip = r.ipv4(&LOCAL_BGP_IP);
    if let (Some(ip), Some(net)) = (local_bgp_ip, tunnel_cidr) {
        if let Some(d) = connection::check_bgp_ip(&r.path(LOCAL_BGP_IP.name), ip, &net) {
            r.push(d);
        }
    }
    BgpConfig {
        enable_bgp,
        local_asn,
        tunnel_cidr,
        local_bgp_ip,
    }
}

fn read_health_check(r: &mut Reader<'_>) -> HealthCheckConfig {
    let spec = |name| in_keys(HEALTH_CHECK_KEYS, name);
    let config = HealthCheckConfig {
        enable: r.boolean(spec("enable")),
        dip: r.ipv4(spec("dip")),
        sip: r.ipv4(spec("sip")),
        interval: r.integer(spec("interval")).map(|n| n as u32),
        retry: r.integer(spec("retry")).map(|n| n as u32),
    };
    let missing: Vec<String> = ["dip", "sip"]
        .into_iter()
        .filter(|name| !r.has(name))
        .map(|name| r.path(name).into_owned())
        .collect();
    r.absorb(connection::check_health_check_addresses(
        config.enable,
        &missing,
    ));
    config
}

/// Reads a JSON config field with `read`, in a scope of its own keys.
fn read_json<T>(
    r: &mut Reader<'_>,
    spec: &FieldSpec,
    read: impl FnOnce(&mut Reader<'_>) -> T,
) -> Option<T> {
    let keys = r.json(spec)?;
    let pairs = keys.pairs();
    let mut scope = r.over(&pairs, spec.name);
    let value = read(&mut scope);
    r.absorb(scope.finish(spec.children()));
    Some(value)
}

/// Reads a nested object of a tunnel when any of its keys is present.
fn read_object<T>(
    r: &mut Reader<'_>,
    name: &str,
    read: impl FnOnce(&mut Reader<'_>) -> T,
) -> Option<T> {
    let prefix = format!("{name}.");
    let present = r.has_prefix(&prefix);
    if !present {
        return None;
    }
    let mut scope = r.scope(&prefix);
    let value = read(&mut scope);
    r.absorb(scope.finish(field(name).children()));
    Some(value)
}

fn read_tags(r: &mut Reader<'_>) -> Vec<Tag> {
    let indexes = r.list_indexes("Tags");
    r.absorb(connection::check_tag_count(indexes.len()));
    let mut tags = Vec::new();
    for index in indexes {
        let mut scope = r.scope(&format!("Tags.{index}."));
        let key_path = scope.path("Key");
        let tag_key = match scope.raw(TAG_FIELDS[0]) {
            Some(k) => connection::check_tag_key(&key_path, k).map_or_else(
                || Some(k.to_owned()),
                |d| {
                    scope.push(d);
                    None
                },
            ),
            None => None,
        };
        let value_path = scope.path("Value");
        let value = scope.raw(TAG_FIELDS[1]).map(str::to_owned);
        if let Some(d) = value
            .as_deref()
            .and_then(|v| connection::check_tag_value(&value_path, v))
        {
            scope.push(d);
        }
        r.absorb(scope.finish(TAG_FIELDS));
        if let Some(key) = tag_key {
            tags.push(Tag { key, value });
        }
    }
    tags
}

fn read_tunnels(r: &mut Reader<'_>, facts: &GatewayFacts) -> Vec<TunnelOptions> {
    let indexes = r.list_indexes("TunnelOptionsSpecification");
    r.absorb(connection::check_tunnel_count(indexes.len()));
    let mut tunnels = Vec::new();
    let mut roles = Vec::new();
    let mut cidrs: Vec<(String, Ipv4Net)> = Vec::new();
    for index in indexes {
        let mut scope = r.scope(&format!("TunnelOptionsSpecification.{index}."));
        let customer_gateway_id = scope.id(
            field("CustomerGatewayId"),
            &ids::CUSTOMER_GATEWAY_ID_MALFORMED,
        );
        let customer_gateway_id = if scope.has("CustomerGatewayId") {
            customer_gateway_id
        } else {
            scope.require("CustomerGatewayId");
            None
        };
        let role = scope.one_of(field("Role"));
        let enable_dpd = scope.boolean(&ENABLE_DPD);
        let enable_nat_traversal = scope.boolean(&ENABLE_NAT_TRAVERSAL);
        let remote_ca_certificate = read_certificate(&mut scope, facts);
        let tunnel_ike_config = read_object(&mut scope, "TunnelIkeConfig", read_ike);
        let tunnel_ipsec_config = read_object(&mut scope, "TunnelIpsecConfig", read_ipsec);
        let tunnel_bgp_config = read_object(&mut scope, "TunnelBgpConfig", |s| read_bgp(s, false));
        if let Some(net) = tunnel_bgp_config.as_ref().and_then(|b| b.tunnel_cidr) {
            cidrs.push((scope.path("TunnelBgpConfig.TunnelCidr").into_owned(), net));
        }
        roles.push((scope.path("Role").into_owned(), role.map(str::to_owned)));
        r.absorb(scope.finish(TUNNEL_FIELDS));
        if let (Some(customer_gateway_id), Some(role)) = (customer_gateway_id, role) {
            tunnels.push(TunnelOptions {
                customer_gateway_id: customer_gateway_id.to_owned(),
                role: role.to_owned(),
                enable_dpd,
                enable_nat_traversal,
                remote_ca_certificate,
                tunnel_ike_config,
                tunnel_ipsec_config,
                tunnel_bgp_config,
            });
        }
    }
    r.absorb(connection::check_tunnel_roles(&roles));
    r.absorb(connection::check_tunnel_cidrs_differ(&cidrs));
    tunnels
}

fn read_certificate(r: &mut Reader<'_>, facts: &GatewayFacts) -> Option<String> {
    let value = r.raw(&REMOTE_CA_CERTIFICATE)?;
    let found: Vec<Diagnostic> =
        connection::check_certificate(&r.path(REMOTE_CA_CERTIFICATE.name), value, facts)
            .into_iter()
            .collect();
    r.also(Some(value.to_owned()), found)
}

/// Reads a request, checking every field rule.
pub(super) fn read(params: &WirePairs<'_>, context: &Context<'_>) -> Parsed<CreateVpnConnection> {
    let (facts, quotas) = (&context.facts, context.quotas);
    let mut r = Reader::new(params);
    let region_id = r.checked(&common::REGION_ID, request::check_region_id);
    let vpn_gateway_id = r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
    let dual = r.has_prefix("TunnelOptionsSpecification.");
    let customer_gateway_id = r.id(&CUSTOMER_GATEWAY_ID, &ids::CUSTOMER_GATEWAY_ID_MALFORMED);
    let mode_found = connection::check_tunnel_mode(dual, facts);
    let mode_refused = !mode_found.is_empty();
    r.absorb(mode_found);
    if !dual && !mode_refused && !r.has("CustomerGatewayId") {
        r.require("CustomerGatewayId");
    }
    if dual {
        let given: Vec<&str> = connection::SINGLE_TUNNEL_ONLY
            .into_iter()
            .filter(|n| r.has(n))
            .collect();
        r.absorb(connection::check_single_tunnel_fields_ignored(&given));
    }
    let name = r.text(field("Name"));
    if let Some(name) = &name {
        if let Some(d) = text::check_legacy_name("Name", name) {
            r.push(d);
        }
    }
    let local_subnet = read_subnets(&mut r, "LocalSubnet", quotas.subnets_per_side);
    let remote_subnet = read_subnets(&mut r, "RemoteSubnet", quotas.subnets_per_side);
    let effect_immediately = r.boolean(field("EffectImmediately"));
    let auto_config_route = r.boolean(field("AutoConfigRoute"));
    let enable_dpd = r.boolean(&ENABLE_DPD);
    let enable_nat_traversal = r.boolean(&ENABLE_NAT_TRAVERSAL);
    let enable_tunnels_bgp = r.boolean(field("EnableTunnelsBgp"));
    let ike_config = read_json(&mut r, &IKE_CONFIG, read_ike);
    let ipsec_config = read_json(&mut r, &IPSEC_CONFIG, read_ipsec);
    let bgp_config = read_json(&mut r, &BGP_CONFIG, |s| read_bgp(s, true));
    let health_check_config = read_json(&mut r, &HEALTH_CHECK_CONFIG, read_health_check);
    let remote_ca_certificate = read_certificate(&mut r, facts);
    let tags = read_tags(&mut r);
    let tunnel_options_specification = if dual {
        read_tunnels(&mut r, facts)
    } else {
        Vec::new()
    };
    let dry_run = r.boolean(&common::DRY_RUN);
    let client_token = r.checked(&common::CLIENT_TOKEN, request::check_client_token);
    r.conclude(FIELDS, || {
        Some(CreateVpnConnection {
            region_id: region_id?.to_owned(),
            vpn_gateway_id: vpn_gateway_id?.to_owned(),
            customer_gateway_id: customer_gateway_id.map(str::to_owned),
            name: name.map(str::to_owned),
            local_subnet: local_subnet?,
            remote_subnet: remote_subnet?,
            effect_immediately,
            auto_config_route,
            enable_dpd,
            enable_nat_traversal,
            enable_tunnels_bgp,
            ike_config,
            ipsec_config,
            bgp_config,
            health_check_config,
            remote_ca_certificate,
            tags,
            tunnel_options_specification,
            dry_run: dry_run.unwrap_or(false),
            client_token: client_token.map(str::to_owned),
        })
    })
}

fn read_subnets(r: &mut Reader<'_>, name: &str, max_count: usize) -> Option<Vec<Ipv4Net>> {
    let value = r.raw(field(name))?;
    let (nets, found) = connection::check_subnets(name, value, max_count);
    r.also(nets, found)
}
