//! What the writes that change or delete an existing route share: how they name the route,
//! their fields, and their answer. Each operation's module says which of these it takes.

use crate::model::diagnostic::Parsed;
use crate::model::field::{common, FieldKind, FieldSpec};
use crate::model::routes::{NamedRoute, RouteChange, Weight};
use crate::model::wire::{WirePairs, WireParams};
use crate::ops::reader::Reader;
use crate::ops::route_fields::push_optional;
use crate::ops::{shown, Target, TargetKind, Task, TaskStep, WriteOptions};
use crate::rules::{ids, request, route_changes, route_entry};
use serde::{Deserialize, Serialize};

/// `RouteDest` as part of a route's name: any block a create could have made.
pub static NAMED_ROUTE_DEST: FieldSpec = FieldSpec::new(
    "RouteDest",
    FieldKind::Cidr,
    "field.RouteDest.named",
    "10.0.0.0/24",
)
.required();

pub static NAMED_NEXT_HOP: FieldSpec = FieldSpec::new(
    "NextHop",
    FieldKind::Id { prefix: "vco-" },
    "field.NextHop.named",
    "vco-bp15oes1py4i66rmd0001",
)
.required();

pub static CURRENT_WEIGHT: FieldSpec = FieldSpec::new(
    "Weight",
    FieldKind::OneOf {
        values: &["100", "0"],
    },
    "field.Weight.current",
    "100",
)
.required();

pub static CURRENT_PRIORITY: FieldSpec = FieldSpec::new(
    "Priority",
    FieldKind::Integer { min: 1, max: 100 },
    "field.Priority.current",
    "10",
);

pub static CURRENT_PRIORITY_REQUIRED: FieldSpec = CURRENT_PRIORITY.required();

pub static NEW_WEIGHT: FieldSpec = FieldSpec::new(
    "NewWeight",
    FieldKind::OneOf {
        values: &["100", "0"],
    },
    "field.NewWeight",
    "0",
)
.required();

pub static NEW_WEIGHT_OPTIONAL: FieldSpec = FieldSpec::new(
    "NewWeight",
    FieldKind::OneOf {
        values: &["100", "0"],
    },
    "field.NewWeight.optional",
    "0",
);

pub static NEW_PRIORITY: FieldSpec = FieldSpec::new(
    "NewPriority",
    FieldKind::Integer { min: 1, max: 100 },
    "field.NewPriority",
    "5",
)
.required();

pub static NEW_PRIORITY_OPTIONAL: FieldSpec = FieldSpec::new(
    "NewPriority",
    FieldKind::Integer { min: 1, max: 100 },
    "field.NewPriority.optional",
    "5",
);

/// How an operation's fields are used.
pub(crate) struct Shape {
    pub fields: &'static [&'static FieldSpec],
    pub target: TargetKind,
    /// A policy route: named with `RouteSource` too, and `Priority` when sent.
    pub policy: bool,
    pub change: ChangeKind,
}

impl Shape {
    /// A route change's task follows from what it names: a transit-router connection's
    /// route, a policy route, or a destination route.
    pub(crate) const fn task(&self) -> (Task, TaskStep) {
        let task = match (self.target, self.policy) {
            (TargetKind::Connection, _) => Task::VcoRoutes,
            (TargetKind::Gateway, true) => Task::PolicyRoutes,
            (TargetKind::Gateway, false) => Task::DestinationRoutes,
        };
        let step = match self.change {
            ChangeKind::Weight => TaskStep::ChangeWeight,
            ChangeKind::Priority => TaskStep::ChangePriority,
            ChangeKind::Attribute => TaskStep::ChangeAttributes,
            ChangeKind::Delete => TaskStep::Delete,
        };
        (task, step)
    }
}

/// What the operation changes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    Weight,
    Priority,
    /// Weight, priority or both (at least one).
    Attribute,
    Delete,
}

/// A change or delete of one route, read without errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeRequest {
    pub region_id: String,
    /// The gateway (or, for vco routes, the connection) whose table holds the route.
    pub target: Target,
    pub route: NamedRoute,
    pub new_weight: Option<Weight>,
    pub new_priority: Option<u8>,
    /// Always `Ipsec` when present.
    pub overlay_mode: Option<String>,
    pub client_token: Option<String>,
    /// Sent although the operation has no such field; see `dry-run-unsupported`.
    pub dry_run: bool,
}

