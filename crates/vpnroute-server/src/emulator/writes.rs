//! Creates, changes, deletes and publishes. Every write goes the same way: read the request
//! once against its target's tables (the engine's `check_request`, as `vpnroute check` does),
//! replay a known ClientToken, find the gateway or connection, refuse while it is `updating`,
//! refuse a table conflict, stop for DryRun, then make the request's table effect and mark
//! the target `updating`.

use super::reads::find_gateway;
use super::store::Changed;
use super::world::{Connection, Replay, Stored, World};
use super::{Answer, Context};
use crate::error::{status_for_code, ApiError};
use serde::Serialize;
use vpnroute_rules::model::routes::{NamedRoute, PublishedRoute, RouteChange, RouteType};
use vpnroute_rules::ops::create_vpn_connection::CreateVpnConnection;
use vpnroute_rules::ops::{Answered, Operation, RouteFields, TableEffect, Target};
use vpnroute_rules::{check_request, Diagnostic, Request, WireParams};

/// A write, read and ready to go once its target is free.
struct Planned {
    target: Target,
    region_id: String,
    client_token: Option<String>,
    dry_run: bool,
    /// The first error of the table rules, answered once the target is known to exist.
    table_error: Option<Diagnostic>,
    /// What the service answers while the target is `updating`.
    busy_code: &'static str,
    request: Request,
}

/// A write that passed every check, ready to change a world.
pub(super) enum Checked {
    /// The ClientToken was seen with these parameters: its first answer, nothing to change.
    Replay(Answer),
    Change(Box<Accepted>),
}

pub(super) struct Accepted {
    planned: Planned,
    replay_key: Option<String>,
}

/// Runs every check of a write against `world` without changing it: refusals, DryRun and
/// replays need no copy of the world.
pub(super) fn check(
    world: &World,
    operation: Operation,
    params: &WireParams,
    context: &Context<'_>,
) -> Result<Checked, ApiError> {
    let planned = plan(world, operation, params, context)?;
    let replay_key = planned
        .client_token
        .as_ref()
        .map(|token| format!("{operation}/{token}"));
    if let Some(replay) = replay_key.as_ref().and_then(|key| world.replays.get(key)) {
        return replay_answer(replay, params).map(Checked::Replay);
    }
    check_target(world, &planned, context.now)?;
    if let Some(error) = &planned.table_error {
        return Err(ApiError::from_diagnostic(error));
    }
    if planned.dry_run {
        return Err(ApiError::bad_request(
            "DryRunOperation",
            "Request validation has been passed with DryRun flag set.",
        )
        .with_recommend("Send the same request without DryRun to make the change."));
    }
    Ok(Checked::Change(Box::new(Accepted {
        planned,
        replay_key,
    })))
}

impl Accepted {
    /// Makes the change, marks the target `updating` and remembers the answer for its
    /// ClientToken; says which rows of the store it changed.
    pub(super) fn apply(
        self,
        world: &mut World,
        params: &WireParams,
        context: &Context<'_>,
    ) -> Result<(Answer, Changed), ApiError> {
        let target = self.planned.target;
        let (body, created_id) = apply_effect(world, &target, &self.planned.request, context)?;
        let mut changed = Changed::default();
        match &target {
            Target::Gateway(id) => changed.gateways.push(id.clone()),
            Target::Connection(id) => changed.connections.push(id.clone()),
        }
        changed.connections.extend(created_id);
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
                key.clone(),
                Replay {
                    params: params.clone(),
                    body: body.clone(),
                },
            );
            changed.replays.push(key);
        }
        Ok((body, changed))
    }
}

/// Makes an engine request's table effect on its target and answers as the service does;
/// with the id of the connection it created, if any.
fn apply_effect(
    world: &mut World,
    target: &Target,
    request: &Request,
    context: &Context<'_>,
) -> Result<(Answer, Option<String>), ApiError> {
    let mut created_id = None;
    match request.effect() {
        TableEffect::None => {}
        TableEffect::AddDestinationRoute {
            route,
            fields,
            publish,
        } => {
            let stored = Stored::new(route, fields, publish, context.now);
            match target {
                Target::Gateway(id) => gateway_mut(world, id)?.destination_routes.push(stored),
                Target::Connection(id) => connection_mut(world, id)?.routes.push(stored),
            }
        }
        TableEffect::AddPolicyRoute {
            route,
            fields,
            publish,
        } => {
            let stored = Stored::new(route, fields, publish, context.now);
            gateway_mut(world, target.id())?.policy_routes.push(stored);
        }
        TableEffect::AddConnection { connection, .. } => {
            let id = world.new_id("vco");
            let name = connection.name.clone().unwrap_or_else(|| id.clone());
            world
                .connections
                .insert(id.clone(), connection_from(connection, name, context.now));
            created_id = Some(id);
        }
        TableEffect::ChangeRoute { route, change } => change_route(world, target, route, change)?,
        TableEffect::PublishRoute { route, publish } => {
            publish_route(gateway_mut(world, target.id())?, route, publish)
        }
    }
    let answered = Answered {
        request_id: context.request_id,
        create_time: context.now,
        created_id: created_id.as_deref(),
    };
    let response = request
        .respond(&answered)
        .expect("every write of the engine has an answer");
    Ok((to_answer(&response), created_id))
}

