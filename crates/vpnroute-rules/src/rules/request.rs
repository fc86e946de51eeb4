//! Rules about a request as a whole and the fields every operation shares.

use crate::messages::message;
use crate::model::diagnostic::Diagnostic;
use crate::model::diagnostic::Quoted;
use crate::model::rule::{declare_rule, ErrorCode};
use crate::model::wire::{parse_bool, parse_int};

declare_rule! {
    /// A field the operation requires is absent or empty.
    ///
    /// ## Why
    /// The service rejects the request before it looks at anything else.
    ///
    /// ## Example
    /// A CreateVpnRouteEntry without `RouteDest`.
    pub REQUIRED_FIELD_MISSING {
        id: "required-field-missing",
        severity: Error,
        fields: ["*"],
        code: ErrorCode::GenericMissing,
    }
}

declare_rule! {
    /// A parameter that the operation does not know.
    ///
    /// ## Why
    /// The service ignores it, so a misspelt field (`Routedest`) silently does nothing.
    pub UNKNOWN_FIELD {
        id: "unknown-field",
        severity: Warning,
        fields: ["*"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// A boolean field holds something other than `true` or `false` (any letter case).
    ///
    /// ## Example
    /// `PublishVpc=yes`; use `PublishVpc=true`.
    pub VALUE_NOT_BOOLEAN {
        id: "value-not-boolean",
        severity: Error,
        fields: ["PublishVpc", "DryRun", "EnableDpd", "EnableNatTraversal", "EffectImmediately", "AutoConfigRoute", "EnableTunnelsBgp", "BgpConfig.EnableBgp", "HealthCheckConfig.enable"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// A field with a closed set of values holds another value. Values are case sensitive;
    /// one that differs only in case gets the right spelling as suggestion.
    ///
    /// ## Example
    /// `OverlayMode=ipsec`; use `OverlayMode=Ipsec`. `IkeConfig` with `"IkeEncAlg":"AES"`; use `aes`.
    pub VALUE_NOT_ALLOWED {
        id: "value-not-allowed",
        severity: Error,
        fields: ["OverlayMode", "IkeConfig.*", "IpsecConfig.*", "TunnelOptionsSpecification.N.Role"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// An integer field is not a whole number, or is outside its range.
    ///
    /// ## Example
    /// `Priority=0` or `Priority=101` (1 to 100); `PageSize=51` (1 to 50); `"IkeLifetime":86401` (0 to 86400).
    pub INTEGER_RANGE {
        id: "integer-range",
        severity: Error,
        fields: ["Priority", "PageNumber", "PageSize", "IkeConfig.IkeLifetime", "IpsecConfig.IpsecLifetime", "HealthCheckConfig.interval", "HealthCheckConfig.retry"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `RegionId` does not have the shape of a region id (`cn-hangzhou`, `ap-southeast-1`).
    ///
    /// ## Why
    /// The request would go to a region that does not exist.
    pub REGION_ID_FORMAT {
        id: "region-id-format",
        severity: Error,
        fields: ["RegionId"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `ClientToken` has a non-ASCII character or more than 64 characters.
    pub CLIENT_TOKEN_FORMAT {
        id: "client-token-format",
        severity: Error,
        fields: ["ClientToken"],
        code: ErrorCode::GenericInvalid,
    }
}

pub(crate) fn missing(field: &str) -> Diagnostic {
    REQUIRED_FIELD_MISSING.on(field, message!("required-field-missing", field = field))
}

pub(crate) fn unknown(field: &str) -> Diagnostic {
    UNKNOWN_FIELD.on(field, message!("unknown-field", field = Quoted(field)))
}

pub(crate) fn check_bool(field: &str, value: &str) -> Result<bool, Diagnostic> {
    parse_bool(value).ok_or_else(|| {
        let diagnostic = VALUE_NOT_BOOLEAN.on(
            field,
            message!("value-not-boolean", field = field, value = Quoted(value)),
        );
        match value.to_ascii_lowercase().as_str() {
            "1" | "yes" | "on" => diagnostic.with_suggestion("true"),
            "0" | "no" | "off" => diagnostic.with_suggestion("false"),
            _ => diagnostic,
        }
    })
}

/// Lower-case words and numbers joined by `-`, starting with letters: `cn-shanghai-finance-1`.
fn is_region_id(value: &str) -> bool {
    let mut parts = value.split('-');
    let first_is_letters = parts
        .next()
        .is_some_and(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_lowercase()));
    let mut rest = parts.peekable();
    first_is_letters
        && rest.peek().is_some()
        && rest.all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub(crate) fn check_region_id(field: &str, value: &str) -> Option<Diagnostic> {
    if is_region_id(value) {
        return None;
    }
    let diagnostic =
        REGION_ID_FORMAT.on(field, message!("region-id-format", value = Quoted(value)));
    let lowered = value.trim().to_ascii_lowercase().replace('_', "-");
    Some(if is_region_id(&lowered) {
        diagnostic.with_suggestion(lowered)
    } else {
        diagnostic
    })
}

pub(crate) fn check_client_token(field: &str, value: &str) -> Option<Diagnostic> {
    if !value.is_ascii() {
        Some(CLIENT_TOKEN_FORMAT.on(field, message!("client-token-format")))
    } else if value.len() > 64 {
        Some(CLIENT_TOKEN_FORMAT.on(
            field,
            message!("client-token-format.length", chars = value.len()),
        ))
    } else {
        None
    }
}

pub(crate) fn check_one_of(field: &str, value: &str, allowed: &[&str]) -> Option<Diagnostic> {
    if allowed.contains(&value) {
        return None;
    }
    let diagnostic = VALUE_NOT_ALLOWED.on(
        field,
        message!(
            "value-not-allowed",
            field = field,
            value = Quoted(value),
            allowed = allowed.join(", ")
        ),
    );
    Some(
        match allowed.iter().find(|a| a.eq_ignore_ascii_case(value)) {
            Some(right) => diagnostic.with_suggestion(*right),
            None => diagnostic,
        },
    )
}

pub(crate) fn check_integer(
    field: &str,
    value: &str,
    min: i64,
    max: i64,
) -> Result<i64, Diagnostic> {
    match parse_int(value) {
        Some(n) if (min..=max).contains(&n) => Ok(n),
        Some(n) => Err(INTEGER_RANGE
            .on(
                field,
                message!(
                    "integer-range",
                    field = field,
                    value = n,
                    min = min,
                    max = max
                ),
            )
            .with_suggestion(n.clamp(min, max).to_string())),
        None => Err(INTEGER_RANGE.on(
            field,
            message!(
                "integer-range.not-a-number",
                field = field,
                value = Quoted(value),
                min = min,
                max = max
            ),
        )),
    }
}
