//! What the service's error codes mean and what to do about them, for the codes that no rule
//! of the registry produces: the ones about time, identity and state rather than a field.
//! Rule codes are explained by their diagnostics.

use crate::messages::{self, Lang};

/// The meaning of an error code and the way out of it, in English; the catalogs have them in
/// every language, keyed `code.<Code>.meaning` and `code.<Code>.action`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeHelp {
    pub code: &'static str,
    pub meaning: &'static str,
    pub action: &'static str,
    meaning_key: &'static str,
    action_key: &'static str,
}

impl CodeHelp {
    pub fn meaning_in(&self, lang: Lang) -> &'static str {
        messages::template(lang, self.meaning_key).unwrap_or(self.meaning)
    }

    pub fn action_in(&self, lang: Lang) -> &'static str {
        messages::template(lang, self.action_key).unwrap_or(self.action)
    }
}

/// The help of `code`, from the catalogs; a code the English catalog lacks fails the build.
macro_rules! explained {
    ($code:literal) => {
        CodeHelp {
            code: $code,
            meaning: messages::english(concat!("code.", $code, ".meaning")),
            action: messages::english(concat!("code.", $code, ".action")),
            meaning_key: concat!("code.", $code, ".meaning"),
            action_key: concat!("code.", $code, ".action"),
        }
    };
}

/// Every code explained here, by code.
pub const SERVICE_CODES: &[CodeHelp] = &[
    explained!("DryRunOperation"),
    explained!("IdempotentParameterMismatch"),
    explained!("IncompleteSignature"),
    explained!("InvalidAccessKeyId.NotFound"),
    explained!("InvalidSessionToken"),
    explained!("InvalidVpnRouteEntry.NotFound"),
    explained!("SignatureDoesNotMatch"),
    explained!("TaskConflict"),
    explained!("Throttling.User"),
    explained!("VpnConnection.Configuring"),
    explained!("VpnGateway.Configuring"),
];

/// The explanation of `code`, when it is one of [`SERVICE_CODES`].
pub fn explain(code: &str) -> Option<&'static CodeHelp> {
    SERVICE_CODES.iter().find(|help| help.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_distinct_from_rule_codes() {
        let codes: Vec<&str> = SERVICE_CODES.iter().map(|h| h.code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
        for rule in crate::registry::RULES {
            if let crate::model::rule::ErrorCode::Api(code) = rule.code {
                assert!(
                    explain(code).is_none(),
                    "{code} is a rule's code: its diagnostic explains it"
                );
            }
        }
        assert_eq!(
            explain("VpnGateway.Configuring").map(|h| h.code),
            Some("VpnGateway.Configuring")
        );
        assert_eq!(explain("NoSuchCode"), None);
    }
}
