//! The console's plan applies over HTTP: `POST /api/applies` hands the server a plan's writes,
//! which the queue journals and sends; `GET /api/applies` and `GET /api/applies/{id}` follow
//! them, with what the queue is doing to each unanswered write. A person sees their own
//! applies, an admin everyone's.

use crate::access::Caller;
use crate::accounts::Role;
use crate::action::Action;
use crate::audit::WriteAttempt;
use crate::database;
use crate::error::{new_request_id, ApiError};
use crate::journal::Requester;
use crate::{connection_ends, no_store, read_body, AppState};
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use vpnroute_api::applies::{Applies, Apply, ApplyRequest, RowState};
use vpnroute_api::queue::TargetQueue;
use vpnroute_rules::WireParams;

/// How many applies a listing holds, newest first.
const LISTED: usize = 20;

pub async fn start(State(state): State<AppState>, request: Request) -> Response {
    let request_id = new_request_id();
    let ends = connection_ends(&request);
    let source = ends.map(|e| e.peer.ip().to_string()).unwrap_or_default();
    let caller = match state.access.console(request.headers(), ends) {
        Ok(caller) => caller,
        Err(error) => return error.into_response_with_id(&request_id),
    };
    let body = match read_body(request.into_body()).await {
        Ok(body) => body,
        Err(error) => return error.into_response_with_id(&request_id),
    };
    let plan: ApplyRequest = match serde_json::from_slice(&body) {
        Ok(plan) => plan,
        Err(e) => {
            return ApiError::bad_request(
                "InvalidParameter.Body",
                format!("The body is not a plan apply ({e}): a JSON object with `rows`, each an `action` and its `params`."),
            )
            .into_response_with_id(&request_id)
        }
    };
    let requester = Requester {
        person: caller.person(),
        source,
    };
    let rows = match admit(&state, &caller, &requester, plan, &request_id).await {
        Ok(rows) => rows,
        Err(error) => return error.into_response_with_id(&request_id),
    };
    let queue = &state.queue;
    let answer = match queue.apply(rows, requester, &request_id).await {
        Ok(id) => read(&state, id, None).await,
        Err(error) => Err(error),
    };
    match answer {
        Ok(Some(apply)) => {
            (StatusCode::CREATED, no_store(Json(apply).into_response())).into_response()
        }
        Ok(None) => unreadable("the apply just recorded is missing").into_response(),
        Err(error) => error.into_response_with_id(&request_id),
    }
}

/// The plan's rows as the queue takes them, or the reason none of them is sent. Rows refused
/// for the caller's role are recorded in the audit log, as any refused write is.
async fn admit(
    state: &AppState,
    caller: &Caller,
    requester: &Requester,
    plan: ApplyRequest,
    request_id: &str,
) -> Result<Vec<(Action, WireParams)>, ApiError> {
    if plan.rows.is_empty() {
        return Err(ApiError::bad_request(
            "MissingParameter.Rows",
            "The plan has no rows to apply.",
        ));
    }
    let mut rows = Vec::with_capacity(plan.rows.len());
    for (index, row) in plan.rows.into_iter().enumerate() {
        let action = Action::parse(&row.action)?;
        if !action.is_write() {
            return Err(ApiError::bad_request(
                "InvalidParameter.Action",
                format!(
                    "Row {} is {action}, which changes nothing; a plan applies writes only.",
                    index + 1
                ),
            ));
        }
        rows.push((action, row.params));
    }
    let refusal = rows
        .iter()
        .find_map(|(action, params)| caller.authorize(*action, params).err());
    if let Some(refusal) = refusal {
        for (action, params) in rows {
            let attempt = WriteAttempt {
                person: requester.person.clone(),
                action,
                params,
            };
            state
                .access
                .audit()
                .record(
                    attempt,
                    refusal.code.clone(),
                    requester.source.clone(),
                    request_id.to_owned(),
                )
                .await;
        }
        return Err(refusal);
    }
    Ok(rows)
}

pub async fn list(State(state): State<AppState>, request: Request) -> Response {
    let caller = match state
        .access
        .console(request.headers(), connection_ends(&request))
    {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    let journal = state.queue.journal().clone();
    let person = whose(&caller);
    let listed = database::blocking(move || journal.applies(person.as_deref(), LISTED)).await;
    match listed {
        Ok(mut applies) => {
            let queued = state.queue.snapshot();
            applies
                .iter_mut()
                .for_each(|a| with_queue_states(a, &queued));
            no_store(Json(Applies { applies }).into_response())
        }
        Err(problem) => unreadable(&problem).into_response(),
    }
}

pub async fn one(State(state): State<AppState>, Path(id): Path<u64>, request: Request) -> Response {
    let caller = match state
        .access
        .console(request.headers(), connection_ends(&request))
    {
        Ok(caller) => caller,
        Err(error) => return error.into_response(),
    };
    match read(&state, id, whose(&caller)).await {
        Ok(Some(apply)) => no_store(Json(apply).into_response()),
        Ok(None) => ApiError::new(
            StatusCode::NOT_FOUND,
            "InvalidApply.NotFound",
            format!("There is no apply {id} of yours on this server."),
        )
        .into_response(),
        Err(error) => error.into_response(),
    }
}

/// Whose applies `caller` may see: everyone's for an admin, else their own.
fn whose(caller: &Caller) -> Option<String> {
    (caller.role < Role::Admin).then(|| caller.person())
}

async fn read(
    state: &AppState,
    id: u64,
    person: Option<String>,
) -> Result<Option<Apply>, ApiError> {
    let journal = state.queue.journal().clone();
    let found = database::blocking(move || journal.apply(id, person.as_deref()))
        .await
        .map_err(|problem| unreadable(&problem))?;
    Ok(found.map(|mut apply| {
        with_queue_states(&mut apply, &state.queue.snapshot());
        apply
    }))
}

/// Adds to each unanswered row what the queue is doing with it.
fn with_queue_states(apply: &mut Apply, queued: &[TargetQueue]) {
    for row in &mut apply.rows {
        if row.state == RowState::Pending {
            row.queue = queued
                .iter()
                .filter(|t| t.target == row.target)
                .flat_map(|t| &t.jobs)
                .find(|job| job.client_token == row.client_token)
                .map(|job| job.state.name().to_owned());
        }
    }
}

fn unreadable(problem: &str) -> ApiError {
    ApiError::unreadable("the apply journal", problem)
}
