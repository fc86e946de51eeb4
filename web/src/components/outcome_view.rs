//! What the server answered, and for an error what it means and what to do.

use crate::i18n::{current_lang, t};
use crate::state::Outcome;
use vpnroute_rules::codes;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutcomeViewProps {
    pub outcome: Option<Outcome>,
    pub sending: bool,
}

#[component]
pub fn OutcomeView(props: &OutcomeViewProps) -> Html {
    let lang = current_lang();
    let body = match (&props.outcome, props.sending) {
        (_, true) => html! { <p class="pending">{ t(lang, "outcome.sending") }</p> },
        (None, false) => html! { <p class="idle">{ t(lang, "outcome.idle") }</p> },
        (Some(Outcome::Success(fields)), false) => html! {
            <dl class="success">
                { for fields.iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd data-key={k.clone()}>{ v }</dd></> }) }
            </dl>
        },
        (
            Some(Outcome::Refused {
                status,
                code,
                message,
                request_id,
                recommend,
            }),
            false,
        ) => {
            let help = codes::explain(code);
            html! {
                <div class="refused" role="alert">
                    <p><strong class="code">{ code }</strong>{ format!(" (HTTP {status})") }</p>
                    <p class="message">{ message }</p>
                    if let Some(help) = help {
                        <p class="meaning"><strong>{ t(lang, "outcome.meaning") }</strong>{ help.meaning_in(lang) }</p>
                        <p class="action"><strong>{ t(lang, "outcome.action") }</strong>{ help.action_in(lang) }</p>
                    }
                    if !recommend.is_empty() { <p class="recommend">{ recommend }</p> }
                    <p class="request-id">{ format!("RequestId {request_id}") }</p>
                </div>
            }
        }
        (Some(Outcome::Failed(reason)), false) => {
            html! { <p class="failed" role="alert">{ reason }</p> }
        }
    };
    html! {
        <section class="outcome" aria-live="polite" aria-label={t(lang, "outcome.title")}>
            <h3>{ t(lang, "outcome.title") }</h3>
            { body }
        </section>
    }
}
