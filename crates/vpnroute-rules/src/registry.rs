//! The one list of every rule, sorted by id.

use crate::model::diagnostic::Severity;
use crate::model::rule::RuleMeta;
use crate::rules;
use serde::Serialize;

/// Every rule, sorted by id. Ids are never renamed or reused.
pub static RULES: &[&RuleMeta] = &[
    &rules::connection::ASN_FORMAT,
    &rules::route_changes::ATTRIBUTE_NOTHING_TO_CHANGE,
    &rules::connection::BGP_IP_OUTSIDE_TUNNEL_CIDR,
    &rules::connection::CERTIFICATE_FORMAT,
    &rules::connection::CERTIFICATE_NOT_SHANGMI,
    &rules::cidr::CIDR_HOST_BITS,
    &rules::cidr::CIDR_MALFORMED,
    &rules::request::CLIENT_TOKEN_FORMAT,
    &rules::gateway_connections::CONNECTION_POLICY_ROUTE_QUOTA,
    &rules::gateway_connections::CONNECTION_QUOTA,
    &rules::connection::CONNECTION_TUNNEL_MODE,
    &rules::route_changes::CURRENT_PRIORITY_MISMATCH,
    &rules::route_changes::CURRENT_WEIGHT_MISMATCH,
    &rules::ids::CUSTOMER_GATEWAY_ID_MALFORMED,
    &rules::route_changes::DELETE_ACTIVE_LEAVES_STANDBY,
    &rules::route_changes::DRY_RUN_UNSUPPORTED,
    &rules::connection::HEALTH_CHECK_ADDRESS_MISSING,
    &rules::connection::IKE_ID_FORMAT,
    &rules::request::INTEGER_RANGE,
    &rules::intents::INTENT_BACKUP,
    &rules::intents::INTENT_NEVER_VIA,
    &rules::intents::INTENT_NOT_ROUTED,
    &rules::intents::INTENT_VIA,
    &rules::cidr::IPV4_MALFORMED,
    &rules::connection::JSON_MALFORMED,
    &rules::text::NAME_LEGACY_FORMAT,
    &rules::ids::NEXT_HOP_MALFORMED,
    &rules::route_changes::PAIR_PRIORITY_SPLIT,
    &rules::policy_routes::POLICY_ROUTE_DUPLICATE,
    &rules::policy_routes::POLICY_ROUTE_PRIORITY_OVERLAP,
    &rules::policy_routes::POLICY_ROUTE_QUOTA,
    &rules::policy_routes::POLICY_ROUTE_SHADOWED,
    &rules::route_entry::POLICY_ROUTE_SOURCE_EQUALS_DEST,
    &rules::policy_routes::POLICY_ROUTE_WEIGHT_CONFLICT,
    &rules::route_entry::PRIORITY_NOT_SUPPORTED,
    &rules::route_changes::PRIORITY_UNCHANGED,
    &rules::connection::PSK_FORMAT,
    &rules::route_changes::PUBLISH_PBR_MANY,
    &rules::route_changes::PUBLISH_UNCHANGED,
    &rules::request::REGION_ID_FORMAT,
    &rules::request::REQUIRED_FIELD_MISSING,
    &rules::cidr::ROUTE_DEST_DEFAULT_ROUTE,
    &rules::cidr::ROUTE_DEST_SHARED_ADDRESS_SPACE,
    &rules::destination_routes::ROUTE_DUPLICATE,
    &rules::route_entry::ROUTE_ENTRY_TYPE_VALUE,
    &rules::route_changes::ROUTE_NOT_FOUND,
    &rules::destination_routes::ROUTE_PAIRING,
    &rules::destination_routes::ROUTE_QUOTA,
    &rules::route_changes::ROUTE_TYPE_INVALID,
    &rules::destination_routes::ROUTE_UNKNOWN_NEXT_HOP,
    &rules::connection::SUBNET_COUNT,
    &rules::connection::SUBNET_DUPLICATE,
    &rules::connection::SUBNET_HOST_BITS,
    &rules::connection::SUBNET_MALFORMED,
    &rules::route_changes::TABLE_PARTIAL,
    &rules::route_changes::TABLE_READ_UNSTABLE,
    &rules::connection::TAG_COUNT,
    &rules::connection::TAG_KEY_FORMAT,
    &rules::connection::TAG_VALUE_LENGTH,
    &rules::text::TEXT_LENGTH,
    &rules::text::TEXT_URL_PREFIX,
    &rules::gateway_connections::TUNNEL_CIDR_IN_USE,
    &rules::connection::TUNNEL_CIDR_RANGE,
    &rules::connection::TUNNEL_CIDR_REPEATED,
    &rules::connection::TUNNEL_COUNT,
    &rules::connection::TUNNEL_ROLES,
    &rules::request::UNKNOWN_FIELD,
    &rules::request::VALUE_NOT_ALLOWED,
    &rules::request::VALUE_NOT_BOOLEAN,
    &rules::destination_routes::VCO_ROUTE_QUOTA,
    &rules::ids::VPN_CONNECTION_ID_MALFORMED,
    &rules::ids::VPN_GATEWAY_ID_MALFORMED,
    &rules::route_changes::WEIGHT_CHANGE_IN_PAIR,
    &rules::route_changes::WEIGHT_IGNORED_DUAL_TUNNEL,
    &rules::route_entry::WEIGHT_NOT_0_OR_100,
    &rules::route_changes::WEIGHT_UNCHANGED,
    &rules::route_changes::WITHDRAW_WITHDRAWS_BOTH,
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
