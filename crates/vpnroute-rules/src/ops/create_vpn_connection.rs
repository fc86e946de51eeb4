//! CreateVpnConnection: creates an IPsec connection on a VPN gateway, single-tunnel (one
//! customer gateway and JSON configs) or dual-tunnel (two `TunnelOptionsSpecification` items).

use crate::diagnostic::{Diagnostic, Parsed, Severity};
use crate::field::{common, FieldKind, FieldSpec};
use crate::json::{write_object, JsonScalar};
use crate::ops::route::push_optional;
use crate::read::Reader;
use crate::rules::connection::{
    self, CONNECTION_TUNNEL_MODE, HEALTH_CHECK_ADDRESS_MISSING, TAG_COUNT, TUNNEL_CIDR_REPEATED,
    TUNNEL_COUNT, TUNNEL_ROLES,
};
use crate::rules::{ids, request, text};
use crate::table::Quotas;
use crate::wire::{WirePairs, WireParams};
use crate::GatewayFacts;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

static ENCRYPTION: &[&str] = &["aes", "aes192", "aes256", "des", "3des"];
static AUTHENTICATION: &[&str] = &["md5", "sha1", "sha256", "sha384", "sha512"];
static DH_GROUPS: &[&str] = &["group1", "group2", "group5", "group14"];
static IPSEC_DH_GROUPS: &[&str] = &["disabled", "group1", "group2", "group5", "group14"];
const LIFETIME: FieldKind = FieldKind::Integer { min: 0, max: 86400 };

const fn key(
    name: &'static str,
    kind: FieldKind,
    help: &'static str,
    example: &'static str,
) -> FieldSpec {
    FieldSpec::new(name, kind, help, example)
}

/// Phase 1 (IKE) settings: the keys of `IkeConfig` and of each tunnel's `TunnelIkeConfig`.
pub static IKE_KEYS: &[&FieldSpec] = &[
    &key(
        "Psk",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "Pre-shared key: 1 to 100 printable ASCII characters, no spaces. Generated when left out.",
        "k3y-Ex4mple",
    ),
    &key(
        "IkeVersion",
        FieldKind::OneOf {
            values: &["ikev1", "ikev2"],
        },
        "IKE protocol version.",
        "ikev2",
    )
    .default_value("ikev1"),
    &key(
        "IkeMode",
        FieldKind::OneOf {
            values: &["main", "aggressive"],
        },
        "Negotiation mode.",
        "main",
    )
    .default_value("main"),
    &key(
        "IkeEncAlg",
        FieldKind::OneOf { values: ENCRYPTION },
        "Phase 1 encryption.",
        "aes256",
    )
    .default_value("aes"),
    &key(
        "IkeAuthAlg",
        FieldKind::OneOf {
            values: AUTHENTICATION,
        },
        "Phase 1 authentication.",
        "sha256",
    )
    .default_value("md5"),
    &key(
        "IkePfs",
        FieldKind::OneOf { values: DH_GROUPS },
        "Phase 1 Diffie-Hellman group.",
        "group14",
    )
    .default_value("group2"),
    &key(
        "IkeLifetime",
        LIFETIME,
        "Phase 1 SA lifetime in seconds, 0 to 86400.",
        "86400",
    )
    .default_value("86400"),
    &key(
        "LocalId",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "Our identifier; up to 100 characters, no spaces. Defaults to the tunnel address.",
        "47.100.0.1",
    ),
    &key(
        "RemoteId",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "The peer's identifier; up to 100 characters, no spaces.",
        "203.0.113.10",
    ),
];

