//! The operations. Each is one module that says everything about it: wire name, fields, how it
//! is read, which gateway or connection it writes, what it does to the route tables, and the
//! service's answer. `operations!` below is the one list of them; every
//! other crate takes the operations from here.

pub mod create_vco_route_entry;
pub mod create_vpn_connection;
pub mod create_vpn_pbr_route_entry;
pub mod create_vpn_route_entry;
pub mod delete_vco_route_entry;
pub mod delete_vpn_pbr_route_entry;
pub mod delete_vpn_route_entry;
pub mod describe_vco_route_entries;
pub mod modify_vco_route_entry_weight;
pub mod modify_vpn_pbr_route_entry_attribute;
pub mod modify_vpn_pbr_route_entry_priority;
pub mod modify_vpn_pbr_route_entry_weight;
pub mod modify_vpn_route_entry_weight;
pub mod publish_vpn_route_entry;
pub(crate) mod reader;
pub mod route_change;
pub(crate) mod route_fields;

pub use route_fields::RouteFields;

use crate::model::diagnostic::{Parsed, Quoted};
use crate::model::field::FieldSpec;
use crate::model::gateway::GatewayFacts;
use crate::model::routes::{
    DestinationRoute, NamedRoute, NewConnection, PolicyRoute, PublishedRoute, Quotas, RouteChange,
};
use crate::model::wire::{
    encode_pairs, first_value, sent_in_body, WirePairs, WireParams, WireRequest,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a request is read against: the facts of the gateway or connection it names, and the
/// quotas in force.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub facts: GatewayFacts,
    pub quotas: &'a Quotas,
}

/// The job a person does with an operation: the console is organised by these, each showing
/// the operations it sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Task {
    DestinationRoutes,
    PolicyRoutes,
    /// The routes of IPsec connections attached to a transit router.
    VcoRoutes,
    Connections,
}

impl Task {
    pub const ALL: [Task; 4] = [
        Task::DestinationRoutes,
        Task::PolicyRoutes,
        Task::VcoRoutes,
        Task::Connections,
    ];

    /// The task's name in addresses (`#/policy-routes`).
    pub fn slug(self) -> &'static str {
        match self {
            Task::DestinationRoutes => "destination-routes",
            Task::PolicyRoutes => "policy-routes",
            Task::VcoRoutes => "vco-routes",
            Task::Connections => "connections",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Task> {
        Task::ALL.into_iter().find(|task| task.slug() == slug)
    }

    /// The task's operations, in the order of their steps.
    pub fn operations(self) -> Vec<Operation> {
        TaskStep::ALL
            .iter()
            .filter_map(|&step| {
                Operation::ALL
                    .iter()
                    .copied()
                    .find(|operation| operation.task() == self && operation.step() == step)
            })
            .collect()
    }
}

/// What an operation does within its task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TaskStep {
    Add,
    List,
    ChangeWeight,
    ChangePriority,
    /// Weight and priority together.
    ChangeAttributes,
    /// Publish to the VPC route table, or withdraw.
    Publish,
    Delete,
}

impl TaskStep {
    /// Every step, in the order a task shows them.
    pub const ALL: [TaskStep; 7] = [
        TaskStep::Add,
        TaskStep::List,
        TaskStep::ChangeWeight,
        TaskStep::ChangePriority,
        TaskStep::ChangeAttributes,
        TaskStep::Publish,
        TaskStep::Delete,
    ];

    /// The step's name in addresses (`#/policy-routes/change-priority`).
    pub fn slug(self) -> &'static str {
        match self {
            TaskStep::Add => "add",
            TaskStep::List => "list",
            TaskStep::ChangeWeight => "change-weight",
            TaskStep::ChangePriority => "change-priority",
            TaskStep::ChangeAttributes => "change-attributes",
            TaskStep::Publish => "publish",
            TaskStep::Delete => "delete",
        }
    }
}

/// Which kind of resource an operation works on, named by which wire key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    Gateway,
    Connection,
}

impl TargetKind {
    /// The wire parameter that names the target.
    pub fn key(self) -> &'static str {
        match self {
            TargetKind::Gateway => "VpnGatewayId",
            TargetKind::Connection => "VpnConnectionId",
        }
    }

    /// The target of this kind with `id`.
    pub fn target(self, id: impl Into<String>) -> Target {
        match self {
            TargetKind::Gateway => Target::Gateway(id.into()),
            TargetKind::Connection => Target::Connection(id.into()),
        }
    }
}

/// The gateway or IPsec connection a request works on. Writes to one target go one at a time.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "camelCase")]
pub enum Target {
    Gateway(String),
    Connection(String),
}

impl Target {
    pub fn id(&self) -> &str {
        match self {
            Target::Gateway(id) | Target::Connection(id) => id,
        }
    }
}

