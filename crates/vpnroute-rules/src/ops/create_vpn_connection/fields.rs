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
        "field.CreateVpnConnection.IkeConfig.Psk",
        "k3y-Ex4mple",
    ),
    &key(
        "IkeVersion",
        FieldKind::OneOf {
            values: &["ikev1", "ikev2"],
        },
        "field.CreateVpnConnection.IkeConfig.IkeVersion",
        "ikev2",
    )
    .default_value("ikev1"),
    &key(
        "IkeMode",
        FieldKind::OneOf {
            values: &["main", "aggressive"],
        },
        "field.CreateVpnConnection.IkeConfig.IkeMode",
        "main",
    )
    .default_value("main"),
    &key(
        "IkeEncAlg",
        FieldKind::OneOf { values: ENCRYPTION },
        "field.CreateVpnConnection.IkeConfig.IkeEncAlg",
        "aes256",
    )
    .default_value("aes"),
    &key(
        "IkeAuthAlg",
        FieldKind::OneOf {
            values: AUTHENTICATION,
        },
        "field.CreateVpnConnection.IkeConfig.IkeAuthAlg",
        "sha256",
    )
    .default_value("md5"),
    &key(
        "IkePfs",
        FieldKind::OneOf { values: DH_GROUPS },
        "field.CreateVpnConnection.IkeConfig.IkePfs",
        "group14",
    )
    .default_value("group2"),
    &key(
        "IkeLifetime",
        LIFETIME,
        "field.CreateVpnConnection.IkeConfig.IkeLifetime",
        "86400",
    )
    .default_value("86400"),
    &key(
        "LocalId",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "field.CreateVpnConnection.IkeConfig.LocalId",
        "47.100.0.1",
    ),
    &key(
        "RemoteId",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "field.CreateVpnConnection.IkeConfig.RemoteId",
        "203.0.113.10",
    ),
];

/// Phase 2 (IPsec) settings: the keys of `IpsecConfig` and `TunnelIpsecConfig`.
pub static IPSEC_KEYS: &[&FieldSpec] = &[
    &key(
        "IpsecEncAlg",
        FieldKind::OneOf { values: ENCRYPTION },
        "field.CreateVpnConnection.IpsecConfig.IpsecEncAlg",
        "aes256",
    )
    .default_value("aes"),
    &key(
        "IpsecAuthAlg",
        FieldKind::OneOf {
            values: AUTHENTICATION,
        },
        "field.CreateVpnConnection.IpsecConfig.IpsecAuthAlg",
        "sha256",
    )
    .default_value("md5"),
    &key(
        "IpsecPfs",
        FieldKind::OneOf {
            values: IPSEC_DH_GROUPS,
        },
        "field.CreateVpnConnection.IpsecConfig.IpsecPfs",
        "group14",
    )
    .default_value("group2"),
    &key(
        "IpsecLifetime",
        LIFETIME,
        "field.CreateVpnConnection.IpsecConfig.IpsecLifetime",
        "3600",
    )
    .default_value("86400"),
];

pub(super) static LOCAL_ASN: FieldSpec = key(
    "LocalAsn",
    FieldKind::Asn,
    "field.CreateVpnConnection.BgpConfig.LocalAsn",
    "65530",
)
.default_value("45104");
pub(super) static TUNNEL_CIDR: FieldSpec = key(
    "TunnelCidr",
    FieldKind::Cidr,
    "field.CreateVpnConnection.BgpConfig.TunnelCidr",
    "169.254.10.0/30",
);
pub(super) static LOCAL_BGP_IP: FieldSpec = key(
    "LocalBgpIp",
    FieldKind::Ipv4,
    "field.CreateVpnConnection.BgpConfig.LocalBgpIp",
    "169.254.10.1",
);

/// The keys of `BgpConfig` (single-tunnel).
pub static BGP_KEYS: &[&FieldSpec] = &[
    &key(
        "EnableBgp",
        FieldKind::Boolean,
        "field.CreateVpnConnection.BgpConfig.EnableBgp",
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
        "field.CreateVpnConnection.HealthCheckConfig.enable",
        "true",
    )
    .default_value("false"),
    &key(
        "dip",
        FieldKind::Ipv4,
        "field.CreateVpnConnection.HealthCheckConfig.dip",
        "192.168.10.1",
    ),
    &key(
        "sip",
        FieldKind::Ipv4,
        "field.CreateVpnConnection.HealthCheckConfig.sip",
        "10.10.1.1",
    ),
    &key(
        "interval",
        FieldKind::Integer {
            min: 1,
            max: i32::MAX as i64,
        },
        "field.CreateVpnConnection.HealthCheckConfig.interval",
        "3",
    )
    .default_value("3"),
    &key(
        "retry",
        FieldKind::Integer {
            min: 1,
            max: i32::MAX as i64,
        },
        "field.CreateVpnConnection.HealthCheckConfig.retry",
        "3",
    )
    .default_value("3"),
];