/// Phase 2 (IPsec) settings: the keys of `IpsecConfig` and `TunnelIpsecConfig`.
pub static IPSEC_KEYS: &[&FieldSpec] = &[
    &key(
        "IpsecEncAlg",
        FieldKind::OneOf { values: ENCRYPTION },
        "Phase 2 encryption.",
        "aes256",
    )
    .default_value("aes"),
    &key(
        "IpsecAuthAlg",
        FieldKind::OneOf {
            values: AUTHENTICATION,
        },
        "Phase 2 authentication.",
        "sha256",
    )
    .default_value("md5"),
    &key(
        "IpsecPfs",
        FieldKind::OneOf {
            values: IPSEC_DH_GROUPS,
        },
        "Phase 2 Diffie-Hellman group, or disabled.",
        "group14",
    )
    .default_value("group2"),
    &key(
        "IpsecLifetime",
        LIFETIME,
        "Phase 2 SA lifetime in seconds, 0 to 86400.",
        "3600",
    )
    .default_value("86400"),
];

static LOCAL_ASN: FieldSpec = key(
    "LocalAsn",
    FieldKind::Asn,
    "Our BGP AS number, 1 to 4294967295 (or asdot a.b).",
    "65530",
)
.default_value("45104");
static TUNNEL_CIDR: FieldSpec = key(
    "TunnelCidr",
    FieldKind::Cidr,
    "A /30 inside 169.254.0.0/16, not one of the reserved blocks.",
    "169.254.10.0/30",
);
static LOCAL_BGP_IP: FieldSpec = key(
    "LocalBgpIp",
    FieldKind::Ipv4,
    "Our BGP address: a host address of TunnelCidr.",
    "169.254.10.1",
);

/// The keys of `BgpConfig` (single-tunnel).
pub static BGP_KEYS: &[&FieldSpec] = &[
    &key(
        "EnableBgp",
        FieldKind::Boolean,
        "Whether the connection runs BGP.",
        "true",
    )
    .default_value("false"),
    &LOCAL_ASN,
    &TUNNEL_CIDR,
    &LOCAL_BGP_IP,
];

/// The keys of each tunnel's `TunnelBgpConfig` (BGP is switched on by `EnableTunnelsBgp`).
pub static TUNNEL_BGP_KEYS: &[&FieldSpec] = &[&LOCAL_ASN, &TUNNEL_CIDR, &LOCAL_BGP_IP];

/// The keys of `HealthCheckConfig` (lower-case on the wire).
pub static HEALTH_CHECK_KEYS: &[&FieldSpec] = &[
    &key(
        "enable",
        FieldKind::Boolean,
        "Whether health checks run.",
        "true",
    )
    .default_value("false"),
    &key(
        "dip",
        FieldKind::Ipv4,
        "Destination address probed; required when enabled.",
        "192.168.10.1",
    ),
    &key(
        "sip",
        FieldKind::Ipv4,
        "Source address of the probes; required when enabled.",
        "10.10.1.1",
    ),
    &key(
        "interval",
        FieldKind::Integer {
            min: 1,
            max: i32::MAX as i64,
        },
        "Seconds between probes.",
        "3",
    )
    .default_value("3"),
    &key(
        "retry",
        FieldKind::Integer {
            min: 1,
            max: i32::MAX as i64,
        },
        "Failed probes before the link counts as down.",
        "3",
    )
    .default_value("3"),
];

static CUSTOMER_GATEWAY_ID: FieldSpec = key(
    "CustomerGatewayId",
    FieldKind::Id { prefix: "cgw-" },
    "The customer gateway (cgw-...) at the other end; required for single-tunnel connections.",
    "cgw-p0w2jemrcj5u61un80001",
);
static ENABLE_DPD: FieldSpec = key(
    "EnableDpd",
    FieldKind::Boolean,
    "Dead peer detection.",
    "true",
)
.default_value("true");
static ENABLE_NAT_TRAVERSAL: FieldSpec = key(
    "EnableNatTraversal",
    FieldKind::Boolean,
    "NAT traversal.",
    "true",
)
.default_value("true");
static REMOTE_CA_CERTIFICATE: FieldSpec = key(
    "RemoteCaCertificate",
    FieldKind::Certificate,
    "The peer's CA certificate in PEM form; ShangMi (SM) gateways only.",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
);

