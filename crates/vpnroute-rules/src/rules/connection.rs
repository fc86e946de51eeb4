//! Rules about IPsec connections: subnets, the JSON configs, tags, tunnels, certificates.

use crate::messages::message;
use crate::model::diagnostic::{Diagnostic, Quoted, Severity};
use crate::model::gateway::{GatewayFacts, TunnelMode};
use crate::model::json::{parse_flat_object, JsonScalar};
use crate::model::net::parse_cidr;
use crate::model::rule::{declare_rule, ErrorCode};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

declare_rule! {
    /// An entry of `LocalSubnet` or `RemoteSubnet` is not an IPv4 CIDR block.
    ///
    /// ## Example
    /// `10.0.0.0/24;10.1.0.0/24` (use commas), `10.0.0.0/24,`.
    pub SUBNET_MALFORMED {
        id: "subnet-malformed",
        severity: Error,
        fields: ["LocalSubnet", "RemoteSubnet"],
        code: ErrorCode::ApiForField("IllegalParam"),
    }
}

declare_rule! {
    /// An entry of `LocalSubnet` or `RemoteSubnet` has host bits set.
    ///
    /// ## Example
    /// `10.0.0.1/24`; use `10.0.0.0/24`.
    pub SUBNET_HOST_BITS {
        id: "subnet-host-bits",
        severity: Error,
        fields: ["LocalSubnet", "RemoteSubnet"],
        code: ErrorCode::ApiForField("IllegalParam"),
    }
}

declare_rule! {
    /// The same block appears twice in `LocalSubnet` or `RemoteSubnet`.
    pub SUBNET_DUPLICATE {
        id: "subnet-duplicate",
        severity: Error,
        fields: ["LocalSubnet", "RemoteSubnet"],
        code: ErrorCode::ApiForField("IllegalParam"),
    }
}

declare_rule! {
    /// `LocalSubnet` or `RemoteSubnet` lists more blocks than the quota (10 each by default, a setting).
    pub SUBNET_COUNT {
        id: "subnet-count",
        severity: Error,
        fields: ["LocalSubnet", "RemoteSubnet"],
        code: ErrorCode::ApiForField("IllegalParam"),
    }
}

