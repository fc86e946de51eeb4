//! The registry's own invariants: one entry per rule, stable ids, documented, all reachable.

use vpnroute_rules::model::rule::ErrorCode;
use vpnroute_rules::registry::{rule, RULES};
use vpnroute_rules::Severity;

#[test]
fn ids_are_unique_sorted_kebab_case() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted, "RULES must be sorted by id with no repeats");
    for id in ids {
        assert!(
            id.split('-').all(|w| !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{id} is not kebab-case"
        );
        assert_eq!(rule(id).map(|r| r.id), Some(id));
    }
}

#[test]
fn every_rule_is_documented_and_names_its_fields() {
    for r in RULES {
        assert!(!r.summary().is_empty(), "{} has no summary", r.id);
        assert!(!r.fields.is_empty(), "{} names no field", r.id);
    }
}

#[test]
fn errors_carry_a_code_and_generic_codes_name_the_field() {
    // An intent is its owner's, not the service's: the service answers nothing for one.
    for r in RULES.iter().filter(|r| !r.id.starts_with("intent-")) {
        if r.severity == Severity::Error {
            assert_ne!(
                r.code,
                ErrorCode::None,
                "{} is an error without a code",
                r.id
            );
        }
    }
    assert_eq!(
        ErrorCode::GenericInvalid.for_field("Tags.2.Key").as_deref(),
        Some("InvalidParameter.Key")
    );
    assert_eq!(
        ErrorCode::GenericMissing.for_field("RouteDest").as_deref(),
        Some("MissingParameter.RouteDest")
    );
    assert_eq!(
        ErrorCode::GenericInvalid
            .for_field("TunnelOptionsSpecification.12")
            .as_deref(),
        Some("InvalidParameter.TunnelOptionsSpecification")
    );
    assert_eq!(
        ErrorCode::ApiForField("IllegalParam")
            .for_field("RouteDest")
            .as_deref(),
        Some("IllegalParam.RouteDest")
    );
    assert_eq!(ErrorCode::None.for_field("RouteDest"), None);
}
