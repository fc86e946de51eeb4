//! Hooks that hold the console's long-running work, so that pages only render.

use crate::i18n::{current_lang, tf};
use crate::plan_state::{PlanAction, PlanState, RowStatus};
use crate::services::analysis::{self, Question};
use crate::services::api::{self, sleep};
use std::cell::Cell;
use std::rc::Rc;
use vpnroute_api::applies::{ApplyRequest, ApplyRow};
use yew::prelude::*;

/// How often a followed apply is read.
const APPLY_POLL_MS: u32 = 300;

/// Applying a checked plan: a callback that hands the chosen rows that were not sent yet to
/// the server in one request, then follows the apply until every row has its answer. The
/// server records them all before it sends any, and sends each gateway's (or connection's)
/// rows one after another in plan order, so a swap's create never meets the route its delete
/// has not yet removed.
#[hook]
pub fn use_plan_apply(plan: &UseReducerHandle<PlanState>) -> Callback<()> {
    let mounted = use_mounted();
    use_callback((plan.clone(), mounted), |(), (plan, mounted)| {
        apply(plan, mounted.clone())
    })
}

/// Following, when the page opens, the newest apply of this person that is still under way:
/// one started from another tab, or one the server resumed after a restart.
#[hook]
pub fn use_resumed_apply(plan: &UseReducerHandle<PlanState>) {
    let plan = plan.clone();
    let mounted = use_mounted();
    use_effect_with((), move |()| {
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(applies) = api::applies().await else {
                return;
            };
            if let Some(apply) = applies.into_iter().find(|a| !a.is_finished()) {
                let id = apply.id;
                plan.dispatch(PlanAction::Following(apply));
                follow(&plan, id, &mounted).await;
            }
        });
    });
}

/// The analysis module's answer to `question` (JSON text), asked again whenever the question
/// changes; `None` until the answer to the current question arrives, and while there is no
/// question. An answer to a question that is no longer current is dropped, so a slow answer
/// never replaces a newer one.
#[hook]
pub fn use_analysis(question: Option<Question>) -> Option<Result<String, String>> {
    let answer = use_state(|| None::<(Question, Result<String, String>)>);
    let current = use_mut_ref(|| None::<Question>);
    {
        let answer = answer.clone();
        use_effect_with(question.clone(), move |question| {
            *current.borrow_mut() = question.clone();
            if let Some(question) = question.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let result = analysis::answer(&question).await;
                    if current.borrow().as_ref() == Some(&question) {
                        answer.set(Some((question, result)));
                    }
                });
            }
        });
    }
    match (&*answer, &question) {
        (Some((asked, result)), Some(question)) if asked == question => Some(result.clone()),
        _ => None,
    }
}

/// A flag that turns false when the component unmounts, so that its loops stop.
#[hook]
fn use_mounted() -> Rc<Cell<bool>> {
    let mounted = use_memo((), |()| Rc::new(Cell::new(true)));
    {
        let mounted = (*mounted).clone();
        use_effect_with((), move |()| move || mounted.set(false));
    }
    (*mounted).clone()
}

fn apply(plan: &UseReducerHandle<PlanState>, mounted: Rc<Cell<bool>>) {
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
    let request = ApplyRequest {
        rows: chosen
            .iter()
            .map(|&i| ApplyRow {
                action: plan.rows[i].request.operation.name().to_owned(),
                params: plan.rows[i].request.params.clone(),
            })
            .collect(),
    };
    plan.dispatch(PlanAction::Applying(chosen.clone()));
    let plan = plan.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match api::start_apply(&request).await {
            Ok(apply) => {
                let id = apply.id;
                plan.dispatch(PlanAction::Following(apply));
                follow(&plan, id, &mounted).await;
            }
            Err(problem) => {
                let lang = current_lang();
                plan.dispatch(PlanAction::ApplyRefused {
                    rows: chosen,
                    problem: tf(lang, "plan.nothing-sent", &[("problem", &problem)]),
                })
            }
        }
    });
}

/// Reads apply `id` until every row has its answer, or the page goes. A read that fails (the
/// server restarting) is shown and tried again: the server resumes the apply when it is back.
async fn follow(plan: &UseReducerHandle<PlanState>, id: u64, mounted: &Cell<bool>) {
    while mounted.get() {
        sleep(APPLY_POLL_MS).await;
        match api::apply(id).await {
            Ok(apply) => {
                let finished = apply.is_finished();
                plan.dispatch(PlanAction::Following(apply));
                if finished {
                    return;
                }
            }
            Err(problem) => plan.dispatch(PlanAction::FollowProblem(problem)),
        }
    }
}
