//! Plan and apply: routes pasted or uploaded as CSV or JSON, each checked against the live
//! tables and against each other; bad ones fixed or dropped; the rest applied through the
//! server's per-gateway queue, with a progress bar and each request's state.

use crate::components::findings_panel::{
    grouped, show, FindingsPanel, Markers, PanelFinding, RowRef,
};
use crate::components::impact_view::TrafficBlocks;
use crate::hooks::{use_analysis, use_plan_apply, use_resumed_apply};
use crate::i18n::{current_lang, t, tf, Lang};
use crate::plan_state::{PlanAction, PlanRowState, PlanState, RowStatus};
use crate::services::analysis::{self, ImpactOnTarget, Question};
use crate::services::{drafts, gateway};
use vpnroute_rules::plan_file::parse_plan;
use vpnroute_rules::{export, PlanRequest, Target};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Kept for the browser tab, so a reload does not lose it.
fn keep_text(text: &UseStateHandle<String>, value: String) {
    drafts::keep_plan_text(&value);
    text.set(value);
}

/// The gateways and transit-router connections a plan's requests name, each with its region.
fn targets(rows: &[vpnroute_rules::plan_file::PlanRow]) -> Vec<(Target, String)> {
    let mut found: Vec<(Target, String)> = Vec::new();
    for row in rows {
        let params = &row.request.params;
        let region = params.get("RegionId").unwrap_or_default().to_owned();
        if let Some(target) = row.request.operation.target_in(&params.pairs()) {
            if !found.iter().any(|(t, _)| *t == target) {
                found.push((target, region));
            }
        }
    }
    found
}

/// The element id of the plan's table.
const PLAN_TABLE: &str = "plan-rows";

/// Every row's findings for the panel, each with the rows it concerns (its own, and the one
/// it conflicts with).
fn panel_findings(lang: Lang, rows: &[PlanRowState]) -> Vec<PanelFinding> {
    let row_ref = |index: usize| RowRef {
        table: PLAN_TABLE,
        row: index + 1,
        label: tf(lang, "plan.request-row", &[("row", &(index + 1))]),
    };
    let findings = rows
        .iter()
        .flat_map(|row| &row.findings)
        .map(|f| PanelFinding {
            diagnostic: f.diagnostic.clone(),
            rows: std::iter::once(f.request)
                .chain(f.other_request)
                .map(row_ref)
                .collect(),
        })
        .collect();
    grouped(findings)
}

/// The numbered findings of `panel` that concern request `index` (from 0).
fn markers_of(panel: &[PanelFinding], index: usize) -> Vec<(usize, vpnroute_rules::Diagnostic)> {
    panel
        .iter()
        .enumerate()
        .filter(|(_, f)| f.rows.first().is_some_and(|r| r.row == index + 1))
        .map(|(number, f)| (number + 1, f.diagnostic.clone()))
        .collect()
}

/// A row's state in `lang`: the queue's word for what it does with the row (`waiting`,
/// `sending`, ...) or the apply's (`recorded`, `done`, `failed`); a word the console does not
/// know, from a newer server, as the server wrote it.
fn state_word(lang: Lang, word: &str) -> &str {
    match word {
        "recorded" => t(lang, "state.recorded"),
        "sent" => t(lang, "state.sent"),
        "waiting" => t(lang, "state.waiting"),
        "sending" => t(lang, "state.sending"),
        "retrying" => t(lang, "state.retrying"),
        "settling" => t(lang, "state.settling"),
        "done" => t(lang, "state.done"),
        "failed" => t(lang, "state.failed"),
        other => other,
    }
}

fn new_client_token() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("plan-{}", js_sys::Date::now()))
}

