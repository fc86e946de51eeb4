//! What the rules know about the target gateway: tunnel mode, policy-route priorities and
//! ShangMi. Set by hand, or read from the gateway through the server.

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
            status.set("Reading…".to_owned());
            wasm_bindgen_futures::spawn_local(async move {
                match gateway::facts(&region, &target).await {
                    Ok(facts) => {
                        status.set(format!("Read from {}.", target.id()));
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
                  options: &'static [(&'static str, &'static str)],
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
            <legend>{ "Target gateway" }</legend>
            { select("fact-tunnel-mode", "Tunnels per connection", mode, &[("", "unknown (single)"), ("single", "single-tunnel"), ("dual", "dual-tunnel")], on_mode) }
            { select("fact-priority", "Takes policy-route priorities", option_text(facts.supports_priority), &[("", "unknown (yes)"), ("yes", "yes"), ("no", "no: older version")], on_priority) }
            { select("fact-shangmi", "ShangMi (SM) gateway", option_text(facts.shangmi), &[("", "unknown (no)"), ("yes", "yes"), ("no", "no")], on_shangmi) }
            <button type="button" id="read-facts" onclick={read}>{ "Read from the gateway" }</button>
            <span class="fact-status" role="status">{ (*status).clone() }</span>
        </fieldset>
    }
}