/// The fields of one `Tags.N` item.
pub static TAG_FIELDS: &[&FieldSpec] = &[
    &key(
        "Key",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 64,
        },
        "1 to 64 characters; not starting with aliyun or acs:.",
        "env",
    )
    .required(),
    &key(
        "Value",
        FieldKind::Text {
            min_chars: 0,
            max_chars: 128,
        },
        "Up to 128 characters.",
        "production",
    ),
];

/// The fields of one `TunnelOptionsSpecification.N` item.
pub static TUNNEL_FIELDS: &[&FieldSpec] = &[
    &CUSTOMER_GATEWAY_ID.required(),
    &key(
        "Role",
        FieldKind::OneOf {
            values: &["master", "slave"],
        },
        "master for the active tunnel, slave for the standby.",
        "master",
    ),
    &ENABLE_DPD,
    &ENABLE_NAT_TRAVERSAL,
    &REMOTE_CA_CERTIFICATE,
    &key(
        "TunnelIkeConfig",
        FieldKind::Object { fields: IKE_KEYS },
        "Phase 1 settings of this tunnel.",
        "",
    ),
    &key(
        "TunnelIpsecConfig",
        FieldKind::Object { fields: IPSEC_KEYS },
        "Phase 2 settings of this tunnel.",
        "",
    ),
    &key(
        "TunnelBgpConfig",
        FieldKind::Object {
            fields: TUNNEL_BGP_KEYS,
        },
        "BGP settings of this tunnel.",
        "",
    ),
];

const fn json(
    name: &'static str,
    keys: &'static [&'static FieldSpec],
    help: &'static str,
    example: &'static str,
) -> FieldSpec {
    FieldSpec::new(name, FieldKind::Json { keys }, help, example)
}

pub static IKE_CONFIG: FieldSpec = json(
    "IkeConfig",
    IKE_KEYS,
    "Phase 1 settings as a JSON object (single-tunnel).",
    r#"{"IkeVersion":"ikev2","IkeLifetime":86400}"#,
);
pub static IPSEC_CONFIG: FieldSpec = json(
    "IpsecConfig",
    IPSEC_KEYS,
    "Phase 2 settings as a JSON object (single-tunnel).",
    r#"{"IpsecEncAlg":"aes256","IpsecPfs":"group14"}"#,
);
pub static BGP_CONFIG: FieldSpec = json(
    "BgpConfig",
    BGP_KEYS,
    "BGP settings as a JSON object (single-tunnel).",
    r#"{"EnableBgp":true,"LocalAsn":65530,"TunnelCidr":"169.254.11.0/30","LocalBgpIp":"169.254.11.1"}"#,
);
pub static HEALTH_CHECK_CONFIG: FieldSpec = json(
    "HealthCheckConfig",
    HEALTH_CHECK_KEYS,
    "Health check settings as a JSON object with lower-case keys (single-tunnel).",
    r#"{"enable":true,"dip":"192.168.10.1","sip":"10.10.1.1"}"#,
);

const fn subnet(name: &'static str, help: &'static str, example: &'static str) -> FieldSpec {
    FieldSpec::new(name, FieldKind::CidrList, help, example).required()
}

