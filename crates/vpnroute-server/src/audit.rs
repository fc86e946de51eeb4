//! The audit log: every write, and every refused write, as it was answered, kept in the
//! database's `audit` table. The table is only ever inserted into (its triggers refuse the
//! rest), and a record holds no secret: signing fields are left out, and so is every
//! parameter, or key inside a JSON parameter, whose name speaks of a secret.

use crate::action::Action;
use crate::database::Database;
use crate::emulator::unix_millis;
use rusqlite::{params, Connection};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::oneshot;
pub use vpnroute_api::audit::{AuditRecord, AuditRecords, AUDIT_PATH};
use vpnroute_rules::WireParams;

/// The person of a write whose caller was not let in.
pub const UNAUTHENTICATED: &str = "unauthenticated";

/// How the names of the parameters that sign a call begin. The wire reader drops these
/// already; they are left out here too, so that no caller of [`without_secrets`] keeps one.
const SIGNING_FIELD_PREFIXES: &[&str] = &["AccessKey", "Signature", "SecurityToken"];

/// A part of a parameter's name that says its value is a secret (compared ignoring case).
const SECRET_NAME_PARTS: &[&str] = &["psk", "secret", "password"];

/// A write as it came in, waiting for its answer to become an [`AuditRecord`].
#[derive(Clone, Debug)]
pub struct WriteAttempt {
    pub person: String,
    pub action: Action,
    pub params: WireParams,
}

impl WriteAttempt {
    /// The record of this attempt, answered with `outcome` (`OK` or an error code).
    pub fn answered(
        &self,
        outcome: &str,
        source: String,
        request_id: &str,
        time_ms: u64,
    ) -> AuditRecord {
        let target = match self.action {
            Action::Operation(operation) => operation
                .target_in(&self.params.pairs())
                .map(|target| target.id().to_owned()),
            Action::Server(_) => None,
        };
        AuditRecord {
            time_ms,
            person: self.person.clone(),
            source,
            action: self.action.name().to_owned(),
            target: target.unwrap_or_default(),
            params: without_secrets(&self.params),
            outcome: outcome.to_owned(),
            request_id: request_id.to_owned(),
            client_token: self.params.get("ClientToken").unwrap_or("").to_owned(),
        }
    }
}

/// Which records to read; every part left `None` matches all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub person: Option<String>,
    /// A gateway or connection id.
    pub target: Option<String>,
    /// Unix milliseconds; records from then on.
    pub since_ms: Option<u64>,
}

/// A record waiting for its transaction, and whom to tell how that went.
type Waiting = (AuditRecord, oneshot::Sender<Result<(), String>>);

#[derive(Clone)]
pub struct AuditLog {
    database: Arc<Database>,
    /// Records handed to [`AuditLog::record`] and not yet written. Whoever takes the writer
    /// next writes all of them in one transaction: the records that arrive while a commit
    /// waits for the disk share the next flush rather than each waiting for one of its own.
    waiting: Arc<Mutex<Vec<Waiting>>>,
}

impl AuditLog {
    pub fn new(database: Arc<Database>) -> Self {
        AuditLog {
            database,
            waiting: Arc::default(),
        }
    }

    /// Appends `record`.
    pub fn append(&self, record: &AuditRecord) -> Result<(), String> {
        in_one_transaction(&mut self.database.writer(), [record])
    }

    /// Appends the record of `attempt`, answered with `outcome`, and returns once it is
    /// written, without holding up the server's threads; a failure is logged, as the answer
    /// is already decided.
    pub async fn record(
        &self,
        attempt: WriteAttempt,
        outcome: String,
        source: String,
        request_id: String,
    ) {
        let record = attempt.answered(&outcome, source, &request_id, unix_millis());
        let (done, written) = oneshot::channel();
        self.lock_waiting().push((record, done));
        let log = self.clone();
        // Not awaited: this record may be written by a flush that started before this one.
        drop(tokio::task::spawn_blocking(move || log.flush_waiting()));
        let problem = match written.await {
            Ok(Ok(())) => return,
            Ok(Err(problem)) => problem,
            Err(_) => "the flush that took it ended without a word".to_owned(),
        };
        tracing::error!(%problem, "a write was not recorded in the audit log");
    }

    /// Writes every waiting record in one transaction, once this thread has the writer.
    fn flush_waiting(&self) {
        let mut connection = self.database.writer();
        let waiting = std::mem::take(&mut *self.lock_waiting());
        if waiting.is_empty() {
            return;
        }
        let written = in_one_transaction(&mut connection, waiting.iter().map(|(record, _)| record));
        for (_, done) in waiting {
            let _ = done.send(written.clone());
        }
    }

