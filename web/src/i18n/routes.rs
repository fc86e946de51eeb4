//! Routes as the engine's `Display` writes them, in the page's language: the console's own
//! words for the engine's data, so the table's values stay as the API writes them.

use super::{t, tf, Lang};
use vpnroute_rules::{DestinationRoute, PolicyRoute, Weight};

/// `active` or `standby`: the route's part in its pair.
fn role(lang: Lang, weight: Weight) -> &'static str {
    match weight {
        Weight::Active => t(lang, "route.active"),
        Weight::Standby => t(lang, "route.standby"),
    }
}

/// `10.0.0.0/24 via vco-x (active)`.
pub fn destination_route_text(lang: Lang, route: &DestinationRoute) -> String {
    tf(
        lang,
        "route.destination",
        &[
            ("route_dest", &route.route_dest),
            ("next_hop", &route.next_hop),
            ("role", &role(lang, route.weight)),
        ],
    )
}

/// `10.0.0.0/16 -> 192.168.0.0/16 via vco-x (priority 1, active)`.
pub fn policy_route_text(lang: Lang, route: &PolicyRoute) -> String {
    tf(
        lang,
        "route.policy",
        &[
            ("route_source", &route.route_source),
            ("route_dest", &route.route_dest),
            ("next_hop", &route.next_hop),
            ("priority", &route.priority),
            ("role", &role(lang, route.weight)),
        ],
    )
}
