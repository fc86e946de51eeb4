//! Writes to one gateway (vco routes: one connection), one at a time. Each write is journaled
//! before it is first sent, waits for its turn, is retried with backoff while the service
//! says the target is busy or throttles, keeps its ClientToken on every attempt (and after a
//! restart), and holds the turn until the target is active again, so the next write never
//! meets `updating`. A plan's writes to one target take a single turn, in plan order. The
//! queue can be watched while it works.

use crate::action::{Action, ServerAction};
use crate::audit::{AuditLog, WriteAttempt};
use crate::database::{self, Database};
use crate::emulator::{unix_millis, Answer, Emulator};
use crate::error::ApiError;
use crate::journal::{Journal, NewWrite, OpenWrite, Requester};
use crate::upstream::Upstream;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vpnroute_api::queue::{Job, JobState, TargetQueue};
use vpnroute_rules::ops::{Operation, TargetKind};
use vpnroute_rules::WireParams;

/// Where calls are answered: the embedded emulator or Alibaba Cloud.
#[derive(Clone)]
pub enum Backend {
    Emulator(Arc<Emulator>),
    Upstream(Arc<Upstream>),
}

impl Backend {
    pub async fn call(
        &self,
        action: Action,
        params: &WireParams,
        request_id: &str,
    ) -> Result<Answer, ApiError> {
        if let Action::Operation(operation) = action {
            let dry_run = params.asks_dry_run();
            if dry_run && !operation.takes_dry_run() {
                return Err(dry_run_refused(operation));
            }
        }
        match self {
            // A write waits for its transaction to reach the disk while it holds the world's
            // lock: on a blocking thread, so that the runtime's few workers keep answering.
            Backend::Emulator(emulator) if action.is_write() => {
                let (emulator, params) = (Arc::clone(emulator), params.clone());
                let request_id = request_id.to_owned();
                tokio::task::spawn_blocking(move || emulator.call(action, &params, &request_id))
                    .await
                    .unwrap_or_else(|_| {
                        Err(ApiError::new(
                            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                            "InternalError",
                            "The emulator stopped in the middle of a write; the server log says why.",
                        ))
                    })
            }
            // A read does CPU work only, under the lock; it never waits on the disk.
            Backend::Emulator(emulator) => emulator.call(action, params, request_id),
            Backend::Upstream(upstream) => upstream.call(action, params).await,
        }
    }
}

/// The answer to DryRun on an operation that has none. The service would ignore the field
/// and make the change, so neither the emulator nor the proxy lets it through.
fn dry_run_refused(operation: Operation) -> ApiError {
    ApiError::bad_request(
        "InvalidParameter.DryRun",
        format!("{operation} has no DryRun: the service would make the change."),
    )
    .with_recommend(
        "Check the request with vpnroute (the console, the npm package or `vpnroute check`), then send it without DryRun.",
    )
}

/// How hard the queue tries.
#[derive(Clone, Debug)]
pub struct QueuePolicy {
    /// Attempts per write, the first included.
    pub max_attempts: u32,
    /// Wait before the first retry; doubled on each further one, up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// How often the target's state is read while it is `updating`.
    pub poll_interval: Duration,
    /// How long to wait for `active` after a write before letting the next one go anyway.
    pub settle_timeout: Duration,
}

impl Default for QueuePolicy {
    fn default() -> Self {
        QueuePolicy {
            max_attempts: 8,
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            poll_interval: Duration::from_secs(1),
            settle_timeout: Duration::from_secs(300),
        }
    }
}

#[derive(Default)]
struct Lane {
    /// Held by the writes whose turn it is; tokio's mutex wakes waiters first come, first
    /// served.
    turn: tokio::sync::Mutex<()>,
    jobs: Mutex<Vec<Job>>,
}

pub struct WriteQueue {
    backend: Backend,
    policy: QueuePolicy,
    journal: Journal,
    audit: AuditLog,
    lanes: Mutex<BTreeMap<String, Arc<Lane>>>,
    next_job: AtomicU64,
}

/// Which gateway or connection a write changes, and how to read its state.
struct Target {
    id: String,
    kind: TargetKind,
    done_states: &'static [&'static str],
}