/// What a request does to its target's tables, once the service has taken it.
#[derive(Clone, Debug, PartialEq)]
pub enum TableEffect<'a> {
    /// Changes no table.
    None,
    /// Adds a destination route: to the gateway's table, or to the connection's (vco routes).
    AddDestinationRoute {
        route: DestinationRoute,
        fields: &'a RouteFields,
        /// Whether the route is advertised to the VPC (vco routes always are).
        publish: bool,
    },
    /// Adds a policy route to the gateway's table.
    AddPolicyRoute {
        route: PolicyRoute,
        fields: &'a RouteFields,
        publish: bool,
    },
    /// Adds an IPsec connection to the gateway.
    AddConnection {
        connection: &'a create_vpn_connection::CreateVpnConnection,
        adds: NewConnection,
    },
    /// Changes or removes a route of the gateway's tables, or (vco routes) of the connection's.
    ChangeRoute {
        route: &'a NamedRoute,
        change: RouteChange,
    },
    /// Advertises a gateway's route to the VPC (`publish`), or withdraws it.
    PublishRoute {
        route: &'a PublishedRoute,
        publish: bool,
    },
}

/// What every write carries besides its fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteOptions<'a> {
    pub region_id: &'a str,
    pub client_token: Option<&'a str>,
    pub dry_run: bool,
}

/// What the service knows once it has made a change, which its answer reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered<'a> {
    pub request_id: &'a str,
    /// Milliseconds since the Unix epoch.
    pub create_time: u64,
    /// The id the service gave a resource the request created.
    pub created_id: Option<&'a str>,
}

/// One operation's module, as the engine's list of operations uses it.
pub trait OperationModule: Sized {
    /// The action name on the wire.
    const NAME: &'static str;
    /// Every wire field, in the order a form shows them.
    const FIELDS: &'static [&'static FieldSpec];
    /// What the request works on.
    const TARGET: TargetKind;
    /// Whether the request changes its target (and so takes DryRun and ClientToken).
    const WRITES: bool;
    /// The task it belongs to, and its step there.
    const TASK: (Task, TaskStep);
    /// Whether the SDKs declare a form body even when the request sends none.
    const FORM_BODY: bool = false;
    /// The service's answer to a taken write.
    type Response: Serialize;

    /// Reads a request from its wire parameters, checking every field rule.
    fn read(params: &WirePairs<'_>, context: &Context<'_>) -> Parsed<Self>;
    fn target(&self) -> Target;
    fn effect(&self) -> TableEffect<'_>;
    /// The wire parameters that send this request, as the SDKs write them.
    fn to_wire(&self) -> WireParams;
    /// A line for people: what the request adds, and where. Read from the raw parameters, so
    /// that a request with errors is still named.
    fn summary(params: &WirePairs<'_>) -> String;
    /// Region, ClientToken and DryRun, for a write.
    fn write_options(&self) -> Option<WriteOptions<'_>>;
    /// The service's answer once the write is made; `None` for a read.
    fn respond(&self, answered: &Answered<'_>) -> Option<Self::Response>;
}

/// Reads a request of the operation `T` from owned parameters, with the default quotas.
pub fn read<T: OperationModule>(params: &WireParams, facts: &GatewayFacts) -> Parsed<T> {
    let context = Context {
        facts: *facts,
        quotas: &Quotas::default(),
    };
    T::read(&params.pairs(), &context)
}

/// The value of `key` in `params`, or `?` for a summary.
pub(crate) fn shown<'a>(params: &WirePairs<'a>, key: &str) -> &'a str {
    first_value(params, key).unwrap_or("?")
}

