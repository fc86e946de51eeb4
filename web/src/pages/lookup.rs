//! "Which route does this packet take": a source and a destination address in; the route a
//! gateway's tables select for it, and why, out. The answer is the engine's `Router`.

use crate::services::api::load_latest;
use crate::services::gateway::{self, GatewayTables};
use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use vpnroute_rules::lookup::{Lookup, RouteKind, Router};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const REGION: &str = "cn-hangzhou";

fn address(text: &str, what: &str) -> Result<Ipv4Addr, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("The {what} {text:?} is not an IPv4 address such as 10.0.1.5."))
}

/// The matched route, as a line of the table it is in.
fn matched_route(tables: &GatewayTables, found: &Lookup) -> Option<String> {
    let index = found.index?;
    match found.kind? {
        RouteKind::Policy => tables.policy_routes.get(index).map(|r| r.to_string()),
        RouteKind::Destination => tables.destination_routes.get(index).map(|r| r.to_string()),
        RouteKind::Bgp => None,
    }
}

#[component]
pub fn LookupPage() -> Html {
    let gateways = use_state(Vec::<(String, String, String)>::new);
    let selected = use_state(String::new);
    let tables = use_state(|| None::<Result<GatewayTables, String>>);
    let source = use_state(|| "10.0.1.5".to_owned());
    let destination = use_state(|| "192.168.1.7".to_owned());
    let down = use_state(BTreeSet::<String>::new);
    let answer = use_state(|| None::<Result<Lookup, String>>);
    {
        let (gateways, selected) = (gateways.clone(), selected.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(found) = gateway::gateways(REGION).await {
                    if let Some((id, _, _)) = found.first() {
                        selected.set(id.clone());
                    }
                    gateways.set(found);
                }
            });
        });
    }
    {
        let (tables, answer, down) = (tables.clone(), answer.clone(), down.clone());
        use_effect_with((*selected).clone(), move |id| {
            let id = id.clone();
            answer.set(None);
            down.set(BTreeSet::new());
            tables.set(None);
            // The first gateway's tables, loaded on opening the page, could otherwise land
            // after the chosen one's.
            let cancel = (!id.is_empty()).then(|| {
                load_latest(
                    async move { gateway::gateway(REGION, &id).await },
                    move |loaded| tables.set(Some(loaded)),
                )
            });
            move || cancel.into_iter().for_each(|cancel| cancel())
        });
    }
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |e: Event| {
            selected.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let onsubmit = {
        let (tables, source, destination, down, answer) = (
            tables.clone(),
            source.clone(),
            destination.clone(),
            down.clone(),
            answer.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(Ok(loaded)) = &*tables else { return };
            let result = address(&source, "source")
                .and_then(|s| Ok((s, address(&destination, "destination")?)))
                .map(|(s, d)| Router::new(loaded.route_table(), down.iter().cloned()).lookup(s, d));
            answer.set(Some(result));
        })
    };
    let connection_toggles = match &*tables {
        Some(Ok(loaded)) => html! {
            <fieldset class="down">
                <legend>{ "Connections that are down" }</legend>
                { for loaded.connections.iter().map(|c| {
                    let id = c.id.clone();
                    let down = down.clone();
                    let checked = down.contains(&id);
                    let onchange = Callback::from(move |_| {
                        let mut next = (*down).clone();
                        if !next.remove(&id) {
                            next.insert(id.clone());
                        }
                        down.set(next);
                    });
                    let input_id = format!("down-{}", c.id);
                    html! { <label for={input_id.clone()}><input type="checkbox" id={input_id} {checked} {onchange} />{ format!(" {}", c.id) }</label> }
                }) }
            </fieldset>
        },
        Some(Err(reason)) => html! { <p class="failed" role="alert">{ reason.clone() }</p> },
        None => html! { <p class="pending">{ "Loading the gateway's tables…" }</p> },
    };
    let result = match (&*answer, &*tables) {
        (Some(Ok(found)), Some(Ok(loaded))) => html! {
            <div class="lookup-answer" id="lookup-answer" data-kind={found.kind.map(|k| format!("{k:?}").to_lowercase())}>
                <p class="next-hop"><strong>{ "Next hop: " }</strong>{ found.next_hop.clone().unwrap_or_else(|| "none: the packet does not go through this gateway".to_owned()) }</p>
                if let Some(route) = matched_route(loaded, found) { <p class="matched"><strong>{ "Route: " }</strong>{ route }</p> }
                <p class="reason"><strong>{ "Why: " }</strong>{ &found.reason }</p>
            </div>
        },
        (Some(Err(reason)), _) => html! { <p class="failed" role="alert">{ reason.clone() }</p> },
        _ => html! {},
    };
    html! {
        <section class="lookup" aria-labelledby="lookup-title">
            <h2 id="lookup-title">{ "Which route does this packet take?" }</h2>
            <form {onsubmit}>
                <div class="field">
                    <label for="lookup-gateway">{ "Gateway" }</label>
                    <select id="lookup-gateway" onchange={on_select}>
                        { for gateways.iter().map(|(id, name, _)| html! { <option value={id.clone()} selected={*id == *selected}>{ format!("{id} ({name})") }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="lookup-source">{ "Source address" }</label>
                    <input id="lookup-source" value={(*source).clone()} oninput={text_input(&source)} />
                </div>
                <div class="field">
                    <label for="lookup-destination">{ "Destination address" }</label>
                    <input id="lookup-destination" value={(*destination).clone()} oninput={text_input(&destination)} />
                </div>
                { connection_toggles }
                <button type="submit" id="lookup-run">{ "Which route?" }</button>
            </form>
            <div aria-live="polite">{ result }</div>
        </section>
    }
}
