//! The form of one operation: fields built from the engine's field metadata.

use crate::components::field_input::FieldInput;
use crate::components::outcome_view::OutcomeView;
use crate::components::request_preview::RequestPreview;
use crate::services::api;
use crate::state::{FormAction, FormState};
use vpnroute_rules::Operation;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OperationFormProps {
    pub operation: Operation,
}

#[component]
pub fn OperationForm(props: &OperationFormProps) -> Html {
    let operation = props.operation;
    let state = use_reducer(move || FormState::new(operation));
    let onsubmit = {
        let state = state.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.sending {
                return;
            }
            state.dispatch(FormAction::Sending);
            let params = state.params();
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = api::call(operation.name(), &params).await;
                state.dispatch(FormAction::Answered(outcome));
            });
        })
    };
    let fields = operation
        .fields()
        .iter()
        .filter(|f| !f.internal)
        .map(|spec| {
            let name = spec.name;
            let on_change = {
                let state = state.clone();
                Callback::from(move |value: String| {
                    state.dispatch(FormAction::SetField { name, value })
                })
            };
            let diagnostics = state
                .diagnostics
                .iter()
                .filter(|d| d.field == name)
                .cloned()
                .collect::<Vec<_>>();
            let value = state.values.get(name).cloned().unwrap_or_default();
            html! { <FieldInput key={name} spec={*spec} value={value} {diagnostics} {on_change} /> }
        });
    let errors = state.error_count();
    html! {
        <section class="operation" aria-labelledby="operation-title">
            <h2 id="operation-title">{ operation.name() }</h2>
            <form {onsubmit} novalidate=true>
                { for fields }
                <p class="summary" id="check-summary" aria-live="polite">
                    { if errors == 0 { "No errors: ready to send.".to_owned() } else { format!("{errors} error(s) to fix before the service would accept this.") } }
                </p>
                <button type="submit" id="send" disabled={state.sending}>{ "Send" }</button>
            </form>
            <RequestPreview action={operation.name()} params={state.params()} />
            <OutcomeView outcome={state.outcome.clone()} sending={state.sending} />
        </section>
    }
}
