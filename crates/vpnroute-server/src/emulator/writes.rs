//! Creates and deletes. Every write goes the same way: read the request (the engine's field
//! rules), replay a known ClientToken, find the gateway or connection, refuse while it is
//! `updating`, check the tables (the engine's `check_plan`, as `vpnroute check` does), stop
//! for DryRun, then change the world and mark the target `updating`.

use super::params::{self, cidr, required, weight};
use super::reads::find_gateway;
use super::world::{Connection, Replay, Stored, StoredRoute, World};
use super::{Answer, Context};
use crate::action::Action;
use crate::error::{status_for_code, ApiError};
use ipnet::Ipv4Net;
use serde::Serialize;
use vpnroute_rules::diagnostic::Parsed;
use vpnroute_rules::ops::create_vco_route_entry::{
    CreateVcoRouteEntry, CreateVcoRouteEntryResponse,
};
use vpnroute_rules::ops::create_vpn_connection::{
    CreateVpnConnection, CreateVpnConnectionResponse,
};
use vpnroute_rules::ops::create_vpn_pbr_route_entry::{
    CreateVpnPbrRouteEntry, CreateVpnPbrRouteEntryResponse,
};
use vpnroute_rules::ops::create_vpn_route_entry::{
    CreateVpnRouteEntry, CreateVpnRouteEntryResponse,
};
use vpnroute_rules::ops::RouteFields;
use vpnroute_rules::plan::{check_plan, PlanRequest};
use vpnroute_rules::table::PolicyRoute;
use vpnroute_rules::{Weight, WireParams};

/// What a write changes: a gateway, or a connection attached to a transit router.
#[derive(Clone, Debug)]
enum Target {
    Gateway(String),
    Connection(String),
}

