//! Rules about the settings of a route entry (`Weight`, `OverlayMode`).

use crate::diagnostic::Diagnostic;
use crate::registry::{declare_rule, ErrorCode};
use crate::wire::parse_int;
use crate::Weight;

declare_rule! {
    /// `Weight` is not exactly 0 (standby) or 100 (active).
    ///
    /// ## Why
    /// The values between are not partial weights; the service rejects them.
    ///
    /// ## Example
    /// `Weight=50`; use `Weight=100` for the active route or `Weight=0` for its standby.
    pub WEIGHT_NOT_0_OR_100 {
        id: "weight-not-0-or-100",
        severity: Error,
        fields: ["Weight"],
        code: ErrorCode::Api("VpnRouteEntry.InvalidWeight"),
    }
}

declare_rule! {
    /// `OverlayMode` is not `Ipsec` (the value is case sensitive).
    ///
    /// ## Example
    /// `OverlayMode=ipsec`; use `OverlayMode=Ipsec`.
    pub OVERLAY_MODE_VALUE {
        id: "overlay-mode-value",
        severity: Error,
        fields: ["OverlayMode"],
        code: ErrorCode::GenericInvalid,
    }
}

pub(crate) fn check_weight(field: &str, value: &str) -> Result<Weight, Diagnostic> {
    match parse_int(value) {
        Some(0) => Ok(Weight::Standby),
        Some(100) => Ok(Weight::Active),
        Some(other) => Err(WEIGHT_NOT_0_OR_100
            .on(field, format!("Weight is {other}; it must be 100 (active) or 0 (standby)."))
            .with_suggestion(if other >= 50 { "100" } else { "0" })),
        None => Err(WEIGHT_NOT_0_OR_100.on(field, format!("Weight {value:?} is not a number; it must be 100 or 0."))),
    }
}

pub(crate) fn check_overlay_mode(field: &str, value: &str) -> Option<Diagnostic> {
    if value == "Ipsec" {
        return None;
    }
    let diagnostic = OVERLAY_MODE_VALUE.on(field, format!("OverlayMode {value:?} is not supported; the only value is Ipsec."));
    Some(if value.eq_ignore_ascii_case("ipsec") { diagnostic.with_suggestion("Ipsec") } else { diagnostic })
}
