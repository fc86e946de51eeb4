//! The audit log: who wrote what, to which gateway, and how it was answered. The server
//! decides what a person may see (an admin everything, anyone else their own records); the
//! filters only narrow that.

use crate::i18n::{current_lang, t};
use crate::services::api::{self, load_latest, AuditQuery};
use vpnroute_api::audit::AuditRecord;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The time as the CLI shows it, in UTC, from Unix milliseconds.
fn shown_time(time_ms: u64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(time_ms as f64))
        .to_iso_string()
        .into()
}

#[component]
pub fn AuditPage() -> Html {
    let lang = current_lang();
    let query = use_state(AuditQuery::default);
    let records = use_state(|| None::<Result<Vec<AuditRecord>, String>>);
    {
        let records = records.clone();
        use_effect_with((*query).clone(), move |query| {
            let query = query.clone();
            load_latest(async move { api::audit(&query).await }, move |found| {
                records.set(Some(found))
            })
        });
    }
    let filter_input = |label: &'static str, value: String, set: fn(&mut AuditQuery, String)| {
        let query = query.clone();
        let onchange = Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let mut changed = (*query).clone();
            set(&mut changed, input.value());
            query.set(changed);
        });
        html! {
            <label>{ label }<input type="text" {value} {onchange} /></label>
        }
    };
    let table = match &*records {
        None => html! { <p>{ t(lang, "audit.reading") }</p> },
        Some(Err(reason)) => html! { <p role="alert">{ reason }</p> },
        Some(Ok(found)) if found.is_empty() => html! { <p>{ t(lang, "audit.none") }</p> },
        Some(Ok(found)) => html! {
            <table class="audit-log">
                <thead><tr>
                    <th>{ t(lang, "audit.time") }</th><th>{ t(lang, "audit.person") }</th><th>{ t(lang, "audit.source") }</th>
                    <th>{ "Action" }</th><th>{ t(lang, "audit.target") }</th><th>{ t(lang, "audit.outcome") }</th>
                    <th>{ "RequestId" }</th><th>{ "ClientToken" }</th>
                </tr></thead>
                <tbody>
                    // Each record's parameters, its longest field, get a row of their own below
                    // it, so the record fits the width of a 1024 px window.
                    { for found.iter().map(|r| html! {
                        <>
                            <tr>
                                <td>{ shown_time(r.time_ms) }</td><td>{ &r.person }</td>
                                <td>{ &r.source }</td><td class="token">{ &r.action }</td><td class="token">{ &r.target }</td>
                                <td class="token">{ &r.outcome }</td><td class="clip" title={r.request_id.clone()}>{ &r.request_id }</td>
                                <td class="clip" title={r.client_token.clone()}>{ &r.client_token }</td>
                            </tr>
                            <tr class="parameters">
                                <th scope="row">{ t(lang, "audit.parameters") }</th>
                                <td colspan="7"><code>{ serde_json::to_string(&r.params).unwrap_or_default() }</code></td>
                            </tr>
                        </>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section>
            <h2>{ t(lang, "page.audit") }</h2>
            <p>{ t(lang, "audit.intro") }</p>
            <form onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
                { filter_input(t(lang, "audit.person"), query.user.clone(), |q, v| q.user = v) }
                { filter_input(t(lang, "audit.gateway"), query.gateway.clone(), |q, v| q.gateway = v) }
                { filter_input(t(lang, "audit.since"), query.since.clone(), |q, v| q.since = v) }
            </form>
            { table }
        </section>
    }
}
