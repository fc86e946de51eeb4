//! The apply journal: every write the queue sends is a row here, with its ClientToken,
//! before it is first sent, and the row is closed with the write's answer. A plan apply's
//! rows are recorded together, in one transaction, before any of them is sent. A row left
//! open by a crash or restart is sent again by the next server with its original ClientToken,
//! which the service treats as the same request.
//!
//! An open row keeps its parameters as they are sent, as it may have to be sent again; a
//! closed one keeps them as the audit log does, with every secret left out.

use crate::action::Action;
use crate::audit::{self, without_secrets, AuditRecord};
use crate::database::Database;
use crate::emulator::{unix_millis, Answer};
use crate::error::ApiError;
use rusqlite::{params, OptionalExtension, Row};
use std::sync::Arc;
use vpnroute_api::applies::{AppliedRow, Apply, RowState};
use vpnroute_rules::WireParams;

/// Who asked for a write, as the audit log records them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requester {
    pub person: String,
    /// The caller's IP address; empty when it is not known.
    pub source: String,
}

/// A write as it is recorded before it is sent.
#[derive(Clone, Debug)]
pub struct NewWrite {
    pub action: Action,
    /// Its ClientToken included.
    pub params: WireParams,
    pub target: String,
    pub summary: String,
    pub request_id: String,
}

/// A recorded write that has no answer yet.
#[derive(Clone, Debug)]
pub struct OpenWrite {
    pub seq: i64,
    pub write: NewWrite,
    pub requester: Requester,
}

#[derive(Clone)]
pub struct Journal {
    database: Arc<Database>,
}

impl Journal {
    pub fn new(database: Arc<Database>) -> Self {
        Journal { database }
    }

    /// Records `writes` in one transaction, as a plan apply when `as_apply`, and gives them
    /// back open, in order, with the apply's number.
    pub fn record(
        &self,
        requester: &Requester,
        writes: Vec<NewWrite>,
        as_apply: bool,
    ) -> Result<(Option<u64>, Vec<OpenWrite>), String> {
        let problem = |e: rusqlite::Error| format!("cannot record writes in the journal: {e}");
        let now = unix_millis() as i64;
        let mut connection = self.database.writer();
        let transaction = connection.transaction().map_err(problem)?;
        let apply = if as_apply {
            transaction
                .execute(
                    "INSERT INTO applies (person, source, created_ms) VALUES (?1, ?2, ?3)",
                    params![requester.person, requester.source, now],
                )
                .map_err(problem)?;
            Some(transaction.last_insert_rowid())
        } else {
            None
        };
        let mut open = Vec::with_capacity(writes.len());
        for write in writes {
            let sent = serde_json::to_string(&write.params)
                .map_err(|e| format!("cannot record a write's parameters: {e}"))?;
            transaction
                .execute(
                    "INSERT INTO journal (apply_id, action, target, summary, params, \
                     client_token, person, source, request_id, created_ms) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    params![
                        apply,
                        write.action.name(),
                        write.target,
                        write.summary,
                        sent,
                        write.params.get("ClientToken").unwrap_or_default(),
                        requester.person,
                        requester.source,
                        write.request_id,
                        now,
                    ],
                )
                .map_err(problem)?;
            open.push(OpenWrite {
                seq: transaction.last_insert_rowid(),
                write,
                requester: requester.clone(),
            });
        }
        transaction.commit().map_err(problem)?;
        Ok((apply.map(|id| id as u64), open))
    }

    /// Closes the row of `write` with its answer and appends the write's audit record, in one
    /// transaction: a write is never closed without its record, nor recorded twice.
    pub fn close(
        &self,
        write: &OpenWrite,
        answer: &Result<Answer, ApiError>,
        record: &AuditRecord,
    ) -> Result<(), String> {
        let (outcome, message, request_id) = match answer {
            Ok(body) => (
                "OK".to_owned(),
                String::new(),
                body["RequestId"]
                    .as_str()
                    .unwrap_or(&write.write.request_id)
                    .to_owned(),
            ),
            Err(error) => (
                error.code.clone(),
                error.message.clone(),
                error
                    .request_id
                    .clone()
                    .unwrap_or_else(|| write.write.request_id.clone()),
            ),
        };
        let kept = WireParams(without_secrets(&write.write.params).into_iter().collect());
        let kept = serde_json::to_string(&kept)
            .map_err(|e| format!("cannot record a write's parameters: {e}"))?;
        let problem = |e: rusqlite::Error| format!("cannot close a write in the journal: {e}");
        let mut connection = self.database.writer();
        let transaction = connection.transaction().map_err(problem)?;
        transaction
            .execute(
                "UPDATE journal SET outcome = ?2, message = ?3, answer_request_id = ?4, \
                 params = ?5, finished_ms = ?6 WHERE seq = ?1",
                params![
                    write.seq,
                    outcome,
                    message,
                    request_id,
                    kept,
                    unix_millis() as i64
                ],
            )
            .map_err(problem)?;
        audit::insert(&transaction, [record])?;
        transaction.commit().map_err(problem)
    }

    /// Every row without an answer, oldest first, marked as resumed.
    pub fn resume(&self) -> Result<Vec<OpenWrite>, String> {
        let problem = |e: rusqlite::Error| format!("cannot read the journal: {e}");
        let mut connection = self.database.writer();
        let transaction = connection.transaction().map_err(problem)?;
        transaction
            .execute("UPDATE journal SET resumed = 1 WHERE outcome IS NULL", [])
            .map_err(problem)?;
        let open = {
            let mut statement = transaction
                .prepare(
                    "SELECT seq, action, params, target, summary, request_id, person, source \
                     FROM journal WHERE outcome IS NULL ORDER BY seq",
                )
                .map_err(problem)?;
            let rows = statement.query_map([], open_write).map_err(problem)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(problem)?
        };
        transaction.commit().map_err(problem)?;
        open.into_iter().collect()
    }

    /// Apply `id`, when it exists and `person` (`None`: anyone) made it.
    pub fn apply(&self, id: u64, person: Option<&str>) -> Result<Option<Apply>, String> {
        let connection = self.database.reader();
        let head = connection
            .query_row(
                "SELECT id, person, created_ms FROM applies \
                 WHERE id = ?1 AND (?2 IS NULL OR person = ?2)",
                params![id as i64, person],
                |row| Ok((row.get::<_, i64>(0)?, row.get(1)?, row.get::<_, i64>(2)?)),
            )
            .optional()
            .map_err(read_error)?;
        let Some((id, person, created_ms)) = head else {
            return Ok(None);
        };
        let mut statement = connection
            .prepare(
                "SELECT action, target, summary, client_token, resumed, outcome, message, \
                 answer_request_id FROM journal WHERE apply_id = ?1 ORDER BY seq",
            )
            .map_err(read_error)?;
        let rows = statement
            .query_map([id], applied_row)
            .map_err(read_error)?
            .collect::<Result<_, _>>()
            .map_err(read_error)?;
        Ok(Some(Apply {
            id: id as u64,
            person,
            created_ms: created_ms as u64,
            rows,
        }))
    }

    /// The newest `limit` applies of `person` (`None`: everyone's), newest first.
    pub fn applies(&self, person: Option<&str>, limit: usize) -> Result<Vec<Apply>, String> {
        let ids: Vec<i64> = {
            let connection = self.database.reader();
            let mut statement = connection
                .prepare(
                    "SELECT id FROM applies WHERE (?1 IS NULL OR person = ?1) \
                     ORDER BY id DESC LIMIT ?2",
                )
                .map_err(read_error)?;
            let ids = statement
                .query_map(params![person, limit as i64], |row| row.get(0))
                .map_err(read_error)?;
            ids.collect::<Result<_, _>>().map_err(read_error)?
        };
        let mut applies = Vec::with_capacity(ids.len());
        for id in ids {
            applies.extend(self.apply(id as u64, None)?);
        }
        Ok(applies)
    }
}

