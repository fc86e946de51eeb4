//! Hooks that hold the console's long-running work, so that pages only render.

use crate::plan_state::{PlanAction, PlanState, RowStatus};
use crate::services::api::{self, sleep, Delivery};
use std::cell::Cell;
use std::rc::Rc;
use vpnroute_rules::Target;
use yew::prelude::*;

/// How often an apply in progress reads the server's queue.
const QUEUE_POLL_MS: u32 = 300;

/// Applying a checked plan: a callback that sends the chosen rows that were not sent yet
/// through the server's per-gateway queue, and follows each one's state in the queue until
/// every one has its answer. Rows of one gateway (or connection) are sent one after another,
/// in plan order: sent at once, they could reach the server in another order, and a swap's
/// create would meet the route its delete had not yet removed.
#[hook]
pub fn use_plan_apply(plan: &UseReducerHandle<PlanState>) -> Callback<()> {
    use_callback(plan.clone(), |(), plan| apply(plan))
}

fn apply(plan: &UseReducerHandle<PlanState>) {
    let chosen: Vec<usize> = plan
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.include && r.status == RowStatus::NotSent)
        .map(|(i, _)| i)
        .collect();
    if chosen.is_empty() {
        return;
    }
    plan.dispatch(PlanAction::Applying(chosen.clone()));
    let remaining = Rc::new(Cell::new(chosen.len()));
    let mut by_target: Vec<(Option<Target>, Vec<usize>)> = Vec::new();
    for index in chosen {
        let request = &plan.rows[index].request;
        let target = request.operation.target_in(&request.params.pairs());
        match by_target.iter_mut().find(|(t, _)| *t == target) {
            Some((_, rows)) => rows.push(index),
            None => by_target.push((target, vec![index])),
        }
    }
    for (_, rows) in by_target {
        let (plan, remaining) = (plan.clone(), remaining.clone());
        wasm_bindgen_futures::spawn_local(async move {
            for index in rows {
                let request = plan.rows[index].request.clone();
                let outcome =
                    api::call(request.operation.name(), &request.params, Delivery::Queued).await;
                remaining.set(remaining.get() - 1);
                plan.dispatch(PlanAction::Finished {
                    row: index,
                    outcome,
                });
            }
        });
    }
    let plan = plan.clone();
    wasm_bindgen_futures::spawn_local(async move {
        while remaining.get() > 0 {
            if let Ok(queue) = api::queue().await {
                let states = queue
                    .targets
                    .into_iter()
                    .flat_map(|target| target.jobs)
                    .map(|job| (job.client_token, job.state.name().to_owned()))
                    .collect();
                plan.dispatch(PlanAction::QueueStates(states));
            }
            sleep(QUEUE_POLL_MS).await;
        }
    });
}
