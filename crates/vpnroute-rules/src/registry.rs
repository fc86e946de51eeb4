//! The one list of every rule: id, severity, fields, API error code and documentation.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use serde::Serialize;
use std::borrow::Cow;

/// The error code a rule's diagnostics carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "code", rename_all = "camelCase")]
pub enum ErrorCode {
    /// A code the service documents, e.g. `VpnRouteEntry.InvalidWeight`.
    Api(&'static str),
    /// A documented code family that names the field, e.g. `IllegalParam.LocalSubnet`.
    ApiForField(&'static str),
    /// Our own choice where the documents name none: `MissingParameter.<Field>`.
    GenericMissing,
    /// Our own choice where the documents name none: `InvalidParameter.<Field>`.
    GenericInvalid,
    /// Warnings that the service does not answer at all.
    None,
}

impl ErrorCode {
    /// The code for a diagnostic on `field` (a wire path such as `Tags.2.Key`).
    pub fn for_field(self, field: &str) -> Option<Cow<'static, str>> {
        let family = match self {
            ErrorCode::Api(code) => return Some(Cow::Borrowed(code)),
            ErrorCode::None => return None,
            ErrorCode::ApiForField(family) => family,
            ErrorCode::GenericMissing => "MissingParameter",
            ErrorCode::GenericInvalid => "InvalidParameter",
        };
        // The last part of the path that is not a list index. Every diagnostic asks for its
        // code, so this avoids `format!` and number parsing, both slow in the size-optimised wasm.
        let leaf = field
            .rsplit('.')
            .find(|part| part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(field);
        let mut code = String::with_capacity(family.len() + 1 + leaf.len());
        code.push_str(family);
        code.push('.');
        code.push_str(leaf);
        Some(Cow::Owned(code))
    }

    /// How the registry table shows the code.
    pub fn display(self) -> String {
        match self {
            ErrorCode::Api(code) => code.to_owned(),
            ErrorCode::ApiForField(family) => format!("{family}.<Field>"),
            ErrorCode::GenericMissing => "MissingParameter.<Field> (project's choice)".to_owned(),
            ErrorCode::GenericInvalid => "InvalidParameter.<Field> (project's choice)".to_owned(),
            ErrorCode::None => "-".to_owned(),
        }
    }
}

/// Everything known about a rule except its check, which lives next to it in `rules/`.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    /// The wire fields the rule looks at (`*` for any field).
    pub fields: &'static [&'static str],
    pub code: ErrorCode,
    /// The rule's doc comment (empty when built without the `docs` feature).
    pub docs: &'static str,
}

impl RuleMeta {
    /// A diagnostic of this rule on `field`, with the rule's own severity and code.
    pub fn on(&'static self, field: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule: Cow::Borrowed(self.id),
            severity: self.severity,
            field: field.to_owned(),
            code: self.code.for_field(field),
            message: message.into(),
            suggestion: None,
        }
    }

    /// The first paragraph of the docs: what the rule checks.
    pub fn summary(&self) -> String {
        let mut lines = self
            .docs
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty());
        let first: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        first.join(" ")
    }
}

