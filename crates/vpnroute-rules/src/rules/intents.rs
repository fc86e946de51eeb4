//! Rules that hold the tables to what their owners intend: which connection a block of traffic
//! leaves through, which it never does, and which traffic is not routed at all. Each is
//! decided exactly, over blocks of traffic that every route holds or misses, and a broken
//! intent names its first counterexample packet.

use crate::analysis::lookup::{Match, RouteKind, RouteTable, Router};
use crate::analysis::regions::{self, Dirty, Footprint};
use crate::messages::Message;
use crate::model::diagnostic::Diagnostic;
use crate::model::intent::{Expectation, Intent};
use crate::model::rule::{declare_rule, ErrorCode, RuleMeta};
use std::net::Ipv4Addr;
use std::ops::ControlFlow;

declare_rule! {
    /// Traffic of an intent with `via` leaves through another connection, or is not routed.
    ///
    /// Checked with every connection up and with each other connection down.
    pub INTENT_VIA {
        id: "intent-via",
        severity: Error,
        fields: ["via"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// While the `via` connection of an intent is down, its traffic does not leave through
    /// `backup`.
    pub INTENT_BACKUP {
        id: "intent-backup",
        severity: Error,
        fields: ["backup"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// Traffic of an intent with `never_via` leaves through that connection, with every
    /// connection up or with any one connection down.
    pub INTENT_NEVER_VIA {
        id: "intent-never-via",
        severity: Error,
        fields: ["never_via"],
        code: ErrorCode::None,
    }
}

declare_rule! {
    /// Traffic of an intent with `routed = false` is routed through the gateway.
    pub INTENT_NOT_ROUTED {
        id: "intent-not-routed",
        severity: Error,
        fields: ["routed"],
        code: ErrorCode::None,
    }
}

/// A gateway's routes, compiled, and the connections down.
pub struct Scenario<'a> {
    pub table: &'a RouteTable,
    pub router: &'a Router,
    /// The connection down, if any.
    pub down: Option<&'a String>,
    /// Where every route of the table applies.
    pub footprints: &'a [Footprint],
}

/// Where a packet goes: the route that matched it, and its next hop (`None` when that
/// connection is down and nothing takes over). Routes are described only for a counterexample.
struct Went<'a> {
    found: Option<Match>,
    next_hop: Option<&'a str>,
}

impl Scenario<'_> {
    fn went(&self, (source, destination): (Ipv4Addr, Ipv4Addr)) -> Went<'_> {
        let down = self.down.map_or(&[][..], std::slice::from_ref);
        let found = self.router.route_with_down(source, destination, down);
        let next_hop = found
            .as_ref()
            .map(|f| self.router.next_hop_of(f))
            .filter(|&hop| self.down.is_none_or(|d| d != hop));
        Went { found, next_hop }
    }

    /// Names the counterexample's route: `{@route}` and the values its template takes.
    fn describe(&self, found: &Match, message: Message) -> Message {
        match found.kind {
            RouteKind::Policy => {
                let r = &self.table.policy_routes[found.chosen];
                message
                    .arg("route", "part.route-policy")
                    .arg("route_source", r.route_source)
                    .arg("route_dest", r.route_dest)
                    .arg("priority", r.priority)
            }
            RouteKind::Destination => message.arg("route", "part.route-destination").arg(
                "route_dest",
                self.table.destination_routes[found.chosen].route_dest,
            ),
            RouteKind::Bgp => message
                .arg("route", "part.route-bgp")
                .arg("route_dest", self.table.bgp_routes[found.chosen].route_dest),
        }
    }

    /// The first packet of `intent`'s traffic for which `broken` holds, and where it went.
    fn first_broken(
        &self,
        intent: &Intent,
        broken: impl Fn(&Went) -> bool,
    ) -> Option<((Ipv4Addr, Ipv4Addr), Went<'_>)> {
        let region = [Footprint::new(Some(&intent.from), &intent.to)];
        let dirty = Dirty {
            footprints: &region,
            hidden_by_shields: &[],
            shields: &[],
        };
        let mut found = None;
        let _ = regions::walk(self.footprints, &dirty, &mut |rect| {
            let packet = rect.packet();
            let went = self.went(packet);
            if broken(&went) {
                found = Some((packet, went));
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        found
    }
}

/// The diagnostic of a broken intent: the rule's own message (which says what the intent
/// wanted, with the `wanted` connection where there is one), filled with where the
/// counterexample packet went instead. Its pieces are templates of their own (`part.*`).
fn broken(
    rule: &'static RuleMeta,
    (intent, index): (&Intent, usize),
    ((source, destination), went): ((Ipv4Addr, Ipv4Addr), Went<'_>),
    wanted: Option<(&'static str, &str)>,
    scenario: &Scenario<'_>,
) -> Diagnostic {
    let mut message = Message::new(rule.id);
    message = if intent.name.is_empty() {
        message
            .arg("label", "part.intent-numbered")
            .arg("number", index + 1)
    } else {
        message
            .arg("label", "part.intent-named")
            .arg("name", &intent.name)
    };
    message = message
        .arg("source", source)
        .arg("destination", destination);
    message = match (&went.found, went.next_hop) {
        (None, _) => message.arg("outcome", "part.packet-unrouted"),
        (Some(found), None) => {
            scenario.describe(found, message.arg("outcome", "part.packet-on-down-route"))
        }
        (Some(found), Some(hop)) => scenario.describe(
            found,
            message
                .arg("outcome", "part.packet-leaves")
                .arg("next_hop", hop),
        ),
    };
    message = match scenario.down {
        Some(down) => message
            .arg("down", "part.connection-down")
            .arg("connection", down),
        None => message.arg("down", "part.all-connections-up"),
    };
    if let Some((name, connection)) = wanted {
        message = message.arg(name, connection);
    }
    rule.on(rule.fields[0], message)
}

/// Checks `intent` (at position `index`) in one scenario; `None` when it holds. An intent
/// with `via` is not checked while that connection is down, except for its `backup`.
pub fn check_intent(intent: &Intent, index: usize, scenario: &Scenario<'_>) -> Option<Diagnostic> {
    let intent_at = (intent, index);
    match intent.expectation().ok()? {
        Expectation::Via { via, backup } if scenario.down.is_some_and(|d| d == via) => {
            let backup = backup?;
            let packet = scenario.first_broken(intent, |w| w.next_hop != Some(backup))?;
            Some(broken(
                &INTENT_BACKUP,
                intent_at,
                packet,
                Some(("backup", backup)),
                scenario,
            ))
        }
        Expectation::Via { via, .. } => {
            let packet = scenario.first_broken(intent, |w| w.next_hop != Some(via))?;
            Some(broken(
                &INTENT_VIA,
                intent_at,
                packet,
                Some(("via", via)),
                scenario,
            ))
        }
        Expectation::NeverVia(hop) => {
            let packet = scenario.first_broken(intent, |w| w.next_hop == Some(hop))?;
            Some(broken(
                &INTENT_NEVER_VIA,
                intent_at,
                packet,
                Some(("never_via", hop)),
                scenario,
            ))
        }
        Expectation::NotRouted => {
            let packet = scenario.first_broken(intent, |w| w.found.is_some())?;
            Some(broken(
                &INTENT_NOT_ROUTED,
                intent_at,
                packet,
                None,
                scenario,
            ))
        }
    }
}