    fn lock_waiting(&self) -> MutexGuard<'_, Vec<Waiting>> {
        // A push or a take cannot be left half done, so a poisoned lock is taken.
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The records `filter` matches, oldest first.
    pub fn read(&self, filter: &AuditFilter) -> Result<Vec<AuditRecord>, String> {
        let connection = self.database.reader();
        let mut statement = connection
            .prepare(
                "SELECT time_ms, person, source, action, target, params, outcome, request_id, \
                 client_token FROM audit \
                 WHERE (?1 IS NULL OR person = ?1) AND (?2 IS NULL OR target = ?2) \
                 AND (?3 IS NULL OR time_ms >= ?3) ORDER BY seq",
            )
            .map_err(read_error)?;
        let rows = statement
            .query_map(
                params![
                    filter.person,
                    filter.target,
                    filter.since_ms.map(|ms| ms as i64)
                ],
                |row| {
                    let params: String = row.get(5)?;
                    Ok(AuditRecord {
                        time_ms: row.get::<_, i64>(0)? as u64,
                        person: row.get(1)?,
                        source: row.get(2)?,
                        action: row.get(3)?,
                        target: row.get(4)?,
                        // Only this module writes the column, always as a JSON object.
                        params: serde_json::from_str(&params).unwrap_or_default(),
                        outcome: row.get(6)?,
                        request_id: row.get(7)?,
                        client_token: row.get(8)?,
                    })
                },
            )
            .map_err(read_error)?;
        rows.collect::<Result<_, _>>().map_err(read_error)
    }
}

fn read_error(e: rusqlite::Error) -> String {
    format!("cannot read the audit log: {e}")
}

/// Appends `records` in one transaction, on the disk when this returns.
fn in_one_transaction<'a>(
    connection: &mut Connection,
    records: impl IntoIterator<Item = &'a AuditRecord>,
) -> Result<(), String> {
    let failed = |e: rusqlite::Error| format!("cannot append to the audit log: {e}");
    let transaction = connection.transaction().map_err(failed)?;
    insert(&transaction, records)?;
    transaction.commit().map_err(failed)
}

/// Appends `records` through `connection`, inside the transaction its caller holds (the
/// journal closes a write in the same transaction as its record).
pub fn insert<'a>(
    connection: &Connection,
    records: impl IntoIterator<Item = &'a AuditRecord>,
) -> Result<(), String> {
    let failed = |e: rusqlite::Error| format!("cannot append to the audit log: {e}");
    let mut statement = connection
        .prepare_cached(
            "INSERT INTO audit (time_ms, person, source, action, target, params, outcome, \
             request_id, client_token) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(failed)?;
    for record in records {
        let params = serde_json::to_string(&record.params)
            .map_err(|e| format!("cannot write an audit record's parameters as JSON: {e}"))?;
        statement
            .execute(params![
                record.time_ms as i64,
                record.person,
                record.source,
                record.action,
                record.target,
                params,
                record.outcome,
                record.request_id,
                record.client_token,
            ])
            .map_err(failed)?;
    }
    Ok(())
}

fn names_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_NAME_PARTS.iter().any(|part| name.contains(part))
}

/// The parameters as kept: signing fields and secrets left out, also inside JSON values
/// (`IkeConfig`'s `Psk`). A value that is not JSON but mentions a secret's name is left out
/// whole, as there is no telling which part of it is the secret. The first value of a
/// repeated name is kept, as it is the one the service reads.
pub fn without_secrets(params: &WireParams) -> BTreeMap<String, String> {
    let mut kept = BTreeMap::new();
    for (name, value) in &params.0 {
        let signing = SIGNING_FIELD_PREFIXES.iter().any(|p| name.starts_with(p));
        if signing || names_secret(name) {
            continue;
        }
        let value = match serde_json::from_str::<serde_json::Value>(value) {
            Ok(mut json @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
                drop_secret_keys(&mut json);
                json.to_string()
            }
            _ if names_secret(value) => continue,
            _ => value.clone(),
        };
        kept.entry(name.clone()).or_insert(value);
    }
    kept
}

fn drop_secret_keys(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) => {
            map.retain(|key, _| !names_secret(key));
            map.values_mut().for_each(drop_secret_keys);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_secret_keys),
        _ => {}
    }
}

/// `--since` and `since=`: an RFC 3339 time, or a duration back from `now_ms` such as `2h`,
/// `30m`, `7d` or `45s`; as Unix milliseconds.
pub fn parse_since(text: &str, now_ms: u64) -> Result<u64, String> {
    let text = text.trim();
    let usage = "give an RFC 3339 time such as 2026-11-22T08:30:00Z, or a duration back from \
                 now such as 30m, 2h or 7d";
    if let Ok(time) =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
    {
        let ms = time.unix_timestamp_nanos() / 1_000_000;
        return u64::try_from(ms).map_err(|_| format!("{text:?} is before 1970; {usage}"));
    }
    let split = text.len().saturating_sub(1);
    let (number, unit) = (
        text.get(..split).unwrap_or(""),
        text.get(split..).unwrap_or(""),
    );
    let unit_ms: u64 = match unit {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => {
            return Err(format!(
                "{text:?} is neither a time nor a duration; {usage}"
            ))
        }
    };
    let count: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is neither a time nor a duration; {usage}"))?;
    Ok(now_ms.saturating_sub(count.saturating_mul(unit_ms)))
}