/// Declares a rule's metadata; its doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $name:ident {
            id: $id:literal,
            severity: $severity:ident,
            fields: [$($field:literal),* $(,)?],
            code: $code:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::registry::RuleMeta = $crate::registry::RuleMeta {
            id: $id,
            severity: $crate::diagnostic::Severity::$severity,
            fields: &[$($field),*],
            code: $code,
            docs: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, sorted by id. Ids are never renamed or reused.
pub static RULES: &[&RuleMeta] = &[
    &rules::connection::ASN_FORMAT,
    &rules::connection::BGP_IP_OUTSIDE_TUNNEL_CIDR,
    &rules::connection::CERTIFICATE_FORMAT,
    &rules::connection::CERTIFICATE_NOT_SHANGMI,
    &rules::cidr::CIDR_HOST_BITS,
    &rules::cidr::CIDR_MALFORMED,
    &rules::request::CLIENT_TOKEN_FORMAT,
    &rules::table::CONNECTION_POLICY_ROUTE_QUOTA,
    &rules::table::CONNECTION_QUOTA,
    &rules::connection::CONNECTION_TUNNEL_MODE,
    &rules::ids::CUSTOMER_GATEWAY_ID_MALFORMED,
    &rules::connection::HEALTH_CHECK_ADDRESS_MISSING,
    &rules::connection::IKE_ID_FORMAT,
    &rules::request::INTEGER_RANGE,
    &rules::cidr::IPV4_MALFORMED,
    &rules::connection::JSON_MALFORMED,
    &rules::text::NAME_LEGACY_FORMAT,
    &rules::ids::NEXT_HOP_MALFORMED,
    &rules::table::POLICY_ROUTE_DUPLICATE,
    &rules::table::POLICY_ROUTE_PRIORITY_OVERLAP,
    &rules::table::POLICY_ROUTE_QUOTA,
    &rules::table::POLICY_ROUTE_SHADOWED,
    &rules::route_entry::POLICY_ROUTE_SOURCE_EQUALS_DEST,
    &rules::table::POLICY_ROUTE_WEIGHT_CONFLICT,
    &rules::route_entry::PRIORITY_NOT_SUPPORTED,
    &rules::connection::PSK_FORMAT,
    &rules::request::REGION_ID_FORMAT,
    &rules::request::REQUIRED_FIELD_MISSING,
    &rules::cidr::ROUTE_DEST_DEFAULT_ROUTE,
    &rules::cidr::ROUTE_DEST_SHARED_ADDRESS_SPACE,
    &rules::table::ROUTE_DUPLICATE,
    &rules::route_entry::ROUTE_ENTRY_TYPE_VALUE,
    &rules::table::ROUTE_PAIRING,
    &rules::table::ROUTE_QUOTA,
    &rules::table::ROUTE_UNKNOWN_NEXT_HOP,
    &rules::connection::SUBNET_COUNT,
    &rules::connection::SUBNET_DUPLICATE,
    &rules::connection::SUBNET_HOST_BITS,
    &rules::connection::SUBNET_MALFORMED,
    &rules::connection::TAG_COUNT,
    &rules::connection::TAG_KEY_FORMAT,
    &rules::connection::TAG_VALUE_LENGTH,
    &rules::text::TEXT_LENGTH,
    &rules::text::TEXT_URL_PREFIX,
    &rules::table::TUNNEL_CIDR_IN_USE,
    &rules::connection::TUNNEL_CIDR_RANGE,
    &rules::connection::TUNNEL_CIDR_REPEATED,
    &rules::connection::TUNNEL_COUNT,
    &rules::connection::TUNNEL_ROLES,
    &rules::request::UNKNOWN_FIELD,
    &rules::request::VALUE_NOT_ALLOWED,
    &rules::request::VALUE_NOT_BOOLEAN,
    &rules::table::VCO_ROUTE_QUOTA,
    &rules::ids::VPN_CONNECTION_ID_MALFORMED,
    &rules::ids::VPN_GATEWAY_ID_MALFORMED,
    &rules::route_entry::WEIGHT_NOT_0_OR_100,
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// One row of the rule table, as the npm package and the docs list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RuleRow {
    pub id: &'static str,
    pub severity: Severity,
    pub fields: &'static [&'static str],
    /// The code, or the family of codes (`InvalidParameter.<Field>`), with a note where it is the project's choice.
    pub code: String,
}

/// Every rule as a row.
pub fn rule_rows() -> Vec<RuleRow> {
    RULES
        .iter()
        .map(|r| RuleRow {
            id: r.id,
            severity: r.severity,
            fields: r.fields,
            code: r.code.display(),
        })
        .collect()
}