pub(super) static CUSTOMER_GATEWAY_ID: FieldSpec = key(
    "CustomerGatewayId",
    FieldKind::Id { prefix: "cgw-" },
    "field.CreateVpnConnection.CustomerGatewayId",
    "cgw-p0w2jemrcj5u61un80001",
);
pub(super) static ENABLE_DPD: FieldSpec = key(
    "EnableDpd",
    FieldKind::Boolean,
    "field.CreateVpnConnection.EnableDpd",
    "true",
)
.default_value("true");
pub(super) static ENABLE_NAT_TRAVERSAL: FieldSpec = key(
    "EnableNatTraversal",
    FieldKind::Boolean,
    "field.CreateVpnConnection.EnableNatTraversal",
    "true",
)
.default_value("true");
pub(super) static REMOTE_CA_CERTIFICATE: FieldSpec = key(
    "RemoteCaCertificate",
    FieldKind::Certificate,
    "field.CreateVpnConnection.RemoteCaCertificate",
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
        "field.CreateVpnConnection.Tags.Key",
        "env",
    )
    .required(),
    &key(
        "Value",
        FieldKind::Text {
            min_chars: 0,
            max_chars: 128,
        },
        "field.CreateVpnConnection.Tags.Value",
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
        "field.CreateVpnConnection.TunnelOptionsSpecification.Role",
        "master",
    ),
    &ENABLE_DPD,
    &ENABLE_NAT_TRAVERSAL,
    &REMOTE_CA_CERTIFICATE,
    &key(
        "TunnelIkeConfig",
        FieldKind::Object { fields: IKE_KEYS },
        "field.CreateVpnConnection.TunnelOptionsSpecification.TunnelIkeConfig",
        "",
    ),
    &key(
        "TunnelIpsecConfig",
        FieldKind::Object { fields: IPSEC_KEYS },
        "field.CreateVpnConnection.TunnelOptionsSpecification.TunnelIpsecConfig",
        "",
    ),
    &key(
        "TunnelBgpConfig",
        FieldKind::Object {
            fields: TUNNEL_BGP_KEYS,
        },
        "field.CreateVpnConnection.TunnelOptionsSpecification.TunnelBgpConfig",
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
    "field.CreateVpnConnection.IkeConfig",
    r#"{"IkeVersion":"ikev2","IkeLifetime":86400}"#,
);
pub static IPSEC_CONFIG: FieldSpec = json(
    "IpsecConfig",
    IPSEC_KEYS,
    "field.CreateVpnConnection.IpsecConfig",
    r#"{"IpsecEncAlg":"aes256","IpsecPfs":"group14"}"#,
);
pub static BGP_CONFIG: FieldSpec = json(
    "BgpConfig",
    BGP_KEYS,
    "field.CreateVpnConnection.BgpConfig",
    r#"{"EnableBgp":true,"LocalAsn":65530,"TunnelCidr":"169.254.11.0/30","LocalBgpIp":"169.254.11.1"}"#,
);
pub static HEALTH_CHECK_CONFIG: FieldSpec = json(
    "HealthCheckConfig",
    HEALTH_CHECK_KEYS,
    "field.CreateVpnConnection.HealthCheckConfig",
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
    &key(
        "Name",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "field.CreateVpnConnection.Name",
        "branch-office",
    ),
    &subnet(
        "LocalSubnet",
        "field.CreateVpnConnection.LocalSubnet",
        "10.10.1.0/24,10.10.2.0/24",
    ),
    &subnet(
        "RemoteSubnet",
        "field.CreateVpnConnection.RemoteSubnet",
        "10.10.3.0/24,10.10.4.0/24",
    ),
    &key(
        "EffectImmediately",
        FieldKind::Boolean,
        "field.CreateVpnConnection.EffectImmediately",
        "false",
    )
    .default_value("false"),
    &key(
        "AutoConfigRoute",
        FieldKind::Boolean,
        "field.CreateVpnConnection.AutoConfigRoute",
        "true",
    )
    .default_value("true"),
    &ENABLE_DPD,
    &ENABLE_NAT_TRAVERSAL,
    &key(
        "EnableTunnelsBgp",
        FieldKind::Boolean,
        "field.CreateVpnConnection.EnableTunnelsBgp",
        "false",
    )
    .default_value("false"),
    &IKE_CONFIG,
    &IPSEC_CONFIG,
    &BGP_CONFIG,
    &HEALTH_CHECK_CONFIG,
    &REMOTE_CA_CERTIFICATE,
    &key(
        "Tags",
        FieldKind::List {
            max_items: 20,
            item: TAG_FIELDS,
        },
        "field.CreateVpnConnection.Tags",
        "",
    ),
    &key(
        "TunnelOptionsSpecification",
        FieldKind::List {
            max_items: 2,
            item: TUNNEL_FIELDS,
        },
        "field.CreateVpnConnection.TunnelOptionsSpecification",
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