/// Declares the list of operations: the `Operation` names, the typed `Request` of each, and
/// their dispatch to the modules. Adding an operation is one line here and its module.
macro_rules! operations {
    ($($name:ident => $module:ident,)*) => {
        /// The operations the engine knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Operation {
            $($name,)*
        }

        /// A request read without errors, typed by its operation. Boxed: a CreateVpnConnection
        /// is several times the size of the others.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Request {
            $($name(Box<$module::$name>),)*
        }

        /// The service's answer to a write.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
        #[serde(untagged)]
        pub enum Response {
            $($name(<$module::$name as OperationModule>::Response),)*
        }

        impl Operation {
            pub const ALL: &'static [Operation] = &[$(Operation::$name,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Operation::$name => <$module::$name as OperationModule>::NAME,)*
                }
            }

            /// The operation's wire fields, in form order.
            pub fn fields(self) -> &'static [&'static FieldSpec] {
                match self {
                    $(Operation::$name => <$module::$name as OperationModule>::FIELDS,)*
                }
            }

            /// Whether the operation has a `DryRun` field. Those that have none make the change
            /// when sent one (see `dry-run-unsupported`).
            pub fn takes_dry_run(self) -> bool {
                self.fields().iter().any(|f| f.name == "DryRun")
            }

            /// Whether the operation changes its target (and so takes ClientToken).
            pub fn is_write(self) -> bool {
                match self {
                    $(Operation::$name => <$module::$name as OperationModule>::WRITES,)*
                }
            }

            /// The task the operation belongs to.
            pub fn task(self) -> Task {
                match self {
                    $(Operation::$name => <$module::$name as OperationModule>::TASK.0,)*
                }
            }

            /// What the operation does within its task.
            pub fn step(self) -> TaskStep {
                match self {
                    $(Operation::$name => <$module::$name as OperationModule>::TASK.1,)*
                }
            }

            /// What the operation works on.
            pub fn target_kind(self) -> TargetKind {
                match self {
                    $(Operation::$name => <$module::$name as OperationModule>::TARGET,)*
                }
            }

            fn declares_form_body(self) -> bool {
                match self {
                    $(Operation::$name => <$module::$name as OperationModule>::FORM_BODY,)*
                }
            }

            /// A line for people about a request of this operation (see [`OperationModule::summary`]).
            pub fn summary(self, params: &WirePairs<'_>) -> String {
                match self {
                    $(Operation::$name => $module::$name::summary(params),)*
                }
            }

            /// The gateway or connection that `params` name, when they name one.
            pub fn target_in(self, params: &WirePairs<'_>) -> Option<Target> {
                let kind = self.target_kind();
                first_value(params, kind.key())
                    .filter(|id| !id.is_empty())
                    .map(|id| kind.target(id))
            }

            /// Reads a request of this operation, checking every field rule.
            pub fn read(self, params: &WirePairs<'_>, context: &Context<'_>) -> Parsed<Request> {
                match self {
                    $(Operation::$name => {
                        let parsed = $module::$name::read(params, context);
                        Parsed {
                            value: parsed.value.map(|request| Request::$name(Box::new(request))),
                            diagnostics: parsed.diagnostics,
                        }
                    })*
                }
            }
        }

        impl Request {
            pub fn operation(&self) -> Operation {
                match self {
                    $(Request::$name(_) => Operation::$name,)*
                }
            }

            pub fn target(&self) -> Target {
                match self {
                    $(Request::$name(r) => r.target(),)*
                }
            }

            pub fn effect(&self) -> TableEffect<'_> {
                match self {
                    $(Request::$name(r) => r.effect(),)*
                }
            }

            pub fn to_wire(&self) -> WireParams {
                match self {
                    $(Request::$name(r) => r.to_wire(),)*
                }
            }

            pub fn write_options(&self) -> Option<WriteOptions<'_>> {
                match self {
                    $(Request::$name(r) => r.write_options(),)*
                }
            }

            pub fn respond(&self, answered: &Answered<'_>) -> Option<Response> {
                match self {
                    $(Request::$name(r) => r.respond(answered).map(Response::$name),)*
                }
            }
        }
    };
}

operations! {
    CreateVpnRouteEntry => create_vpn_route_entry,
    CreateVpnPbrRouteEntry => create_vpn_pbr_route_entry,
    CreateVcoRouteEntry => create_vco_route_entry,
    DescribeVcoRouteEntries => describe_vco_route_entries,
    CreateVpnConnection => create_vpn_connection,
    ModifyVpnRouteEntryWeight => modify_vpn_route_entry_weight,
    ModifyVpnPbrRouteEntryWeight => modify_vpn_pbr_route_entry_weight,
    ModifyVpnPbrRouteEntryPriority => modify_vpn_pbr_route_entry_priority,
    ModifyVpnPbrRouteEntryAttribute => modify_vpn_pbr_route_entry_attribute,
    ModifyVcoRouteEntryWeight => modify_vco_route_entry_weight,
    DeleteVpnRouteEntry => delete_vpn_route_entry,
    DeleteVpnPbrRouteEntry => delete_vpn_pbr_route_entry,
    DeleteVcoRouteEntry => delete_vco_route_entry,
    PublishVpnRouteEntry => publish_vpn_route_entry,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An action name that is not one of [`Operation::ALL`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOperation(pub String);

impl fmt::Display for UnknownOperation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<_> = Operation::ALL.iter().map(|o| o.name()).collect();
        write!(
            f,
            "{} is not an operation vpnroute knows; it knows {}",
            Quoted(&self.0),
            known.join(", ")
        )
    }
}

impl FromStr for Operation {
    type Err = UnknownOperation;
    fn from_str(name: &str) -> Result<Self, UnknownOperation> {
        Operation::ALL
            .iter()
            .copied()
            .find(|o| o.name() == name)
            .ok_or_else(|| UnknownOperation(name.to_owned()))
    }
}

/// The API version of every operation vpnroute knows.
pub const API_VERSION: &str = "2016-04-28";

/// The call that sends `params` for `operation`, placed as the SDKs place them.
pub fn build_request(operation: Operation, params: &WireParams) -> WireRequest {
    let body = encode_pairs(params.0.iter().filter(|(k, _)| sent_in_body(k)));
    let mut headers = vec![
        ("x-acs-action".to_owned(), operation.name().to_owned()),
        ("x-acs-version".to_owned(), API_VERSION.to_owned()),
    ];
    if !body.is_empty() || operation.declares_form_body() {
        headers.push((
            "content-type".to_owned(),
            "application/x-www-form-urlencoded".to_owned(),
        ));
    }
    WireRequest {
        method: "POST".to_owned(),
        path: "/".to_owned(),
        headers,
        query: encode_pairs(params.0.iter().filter(|(k, _)| !sent_in_body(k))),
        body,
    }
}
