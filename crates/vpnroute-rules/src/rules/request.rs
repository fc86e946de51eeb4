//! Rules about a request as a whole and the fields every operation shares.

use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, ErrorCode};
use crate::wire::parse_bool;

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
        fields: ["PublishVpc", "DryRun"],
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
    REQUIRED_FIELD_MISSING.on(field, format!("{field} is required."))
}

pub(crate) fn unknown(field: &str) -> Diagnostic {
    UNKNOWN_FIELD.on(field, format!("{field} is not a parameter of this operation; the service ignores it."))
}

pub(crate) fn check_bool(field: &str, value: &str) -> Result<bool, Diagnostic> {
    parse_bool(value).ok_or_else(|| {
        let diagnostic = VALUE_NOT_BOOLEAN.on(field, format!("{field} must be true or false, not {value:?}."));
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
    let first_is_letters = parts.next().is_some_and(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_lowercase()));
    let mut rest = parts.peekable();
    first_is_letters
        && rest.peek().is_some()
        && rest.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

pub(crate) fn check_region_id(field: &str, value: &str) -> Option<Diagnostic> {
    if is_region_id(value) {
        return None;
    }
    let diagnostic = REGION_ID_FORMAT.on(field, format!("{value:?} is not a region id such as cn-hangzhou."));
    let lowered = value.trim().to_ascii_lowercase().replace('_', "-");
    Some(if is_region_id(&lowered) { diagnostic.with_suggestion(lowered) } else { diagnostic })
}

pub(crate) fn check_client_token(field: &str, value: &str) -> Option<Diagnostic> {
    if !value.is_ascii() {
        Some(CLIENT_TOKEN_FORMAT.on(field, "ClientToken may contain only ASCII characters."))
    } else if value.len() > 64 {
        Some(CLIENT_TOKEN_FORMAT.on(field, format!("ClientToken has {} characters; at most 64 are allowed.", value.len())))
    } else {
        None
    }
}
