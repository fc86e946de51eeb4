//! The embedded VPN gateway emulator: gateways, connections and routes, answering like the
//! service does, asynchronously. Every check of a request and of a table is the engine's; the
//! emulator keeps state and time, and finds what exists.

mod params;
mod reads;
pub mod store;
pub mod world;
mod writes;

pub use world::demo;

use crate::action::Action;
use crate::error::ApiError;
use axum::http::StatusCode;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use store::WorldStore;
use vpnroute_rules::{Quotas, WireParams};
use world::QuotaSettings;
use world::World;

/// How the emulator behaves; the defaults suit an interactive console.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// How long a gateway (or, for vco routes, a connection) stays `updating` after a write.
    pub update_delay: Duration,
    /// Quotas set for this run; they take precedence over the world's own.
    pub quotas: QuotaSettings,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            update_delay: Duration::from_secs(2),
            quotas: QuotaSettings::default(),
        }
    }
}

/// A successful answer: the JSON body, its request id included.
pub type Answer = serde_json::Value;

/// What one call sees: the time it arrived, its request id and the configuration.
pub(crate) struct Context<'a> {
    pub now: u64,
    pub request_id: &'a str,
    pub config: &'a EmulatorConfig,
}

pub struct Emulator {
    config: EmulatorConfig,
    world: Mutex<World>,
    store: Option<WorldStore>,
}

impl Emulator {
    /// An emulator over `world`, kept in memory only.
    pub fn new(config: EmulatorConfig, world: World) -> Self {
        Emulator {
            config,
            world: Mutex::new(world),
            store: None,
        }
    }

    /// An emulator over `world`, which `store` holds: each write is saved there before it
    /// is acknowledged.
    pub fn persistent(config: EmulatorConfig, world: World, store: WorldStore) -> Self {
        Emulator {
            config,
            world: Mutex::new(world),
            store: Some(store),
        }
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // Writes replace the world only after they have succeeded (see `call`), so a panic
        // while the lock was held leaves the last good world behind.
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A copy of the current state.
    pub fn world(&self) -> World {
        self.lock().clone()
    }

    /// Answers one call. A write that passes its checks is made on a copy of the world, the
    /// rows it changed are saved in one transaction, and only then is it made current and
    /// acknowledged: an answer of success means the change is on disk.
    pub fn call(
        &self,
        action: Action,
        params: &WireParams,
        request_id: &str,
    ) -> Result<Answer, ApiError> {
        let context = Context {
            now: unix_millis(),
            request_id,
            config: &self.config,
        };
        let mut world = self.lock();
        let operation = match action {
            Action::Operation(operation) if operation.is_write() => operation,
            _ => return reads::answer(&world, action, params, &context),
        };
        let accepted = match writes::check(&world, operation, params, &context)? {
            writes::Checked::Replay(answer) => return Ok(answer),
            writes::Checked::Change(accepted) => accepted,
        };
        let mut next = world.clone();
        let (answer, changed) = accepted.apply(&mut next, params, &context)?;
        if let Some(store) = &self.store {
            store.save(&next, &changed).map_err(|error| {
                tracing::error!(%error, "cannot save the emulator state");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "ServiceUnavailable",
                    "The change could not be saved, so it was not made. The server log says why.",
                )
            })?;
        }
        *world = next;
        Ok(answer)
    }
}

impl EmulatorConfig {
    /// The quotas in force in `world`: the service's defaults, then the world's settings,
    /// then this run's.
    pub fn quotas(&self, world: &World) -> Quotas {
        self.quotas.over(world.quotas.over(Quotas::default()))
    }
}

pub fn unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
