//! What the rules know about the target gateway: tunnel mode, policy-route priorities and
//! ShangMi. Set by hand, or read from the gateway through the server.

use crate::i18n::{current_lang, t, tf};
use crate::services::gateway;
use crate::state::{FormAction, FormState};
use vpnroute_rules::{GatewayFacts, TunnelMode};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FactsPanelProps {
    pub form: UseReducerHandle<FormState>,
}

fn option_text(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

fn parse_option(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

#[component]
pub fn FactsPanel(props: &FactsPanelProps) -> Html {
    let lang = current_lang();
    let facts = props.form.facts;
    let status = use_state(String::new);
    let set = {
        let form = props.form.clone();
        move |change: fn(&mut GatewayFacts, &str)| {
            let form = form.clone();
            Callback::from(move |e: Event| {
                let mut facts = form.facts;
                change(
                    &mut facts,
                    &e.target_unchecked_into::<HtmlSelectElement>().value(),
                );
                form.dispatch(FormAction::SetFacts(facts));
            })
        }
    };
    let on_mode = set(|facts, value| {
        facts.tunnel_mode = match value {
            "single" => Some(TunnelMode::Single),
            "dual" => Some(TunnelMode::Dual),
            _ => None,
        }
    });
    let on_priority = set(|facts, value| facts.supports_priority = parse_option(value));
    let on_shangmi = set(|facts, value| facts.shangmi = parse_option(value));
    let read = {
        let form = props.form.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let form = form.clone();
            let status = status.clone();
            let region = form.value("RegionId");
            let kind = form.operation.target_kind();
            let target = kind.target(form.value(kind.key()));
            status.set(t(lang, "facts.reading").to_owned());
            wasm_bindgen_futures::spawn_local(async move {
                match gateway::facts(&region, &target).await {
                    Ok(facts) => {
                        status.set(tf(lang, "facts.read-from", &[("id", &target.id())]));
                        form.dispatch(FormAction::SetFacts(facts));
                    }
                    Err(reason) => status.set(reason),
                }
            });
        })
    };
    let mode = match facts.tunnel_mode {
        Some(TunnelMode::Single) => "single",
        Some(TunnelMode::Dual) => "dual",
        None => "",
    };
    let select = |id: &'static str,
                  label: &'static str,
                  current: &'static str,
                  options: &[(&'static str, &'static str)],
                  onchange: Callback<Event>| {
        html! {
            <div class="fact">
                <label for={id}>{ label }</label>
                <select {id} {onchange}>
                    { for options.iter().map(|(value, text)| html! { <option value={*value} selected={*value == current}>{ *text }</option> }) }
                </select>
            </div>
        }
    };
    html! {
        <fieldset class="facts">
            <legend>{ t(lang, "facts.title") }</legend>
            { select("fact-tunnel-mode", t(lang, "facts.tunnels"), mode, &[
                ("", t(lang, "facts.unknown-single")),
                ("single", t(lang, "facts.single-tunnel")),
                ("dual", t(lang, "facts.dual-tunnel")),
            ], on_mode) }
            { select("fact-priority", t(lang, "facts.priorities"), option_text(facts.supports_priority), &[
                ("", t(lang, "facts.unknown-yes")),
                ("yes", t(lang, "facts.yes")),
                ("no", t(lang, "facts.no-older")),
            ], on_priority) }
            { select("fact-shangmi", t(lang, "facts.shangmi"), option_text(facts.shangmi), &[
                ("", t(lang, "facts.unknown-no")),
                ("yes", t(lang, "facts.yes")),
                ("no", t(lang, "facts.no")),
            ], on_shangmi) }
            <button type="button" id="read-facts" onclick={read}>{ t(lang, "facts.read") }</button>
            <span class="fact-status" role="status">{ (*status).clone() }</span>
        </fieldset>
    }
}
