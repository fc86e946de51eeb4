//! "Which route does this packet take": a source and a destination address in; the route a
//! gateway's tables select for it, and why, out. The route is the engine's `Router`'s choice;
//! the page words it in its own language, as `Router::lookup` does in English.

use crate::i18n::routes::{destination_route_text, policy_route_text};
use crate::i18n::{current_lang, t, tf, Lang};
use crate::services::api::load_latest;
use crate::services::gateway::{self, GatewayTables};
use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use vpnroute_rules::lookup::{Match, PairChoice, RouteKind, Router};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const REGION: &str = "cn-hangzhou";

/// The packet's route: where it leaves, the route's line, and why; `None` when no route holds
/// it.
#[derive(Clone, Debug, PartialEq)]
struct Answer {
    kind: Option<RouteKind>,
    next_hop: Option<String>,
    route: Option<String>,
    reason: String,
}

/// Reads `text` as the packet's source (`source: true`) or destination address.
fn address(lang: Lang, text: &str, source: bool) -> Result<Ipv4Addr, String> {
    text.trim().parse().map_err(|_| {
        let text = format!("{text:?}");
        if source {
            tf(lang, "lookup.bad-source", &[("text", &text)])
        } else {
            tf(lang, "lookup.bad-destination", &[("text", &text)])
        }
    })
}

/// The connection route `index` of the `kind` list sends packets to.
fn next_hop(tables: &GatewayTables, kind: RouteKind, index: usize) -> &str {
    match kind {
        RouteKind::Policy => &tables.policy_routes[index].next_hop,
        RouteKind::Destination => &tables.destination_routes[index].next_hop,
        RouteKind::Bgp => &tables.bgp_routes[index].next_hop,
    }
}

/// The route `found` names, as a line of the table it is in; BGP routes have no line.
fn route_line(lang: Lang, tables: &GatewayTables, kind: RouteKind, index: usize) -> Option<String> {
    match kind {
        RouteKind::Policy => tables
            .policy_routes
            .get(index)
            .map(|r| policy_route_text(lang, r)),
        RouteKind::Destination => tables
            .destination_routes
            .get(index)
            .map(|r| destination_route_text(lang, r)),
        RouteKind::Bgp => None,
    }
}

/// Why the packet from `source` to `destination` takes the route `found`, or no route.
fn reason(
    lang: Lang,
    tables: &GatewayTables,
    (source, destination): (Ipv4Addr, Ipv4Addr),
    found: &Match,
) -> String {
    let number = |index: usize| index + 1;
    let why = match found.kind {
        RouteKind::Policy => {
            let m = &tables.policy_routes[found.matched];
            tf(
                lang,
                "lookup.why-policy",
                &[
                    ("number", &number(found.matched)),
                    ("route_source", &m.route_source),
                    ("route_dest", &m.route_dest),
                    ("priority", &m.priority),
                    ("source", &source),
                    ("destination", &destination),
                ],
            )
        }
        RouteKind::Destination => tf(
            lang,
            "lookup.why-destination",
            &[
                ("number", &number(found.matched)),
                (
                    "route_dest",
                    &tables.destination_routes[found.matched].route_dest,
                ),
                ("destination", &destination),
            ],
        ),
        RouteKind::Bgp => tf(
            lang,
            "lookup.why-bgp",
            &[
                ("route_dest", &tables.bgp_routes[found.chosen].route_dest),
                ("destination", &destination),
            ],
        ),
    };
    match found.choice {
        PairChoice::Single => why,
        PairChoice::ActiveUp { active } => tf(
            lang,
            "lookup.pair-active-up",
            &[("why", &why), ("active", &number(active))],
        ),
        PairChoice::StandbyBecauseActiveDown { active, standby } => tf(
            lang,
            "lookup.pair-standby",
            &[
                ("why", &why),
                ("connection", &next_hop(tables, found.kind, active)),
                ("standby", &number(standby)),
            ],
        ),
        PairChoice::BothDown { active } => tf(
            lang,
            "lookup.pair-both-down",
            &[("why", &why), ("active", &number(active))],
        ),
    }
}