impl ChangeRequest {
    pub(crate) fn read(shape: &Shape, params: &WirePairs<'_>) -> Parsed<Self> {
        let mut r = Reader::new(params);
        let region_id = r.checked(&common::REGION_ID, request::check_region_id);
        let target = match shape.target {
            TargetKind::Gateway => r.id(&common::VPN_GATEWAY_ID, &ids::VPN_GATEWAY_ID_MALFORMED),
            TargetKind::Connection => r.id(
                &common::VPN_CONNECTION_ID,
                &ids::VPN_CONNECTION_ID_MALFORMED,
            ),
        };
        let route_source = shape.policy.then(|| r.cidr(&common::ROUTE_SOURCE));
        let route_dest = r.cidr(&NAMED_ROUTE_DEST);
        let next_hop = r.id(&NAMED_NEXT_HOP, &ids::NEXT_HOP_MALFORMED);
        let weight = r.parsed(&CURRENT_WEIGHT, route_entry::check_weight);
        let priority = shape
            .fields
            .iter()
            .find(|f| f.name == "Priority")
            .and_then(|spec| r.integer(spec))
            .and_then(|p| u8::try_from(p).ok());
        let new_weight = shape
            .fields
            .iter()
            .find(|f| f.name == "NewWeight")
            .and_then(|spec| r.parsed(spec, route_entry::check_weight));
        let new_priority = shape
            .fields
            .iter()
            .find(|f| f.name == "NewPriority")
            .and_then(|spec| r.integer(spec))
            .and_then(|p| u8::try_from(p).ok());
        if shape.change == ChangeKind::Attribute {
            r.absorb(route_changes::check_something_to_change(
                r.has("NewWeight"),
                r.has("NewPriority"),
            ));
        }
        r.absorb(route_changes::check_new_weight(weight, new_weight));
        r.absorb(route_changes::check_new_priority(priority, new_priority));
        let overlay_mode = shape
            .fields
            .iter()
            .find(|f| f.name == "OverlayMode")
            .and_then(|spec| r.one_of(spec));
        let client_token = r.checked(&common::CLIENT_TOKEN, request::check_client_token);
        let (dry_run, dry_run_found) = read_dry_run(&mut r);
        let mut parsed = r.conclude(shape.fields, || {
            Some(ChangeRequest {
                region_id: region_id?.to_owned(),
                target: shape.target.target(target?),
                route: NamedRoute {
                    route_source: match route_source {
                        Some(source) => Some(source?),
                        None => None,
                    },
                    route_dest: route_dest?,
                    next_hop: next_hop?.to_owned(),
                    weight: weight?,
                    priority,
                },
                new_weight,
                new_priority,
                overlay_mode: overlay_mode.map(str::to_owned),
                client_token: client_token.map(str::to_owned),
                dry_run,
            })
        });
        dry_run_replaces_unknown(&mut parsed, dry_run_found);
        parsed
    }

    /// What the request does to the route it names.
    pub(crate) fn change(&self, kind: ChangeKind) -> RouteChange {
        match kind {
            ChangeKind::Delete => RouteChange::Delete,
            _ => RouteChange::Modify {
                weight: self.new_weight,
                priority: self.new_priority,
            },
        }
    }

    pub(crate) fn to_wire(&self) -> WireParams {
        let mut params = WireParams::new();
        params.push("RegionId", &self.region_id);
        let key = match self.target {
            Target::Gateway(_) => TargetKind::Gateway.key(),
            Target::Connection(_) => TargetKind::Connection.key(),
        };
        params.push(key, self.target.id());
        if let Some(source) = self.route.route_source {
            params.push("RouteSource", source.to_string());
        }
        params.push("RouteDest", self.route.route_dest.to_string());
        params.push("NextHop", &self.route.next_hop);
        params.push("Weight", self.route.weight.value().to_string());
        if let Some(priority) = self.route.priority {
            params.push("Priority", priority.to_string());
        }
        if let Some(weight) = self.new_weight {
            params.push("NewWeight", weight.value().to_string());
        }
        if let Some(priority) = self.new_priority {
            params.push("NewPriority", priority.to_string());
        }
        push_optional(&mut params, "OverlayMode", self.overlay_mode.as_deref());
        push_optional(&mut params, "ClientToken", self.client_token.as_deref());
        if self.dry_run {
            params.push("DryRun", "true");
        }
        params
    }

    pub(crate) fn write_options(&self) -> WriteOptions<'_> {
        WriteOptions {
            region_id: &self.region_id,
            client_token: self.client_token.as_deref(),
            dry_run: self.dry_run,
        }
    }
}

