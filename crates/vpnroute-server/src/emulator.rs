//! The embedded VPN gateway emulator: gateways, connections and routes in memory, answering
//! like the service does. Every check is the engine's; the emulator only keeps state and time.

use crate::error::{status_for_code, ApiError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use vpnroute_rules::ops::create_vpn_route_entry::{
    CreateVpnRouteEntry, CreateVpnRouteEntryResponse,
};
use vpnroute_rules::table::{check_destination_routes, DestinationRoute, Quotas};
use vpnroute_rules::{GatewayFacts, Operation, WireParams};

/// How the emulator behaves; the defaults suit an interactive console.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// How long a gateway stays `updating` after a write.
    pub update_delay: Duration,
    pub quotas: Quotas,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            update_delay: Duration::from_secs(2),
            quotas: Quotas::default(),
        }
    }
}

#[derive(Clone, Debug)]
struct StoredRoute {
    route: DestinationRoute,
    description: String,
    overlay_mode: String,
    publish_vpc: bool,
    create_time: u64,
}

#[derive(Clone, Debug)]
struct Gateway {
    region_id: String,
    facts: GatewayFacts,
    connections: Vec<String>,
    destination_routes: Vec<StoredRoute>,
    busy_until: Option<Instant>,
}

/// The first answer to a ClientToken, kept so that a retry gets it again.
#[derive(Clone, Debug)]
struct Replay {
    params: WireParams,
    body: serde_json::Value,
}

#[derive(Default)]
struct State {
    gateways: BTreeMap<String, Gateway>,
    replays: HashMap<(Operation, String), Replay>,
}

/// A successful answer: the JSON body, its request id included.
pub type Answer = serde_json::Value;

pub struct Emulator {
    config: EmulatorConfig,
    state: Mutex<State>,
}

/// Ids of the demo data, so that the console and the tests can use them.
/// They are the engine's example values, so the console's prefilled form works at once.
pub mod demo {
    use vpnroute_rules::field::common;

    pub const REGION_ID: &str = common::REGION_ID.example;
    pub const GATEWAY_ID: &str = common::VPN_GATEWAY_ID.example;
    pub const CONNECTION_IDS: [&str; 2] = [common::NEXT_HOP.example, "vco-bp15oes1py4i66rmd0002"];
}

impl Emulator {
    /// An emulator with no gateways.
    pub fn empty(config: EmulatorConfig) -> Self {
        Emulator {
            config,
            state: Mutex::new(State::default()),
        }
    }

    /// An emulator with a single-tunnel demo gateway and two IPsec connections, so the
    /// console has something to work on at once.
    pub fn with_demo(config: EmulatorConfig) -> Self {
        let emulator = Self::empty(config);
        emulator.lock().gateways.insert(
            demo::GATEWAY_ID.to_owned(),
            Gateway {
                region_id: demo::REGION_ID.to_owned(),
                facts: GatewayFacts::default(),
                connections: demo::CONNECTION_IDS
                    .iter()
                    .map(|c| (*c).to_owned())
                    .collect(),
                destination_routes: Vec::new(),
                busy_until: None,
            },
        );
        emulator
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while the lock was held cannot leave a half-written route (every write is a
        // single push after all checks), so the state stays usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers one operation.
    pub fn call(
        &self,
        operation: Operation,
        params: &WireParams,
        request_id: &str,
    ) -> Result<Answer, ApiError> {
        match operation {
            Operation::CreateVpnRouteEntry => self.create_vpn_route_entry(params, request_id, Instant::now()),
            other => Err(ApiError::bad_request(
                "UnsupportedOperation",
                format!("The embedded emulator does not answer {other} yet; `vpnroute check` checks such requests offline."),
            )),
        }
    }

    fn create_vpn_route_entry(
        &self,
        params: &WireParams,
        request_id: &str,
        now: Instant,
    ) -> Result<Answer, ApiError> {
        let mut state = self.lock();
        let facts = params
            .get("VpnGatewayId")
            .and_then(|id| state.gateways.get(id))
            .map(|g| g.facts)
            .unwrap_or_default();
        let parsed = CreateVpnRouteEntry::parse(params, &facts);
        if let Some(error) = parsed.first_error() {
            return Err(ApiError::from_diagnostic(error));
        }
        let request = parsed.value.expect("a request without errors is complete");
        let route = &request.route;
        let replay_key = route
            .client_token
            .clone()
            .map(|t| (Operation::CreateVpnRouteEntry, t));
        if let Some(replay) = replay_key.as_ref().and_then(|k| state.replays.get(k)) {
            return replay_answer(replay, params);
        }
        let quotas = self.config.quotas;
        let gateway = state
            .gateways
            .get_mut(&request.vpn_gateway_id)
            .filter(|g| g.region_id == route.region_id)
            .ok_or_else(|| gateway_not_found(&request.vpn_gateway_id, &route.region_id))?;
        if gateway.busy_until.is_some_and(|until| now < until) {
            return Err(ApiError::bad_request(
                "VpnGateway.Configuring",
                format!("Gateway {} is updating after an earlier change; retry when it is active again.", request.vpn_gateway_id),
            )
            .with_recommend("Route changes to one gateway cannot overlap: wait until the gateway is active, then retry with the same ClientToken."));
        }
        let new_route = route.destination_route();
        let existing: Vec<DestinationRoute> = gateway
            .destination_routes
            .iter()
            .map(|r| r.route.clone())
            .collect();
        let findings = check_destination_routes(
            &existing,
            std::slice::from_ref(&new_route),
            Some(&gateway.connections),
            &quotas,
        );
        if let Some(finding) = findings.iter().find(|f| f.diagnostic.is_error()) {
            return Err(ApiError::from_diagnostic(&finding.diagnostic));
        }
        if route.dry_run {
            return Err(ApiError::bad_request(
                "DryRunOperation",
                "Request validation has been passed with DryRun flag set.",
            )
            .with_recommend("Send the same request without DryRun to create the route."));
        }
        let stored = StoredRoute {
            route: new_route,
            description: route.description.clone().unwrap_or_default(),
            overlay_mode: route
                .overlay_mode
                .clone()
                .unwrap_or_else(|| "Ipsec".to_owned()),
            publish_vpc: request.publish_vpc,
            create_time: unix_millis(),
        };
        gateway.destination_routes.push(stored.clone());
        gateway.busy_until = Some(now + self.config.update_delay);
        let response = CreateVpnRouteEntryResponse {
            request_id: request_id.to_owned(),
            vpn_instance_id: request.vpn_gateway_id.clone(),
            route_dest: stored.route.route_dest.to_string(),
            next_hop: stored.route.next_hop.clone(),
            weight: stored.route.weight.value(),
            overlay_mode: stored.overlay_mode,
            description: stored.description,
            state: if stored.publish_vpc {
                "published"
            } else {
                "normal"
            }
            .to_owned(),
            create_time: stored.create_time,
        };
        let body = to_answer(&response);
        if let Some(key) = replay_key {
            state.replays.insert(
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

fn gateway_not_found(id: &str, region: &str) -> ApiError {
    let code = "InvalidVpnGatewayInstanceId.NotFound";
    ApiError::new(
        status_for_code(code),
        code,
        format!("There is no VPN gateway {id} in region {region}."),
    )
}

fn to_answer<T: Serialize>(response: &T) -> Answer {
    serde_json::to_value(response).expect("response models serialize to JSON")
}

fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
