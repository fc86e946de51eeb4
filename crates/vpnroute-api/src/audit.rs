//! The audit log as the server hands it out: one [`AuditRecord`] per write or refused write.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the console reads the audit log: an [`AuditRecords`], oldest first. Its query takes
/// `user` (a person), `gateway` (a gateway or connection id) and `since` (an RFC 3339 time or
/// a duration back from now, such as `2h`, `30m` or `7d`).
pub const AUDIT_PATH: &str = "/api/audit";

/// One write, or one refused write, as it was answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    /// Unix milliseconds when the answer was known.
    pub time_ms: u64,
    /// The account's name; `loopback` on a server without accounts; `key ID` for the pair
    /// the server was started with; `unauthenticated` when the caller was not let in.
    pub person: String,
    /// The caller's IP address, empty when it is not known.
    pub source: String,
    pub action: String,
    /// The gateway or connection id the request names, empty when it names none.
    pub target: String,
    /// The request's parameters, every secret left out.
    pub params: BTreeMap<String, String>,
    /// `OK`, or the code of the error answered.
    pub outcome: String,
    pub request_id: String,
    /// The caller's ClientToken, empty when it sent none.
    pub client_token: String,
}

/// The answer of [`AUDIT_PATH`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecords {
    pub records: Vec<AuditRecord>,
}
