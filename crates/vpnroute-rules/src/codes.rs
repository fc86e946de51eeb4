//! What the service's error codes mean and what to do about them, for the codes that no rule
//! of the registry produces: the ones about time, identity and state rather than a field.
//! Rule codes are explained by their diagnostics.

/// The meaning of an error code and the way out of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeHelp {
    pub code: &'static str,
    pub meaning: &'static str,
    pub action: &'static str,
}

const fn help(code: &'static str, meaning: &'static str, action: &'static str) -> CodeHelp {
    CodeHelp {
        code,
        meaning,
        action,
    }
}

/// Every code explained here, by code.
pub const SERVICE_CODES: &[CodeHelp] = &[
    help(
        "DryRunOperation",
        "The request passed every check; DryRun asked for nothing to change.",
        "Send it again without DryRun to make the change.",
    ),
    help(
        "IdempotentParameterMismatch",
        "The ClientToken was used before with other parameters.",
        "Use a new ClientToken for a different request.",
    ),
    help(
        "IncompleteSignature",
        "The request carries no signature, or a malformed one.",
        "Sign it as the SDKs do, or send it from the console of the server.",
    ),
    help(
        "InvalidAccessKeyId.NotFound",
        "The AccessKeyId is not known.",
        "Check the key pair the caller signs with.",
    ),
    help(
        "InvalidSessionToken",
        "The server was restarted since this page was loaded.",
        "Reload the page.",
    ),
    help(
        "InvalidVpnRouteEntry.NotFound",
        "No route has that destination, next hop and weight.",
        "List the routes and copy the route's fields exactly.",
    ),
    help(
        "SignatureDoesNotMatch",
        "The signature was made with another secret, or the request changed after signing.",
        "Check the AccessKey secret and that nothing rewrites the request on the way.",
    ),
    help(
        "TaskConflict",
        "Another change to the gateway is still in progress.",
        "Wait until the gateway is active again, then retry with the same ClientToken.",
    ),
    help(
        "Throttling.User",
        "Calls came faster than the service accepts.",
        "Wait for the time in x-acs-retry-after, then retry.",
    ),
    help(
        "VpnConnection.Configuring",
        "The IPsec connection is updating after an earlier change.",
        "Wait until it is attached again, then retry with the same ClientToken.",
    ),
    help(
        "VpnGateway.Configuring",
        "The gateway is updating after an earlier change; changes to one gateway cannot overlap.",
        "Wait until the gateway is active again, then retry with the same ClientToken.",
    ),
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