fn target_of(action: Action, params: &WireParams) -> Option<Target> {
    let kind = action.target_kind();
    let id = params.get(kind.key()).filter(|v| !v.is_empty())?.to_owned();
    let done_states: &[&str] = match kind {
        TargetKind::Connection => &["attached", "active"],
        TargetKind::Gateway => &["active"],
    };
    Some(Target {
        id,
        kind,
        done_states,
    })
}

/// Codes that mean "not now": the target is busy, or calls come too fast.
pub fn is_retryable(error: &ApiError) -> bool {
    matches!(
        error.code.as_str(),
        "TaskConflict"
            | "VpnGateway.Configuring"
            | "VpnConnection.Configuring"
            | "VpnTask.CONFLICT"
            | "ServiceUnavailable"
    ) || error.code.contains("Throttling")
}

/// The ClientToken of `params`, given a new one when it has none: the token every attempt
/// of the write carries, also after a restart.
pub fn ensure_client_token(params: &mut WireParams) -> String {
    match params.get("ClientToken").filter(|t| !t.is_empty()) {
        Some(token) => token.to_owned(),
        None => {
            let token = uuid::Uuid::new_v4().to_string();
            params.set("ClientToken", token.clone());
            token
        }
    }
}

impl WriteQueue {
    /// A queue that journals and audits its writes in `database`.
    pub fn new(backend: Backend, policy: QueuePolicy, database: Arc<Database>) -> Arc<Self> {
        Arc::new(WriteQueue {
            backend,
            policy,
            journal: Journal::new(Arc::clone(&database)),
            audit: AuditLog::new(database),
            lanes: Mutex::new(BTreeMap::new()),
            next_job: AtomicU64::new(1),
        })
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Every target with writes queued or under way.
    pub fn snapshot(&self) -> Vec<TargetQueue> {
        let lanes = self.lanes.lock().unwrap_or_else(|p| p.into_inner());
        lanes
            .iter()
            .map(|(target, lane)| TargetQueue {
                target: target.clone(),
                jobs: lane.jobs.lock().unwrap_or_else(|p| p.into_inner()).clone(),
            })
            .filter(|t| !t.jobs.is_empty())
            .collect()
    }

    /// Journals one write, queues it and answers when it is done; its answer is recorded in
    /// the audit log here. The work runs in its own task, so a caller that goes away does not
    /// cut a write off between sending and settling.
    pub async fn submit(
        self: &Arc<Self>,
        action: Action,
        mut params: WireParams,
        request_id: String,
        requester: Requester,
    ) -> Result<Answer, ApiError> {
        ensure_client_token(&mut params);
        let Some(target) = target_of(action, &params) else {
            // Without a target the call cannot conflict with anything; the service will say
            // what is missing.
            let answer = self.backend.call(action, &params, &request_id).await;
            let attempt = WriteAttempt {
                person: requester.person,
                action,
                params,
            };
            let outcome = answer
                .as_ref()
                .map_or_else(|e| e.code.clone(), |_| "OK".to_owned());
            self.audit
                .record(attempt, outcome, requester.source, request_id)
                .await;
            return answer;
        };
        let write = NewWrite {
            summary: summary(action, &params),
            target: target.id.clone(),
            action,
            params,
            request_id,
        };
        let (_, open) = self.record(requester, vec![write], false).await?;
        let queue = Arc::clone(self);
        let task = tokio::spawn(async move { queue.send_in_turn(target, open).await });
        let answers = task.await.unwrap_or_default();
        answers.into_iter().next().unwrap_or_else(|| {
            Err(ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "InternalError",
                "The queued write stopped unexpectedly; the server log says why.",
            ))
        })
    }

