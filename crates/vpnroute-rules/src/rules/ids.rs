//! Rules about resource ids (`vpn-`, `vco-`, `cgw-`).

use crate::messages::Message;
use crate::model::diagnostic::Diagnostic;
use crate::model::diagnostic::Quoted;
use crate::model::rule::{declare_rule, ErrorCode, RuleMeta};

declare_rule! {
    /// `VpnGatewayId` is not `vpn-` followed by lower-case letters and digits.
    ///
    /// ## Why
    /// No gateway can have such an id, so the service answers that it does not exist.
    /// Ids copied from the documentation end in `****`; those are masked examples.
    ///
    /// ## Example
    /// `vpn-bp1a3kqjiiq9legfx****`
    pub VPN_GATEWAY_ID_MALFORMED {
        id: "vpn-gateway-id-malformed",
        severity: Error,
        fields: ["VpnGatewayId"],
        code: ErrorCode::Api("InvalidVpnGatewayInstanceId.NotFound"),
    }
}

declare_rule! {
    /// `NextHop` is not an IPsec connection id (`vco-` followed by lower-case letters and digits).
    ///
    /// ## Example
    /// `NextHop=vpn-bp1a3kqjiiq9legfx0001` names a gateway, not a connection.
    pub NEXT_HOP_MALFORMED {
        id: "next-hop-malformed",
        severity: Error,
        fields: ["NextHop"],
        code: ErrorCode::Api("InvalidNextHop.NotFound"),
    }
}

declare_rule! {
    /// `VpnConnectionId` is not `vco-` followed by lower-case letters and digits.
    pub VPN_CONNECTION_ID_MALFORMED {
        id: "vpn-connection-id-malformed",
        severity: Error,
        fields: ["VpnConnectionId"],
        code: ErrorCode::Api("InvalidVpnConnectionInstanceId.NotFound"),
    }
}

declare_rule! {
    /// `CustomerGatewayId` is not `cgw-` followed by lower-case letters and digits.
    ///
    /// ## Why
    /// Customer gateway ids start with `cgw-`; an older page shows a `vpn-` example by mistake.
    pub CUSTOMER_GATEWAY_ID_MALFORMED {
        id: "customer-gateway-id-malformed",
        severity: Error,
        fields: ["CustomerGatewayId", "TunnelOptionsSpecification.N.CustomerGatewayId"],
        code: ErrorCode::Api("InvalidCustomerGatewayInstanceId.NotFound"),
    }
}

/// Checks `value` against `prefix` + `[a-z0-9]+`. Each id rule has its own two messages, keyed
/// by its id (not an id of its kind) and `<id>.masked` (an example id copied from the
/// documentation), so that a language can name the kind of resource.
pub(crate) fn check_id(
    rule: &'static RuleMeta,
    field: &str,
    prefix: &str,
    value: &str,
) -> Option<Diagnostic> {
    let body = value.strip_prefix(prefix);
    if body.is_some_and(|b| {
        !b.is_empty()
            && b.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    }) {
        return None;
    }
    if value.contains('*') {
        let key = format!("{}.masked", rule.id);
        return Some(rule.on(field, Message::new(key).arg("value", Quoted(value))));
    }
    let lowered = value.trim().to_ascii_lowercase();
    let diagnostic = rule.on(field, Message::new(rule.id).arg("value", Quoted(value)));
    let fixed = lowered
        .strip_prefix(prefix)
        .is_some_and(|b| !b.is_empty() && b.bytes().all(|c| c.is_ascii_alphanumeric()));
    Some(if fixed && lowered != value {
        diagnostic.with_suggestion(lowered)
    } else {
        diagnostic
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::{missing_args, Lang};

    #[test]
    fn every_id_rule_has_both_messages_in_every_language() {
        let rules = [
            (&VPN_GATEWAY_ID_MALFORMED, "vpn-"),
            (&NEXT_HOP_MALFORMED, "vco-"),
            (&VPN_CONNECTION_ID_MALFORMED, "vco-"),
            (&CUSTOMER_GATEWAY_ID_MALFORMED, "cgw-"),
        ];
        for (rule, prefix) in rules {
            for value in ["x", "vpn-****"] {
                let d = check_id(rule, "Id", prefix, value).unwrap();
                assert!(d.message.contains(prefix), "{}", d.message);
                for lang in Lang::ALL {
                    assert_eq!(missing_args(lang, &d.key, &d.args), Vec::<String>::new());
                }
            }
        }
    }
}