/// `DryRun`, which these operations do not have: whether it asks for a dry run, and whether
/// it was sent at all.
pub(crate) fn read_dry_run(r: &mut Reader<'_>) -> (bool, bool) {
    let sent = r.has(common::DRY_RUN.name);
    let dry_run = r.boolean(&common::DRY_RUN).unwrap_or(false);
    r.absorb(route_changes::check_dry_run_unsupported(sent));
    (dry_run, sent)
}

/// `dry-run-unsupported` says more about a sent DryRun than `unknown-field` does, so the
/// latter goes.
pub(crate) fn dry_run_replaces_unknown<T>(parsed: &mut Parsed<T>, sent: bool) {
    if sent {
        parsed
            .diagnostics
            .retain(|d| !(d.rule == request::UNKNOWN_FIELD.id && d.field == common::DRY_RUN.name));
    }
}

/// The answer to every change, delete and publish: the id of the call, nothing more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Acknowledged {
    pub request_id: String,
}

/// How a change request names its route for people: `[source ->] dest via hop`.
pub(crate) fn named(params: &WirePairs<'_>) -> String {
    let route = format!(
        "{} via {}",
        shown(params, "RouteDest"),
        shown(params, "NextHop")
    );
    match crate::model::wire::first_value(params, "RouteSource") {
        Some(source) => format!("{source} -> {route}"),
        None => route,
    }
}

/// A line for people about a change request of `kind`.
pub(crate) fn summary(kind: ChangeKind, params: &WirePairs<'_>) -> String {
    let route = named(params);
    let value = |key| crate::model::wire::first_value(params, key);
    let weight = format!(
        "weight {} -> {}",
        shown(params, "Weight"),
        shown(params, "NewWeight")
    );
    let priority = format!(
        "priority {} -> {}",
        value("Priority").unwrap_or("(as it is)"),
        shown(params, "NewPriority")
    );
    match kind {
        ChangeKind::Weight => format!("{route}: {weight}"),
        ChangeKind::Priority => format!("{route}: {priority}"),
        ChangeKind::Attribute => {
            let mut parts = Vec::new();
            if value("NewWeight").is_some() {
                parts.push(weight);
            }
            if value("NewPriority").is_some() {
                parts.push(priority);
            }
            format!("{route}: {}", parts.join(", "))
        }
        ChangeKind::Delete => format!("delete {route} (weight {})", shown(params, "Weight")),
    }
}

/// Declares one change or delete: its request type and its `OperationModule`, the same for
/// all eight but for the name and the `Shape` (fields, target, what it changes) the module
/// gives.
macro_rules! change_operation {
    ($(#[doc = $doc:literal])* $name:ident, $shape:expr) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(pub $crate::ops::route_change::ChangeRequest);

        impl $crate::ops::OperationModule for $name {
            const NAME: &'static str = stringify!($name);
            const FIELDS: &'static [&'static $crate::model::field::FieldSpec] = $shape.fields;
            const TARGET: $crate::ops::TargetKind = $shape.target;
            const WRITES: bool = true;
            const TASK: ($crate::ops::Task, $crate::ops::TaskStep) = $shape.task();
            type Response = $crate::ops::route_change::Acknowledged;

            fn read(
                params: &$crate::model::wire::WirePairs<'_>,
                _context: &$crate::ops::Context<'_>,
            ) -> $crate::model::diagnostic::Parsed<Self> {
                let parsed = $crate::ops::route_change::ChangeRequest::read(&$shape, params);
                $crate::model::diagnostic::Parsed {
                    value: parsed.value.map($name),
                    diagnostics: parsed.diagnostics,
                }
            }

            fn target(&self) -> $crate::ops::Target {
                self.0.target.clone()
            }

            fn effect(&self) -> $crate::ops::TableEffect<'_> {
                $crate::ops::TableEffect::ChangeRoute {
                    route: &self.0.route,
                    change: self.0.change($shape.change),
                }
            }

            fn to_wire(&self) -> $crate::model::wire::WireParams {
                self.0.to_wire()
            }

            fn summary(params: &$crate::model::wire::WirePairs<'_>) -> String {
                $crate::ops::route_change::summary($shape.change, params)
            }

            fn write_options(&self) -> Option<$crate::ops::WriteOptions<'_>> {
                Some(self.0.write_options())
            }

            fn respond(
                &self,
                answered: &$crate::ops::Answered<'_>,
            ) -> Option<$crate::ops::route_change::Acknowledged> {
                Some($crate::ops::route_change::Acknowledged {
                    request_id: answered.request_id.to_owned(),
                })
            }
        }
    };
}
pub(crate) use change_operation;