/// Every wire field, in the order a form shows them.
pub static FIELDS: &[&FieldSpec] = &[
    &common::REGION_ID,
    &common::VPN_GATEWAY_ID,
    &CUSTOMER_GATEWAY_ID,
    &key("Name", FieldKind::Text { min_chars: 1, max_chars: 100 }, "1 to 100 characters; it may not begin with http:// or https://.", "branch-office"),
    &subnet("LocalSubnet", "VPC-side CIDR blocks, comma separated. 0.0.0.0/0 on both sides selects destination routing.", "10.10.1.0/24,10.10.2.0/24"),
    &subnet("RemoteSubnet", "On-premises CIDR blocks, comma separated.", "10.10.3.0/24,10.10.4.0/24"),
    &key("EffectImmediately", FieldKind::Boolean, "Negotiate at once instead of on the first traffic.", "false").default_value("false"),
    &key("AutoConfigRoute", FieldKind::Boolean, "Add the routes the connection needs automatically.", "true").default_value("true"),
    &ENABLE_DPD,
    &ENABLE_NAT_TRAVERSAL,
    &key("EnableTunnelsBgp", FieldKind::Boolean, "Run BGP on both tunnels (dual-tunnel).", "false").default_value("false"),
    &IKE_CONFIG,
    &IPSEC_CONFIG,
    &BGP_CONFIG,
    &HEALTH_CHECK_CONFIG,
    &REMOTE_CA_CERTIFICATE,
    &key("Tags", FieldKind::List { max_items: 20, item: TAG_FIELDS }, "Up to 20 tags.", ""),
    &key(
        "TunnelOptionsSpecification",
        FieldKind::List { max_items: 2, item: TUNNEL_FIELDS },
        "The two tunnels of a dual-tunnel connection (sent in the form body).",
        "",
    ),
    &common::DRY_RUN,
    &common::CLIENT_TOKEN,
    &common::ACCOUNT[0],
    &common::ACCOUNT[1],
    &common::ACCOUNT[2],
    &common::ACCOUNT[3],
];

fn field(name: &str) -> &'static FieldSpec {
    FIELDS
        .iter()
        .chain(TUNNEL_FIELDS)
        .find(|f| f.name == name)
        .expect("a declared field")
}

fn in_keys(keys: &'static [&'static FieldSpec], name: &str) -> &'static FieldSpec {
    keys.iter()
        .find(|f| f.name == name)
        .expect("a declared key")
}

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

/// A valid CreateVpnConnection request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnConnection {
    pub region_id: String,
    pub vpn_gateway_id: String,
    pub customer_gateway_id: Option<String>,
    pub name: Option<String>,
    pub local_subnet: Vec<Ipv4Net>,
    pub remote_subnet: Vec<Ipv4Net>,
    pub effect_immediately: Option<bool>,
    pub auto_config_route: Option<bool>,
    pub enable_dpd: Option<bool>,
    pub enable_nat_traversal: Option<bool>,
    pub enable_tunnels_bgp: Option<bool>,
    pub ike_config: Option<IkeConfig>,
    pub ipsec_config: Option<IpsecConfig>,
    pub bgp_config: Option<BgpConfig>,
    pub health_check_config: Option<HealthCheckConfig>,
    pub remote_ca_certificate: Option<String>,
    pub tags: Vec<Tag>,
    pub tunnel_options_specification: Vec<TunnelOptions>,
    pub dry_run: bool,
    pub client_token: Option<String>,
}

/// The service's answer to CreateVpnConnection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnConnectionResponse {
    pub request_id: String,
    pub vpn_connection_id: String,
    pub name: String,
    pub create_time: u64,
}

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
    if config.enable == Some(true) {
        for name in ["dip", "sip"] {
            if !r.has(name) {
                let path = r.path(name);
                r.push(HEALTH_CHECK_ADDRESS_MISSING.on(
                    &path,
                    format!("Health checks are enabled, so {path} is required."),
                ));
            }
        }
    }
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
    if indexes.len() > 20 {
        r.push(TAG_COUNT.on(
            "Tags",
            format!("{} tags are given; at most 20 are allowed.", indexes.len()),
        ));
    }
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
    if indexes.len() != 2 {
        r.push(TUNNEL_COUNT.on(
            "TunnelOptionsSpecification",
            format!(
                "A dual-tunnel connection has exactly two tunnels; {} are given.",
                indexes.len()
            ),
        ));
    }
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
        roles.push((scope.path("Role"), role.map(str::to_owned)));
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
    let has = |wanted: &str| {
        roles
            .iter()
            .any(|(_, role)| role.as_deref() == Some(wanted))
    };
    let roles_read = roles.iter().all(|(_, role)| role.is_some());
    if roles.len() == 2 && roles_read && !(has("master") && has("slave")) {
        let (path, _) = &roles[1];
        r.push(TUNNEL_ROLES.on(
            path,
            "The two tunnels need the roles master and slave, one each.",
        ));
    }
    if let [(_, first), (path, second)] = cidrs.as_slice() {
        if first == second {
            r.push(TUNNEL_CIDR_REPEATED.on(
                path,
                format!("Both tunnels use TunnelCidr {first}; each tunnel needs its own /30."),
            ));
        }
    }
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