    /// Journals a plan's writes, all before the first is sent, and starts sending them: each
    /// target's in plan order, targets side by side. Answers the apply's number at once.
    pub async fn apply(
        self: &Arc<Self>,
        rows: Vec<(Action, WireParams)>,
        requester: Requester,
        request_id: &str,
    ) -> Result<u64, ApiError> {
        let mut writes = Vec::with_capacity(rows.len());
        for (index, (action, mut params)) in rows.into_iter().enumerate() {
            ensure_client_token(&mut params);
            let Some(target) = target_of(action, &params) else {
                return Err(ApiError::bad_request(
                    format!("MissingParameter.{}", action.target_kind().key()),
                    format!(
                        "Row {} ({action}) names no {}, so it cannot be queued behind the writes to it.",
                        index + 1,
                        action.target_kind().key()
                    ),
                ));
            };
            writes.push(NewWrite {
                summary: summary(action, &params),
                target: target.id,
                action,
                params,
                request_id: format!("{request_id}-{}", index + 1),
            });
        }
        let (id, open) = self.record(requester, writes, true).await?;
        self.send_all(open);
        Ok(id.expect("an apply is recorded with its number"))
    }

    /// Sends again, each with its ClientToken, every journaled write that has no answer: the
    /// writes under way when the server last stopped. Answers how many there are.
    pub fn resume(self: &Arc<Self>) -> Result<usize, String> {
        let open = self.journal.resume()?;
        let count = open.len();
        self.send_all(open);
        Ok(count)
    }

    async fn record(
        &self,
        requester: Requester,
        writes: Vec<NewWrite>,
        as_apply: bool,
    ) -> Result<(Option<u64>, Vec<OpenWrite>), ApiError> {
        let journal = self.journal.clone();
        let recorded =
            database::blocking(move || journal.record(&requester, writes, as_apply)).await;
        recorded.map_err(|problem| {
            tracing::error!(%problem, "cannot journal writes");
            ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The write could not be recorded in the server's journal, so it was not sent. The server log says why.",
            )
        })
    }

    /// Sends `writes` in the background, one task per target, each target's in their order.
    fn send_all(self: &Arc<Self>, writes: Vec<OpenWrite>) {
        let mut by_target: Vec<(Target, Vec<OpenWrite>)> = Vec::new();
        for write in writes {
            let Some(target) = target_of(write.write.action, &write.write.params) else {
                continue;
            };
            match by_target.iter_mut().find(|(t, _)| t.id == target.id) {
                Some((_, group)) => group.push(write),
                None => by_target.push((target, vec![write])),
            }
        }
        for (target, group) in by_target {
            let queue = Arc::clone(self);
            tokio::spawn(async move { queue.send_in_turn(target, group).await });
        }
    }

    /// Sends `writes`, all to `target`, one after another in one turn of its lane, so that no
    /// other write comes between them; closes each one's journal row with its answer and its
    /// audit record.
    async fn send_in_turn(
        &self,
        target: Target,
        writes: Vec<OpenWrite>,
    ) -> Vec<Result<Answer, ApiError>> {
        let lane = Arc::clone(
            self.lanes
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .entry(target.id.clone())
                .or_default(),
        );
        let jobs: Vec<JobHandle> = writes
            .iter()
            .map(|open| {
                let write = &open.write;
                JobHandle::enqueue(
                    &lane,
                    Job {
                        id: self.next_job.fetch_add(1, Ordering::Relaxed),
                        action: write.action.name().to_owned(),
                        client_token: write.params.get("ClientToken").unwrap_or("").to_owned(),
                        summary: write.summary.clone(),
                        state: JobState::Waiting,
                    },
                )
            })
            .collect();
        let _turn = lane.turn.lock().await;
        let mut answers = Vec::with_capacity(writes.len());
        for (open, job) in writes.into_iter().zip(jobs) {
            let answer = self.send(&target, &open.write, &job).await;
            self.close(open, &answer).await;
            answers.push(answer);
        }
        answers
    }

    /// Sends one write until it is answered (retrying busy answers), then waits for its
    /// target to settle.
    async fn send(
        &self,
        target: &Target,
        write: &NewWrite,
        job: &JobHandle<'_>,
    ) -> Result<Answer, ApiError> {
        let (action, params, request_id) = (write.action, &write.params, &write.request_id);
        let mut backoff = self.policy.first_backoff;
        let mut attempt = 1;
        let answer = loop {
            job.set(JobState::Sending { attempt });
            match self.backend.call(action, params, request_id).await {
                Err(error) if is_retryable(&error) && attempt < self.policy.max_attempts => {
                    tracing::info!(%action, target = %target.id, code = %error.code, attempt, "busy; retrying with the same ClientToken");
                    job.set(JobState::Retrying {
                        attempt,
                        code: error.code.clone(),
                    });
                    let pause = error.retry_after_ms.map_or(backoff, Duration::from_millis);
                    tokio::time::sleep(pause).await;
                    backoff = (backoff * 2).min(self.policy.max_backoff);
                    attempt += 1;
                }
                other => break other,
            }
        };
        if answer.is_ok() && !params.asks_dry_run() {
            job.set(JobState::Settling);
            self.settle(target, params, request_id).await;
        }
        answer
    }

    /// Closes the write's journal row and appends its audit record, in one transaction. A
    /// failure is logged: the answer is already decided.
    async fn close(&self, open: OpenWrite, answer: &Result<Answer, ApiError>) {
        let journal = self.journal.clone();
        let outcome = answer
            .as_ref()
            .map_or_else(|e| e.code.clone(), |_| "OK".to_owned());
        let answered = answer.clone();
        let closed = database::blocking(move || {
            let record = WriteAttempt {
                person: open.requester.person.clone(),
                action: open.write.action,
                params: open.write.params.clone(),
            }
            .answered(
                &outcome,
                open.requester.source.clone(),
                &open.write.request_id,
                unix_millis(),
            );
            journal.close(&open, &answered, &record)
        })
        .await;
        if let Err(problem) = closed {
            tracing::error!(%problem, "a write's answer was not journaled");
        }
    }

    /// Reads the target's state until it is done updating, or the timeout passes.
    async fn settle(&self, target: &Target, params: &WireParams, request_id: &str) {
        let describe_action = Action::Server(match target.kind {
            TargetKind::Connection => ServerAction::DescribeVpnConnection,
            TargetKind::Gateway => ServerAction::DescribeVpnGateway,
        });
        let mut describe = WireParams::new();
        describe.push("RegionId", params.get("RegionId").unwrap_or_default());
        describe.push(target.kind.key(), &target.id);
        let deadline = tokio::time::Instant::now() + self.policy.settle_timeout;
        while tokio::time::Instant::now() < deadline {
            match self
                .backend
                .call(describe_action, &describe, request_id)
                .await
            {
                Ok(state)
                    if state["Status"]
                        .as_str()
                        .is_some_and(|s| target.done_states.contains(&s)) =>
                {
                    return
                }
                Ok(_) => {}
                Err(error) if is_retryable(&error) => {}
                Err(error) => {
                    tracing::warn!(target = %target.id, code = %error.code, "cannot read the state after a write; letting the next write go");
                    return;
                }
            }
            tokio::time::sleep(self.policy.poll_interval).await;
        }
        tracing::warn!(target = %target.id, "still updating at the settle timeout; letting the next write go");
    }
}