#[component]
pub fn PlanPage() -> Html {
    let lang = current_lang();
    let text = use_state(drafts::plan_text);
    let plan = use_reducer(PlanState::default);
    let loading = use_state(|| false);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            keep_text(
                &text,
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            )
        })
    };
    let on_file = {
        let text = text.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(content) =
                    gloo::file::futures::read_as_text(&gloo::file::Blob::from(file)).await
                {
                    keep_text(&text, content);
                }
            });
        })
    };
    let check = {
        let (text, plan, loading) = (text.clone(), plan.clone(), loading.clone());
        Callback::from(move |_| {
            let rows = match parse_plan("plan", &text) {
                Ok(rows) => rows,
                Err(problem) => return plan.dispatch(PlanAction::Problem(problem)),
            };
            let rows: Vec<_> = rows
                .into_iter()
                .map(|mut row| {
                    if row
                        .request
                        .params
                        .get("ClientToken")
                        .is_none_or(str::is_empty)
                    {
                        row.request.params.set("ClientToken", new_client_token());
                    }
                    row
                })
                .collect();
            let (plan, loading) = (plan.clone(), loading.clone());
            loading.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let targets = targets(&rows);
                let ids: Vec<Target> = targets.iter().map(|(t, _)| t.clone()).collect();
                let region_of = |id: &str| {
                    targets
                        .iter()
                        .find(|(t, _)| t.id() == id)
                        .map(|(_, r)| r.clone())
                        .unwrap_or_default()
                };
                match gateway::snapshot(region_of, &ids).await {
                    Ok(snapshot) => plan.dispatch(PlanAction::Loaded { rows, snapshot }),
                    Err(problem) => plan.dispatch(PlanAction::Problem(tf(
                        lang,
                        "plan.tables-unread",
                        &[("problem", &problem)],
                    ))),
                }
                loading.set(false);
            });
        })
    };
    let apply = {
        let apply = use_plan_apply(&plan);
        Callback::from(move |_: MouseEvent| apply.emit(()))
    };
    use_resumed_apply(&plan);
    let panel = use_memo((plan.rows.clone(), lang), |(rows, lang)| {
        panel_findings(*lang, rows)
    });
    let on_show =
        Callback::from(|row: RowRef| show(&format!("#{} tr[data-row=\"{}\"]", row.table, row.row)));
    let included = plan
        .rows
        .iter()
        .filter(|r| r.include && r.status == RowStatus::NotSent)
        .count();
    let with_errors = plan.rows.iter().filter(|r| r.has_errors()).count();
    let warned = plan
        .rows
        .iter()
        .filter(|r| !r.has_errors() && !r.findings.is_empty())
        .count();
    html! {
        <section class="plan" aria-labelledby="plan-title">
            <h2 id="plan-title">{ t(lang, "page.plan") }</h2>
            <div class="field">
                <label for="plan-text">{ t(lang, "plan.text") }</label>
                <textarea id="plan-text" rows="8" spellcheck="false" value={(*text).clone()} oninput={on_text}
                    placeholder="Action,RegionId,VpnGatewayId,RouteDest,NextHop,Weight,PublishVpc" />
            </div>
            <div class="field">
                <label for="plan-file">{ t(lang, "plan.file") }</label>
                <input type="file" id="plan-file" accept=".csv,.json,text/csv,application/json" onchange={on_file} />
            </div>
            <button type="button" id="plan-check" onclick={check} disabled={*loading || plan.applying}>{ t(lang, "plan.check") }</button>
            if let Some(problem) = &plan.problem { <p class="failed" role="alert">{ problem.clone() }</p> }
            // Always there, so that screen readers announce each check's result.
            <p id="plan-summary" role="status">{
                if plan.rows.is_empty() { String::new() }
                else { tf(lang, "plan.summary", &[("count", &plan.rows.len()), ("errors", &with_errors), ("warnings", &warned)]) }
            }</p>
            if !plan.rows.is_empty() {
                <table class="plan-rows" id={PLAN_TABLE}>
                    <thead><tr><th>{ t(lang, "table.send") }</th><th>{ "#" }</th><th>{ "Action" }</th><th>{ t(lang, "table.request") }</th><th>{ t(lang, "table.findings") }</th><th>{ t(lang, "table.state") }</th></tr></thead>
                    <tbody>
                        { for plan.rows.iter().enumerate().map(|(index, row)| {
                            let toggle = {
                                let plan = plan.clone();
                                Callback::from(move |_| plan.dispatch(PlanAction::Toggle(index)))
                            };
                            let state = match &row.status {
                                RowStatus::NotSent => t(lang, "state.not-sent").to_owned(),
                                RowStatus::Queued(state) => state_word(lang, state).to_owned(),
                                RowStatus::Done => t(lang, "state.done").to_owned(),
                                RowStatus::Failed { code, message } => tf(lang, "state.failed-with", &[("code", code), ("message", message)]),
                            };
                            let status_class = match &row.status {
                                RowStatus::NotSent => "not-sent",
                                RowStatus::Queued(_) => "queued",
                                RowStatus::Done => "done",
                                RowStatus::Failed { .. } => "failed",
                            };
                            let checkbox_id = format!("plan-include-{}", index + 1);
                            html! {
                                <tr class={classes!(row.has_errors().then_some("conflict"), status_class)} data-row={(index + 1).to_string()}>
                                    <td><input type="checkbox" id={checkbox_id.clone()} checked={row.include} onchange={toggle}
                                        disabled={row.status != RowStatus::NotSent} aria-label={tf(lang, "plan.include", &[("row", &(index + 1))])} /></td>
                                    <td>{ row.line.map_or((index + 1).to_string(), |l| tf(lang, "plan.line", &[("line", &l)])) }</td>
                                    <td>{ row.request.operation.name() }</td>
                                    <td>{ row.request.operation.summary(&row.request.params.pairs()) }</td>
                                    <td>
                                        <Markers findings={markers_of(&panel, index)} />
                                        { for row.findings.iter().filter_map(|f| {
                                            let d = &f.diagnostic;
                                            let value = d.suggestion.clone()?;
                                            let plan = plan.clone();
                                            let field = d.field.clone();
                                            let label = tf(lang, "fix.use", &[("value", &value)]);
                                            Some(html! { <button type="button" class="fix" onclick={Callback::from(move |_| plan.dispatch(PlanAction::Fix { row: index, field: field.clone(), value: value.clone() }))}>{ label }</button> })
                                        }) }
                                    </td>
                                    <td class="row-state">{ state }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                <FindingsPanel findings={panel.clone()} on_show={on_show.clone()} />
                <button type="button" id="plan-apply" onclick={apply} disabled={included == 0 || plan.applying}>{ tf(lang, "plan.apply", &[("count", &included)]) }</button>
                <PlanExports plan={plan.clone()} />
                <PlanImpact plan={plan.clone()} />
            }
            <ApplyProgress plan={plan.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ApplyProgressProps {
    plan: UseReducerHandle<PlanState>,
}

/// The apply this page follows, as the server reports it: a progress bar, whether the server
/// resumed it after a restart, and, for an apply the page found under way, its rows.
#[component]
fn ApplyProgress(props: &ApplyProgressProps) -> Html {
    let lang = current_lang();
    let plan = &props.plan;
    let Some(apply) = &plan.apply else {
        // The live region is there before an apply starts, so that its progress is announced.
        return html! { <div class="progress" aria-live="polite"></div> };
    };
    let (answered, total, failed) = plan.progress();
    let percent = (answered * 100).checked_div(total).unwrap_or(0);
    html! {
        <div class="progress" id="apply" data-apply={apply.id.to_string()} aria-live="polite">
            <p id="apply-title">{ tf(lang, "apply.title", &[("id", &apply.id), ("person", &apply.person)]) }</p>
            if apply.was_resumed() {
                <p id="apply-resumed" class="note">{ t(lang, "apply.resumed") }</p>
            }
            if let Some(problem) = &plan.apply_problem {
                <p id="apply-problem" class="failed">{ tf(lang, "apply.still-following", &[("problem", problem)]) }</p>
            }
            <label for="plan-progress">{ t(lang, "apply.progress") }</label>
            <progress id="plan-progress" max={total.to_string()} value={answered.to_string()}>{ format!("{percent}%") }</progress>
            <span id="plan-progress-text">{ tf(lang, "apply.progress-text", &[("answered", &answered), ("total", &total), ("percent", &percent), ("failed", &failed)]) }</span>
            if plan.apply_is_foreign() {
                <ol id="apply-rows">
                    { for apply.rows.iter().map(|row| html! {
                        <li data-state={row.state_name().to_owned()}>{ format!("{} {}: {}", row.action, row.summary, state_word(lang, row.state_name())) }</li>
                    }) }
                </ol>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PlanExportsProps {
    plan: UseReducerHandle<PlanState>,
}

/// The checked plan for the tools teams already use: its end state as Terraform, and its rows
/// as aliyun CLI calls. Offered only while no row has an error, as `vpnroute export` does.
#[component]
fn PlanExports(props: &PlanExportsProps) -> Html {
    let lang = current_lang();
    let plan = &props.plan;
    if plan.rows.iter().any(|r| r.has_errors()) {
        return html! { <p class="export-note" id="plan-export-blocked">{ t(lang, "plan.exports-blocked") }</p> };
    }
    let requests: Vec<PlanRequest> = plan.rows.iter().map(|r| r.request.clone()).collect();
    let terraform =
        drafts::download_href("text/plain", &export::terraform(&requests, &plan.snapshot));
    let aliyun = drafts::download_href("text/x-shellscript", &export::aliyun_cli(&requests));
    html! {
        <p class="exports">
            <a id="export-terraform" href={terraform} download="vpnroute-plan.tf">{ t(lang, "plan.export-terraform") }</a>
            { " " }
            <a id="export-aliyun-cli" href={aliyun} download="vpnroute-plan.sh">{ t(lang, "plan.export-aliyun-cli") }</a>
        </p>
    }
}

#[derive(Properties, PartialEq)]
struct PlanImpactProps {
    plan: UseReducerHandle<PlanState>,
}

/// What the plan does to traffic, before it is applied: the tables as read against those its
/// rows without an error leave.
#[component]
fn PlanImpact(props: &PlanImpactProps) -> Html {
    let lang = current_lang();
    let requests: Vec<PlanRequest> = props.plan.rows.iter().map(|r| r.request.clone()).collect();
    let answer = use_analysis(Some(Question::plan_impact(&requests, &props.plan.snapshot)));
    let impact = answer.map(|a| a.and_then(|text| analysis::read::<Vec<ImpactOnTarget>>(&text)));
    html! {
        <section class="plan-impact" id="plan-impact" aria-labelledby="plan-impact-title" aria-live="polite">
            <h3 id="plan-impact-title">{ t(lang, "impact.title") }</h3>
            { match impact {
                None => html! { <p>{ t(lang, "analysis.working") }</p> },
                Some(Err(problem)) => html! { <p class="failed" role="alert">{ problem }</p> },
                Some(Ok(impact)) if impact.is_empty() => html! { <p id="plan-impact-none">{ t(lang, "impact.none") }</p> },
                Some(Ok(impact)) => html! { <>{ for impact.into_iter().map(|target| html! {
                    <>
                        <h4>{ tf(lang, "impact.blocks", &[("target", &target.target.id), ("count", &target.blocks.len())]) }</h4>
                        <TrafficBlocks id={format!("impact-{}", target.target.id)} blocks={target.blocks} />
                    </>
                }) }</> },
            } }
        </section>
    }
}
