//! The contract between the console and the server, typed once: the server writes these
//! types and the console reads them. It holds the names of the server's own headers and
//! paths, the session and queue documents, the parts of the describe answers the console
//! reads, and `tables`, which reads whole tables through those describes into the engine's
//! snapshots for the console and the CLI alike. Which gateway or connection a write targets
//! is the engine's (`ops::Target`).
//!
//! The describe types are lenient (every field defaults), because the console also reads the
//! answers of the real service through the proxy.

pub mod describe;
pub mod queue;
pub mod tables;

use serde::{Deserialize, Serialize};

/// The header that carries the console's session token on every call.
pub const SESSION_HEADER: &str = "x-vpnroute-session";
/// Where the console gets its session token: a [`Session`].
pub const SESSION_PATH: &str = "/api/session";
/// The header that asks the server to queue a write (any value).
pub const QUEUE_HEADER: &str = "x-vpnroute-queue";
/// Where the console follows the write queue: a [`queue::QueueSnapshot`].
pub const QUEUE_PATH: &str = "/api/queue";

/// The answer of [`SESSION_PATH`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
}