/// Fields that only single-tunnel connections use; a dual-tunnel request ignores them.
const SINGLE_TUNNEL_ONLY: [&str; 7] = [
    "CustomerGatewayId",
    "IkeConfig",
    "IpsecConfig",
    "BgpConfig",
    "HealthCheckConfig",
    "EnableDpd",
    "EnableNatTraversal",
];

impl CreateVpnConnection {
    /// Reads a request from its wire parameters with the default quotas.
    pub fn parse(params: &WireParams, facts: &GatewayFacts) -> Parsed<Self> {
        Self::parse_pairs(&params.pairs(), facts, &Quotas::default())
    }

    /// Reads a request from its wire parameters, checking every field rule.
    pub fn parse_with_quotas(
        params: &WireParams,
        facts: &GatewayFacts,
        quotas: &Quotas,
    ) -> Parsed<Self> {
        Self::parse_pairs(&params.pairs(), facts, quotas)
    }

    /// [`Self::parse_with_quotas`] of borrowed parameters.
    pub fn parse_pairs(
        params: &WirePairs<'_>,
        facts: &GatewayFacts,
        quotas: &Quotas,
    ) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let region_id = r.checked(&common::REGION_ID, request::check_region_id);
        let vpn_gateway_id = r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED);
        let dual = r.has_prefix("TunnelOptionsSpecification.");
        let customer_gateway_id = r.id(&CUSTOMER_GATEWAY_ID, &ids::CUSTOMER_GATEWAY_ID_MALFORMED);
        match (dual, facts.tunnel_mode) {
            (true, Some(crate::TunnelMode::Single)) => r.push(CONNECTION_TUNNEL_MODE.on(
                "TunnelOptionsSpecification",
                "This gateway is single-tunnel: give CustomerGatewayId and the JSON configs instead of TunnelOptionsSpecification.",
            )),
            (false, Some(crate::TunnelMode::Dual)) => r.push(CONNECTION_TUNNEL_MODE.on(
                "TunnelOptionsSpecification",
                "This gateway is dual-tunnel: describe both tunnels in TunnelOptionsSpecification.1 and .2.",
            )),
            (false, _) if !r.has("CustomerGatewayId") => r.require("CustomerGatewayId"),
            _ => {}
        }
        if dual {
            let ignored: Vec<&str> = SINGLE_TUNNEL_ONLY
                .into_iter()
                .filter(|n| r.has(n))
                .collect();
            for name in ignored {
                r.push(
                    CONNECTION_TUNNEL_MODE
                        .on(name, format!("{name} applies to single-tunnel connections; with TunnelOptionsSpecification it is ignored."))
                        .with_severity(Severity::Warning),
                );
            }
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

    /// Both subnets are exactly 0.0.0.0/0: the connection routes by destination, and adds no
    /// policy routes.
    pub fn is_destination_routing(&self) -> bool {
        let any = |list: &[Ipv4Net]| list.len() == 1 && list[0].prefix_len() == 0;
        any(&self.local_subnet) && any(&self.remote_subnet)
    }

    /// How many policy routes the service adds for this connection: one per subnet pair, in
    /// protected-data-flow mode with automatic routes.
    pub fn policy_routes_added(&self) -> usize {
        if self.is_destination_routing() || self.auto_config_route == Some(false) {
            0
        } else {
            self.local_subnet.len() * self.remote_subnet.len()
        }
    }

    /// The BGP tunnel CIDRs this connection would use.
    pub fn tunnel_cidrs(&self) -> Vec<(String, Ipv4Net)> {
        let mut cidrs: Vec<(String, Ipv4Net)> = self
            .bgp_config
            .iter()
            .filter_map(|b| b.tunnel_cidr)
            .map(|n| ("BgpConfig.TunnelCidr".to_owned(), n))
            .collect();
        for (i, tunnel) in self.tunnel_options_specification.iter().enumerate() {
            if let Some(net) = tunnel
                .tunnel_bgp_config
                .as_ref()
                .and_then(|b| b.tunnel_cidr)
            {
                cidrs.push((
                    format!(
                        "TunnelOptionsSpecification.{}.TunnelBgpConfig.TunnelCidr",
                        i + 1
                    ),
                    net,
                ));
            }
        }
        cidrs
    }

    /// The wire parameters that send this request, as the SDKs write them.
    pub fn to_wire(&self) -> WireParams {
        let mut p = WireParams::new();
        p.push("RegionId", &self.region_id);
        p.push("VpnGatewayId", &self.vpn_gateway_id);
        push_optional(
            &mut p,
            "CustomerGatewayId",
            self.customer_gateway_id.as_deref(),
        );
        push_optional(&mut p, "Name", self.name.as_deref());
        p.push("LocalSubnet", join(&self.local_subnet));
        p.push("RemoteSubnet", join(&self.remote_subnet));
        for (key, flag) in [
            ("EffectImmediately", self.effect_immediately),
            ("AutoConfigRoute", self.auto_config_route),
            ("EnableDpd", self.enable_dpd),
            ("EnableNatTraversal", self.enable_nat_traversal),
            ("EnableTunnelsBgp", self.enable_tunnels_bgp),
        ] {
            push_optional(&mut p, key, flag.map(bool_text));
        }
        push_optional(
            &mut p,
            "IkeConfig",
            self.ike_config
                .as_ref()
                .map(|c| write_object(&ike_entries(c)))
                .as_deref(),
        );
        push_optional(
            &mut p,
            "IpsecConfig",
            self.ipsec_config
                .as_ref()
                .map(|c| write_object(&ipsec_entries(c)))
                .as_deref(),
        );
        push_optional(
            &mut p,
            "BgpConfig",
            self.bgp_config
                .as_ref()
                .map(|c| write_object(&bgp_entries(c)))
                .as_deref(),
        );
        push_optional(
            &mut p,
            "HealthCheckConfig",
            self.health_check_config
                .as_ref()
                .map(|c| write_object(&health_check_entries(c)))
                .as_deref(),
        );
        push_optional(
            &mut p,
            "RemoteCaCertificate",
            self.remote_ca_certificate.as_deref(),
        );
        for (i, tag) in self.tags.iter().enumerate() {
            p.push(format!("Tags.{}.Key", i + 1), &tag.key);
            push_optional(
                &mut p,
                &format!("Tags.{}.Value", i + 1),
                tag.value.as_deref(),
            );
        }
        for (i, tunnel) in self.tunnel_options_specification.iter().enumerate() {
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
        if self.dry_run {
            p.push("DryRun", "true");
        }
        push_optional(&mut p, "ClientToken", self.client_token.as_deref());
        p
    }
}

fn read_subnets(r: &mut Reader<'_>, name: &str, max_count: usize) -> Option<Vec<Ipv4Net>> {
    let value = r.raw(field(name))?;
    let (nets, found) = connection::check_subnets(name, value, max_count);
    r.also(nets, found)
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