/// The route a packet from `source` to `destination` takes through `tables` with the
/// connections `down` down.
fn look_up(
    lang: Lang,
    tables: &GatewayTables,
    down: &BTreeSet<String>,
    packet: (Ipv4Addr, Ipv4Addr),
) -> Answer {
    let router = Router::new(tables.route_table(), down.iter().cloned());
    let Some(found) = router.route(packet.0, packet.1) else {
        return Answer {
            kind: None,
            next_hop: None,
            route: None,
            reason: tf(lang, "lookup.why-none", &[("destination", &packet.1)]),
        };
    };
    Answer {
        kind: Some(found.kind),
        next_hop: Some(next_hop(tables, found.kind, found.chosen).to_owned()),
        route: route_line(lang, tables, found.kind, found.chosen),
        reason: reason(lang, tables, packet, &found),
    }
}

#[component]
pub fn LookupPage() -> Html {
    let lang = current_lang();
    let gateways = use_state(Vec::<(String, String, String)>::new);
    let selected = use_state(String::new);
    let tables = use_state(|| None::<Result<GatewayTables, String>>);
    let source = use_state(|| "10.0.1.5".to_owned());
    let destination = use_state(|| "192.168.1.7".to_owned());
    let down = use_state(BTreeSet::<String>::new);
    let answer = use_state(|| None::<Result<Answer, String>>);
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
            let result = address(lang, &source, true)
                .and_then(|s| Ok((s, address(lang, &destination, false)?)))
                .map(|packet| look_up(lang, loaded, &down, packet));
            answer.set(Some(result));
        })
    };
    let connection_toggles = match &*tables {
        Some(Ok(loaded)) => html! {
            <fieldset class="down">
                <legend>{ t(lang, "lookup.down") }</legend>
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
        None => html! { <p class="pending">{ t(lang, "lookup.loading") }</p> },
    };
    let result = match &*answer {
        Some(Ok(found)) => html! {
            <div class="lookup-answer" id="lookup-answer" data-kind={found.kind.map(|k| format!("{k:?}").to_lowercase())}>
                <p class="next-hop"><strong>{ t(lang, "lookup.next-hop") }</strong>{ found.next_hop.clone().unwrap_or_else(|| t(lang, "lookup.no-next-hop").to_owned()) }</p>
                if let Some(route) = &found.route { <p class="matched"><strong>{ t(lang, "lookup.route") }</strong>{ route }</p> }
                <p class="reason"><strong>{ t(lang, "lookup.why") }</strong>{ &found.reason }</p>
            </div>
        },
        Some(Err(reason)) => html! { <p class="failed" role="alert">{ reason.clone() }</p> },
        None => html! {},
    };
    html! {
        <section class="lookup" aria-labelledby="lookup-title">
            <h2 id="lookup-title">{ t(lang, "lookup.title") }</h2>
            <form {onsubmit}>
                <div class="field">
                    <label for="lookup-gateway">{ t(lang, "gateway.title") }</label>
                    <select id="lookup-gateway" onchange={on_select}>
                        { for gateways.iter().map(|(id, name, _)| html! { <option value={id.clone()} selected={*id == *selected}>{ format!("{id} ({name})") }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="lookup-source">{ t(lang, "lookup.source") }</label>
                    <input id="lookup-source" value={(*source).clone()} oninput={text_input(&source)} />
                </div>
                <div class="field">
                    <label for="lookup-destination">{ t(lang, "lookup.destination") }</label>
                    <input id="lookup-destination" value={(*destination).clone()} oninput={text_input(&destination)} />
                </div>
                { connection_toggles }
                <button type="submit" id="lookup-run">{ t(lang, "page.lookup") }</button>
            </form>
            <div aria-live="polite">{ result }</div>
        </section>
    }
}