fn read_error(e: rusqlite::Error) -> String {
    format!("cannot read the journal: {e}")
}

/// An open row as the queue sends it; a row whose action or parameters this build cannot
/// read is an error that names it, as it would otherwise be dropped unsent.
fn open_write(row: &Row<'_>) -> rusqlite::Result<Result<OpenWrite, String>> {
    let seq: i64 = row.get(0)?;
    let action: String = row.get(1)?;
    let params: String = row.get(2)?;
    let unreadable = |why: String| format!("journal row {seq} ({action}) cannot be resent: {why}");
    let parsed = Action::parse(&action)
        .map_err(|e| unreadable(e.message))
        .and_then(|action| {
            serde_json::from_str::<WireParams>(&params)
                .map(|params| (action, params))
                .map_err(|e| unreadable(e.to_string()))
        });
    let (target, summary, request_id, person, source) = (
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    );
    Ok(parsed.map(|(action, params)| OpenWrite {
        seq,
        write: NewWrite {
            action,
            params,
            target,
            summary,
            request_id,
        },
        requester: Requester { person, source },
    }))
}

fn applied_row(row: &Row<'_>) -> rusqlite::Result<AppliedRow> {
    let outcome: Option<String> = row.get(5)?;
    let state = match outcome.as_deref() {
        None => RowState::Pending,
        Some("OK") => RowState::Done,
        Some(_) => RowState::Failed,
    };
    let code = match state {
        RowState::Failed => outcome.unwrap_or_default(),
        RowState::Pending | RowState::Done => String::new(),
    };
    Ok(AppliedRow {
        action: row.get(0)?,
        target: row.get(1)?,
        summary: row.get(2)?,
        client_token: row.get(3)?,
        resumed: row.get::<_, i64>(4)? != 0,
        state,
        queue: None,
        request_id: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
        code,
        message: row.get::<_, Option<String>>(6)?.unwrap_or_default(),
    })
}
