//! The form of one operation: fields built from the engine's field metadata, checked on every
//! change, with the request preview, Send and DryRun.

use crate::components::facts_panel::FactsPanel;
use crate::components::field_editor::FieldEditor;
use crate::components::outcome_view::OutcomeView;
use crate::components::request_preview::RequestPreview;
use crate::i18n::{current_lang, t, tf};
use crate::pages::task::step_title;
use crate::services::api;
use crate::services::drafts;
use crate::state::{FormAction, FormState};
use std::rc::Rc;
use vpnroute_rules::Operation;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OperationFormProps {
    pub operation: Operation,
}

#[component]
pub fn OperationForm(props: &OperationFormProps) -> Html {
    let lang = current_lang();
    let operation = props.operation;
    let form =
        use_reducer(move || FormState::with_values(operation, drafts::form_values(operation)));
    {
        // Kept for the browser tab, so a reload loses nothing typed.
        let values = form.values.clone();
        use_effect_with(values, move |values| {
            drafts::keep_form_values(operation, values)
        });
    }
    let submit = {
        let form = form.clone();
        Rc::new(move |dry_run: bool| {
            if form.sending {
                return;
            }
            form.dispatch(FormAction::Sending);
            let mut params = form.params();
            if dry_run {
                params.set("DryRun", "true");
            }
            let form = form.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = api::call(operation.name(), &params).await;
                form.dispatch(FormAction::Answered(outcome));
            });
        })
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit(false);
        })
    };
    let dry_run = Callback::from(move |_: MouseEvent| submit(true));
    let reset = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| form.dispatch(FormAction::Reset))
    };
    let takes_dry_run = operation.fields().iter().any(|f| f.name == "DryRun");
    let errors = form.error_count();
    html! {
        <section class="operation" aria-labelledby="operation-title" data-operation={operation.name()}>
            <h3 id="operation-title">
                { step_title(lang, operation.step()) }
                <span class="sends">{ " — " }{ t(lang, "task.sends") }{ " " }<code>{ operation.name() }</code></span>
            </h3>
            <FactsPanel form={form.clone()} />
            <form {onsubmit} novalidate=true data-check-ms={format!("{:.3}", form.check_ms)}>
                { for operation.fields().iter().filter(|f| !f.internal && f.name != "DryRun").map(|spec| html! {
                    <FieldEditor key={spec.name} spec={**spec} path={spec.name} form={form.clone()} />
                }) }
                <p class="summary" id="check-summary" aria-live="polite">
                    { if errors == 0 { t(lang, "form.ready").to_owned() } else { tf(lang, "form.errors", &[("count", &errors)]) } }
                </p>
                <button type="submit" id="send" disabled={form.sending}>{ t(lang, "form.send") }</button>
                if takes_dry_run {
                    <button type="button" id="dry-run" disabled={form.sending} onclick={dry_run}>{ t(lang, "form.dry-run") }</button>
                }
                <button type="button" id="reset" onclick={reset}>{ t(lang, "form.reset") }</button>
            </form>
            <RequestPreview {operation} params={form.params()} />
            <OutcomeView outcome={form.outcome.clone()} sending={form.sending} />
        </section>
    }
}
