//! CreateVpnConnection's field catalogue: top-level fields, tunnel items, tags and the keys of
//! each JSON config.

use crate::model::field::{common, FieldKind, FieldSpec};

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

pub(super) static LOCAL_ASN: FieldSpec = key(
    "LocalAsn",
    FieldKind::Asn,
    "Our BGP AS number, 1 to 4294967295 (or asdot a.b).",
    "65530",
)
.default_value("45104");
pub(super) static TUNNEL_CIDR: FieldSpec = key(
    "TunnelCidr",
    FieldKind::Cidr,
    "A /30 inside 169.254.0.0/16, not one of the reserved blocks.",
    "169.254.10.0/30",
);
pub(super) static LOCAL_BGP_IP: FieldSpec = key(
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

pub(super) static CUSTOMER_GATEWAY_ID: FieldSpec = key(
    "CustomerGatewayId",
    FieldKind::Id { prefix: "cgw-" },
    "The customer gateway (cgw-...) at the other end; required for single-tunnel connections.",
    "cgw-p0w2jemrcj5u61un80001",
);
pub(super) static ENABLE_DPD: FieldSpec = key(
    "EnableDpd",
    FieldKind::Boolean,
    "Dead peer detection.",
    "true",
)
.default_value("true");
pub(super) static ENABLE_NAT_TRAVERSAL: FieldSpec = key(
    "EnableNatTraversal",
    FieldKind::Boolean,
    "NAT traversal.",
    "true",
)
.default_value("true");
pub(super) static REMOTE_CA_CERTIFICATE: FieldSpec = key(
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

pub(super) fn field(name: &str) -> &'static FieldSpec {
    FIELDS
        .iter()
        .chain(TUNNEL_FIELDS)
        .find(|f| f.name == name)
        .expect("a declared field")
}

pub(super) fn in_keys(keys: &'static [&'static FieldSpec], name: &str) -> &'static FieldSpec {
    keys.iter()
        .find(|f| f.name == name)
        .expect("a declared key")
}