declare_rule! {
    /// A JSON config (`IkeConfig`, `IpsecConfig`, `BgpConfig`, `HealthCheckConfig`) is not a flat
    /// JSON object of strings, numbers and booleans.
    ///
    /// ## Example
    /// `IkeConfig={Psk: "x"}` (keys need quotes).
    pub JSON_MALFORMED {
        id: "json-malformed",
        severity: Error,
        fields: ["IkeConfig", "IpsecConfig", "BgpConfig", "HealthCheckConfig"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// The pre-shared key is not 1 to 100 printable ASCII characters without spaces.
    pub PSK_FORMAT {
        id: "psk-format",
        severity: Error,
        fields: ["IkeConfig.Psk", "TunnelOptionsSpecification.N.TunnelIkeConfig.Psk"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `LocalId` or `RemoteId` has a space or more than 100 characters.
    pub IKE_ID_FORMAT {
        id: "ike-id-format",
        severity: Error,
        fields: ["IkeConfig.LocalId", "IkeConfig.RemoteId"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `LocalAsn` is not from 1 to 4294967295, written plainly or as asdot `a.b` (a*65536+b).
    ///
    /// ## Example
    /// `0`, `4294967296`, `1.65536`. `1.10` means 65546.
    pub ASN_FORMAT {
        id: "asn-format",
        severity: Error,
        fields: ["BgpConfig.LocalAsn", "TunnelOptionsSpecification.N.TunnelBgpConfig.LocalAsn"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `TunnelCidr` is not a /30 inside 169.254.0.0/16, or is one of the eight reserved blocks
    /// 169.254.0.0/30 to 169.254.6.0/30 and 169.254.169.252/30.
    ///
    /// ## Example
    /// `169.254.1.0/30` is reserved; `169.254.1.4/30` is fine.
    pub TUNNEL_CIDR_RANGE {
        id: "tunnel-cidr-range",
        severity: Error,
        fields: ["BgpConfig.TunnelCidr", "TunnelOptionsSpecification.N.TunnelBgpConfig.TunnelCidr"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `LocalBgpIp` is not a usable host address of `TunnelCidr` (not its network or broadcast address).
    ///
    /// ## Example
    /// With `TunnelCidr` 169.254.10.0/30, use 169.254.10.1 or 169.254.10.2.
    pub BGP_IP_OUTSIDE_TUNNEL_CIDR {
        id: "bgp-ip-outside-tunnel-cidr",
        severity: Error,
        fields: ["BgpConfig.LocalBgpIp", "TunnelOptionsSpecification.N.TunnelBgpConfig.LocalBgpIp"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// Health checks are enabled without both `dip` and `sip`.
    pub HEALTH_CHECK_ADDRESS_MISSING {
        id: "health-check-address-missing",
        severity: Error,
        fields: ["HealthCheckConfig.dip", "HealthCheckConfig.sip"],
        code: ErrorCode::GenericMissing,
    }
}

declare_rule! {
    /// More than 20 tags.
    pub TAG_COUNT {
        id: "tag-count",
        severity: Error,
        fields: ["Tags"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// A tag key is empty, longer than 64 characters, starts with `aliyun` or `acs:`, or holds
    /// `http://` or `https://`.
    pub TAG_KEY_FORMAT {
        id: "tag-key-format",
        severity: Error,
        fields: ["Tags.N.Key"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// A tag value is longer than 128 characters.
    pub TAG_VALUE_LENGTH {
        id: "tag-value-length",
        severity: Error,
        fields: ["Tags.N.Value"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// A dual-tunnel connection does not have exactly two tunnels.
    pub TUNNEL_COUNT {
        id: "tunnel-count",
        severity: Error,
        fields: ["TunnelOptionsSpecification"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// The two tunnels are not one `master` and one `slave`.
    pub TUNNEL_ROLES {
        id: "tunnel-roles",
        severity: Error,
        fields: ["TunnelOptionsSpecification.N.Role"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// Both tunnels use the same BGP `TunnelCidr`.
    pub TUNNEL_CIDR_REPEATED {
        id: "tunnel-cidr-repeated",
        severity: Error,
        fields: ["TunnelOptionsSpecification.N.TunnelBgpConfig.TunnelCidr"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// The request's tunnel mode does not fit the gateway: a dual-tunnel gateway needs
    /// `TunnelOptionsSpecification`, a single-tunnel gateway takes `CustomerGatewayId` and the
    /// JSON configs instead.
    pub CONNECTION_TUNNEL_MODE {
        id: "connection-tunnel-mode",
        severity: Error,
        fields: ["TunnelOptionsSpecification", "CustomerGatewayId"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `RemoteCaCertificate` is not a PEM certificate (`-----BEGIN CERTIFICATE-----` ... `-----END CERTIFICATE-----`).
    pub CERTIFICATE_FORMAT {
        id: "certificate-format",
        severity: Error,
        fields: ["RemoteCaCertificate", "TunnelOptionsSpecification.N.RemoteCaCertificate"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// A CA certificate is given for a gateway not known to be a ShangMi (SM) gateway.
    ///
    /// ## Why
    /// Only SM gateways use the peer's CA certificate; standard gateways authenticate with the pre-shared key.
    pub CERTIFICATE_NOT_SHANGMI {
        id: "certificate-not-shangmi",
        severity: Warning,
        fields: ["RemoteCaCertificate", "TunnelOptionsSpecification.N.RemoteCaCertificate"],
        code: ErrorCode::None,
    }
}

/// 169.254.0.0/16: BGP tunnel addresses live here.
const LINK_LOCAL: Ipv4Net = match Ipv4Net::new(Ipv4Addr::new(169, 254, 0, 0), 16) {
    Ok(net) => net,
    Err(_) => panic!("a /16 is a valid prefix"),
};

/// The /30 blocks of 169.254.0.0/16 that the service keeps for itself.
const RESERVED_TUNNEL_BLOCKS: [[u8; 4]; 8] = [
    [169, 254, 0, 0],
    [169, 254, 1, 0],
    [169, 254, 2, 0],
    [169, 254, 3, 0],
    [169, 254, 4, 0],
    [169, 254, 5, 0],
    [169, 254, 6, 0],
    [169, 254, 169, 252],
];

/// Reads a comma-separated subnet list; every entry is checked and reported.
pub(crate) fn check_subnets(
    field: &str,
    value: &str,
    max_count: usize,
) -> (Option<Vec<Ipv4Net>>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut nets: Vec<Ipv4Net> = Vec::new();
    for (i, entry) in value.split(',').enumerate() {
        let entry = entry.trim();
        match parse_cidr(entry) {
            None => found.push(SUBNET_MALFORMED.on(
                field,
                message!(
                    "subnet-malformed",
                    position = i + 1,
                    field = field,
                    value = Quoted(entry)
                ),
            )),
            Some(net) if net.trunc() != net => found.push(
                SUBNET_HOST_BITS
                    .on(
                        field,
                        message!(
                            "subnet-host-bits",
                            entry = entry,
                            field = field,
                            start = net.trunc().addr()
                        ),
                    )
                    .with_suggestion(replace_entry(value, i, &net.trunc().to_string())),
            ),
            Some(net) if nets.contains(&net) => found.push(
                SUBNET_DUPLICATE
                    .on(
                        field,
                        message!("subnet-duplicate", block = net, field = field),
                    )
                    .with_suggestion(remove_entry(value, i)),
            ),
            Some(net) => nets.push(net),
        }
    }
    if nets.len() > max_count {
        found.push(SUBNET_COUNT.on(
            field,
            message!(
                "subnet-count",
                field = field,
                count = nets.len(),
                quota = max_count
            ),
        ));
    }
    let ok = found.is_empty();
    (ok.then_some(nets), found)
}

fn replace_entry(list: &str, index: usize, with: &str) -> String {
    list.split(',')
        .enumerate()
        .map(|(i, e)| if i == index { with } else { e.trim() })
        .collect::<Vec<_>>()
        .join(",")
}

fn remove_entry(list: &str, index: usize) -> String {
    list.split(',')
        .enumerate()
        .filter(|(i, _)| *i != index)
        .map(|(_, e)| e.trim())
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn check_json(
    field: &str,
    value: &str,
) -> Result<Vec<(String, JsonScalar)>, Diagnostic> {
    parse_flat_object(value).map_err(|e| {
        JSON_MALFORMED.on(
            field,
            message!(
                "json-malformed",
                field = field,
                problem = e.problem,
                // The reader stops only on char boundaries; the fallback is never taken.
                position = value.get(..e.at).map_or(e.at, |read| read.chars().count()) + 1
            ),
        )
    })
}

pub(crate) fn check_psk(field: &str, value: &str) -> Option<Diagnostic> {
    let chars = value.chars().count();
    let printable = value.bytes().all(|b| b.is_ascii_graphic());
    if (1..=100).contains(&chars) && printable {
        return None;
    }
    Some(if chars > 100 {
        PSK_FORMAT.on(field, message!("psk-format", chars = chars))
    } else {
        PSK_FORMAT.on(field, message!("psk-format.characters"))
    })
}

pub(crate) fn check_ike_id(field: &str, value: &str) -> Option<Diagnostic> {
    if value.chars().any(char::is_whitespace) {
        Some(
            IKE_ID_FORMAT
                .on(field, message!("ike-id-format", field = field))
                .with_suggestion(value.split_whitespace().collect::<String>()),
        )
    } else if value.chars().count() > 100 {
        Some(IKE_ID_FORMAT.on(field, message!("ike-id-format.length", field = field)))
    } else {
        None
    }
}

pub(crate) fn check_asn(field: &str, value: &str) -> Result<u32, Diagnostic> {
    let plain = |t: &str| {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u64>().ok())
            .flatten()
    };
    let asn = match value.split_once('.') {
        Some((high, low)) => match (plain(high), plain(low)) {
            (Some(h), Some(l)) if h <= 65535 && l <= 65535 => Some(h * 65536 + l),
            _ => None,
        },
        None => plain(value),
    };
    match asn {
        Some(n) if (1..=u64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        _ => Err(ASN_FORMAT.on(
            field,
            message!("asn-format", field = field, value = Quoted(value)),
        )),
    }
}

pub(crate) fn check_tunnel_cidr(field: &str, net: &Ipv4Net) -> Option<Diagnostic> {
    if net.prefix_len() != 30 || !LINK_LOCAL.contains(net) {
        return Some(TUNNEL_CIDR_RANGE.on(
            field,
            message!("tunnel-cidr-range", field = field, block = net),
        ));
    }
    RESERVED_TUNNEL_BLOCKS
        .contains(&net.addr().octets())
        .then(|| {
            TUNNEL_CIDR_RANGE.on(
                field,
                message!("tunnel-cidr-range.reserved", field = field, block = net),
            )
        })
}

pub(crate) fn check_bgp_ip(field: &str, ip: Ipv4Addr, tunnel: &Ipv4Net) -> Option<Diagnostic> {
    if tunnel.contains(&ip) && ip != tunnel.network() && ip != tunnel.broadcast() {
        return None;
    }
    let first_host = Ipv4Addr::from(u32::from(tunnel.network()).saturating_add(1));
    Some(
        BGP_IP_OUTSIDE_TUNNEL_CIDR
            .on(
                field,
                message!(
                    "bgp-ip-outside-tunnel-cidr",
                    field = field,
                    address = ip,
                    block = tunnel
                ),
            )
            .with_suggestion(first_host.to_string()),
    )
}

pub(crate) fn check_tag_key(field: &str, key: &str) -> Option<Diagnostic> {
    let lowered = key.to_ascii_lowercase();
    let quoted = Quoted(key);
    let message = if key.is_empty() {
        message!("tag-key-format", key = quoted)
    } else if key.chars().count() > 64 {
        message!("tag-key-format.length", key = quoted)
    } else if lowered.starts_with("aliyun") || lowered.starts_with("acs:") {
        message!("tag-key-format.reserved-prefix", key = quoted)
    } else if lowered.contains("http://") || lowered.contains("https://") {
        message!("tag-key-format.url", key = quoted)
    } else {
        return None;
    };
    Some(TAG_KEY_FORMAT.on(field, message))
}

pub(crate) fn check_tag_value(field: &str, value: &str) -> Option<Diagnostic> {
    (value.chars().count() > 128).then(|| TAG_VALUE_LENGTH.on(field, message!("tag-value-length")))
}

pub(crate) fn check_certificate(
    field: &str,
    value: &str,
    facts: &GatewayFacts,
) -> Option<Diagnostic> {
    let trimmed = value.trim();
    let body = trimmed
        .strip_prefix("-----BEGIN CERTIFICATE-----")
        .and_then(|rest| rest.strip_suffix("-----END CERTIFICATE-----"))
        .map(str::trim);
    let is_pem = body.is_some_and(|b| {
        !b.is_empty()
            && b.bytes().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'\n' | b'\r' | b' ')
            })
    });
    if !is_pem {
        return Some(CERTIFICATE_FORMAT.on(field, message!("certificate-format", field = field)));
    }
    (facts.shangmi != Some(true)).then(|| {
        CERTIFICATE_NOT_SHANGMI
            .on(field, message!("certificate-not-shangmi", field = field))
            .with_severity(Severity::Warning)
    })
}

/// Fields that only single-tunnel connections use; a dual-tunnel request ignores them.
pub(crate) const SINGLE_TUNNEL_ONLY: [&str; 7] = [
    "CustomerGatewayId",
    "IkeConfig",
    "IpsecConfig",
    "BgpConfig",
    "HealthCheckConfig",
    "EnableDpd",
    "EnableNatTraversal",
];

/// A request whose tunnels (`dual`: given as `TunnelOptionsSpecification`) do not match the
/// gateway's tunnel mode.
pub(crate) fn check_tunnel_mode(dual: bool, facts: &GatewayFacts) -> Vec<Diagnostic> {
    let message = match (dual, facts.tunnel_mode) {
        (true, Some(TunnelMode::Single)) => message!("connection-tunnel-mode"),
        (false, Some(TunnelMode::Dual)) => message!("connection-tunnel-mode.dual-gateway"),
        _ => return Vec::new(),
    };
    vec![CONNECTION_TUNNEL_MODE.on("TunnelOptionsSpecification", message)]
}

/// A warning for each single-tunnel field `given` with `TunnelOptionsSpecification`.
pub(crate) fn check_single_tunnel_fields_ignored(given: &[&str]) -> Vec<Diagnostic> {
    given
        .iter()
        .map(|name| {
            CONNECTION_TUNNEL_MODE
                .on(
                    name,
                    message!("connection-tunnel-mode.ignored", field = name),
                )
                .with_severity(Severity::Warning)
        })
        .collect()
}

/// Health checks switched on without the addresses at the `missing` paths.
pub(crate) fn check_health_check_addresses(
    enable: Option<bool>,
    missing: &[String],
) -> Vec<Diagnostic> {
    if enable != Some(true) {
        return Vec::new();
    }
    missing
        .iter()
        .map(|path| {
            HEALTH_CHECK_ADDRESS_MISSING
                .on(path, message!("health-check-address-missing", field = path))
        })
        .collect()
}

/// More than 20 tags.
pub(crate) fn check_tag_count(count: usize) -> Vec<Diagnostic> {
    if count <= 20 {
        return Vec::new();
    }
    vec![TAG_COUNT.on("Tags", message!("tag-count", count = count))]
}

/// A dual-tunnel connection without exactly two tunnels.
pub(crate) fn check_tunnel_count(count: usize) -> Vec<Diagnostic> {
    if count == 2 {
        return Vec::new();
    }
    vec![TUNNEL_COUNT.on(
        "TunnelOptionsSpecification",
        message!("tunnel-count", count = count),
    )]
}

/// Two tunnels, both with a valid role, that are not one master and one slave. `roles` are
/// each tunnel's `Role` path and value.
pub(crate) fn check_tunnel_roles(roles: &[(String, Option<String>)]) -> Vec<Diagnostic> {
    let has = |wanted: &str| {
        roles
            .iter()
            .any(|(_, role)| role.as_deref() == Some(wanted))
    };
    let roles_read = roles.iter().all(|(_, role)| role.is_some());
    if roles.len() != 2 || !roles_read || (has("master") && has("slave")) {
        return Vec::new();
    }
    vec![TUNNEL_ROLES.on(&roles[1].0, message!("tunnel-roles"))]
}

/// Both tunnels with the same BGP `TunnelCidr`; `cidrs` are each tunnel's path and CIDR.
pub(crate) fn check_tunnel_cidrs_differ(cidrs: &[(String, Ipv4Net)]) -> Vec<Diagnostic> {
    match cidrs {
        [(_, first), (path, second)] if first == second => {
            vec![TUNNEL_CIDR_REPEATED.on(path, message!("tunnel-cidr-repeated", block = first))]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::check_json;

    #[test]
    fn a_malformed_config_names_the_character_not_the_byte() {
        // `é` and `€` take five bytes in UTF-8: a byte offset would say 22.
        let diagnostic = check_json("IkeConfig", r#"{"RemoteId":"é€", x}"#).unwrap_err();
        assert_eq!(
            diagnostic.message,
            "IkeConfig is not a flat JSON object: expected a \"quoted\" string at character 19."
        );
    }
}