/// The change a write makes, given the world and the call.
type Change = Box<dyn FnOnce(&mut World, &Context<'_>) -> Result<Answer, ApiError>>;

/// A write, read and ready to go once its target is free.
struct Planned {
    target: Target,
    region_id: String,
    client_token: Option<String>,
    dry_run: bool,
    change: Change,
}

/// A write that passed every check, ready to change a world.
pub(super) enum Checked {
    /// The ClientToken was seen with these parameters: its first answer, nothing to change.
    Replay(Answer),
    Change(Accepted),
}

pub(super) struct Accepted {
    planned: Planned,
    replay_key: Option<String>,
}

/// Runs every check of a write against `world` without changing it: refusals, DryRun and
/// replays need no copy of the world.
pub(super) fn check(
    world: &World,
    action: Action,
    params: &WireParams,
    context: &Context<'_>,
) -> Result<Checked, ApiError> {
    let planned = plan(world, action, params)?;
    let replay_key = planned
        .client_token
        .as_ref()
        .map(|token| format!("{action}/{token}"));
    if let Some(replay) = replay_key.as_ref().and_then(|key| world.replays.get(key)) {
        return replay_answer(replay, params).map(Checked::Replay);
    }
    check_target(
        world,
        &planned.target,
        &planned.region_id,
        action,
        context.now,
    )?;
    if let Some(operation) = action.operation() {
        let (gateway_id, connection_id) = match &planned.target {
            Target::Gateway(id) => (Some(id.as_str()), None),
            Target::Connection(id) => (None, Some(id.as_str())),
        };
        let snapshot = world.snapshot(gateway_id, connection_id, context.config.quotas);
        let request = PlanRequest {
            operation,
            params: params.clone(),
        };
        let findings = check_plan(std::slice::from_ref(&request), &snapshot);
        if let Some(finding) = findings.iter().find(|f| f.diagnostic.is_error()) {
            return Err(ApiError::from_diagnostic(&finding.diagnostic));
        }
    }
    if planned.dry_run {
        return Err(ApiError::bad_request(
            "DryRunOperation",
            "Request validation has been passed with DryRun flag set.",
        )
        .with_recommend("Send the same request without DryRun to make the change."));
    }
    Ok(Checked::Change(Accepted {
        planned,
        replay_key,
    }))
}

impl Accepted {
    /// Makes the change, marks the target `updating` and remembers the answer for its
    /// ClientToken.
    pub(super) fn apply(
        self,
        world: &mut World,
        params: &WireParams,
        context: &Context<'_>,
    ) -> Result<Answer, ApiError> {
        let target = self.planned.target.clone();
        let body = (self.planned.change)(world, context)?;
        let busy_until = context.now + context.config.update_delay.as_millis() as u64;
        match &target {
            Target::Gateway(id) => {
                if let Some(gateway) = world.gateways.get_mut(id) {
                    gateway.busy_until = busy_until;
                }
            }
            Target::Connection(id) => {
                if let Some(connection) = world.connections.get_mut(id) {
                    connection.busy_until = busy_until;
                }
            }
        }
        if let Some(key) = self.replay_key {
            world.replays.insert(
                key,
                Replay {
                    params: params.clone(),
                    body: body.clone(),
                },
            );
        }
        Ok(body)
    }
}

fn plan(world: &World, action: Action, params: &WireParams) -> Result<Planned, ApiError> {
    let gateway_facts = || {
        params
            .get("VpnGatewayId")
            .and_then(|id| world.gateways.get(id))
            .map(|g| g.facts())
            .unwrap_or_default()
    };
    match action {
        Action::CreateVpnRouteEntry => {
            let request = valid(CreateVpnRouteEntry::parse(params, &gateway_facts()))?;
            let planned = Planned::route(
                Target::Gateway(request.vpn_gateway_id.clone()),
                &request.route,
            );
            Ok(planned(Box::new(move |world, context| {
                let stored = Stored::new(
                    request.route.destination_route(),
                    &request.route,
                    request.publish_vpc,
                    context.now,
                );
                let response = CreateVpnRouteEntryResponse {
                    request_id: context.request_id.to_owned(),
                    vpn_instance_id: request.vpn_gateway_id.clone(),
                    route_dest: stored.route.route_dest.to_string(),
                    next_hop: stored.route.next_hop.clone(),
                    weight: stored.route.weight.value(),
                    overlay_mode: overlay_mode(&request.route.overlay_mode),
                    description: stored.description.clone(),
                    state: route_state(stored.publish_vpc),
                    create_time: stored.create_time,
                };
                gateway_mut(world, &request.vpn_gateway_id)?
                    .destination_routes
                    .push(stored);
                Ok(to_answer(&response))
            })))
        }
        Action::CreateVpnPbrRouteEntry => {
            let request = valid(CreateVpnPbrRouteEntry::parse(params, &gateway_facts()))?;
            let planned = Planned::route(
                Target::Gateway(request.vpn_gateway_id.clone()),
                &request.route,
            );
            Ok(planned(Box::new(move |world, context| {
                let stored = Stored::new(
                    PolicyRoute {
                        route_source: request.route_source,
                        route_dest: request.route.route_dest,
                        next_hop: request.route.next_hop.clone(),
                        weight: request.route.weight,
                        priority: request.effective_priority(),
                    },
                    &request.route,
                    request.publish_vpc,
                    context.now,
                );
                let response = CreateVpnPbrRouteEntryResponse {
                    request_id: context.request_id.to_owned(),
                    vpn_instance_id: request.vpn_gateway_id.clone(),
                    route_source: stored.route.route_source.to_string(),
                    route_dest: stored.route.route_dest.to_string(),
                    next_hop: stored.route.next_hop.clone(),
                    weight: stored.route.weight.value(),
                    priority: stored.route.priority,
                    overlay_mode: overlay_mode(&request.route.overlay_mode),
                    description: stored.description.clone(),
                    state: route_state(stored.publish_vpc),
                    create_time: stored.create_time,
                };
                gateway_mut(world, &request.vpn_gateway_id)?
                    .policy_routes
                    .push(stored);
                Ok(to_answer(&response))
            })))
        }
        Action::CreateVcoRouteEntry => {
            let facts = params
                .get("VpnConnectionId")
                .and_then(|id| world.connections.get(id))
                .map(Connection::facts)
                .unwrap_or_default();
            let request = valid(CreateVcoRouteEntry::parse(params, &facts))?;
            let planned = Planned::route(
                Target::Connection(request.vpn_connection_id.clone()),
                &request.route,
            );
            Ok(planned(Box::new(move |world, context| {
                let stored = Stored::new(
                    request.route.destination_route(),
                    &request.route,
                    true,
                    context.now,
                );
                let response = CreateVcoRouteEntryResponse {
                    request_id: context.request_id.to_owned(),
                    vpn_connection_id: request.vpn_connection_id.clone(),
                    route_dest: stored.route.route_dest.to_string(),
                    next_hop: stored.route.next_hop.clone(),
                    weight: stored.route.weight.value(),
                    overlay_mode: overlay_mode(&request.route.overlay_mode),
                    description: stored.description.clone(),
                    state: "published".to_owned(),
                    create_time: stored.create_time,
                };
                connection_mut(world, &request.vpn_connection_id)?
                    .routes
                    .push(stored);
                Ok(to_answer(&response))
            })))
        }
        Action::CreateVpnConnection => {
            let facts = gateway_facts();
            let request = valid(CreateVpnConnection::parse(params, &facts))?;
            for customer_gateway in request.customer_gateway_id.iter().chain(
                request
                    .tunnel_options_specification
                    .iter()
                    .map(|t| &t.customer_gateway_id),
            ) {
                if !world.customer_gateways.contains_key(customer_gateway) {
                    return Err(not_found(
                        "InvalidCustomerGatewayInstanceId.NotFound",
                        format!("There is no customer gateway {customer_gateway}."),
                    ));
                }
            }
            Ok(Planned {
                target: Target::Gateway(request.vpn_gateway_id.clone()),
                region_id: request.region_id.clone(),
                client_token: request.client_token.clone(),
                dry_run: request.dry_run,
                change: Box::new(move |world, context| {
                    let id = world.new_id("vco");
                    let name = request.name.clone().unwrap_or_else(|| id.clone());
                    world.connections.insert(
                        id.clone(),
                        connection_from(&request, name.clone(), context.now),
                    );
                    Ok(to_answer(&CreateVpnConnectionResponse {
                        request_id: context.request_id.to_owned(),
                        vpn_connection_id: id,
                        name,
                        create_time: context.now,
                    }))
                }),
            })
        }
        Action::DeleteVpnRouteEntry => {
            let gateway_id = required(params, "VpnGatewayId")?.to_owned();
            let wanted = RouteKey::read(params)?;
            Ok(Planned {
                target: Target::Gateway(gateway_id.clone()),
                region_id: required(params, "RegionId")?.to_owned(),
                client_token: params::optional(params, "ClientToken").map(str::to_owned),
                dry_run: false,
                change: Box::new(move |world, context| {
                    wanted.delete_from(
                        &mut gateway_mut(world, &gateway_id)?.destination_routes,
                        context,
                    )
                }),
            })
        }
        Action::DeleteVpnPbrRouteEntry => {
            let gateway_id = required(params, "VpnGatewayId")?.to_owned();
            let source = cidr(params, "RouteSource")?;
            let wanted = RouteKey::read(params)?;
            let priority = params::optional(params, "Priority")
                .map(|_| params::integer(params, "Priority", 10, 100))
                .transpose()?;
            Ok(Planned {
                target: Target::Gateway(gateway_id.clone()),
                region_id: required(params, "RegionId")?.to_owned(),
                client_token: params::optional(params, "ClientToken").map(str::to_owned),
                dry_run: false,
                change: Box::new(move |world, context| {
                    let routes = &mut gateway_mut(world, &gateway_id)?.policy_routes;
                    let before = routes.len();
                    routes.retain(|r| {
                        let r = &r.route;
                        let same = r.route_source == source
                            && wanted.matches(r.route_dest, &r.next_hop, r.weight)
                            && priority.is_none_or(|p| u32::from(r.priority) == p);
                        !same
                    });
                    deleted(before, routes.len(), context, || {
                        format!("{source} -> {wanted}")
                    })
                }),
            })
        }
        Action::DeleteVcoRouteEntry => {
            let connection_id = required(params, "VpnConnectionId")?.to_owned();
            let wanted = RouteKey::read(params)?;
            Ok(Planned {
                target: Target::Connection(connection_id.clone()),
                region_id: required(params, "RegionId")?.to_owned(),
                client_token: params::optional(params, "ClientToken").map(str::to_owned),
                dry_run: false,
                change: Box::new(move |world, context| {
                    wanted.delete_from(&mut connection_mut(world, &connection_id)?.routes, context)
                }),
            })
        }
        read_only => unreachable!("{read_only} is not a write"),
    }
}

impl Planned {
    /// A route write, given its change: its region, ClientToken and DryRun are the route
    /// fields'. (Read before the change takes the request.)
    fn route(target: Target, fields: &RouteFields) -> impl FnOnce(Change) -> Planned {
        let (region_id, client_token, dry_run) = (
            fields.region_id.clone(),
            fields.client_token.clone(),
            fields.dry_run,
        );
        move |change| Planned {
            target,
            region_id,
            client_token,
            dry_run,
            change,
        }
    }
}

impl<R> Stored<R> {
    fn new(route: R, fields: &RouteFields, publish_vpc: bool, now: u64) -> Self {
        Stored {
            route,
            description: fields.description.clone().unwrap_or_default(),
            publish_vpc,
            create_time: now,
        }
    }
}

/// The request, or its first error as the service would answer it.
fn valid<T>(parsed: Parsed<T>) -> Result<T, ApiError> {
    if let Some(error) = parsed.first_error() {
        return Err(ApiError::from_diagnostic(error));
    }
    Ok(parsed.value.expect("a request without errors is complete"))
}

/// The target exists in the region and is not `updating`.
fn check_target(
    world: &World,
    target: &Target,
    region_id: &str,
    action: Action,
    now: u64,
) -> Result<(), ApiError> {
    match target {
        Target::Gateway(id) => {
            let gateway = find_gateway(world, id, region_id)?;
            if now < gateway.busy_until {
                // The service answers a second connection change with TaskConflict and a
                // second route change with VpnGateway.Configuring.
                let code = if action == Action::CreateVpnConnection {
                    "TaskConflict"
                } else {
                    "VpnGateway.Configuring"
                };
                return Err(busy(code, "gateway", id, gateway.busy_until - now));
            }
        }
        Target::Connection(id) => {
            let connection = world
                .connections
                .get(id)
                .filter(|c| c.region_id == region_id && c.transit_router_id.is_some())
                .ok_or_else(|| {
                    not_found(
                        "InvalidVpnConnectionInstanceId.NotFound",
                        format!("There is no IPsec connection {id} attached to a transit router in region {region_id}; vco routes exist only on such connections."),
                    )
                })?;
            if now < connection.busy_until {
                return Err(busy(
                    "VpnConnection.Configuring",
                    "connection",
                    id,
                    connection.busy_until - now,
                ));
            }
        }
    }
    Ok(())
}

fn busy(code: &str, what: &str, id: &str, remaining_ms: u64) -> ApiError {
    ApiError::bad_request(
        code,
        format!("The {what} {id} is updating after an earlier change, for about {remaining_ms} ms more."),
    )
    .with_recommend(format!(
        "Changes to one {what} cannot overlap: wait until it is active again, then retry with the same ClientToken."
    ))
}

fn replay_answer(replay: &Replay, params: &WireParams) -> Result<Answer, ApiError> {
    let mut sent: Vec<_> = params.0.iter().collect();
    let mut first: Vec<_> = replay.params.0.iter().collect();
    sent.sort();
    first.sort();
    if sent == first {
        Ok(replay.body.clone())
    } else {
        Err(ApiError::bad_request(
            "IdempotentParameterMismatch",
            "This ClientToken was already used with different parameters.",
        )
        .with_recommend("Use a new ClientToken for a different request."))
    }
}

/// Which route a delete names: the fields of its identity and its weight.
struct RouteKey {
    route_dest: Ipv4Net,
    next_hop: String,
    weight: Weight,
}

impl RouteKey {
    fn read(params: &WireParams) -> Result<Self, ApiError> {
        Ok(RouteKey {
            route_dest: cidr(params, "RouteDest")?,
            next_hop: required(params, "NextHop")?.to_owned(),
            weight: weight(params)?,
        })
    }

    fn matches(&self, route_dest: Ipv4Net, next_hop: &str, weight: Weight) -> bool {
        self.route_dest == route_dest && self.next_hop == next_hop && self.weight == weight
    }

    fn delete_from(
        &self,
        routes: &mut Vec<StoredRoute>,
        context: &Context<'_>,
    ) -> Result<Answer, ApiError> {
        let before = routes.len();
        routes.retain(|r| !self.matches(r.route.route_dest, &r.route.next_hop, r.route.weight));
        deleted(before, routes.len(), context, || self.to_string())
    }
}

impl std::fmt::Display for RouteKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} via {} (weight {})",
            self.route_dest,
            self.next_hop,
            self.weight.value()
        )
    }
}