/// Reads an engine write once against its target's tables.
fn plan(
    world: &World,
    operation: Operation,
    params: &WireParams,
    context: &Context<'_>,
) -> Result<Planned, ApiError> {
    let kind = operation.target_kind();
    let snapshot = world.snapshot(kind, params.get(kind.key()), context.config.quotas(world));
    let checked = check_request(operation, &params.pairs(), &snapshot);
    if let Some(error) = checked.field_findings.iter().find(|d| d.is_error()) {
        return Err(ApiError::from_diagnostic(error));
    }
    let request = checked
        .request
        .expect("a request without field errors is complete");
    let effect = request.effect();
    if let TableEffect::AddConnection { connection, .. } = &effect {
        check_customer_gateways(world, connection)?;
    }
    let options = request
        .write_options()
        .expect("every write of the engine has write options");
    Ok(Planned {
        target: request.target(),
        region_id: options.region_id.to_owned(),
        client_token: options.client_token.map(str::to_owned),
        dry_run: options.dry_run,
        table_error: checked
            .table_findings
            .into_iter()
            .find(Diagnostic::is_error),
        // The service answers a second connection change with TaskConflict and a second
        // route change with VpnGateway.Configuring.
        busy_code: if matches!(effect, TableEffect::AddConnection { .. }) {
            "TaskConflict"
        } else {
            "VpnGateway.Configuring"
        },
        request,
    })
}

/// Makes a change to the route `route` names in the target's tables.
fn change_route(
    world: &mut World,
    target: &Target,
    route: &NamedRoute,
    change: RouteChange,
) -> Result<(), ApiError> {
    let missing = || {
        not_found(
            "InvalidRouteEntry.NotFound",
            format!("There is no route {route}."),
        )
    };
    if route.route_source.is_some() {
        let routes = &mut gateway_mut(world, target.id())?.policy_routes;
        let index = route
            .position_in_policy(routes.iter().map(|r| &r.route))
            .ok_or_else(missing)?;
        match change {
            RouteChange::Delete => {
                routes.remove(index);
            }
            RouteChange::Modify { weight, priority } => {
                let stored = &mut routes[index].route;
                stored.weight = weight.unwrap_or(stored.weight);
                stored.priority = priority.unwrap_or(stored.priority);
            }
        }
        return Ok(());
    }
    let routes = match target {
        Target::Gateway(id) => &mut gateway_mut(world, id)?.destination_routes,
        Target::Connection(id) => &mut connection_mut(world, id)?.routes,
    };
    let index = route
        .position_in_destination(routes.iter().map(|r| &r.route))
        .ok_or_else(missing)?;
    match change {
        RouteChange::Delete => {
            routes.remove(index);
        }
        RouteChange::Modify { weight, .. } => {
            let stored = &mut routes[index].route;
            stored.weight = weight.unwrap_or(stored.weight);
        }
    }
    Ok(())
}

/// Advertises or withdraws every route of the table `route` names with its destination and
/// next hop.
fn publish_route(gateway: &mut super::world::Gateway, route: &PublishedRoute, publish: bool) {
    let same = |dest, hop: &String| dest == route.route_dest && *hop == route.next_hop;
    match route.route_type {
        RouteType::Dbr => gateway
            .destination_routes
            .iter_mut()
            .filter(|r| same(r.route.route_dest, &r.route.next_hop))
            .for_each(|r| r.publish_vpc = publish),
        RouteType::Pbr => gateway
            .policy_routes
            .iter_mut()
            .filter(|r| same(r.route.route_dest, &r.route.next_hop))
            .for_each(|r| r.publish_vpc = publish),
    }
}

/// Every customer gateway a new connection names exists.
fn check_customer_gateways(world: &World, request: &CreateVpnConnection) -> Result<(), ApiError> {
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
    Ok(())
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

/// The target exists in the region and is not `updating`.
fn check_target(world: &World, planned: &Planned, now: u64) -> Result<(), ApiError> {
    let region_id = planned.region_id.as_str();
    match &planned.target {
        Target::Gateway(id) => {
            let gateway = find_gateway(world, id, region_id)?;
            if now < gateway.busy_until {
                return Err(busy(
                    planned.busy_code,
                    "gateway",
                    id,
                    gateway.busy_until - now,
                ));
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

pub(super) fn not_found(code: &str, message: String) -> ApiError {
    ApiError::new(status_for_code(code), code, message)
}

fn to_answer<T: Serialize>(response: &T) -> Answer {
    serde_json::to_value(response).expect("response models serialize to JSON")
}