/// A job's entry in its lane, removed when the job ends however it ends.
struct JobHandle<'a> {
    lane: &'a Lane,
    id: u64,
}

impl<'a> JobHandle<'a> {
    fn enqueue(lane: &'a Lane, job: Job) -> Self {
        let id = job.id;
        lane.jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(job);
        JobHandle { lane, id }
    }

    fn set(&self, state: JobState) {
        let mut jobs = self.lane.jobs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(job) = jobs.iter_mut().find(|j| j.id == self.id) {
            job.state = state;
        }
    }
}

impl Drop for JobHandle<'_> {
    fn drop(&mut self) {
        let mut jobs = self.lane.jobs.lock().unwrap_or_else(|p| p.into_inner());
        jobs.retain(|j| j.id != self.id);
    }
}

/// What a write adds or removes, for people: the engine's words for its operations.
fn summary(action: Action, params: &WireParams) -> String {
    if let Action::Operation(operation) = action {
        return operation.summary(&params.pairs());
    }
    let field = |key: &str| params.get(key).filter(|v| !v.is_empty());
    match (field("RouteSource"), field("RouteDest"), field("NextHop")) {
        (Some(source), Some(dest), Some(hop)) => format!("{source} -> {dest} via {hop}"),
        (None, Some(dest), Some(hop)) => format!("{dest} via {hop}"),
        _ => field("Name")
            .or_else(|| field("CustomerGatewayId"))
            .unwrap_or("connection")
            .to_owned(),
    }
}