fn deleted(
    before: usize,
    after: usize,
    context: &Context<'_>,
    route: impl FnOnce() -> String,
) -> Result<Answer, ApiError> {
    if before == after {
        return Err(not_found(
            "InvalidVpnRouteEntry.NotFound",
            format!("There is no route {}.", route()),
        ));
    }
    Ok(serde_json::json!({ "RequestId": context.request_id }))
}

fn gateway_mut<'a>(
    world: &'a mut World,
    id: &str,
) -> Result<&'a mut super::world::Gateway, ApiError> {
    world.gateways.get_mut(id).ok_or_else(|| {
        not_found(
            "InvalidVpnGatewayInstanceId.NotFound",
            format!("There is no VPN gateway {id}."),
        )
    })
}

fn connection_mut<'a>(world: &'a mut World, id: &str) -> Result<&'a mut Connection, ApiError> {
    world.connections.get_mut(id).ok_or_else(|| {
        not_found(
            "InvalidVpnConnectionInstanceId.NotFound",
            format!("There is no IPsec connection {id}."),
        )
    })
}

fn connection_from(request: &CreateVpnConnection, name: String, now: u64) -> Connection {
    Connection {
        region_id: request.region_id.clone(),
        name,
        vpn_gateway_id: Some(request.vpn_gateway_id.clone()),
        transit_router_id: None,
        customer_gateway_id: request.customer_gateway_id.clone(),
        local_subnet: request.local_subnet.clone(),
        remote_subnet: request.remote_subnet.clone(),
        effect_immediately: request.effect_immediately.unwrap_or(false),
        enable_dpd: request.enable_dpd.unwrap_or(true),
        enable_nat_traversal: request.enable_nat_traversal.unwrap_or(true),
        enable_tunnels_bgp: request.enable_tunnels_bgp.unwrap_or(false),
        ike_config: request.ike_config.clone().unwrap_or_default(),
        ipsec_config: request.ipsec_config.clone().unwrap_or_default(),
        bgp_config: request.bgp_config.clone().unwrap_or_default(),
        health_check_config: request.health_check_config.clone().unwrap_or_default(),
        tags: request.tags.clone(),
        tunnels: request.tunnel_options_specification.clone(),
        create_time: now,
        ..Connection::default()
    }
}

fn overlay_mode(sent: &Option<String>) -> String {
    sent.clone().unwrap_or_else(|| "Ipsec".to_owned())
}

fn route_state(publish_vpc: bool) -> String {
    if publish_vpc { "published" } else { "normal" }.to_owned()
}

pub(super) fn not_found(code: &str, message: String) -> ApiError {
    ApiError::new(status_for_code(code), code, message)
}

fn to_answer<T: Serialize>(response: &T) -> Answer {
    serde_json::to_value(response).expect("response models serialize to JSON")
}
