//! The gateway view: a gateway's state (polled live), connections, destination and policy
//! routes with every conflict and shadowed route marked on both rows; or a transit-router
//! connection's vco routes, custom and BGP, page by page.

use crate::components::address_map::{AddressMap, MapRect};
use crate::components::findings_panel::{
    grouped, show, FindingsPanel, Markers, PanelFinding, RowRef,
};
use crate::components::impact_view::TrafficBlocks;
use crate::hooks::use_analysis;
use crate::i18n::routes::policy_route_text;
use crate::i18n::{current_lang, t, tf, Lang};
use crate::services::analysis::{self, BrokenIntent, Question};
use crate::services::api::{load_latest, sleep};
use crate::services::drafts;
use crate::services::gateway::{self, ConnectionRow, GatewayTables};
use crate::timing::now_ms;
use std::cell::Cell;
use std::rc::Rc;
use vpnroute_rules::actions::{active_partner, active_policy_partner, RouteHome, TableRoute};
use vpnroute_rules::impact::ConnectionFailover;
use vpnroute_rules::intents::parse_intents;
use vpnroute_rules::model::routes::RouteType;
use vpnroute_rules::ops::describe_vco_route_entries::VcoRouteEntry;
use vpnroute_rules::rules::destination_routes::audit_destination_routes;
use vpnroute_rules::rules::policy_routes::audit_policy_routes;
use vpnroute_rules::{
    DestinationRoute, EntryRef, PlanRequest, TableFinding, TableSnapshot, Target, Weight,
};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

const DEFAULT_REGION: &str = "cn-hangzhou";
/// Often enough to see a short `updating` (the emulator's default lasts two seconds).
const POLL_MS: u32 = 500;

/// The findings that concern row `index` of a table checked as one batch.
fn findings_of(findings: &[TableFinding], index: usize) -> Vec<&TableFinding> {
    findings
        .iter()
        .filter(|f| {
            f.entry == EntryRef::Existing(index) || f.other == Some(EntryRef::Existing(index))
        })
        .collect()
}

fn row_class(findings: &[&TableFinding]) -> Option<&'static str> {
    if findings.iter().any(|f| f.diagnostic.is_error()) {
        Some("conflict")
    } else if !findings.is_empty() {
        Some("warned")
    } else {
        None
    }
}

/// The numbered findings of `panel` that concern row `index` (from 0) of `table`.
fn markers_of(
    panel: &[PanelFinding],
    table: &str,
    index: usize,
) -> Vec<(usize, vpnroute_rules::Diagnostic)> {
    panel
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.rows
                .iter()
                .any(|r| r.table == table && r.row == index + 1)
        })
        .map(|(number, f)| (number + 1, f.diagnostic.clone()))
        .collect()
}

/// A table's findings for the panel, each with the rows it concerns.
fn panel_findings(lang: Lang, table: &'static str, findings: &[TableFinding]) -> Vec<PanelFinding> {
    findings
        .iter()
        .map(|f| {
            let mut rows: Vec<usize> = [Some(f.entry), f.other]
                .into_iter()
                .filter_map(|e| match e {
                    Some(EntryRef::Existing(i)) => Some(i + 1),
                    _ => None,
                })
                .collect();
            rows.dedup();
            PanelFinding {
                diagnostic: f.diagnostic.clone(),
                rows: rows
                    .into_iter()
                    .map(|row| RowRef {
                        table,
                        row,
                        label: if table == DESTINATION_TABLE {
                            tf(lang, "gateway.destination-row", &[("row", &row)])
                        } else {
                            tf(lang, "gateway.policy-row", &[("row", &row)])
                        },
                    })
                    .collect(),
            }
        })
        .collect()
}

const DESTINATION_TABLE: &str = "destination-routes";
const POLICY_TABLE: &str = "policy-routes";

#[component]
pub fn GatewayPage() -> Html {
    let lang = current_lang();
    let region = use_state(|| DEFAULT_REGION.to_owned());
    let gateways = use_state(Vec::<(String, String, String)>::new);
    let attached = use_state(Vec::<ConnectionRow>::new);
    let selected = use_state(String::new);
    let error = use_state(String::new);
    {
        let (gateways, attached, selected, error) = (
            gateways.clone(),
            attached.clone(),
            selected.clone(),
            error.clone(),
        );
        // The lists of a region typed over are dropped if they arrive after the next one's.
        use_effect_with((*region).clone(), move |region| {
            let region = region.clone();
            let load = async move {
                (
                    gateway::gateways(&region).await,
                    gateway::attached_connections(&region).await,
                )
            };
            load_latest(load, move |lists| match lists {
                (Ok(found), Ok(connections)) => {
                    if selected.is_empty() {
                        if let Some((id, _, _)) = found.first() {
                            selected.set(id.clone());
                        }
                    }
                    gateways.set(found);
                    attached.set(connections);
                    error.set(String::new());
                }
                (Err(e), _) | (_, Err(e)) => error.set(e),
            })
        });
    }
    let on_region = {
        let region = region.clone();
        Callback::from(move |e: Event| {
            region.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |e: Event| {
            selected.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let is_connection = attached.iter().any(|c| c.id == *selected);
    html! {
        <section class="gateway-view" aria-labelledby="gateway-title">
            <h2 id="gateway-title">{ t(lang, "gateway.title") }</h2>
            <div class="controls">
                <label for="gateway-region">{ "RegionId" }</label>
                <input id="gateway-region" value={(*region).clone()} onchange={on_region} />
                <label for="gateway-select">{ t(lang, "gateway.select") }</label>
                <select id="gateway-select" onchange={on_select}>
                    <optgroup label={t(lang, "gateway.gateways")}>
                        { for gateways.iter().map(|(id, name, _)| html! { <option value={id.clone()} selected={*id == *selected}>{ format!("{id} ({name})") }</option> }) }
                    </optgroup>
                    <optgroup label={t(lang, "gateway.attached")}>
                        { for attached.iter().map(|c| html! { <option value={c.id.clone()} selected={c.id == *selected}>{ format!("{} ({})", c.id, c.name) }</option> }) }
                    </optgroup>
                </select>
            </div>
            if !error.is_empty() { <p class="failed" role="alert">{ (*error).clone() }</p> }
            if is_connection {
                <VcoRoutes key={(*selected).clone()} region={(*region).clone()} connection={(*selected).clone()} />
            } else if !selected.is_empty() {
                <GatewayTablesView key={(*selected).clone()} region={(*region).clone()} gateway={(*selected).clone()} />
            }
        </section>
    }
}

/// Counts the reloads of a gateway's tables; dispatching from a long-lived task always
/// counts from the latest value.
#[derive(Default, PartialEq)]
struct Reloads(u32);

impl Reducible for Reloads {
    type Action = ();

    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Reloads(self.0 + 1))
    }
}

#[derive(Properties, PartialEq)]
struct GatewayTablesProps {
    region: AttrValue,
    gateway: AttrValue,
}

#[component]
fn GatewayTablesView(props: &GatewayTablesProps) -> Html {
    let lang = current_lang();
    let tables = use_state(|| None::<Result<Rc<GatewayTables>, String>>);
    let status = use_state(String::new);
    let reloads = use_reducer(Reloads::default);
    {
        let (tables, status) = (tables.clone(), status.clone());
        let (region, id) = (props.region.to_string(), props.gateway.to_string());
        // A reload that ends after a later one, or after the view is gone, is dropped.
        use_effect_with(reloads.0, move |_| {
            load_latest(
                async move { gateway::gateway(&region, &id).await },
                move |loaded| {
                    if let Ok(t) = &loaded {
                        status.set(t.status.clone());
                    }
                    tables.set(Some(loaded.map(Rc::new)));
                },
            )
        });
    }
    {
        // Polls the state while the view is shown; a change to `active` reloads the tables,
        // since a write has just landed.
        let (status, reloads) = (status.clone(), reloads.clone());
        let (region, id) = (props.region.to_string(), props.gateway.to_string());
        use_effect_with(id.clone(), move |_| {
            let alive = Rc::new(Cell::new(true));
            let running = alive.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut last = String::new();
                while running.get() {
                    sleep(POLL_MS).await;
                    if !running.get() {
                        break;
                    }
                    if let Ok(now) = gateway::gateway_status(&region, &id).await {
                        if now != last {
                            if last == "updating" {
                                reloads.dispatch(());
                            }
                            status.set(now.clone());
                            last = now;
                        }
                    }
                }
            });
            move || alive.set(false)
        });
    }
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |_| reloads.dispatch(()))
    };
    let Some(loaded) = (*tables).clone() else {
        return html! { <p class="pending">{ t(lang, "gateway.loading") }</p> };
    };
    match loaded {
        Ok(tables) => html! {
            <TablesView tables={tables} status={(*status).clone()} region={props.region.clone()} {reload} />
        },
        Err(reason) => html! { <p class="failed" role="alert">{ reason }</p> },
    }
}

/// Rows shown at once per table: a gateway may hold thousands of routes, and a page of this
/// many renders at once.
const ROWS_PER_PAGE: usize = 100;

#[derive(Properties, PartialEq)]
struct TablesViewProps {
    tables: Rc<GatewayTables>,
    status: AttrValue,
    region: AttrValue,
    reload: Callback<MouseEvent>,
}

#[component]
fn TablesView(props: &TablesViewProps) -> Html {
    let lang = current_lang();
    let tables = &props.tables;
    let audits = use_memo(props.tables.clone(), |tables| {
        let connection_ids = tables.connection_ids();
        (
            audit_destination_routes(&tables.destination_routes, Some(&connection_ids)),
            audit_policy_routes(&tables.policy_routes, Some(&connection_ids)),
        )
    });
    let (destination_findings, policy_findings) = &*audits;
    let destination_page = use_state(|| 0usize);
    let tab = use_state(|| "routes");
    let policy_page = use_state(|| 0usize);
    let render_ms = use_render_timer(props.tables.clone());
    // The file `vpnroute check --table` reads, as `vpnroute snapshot` writes it.
    let snapshot_href = use_memo(props.tables.clone(), |tables| {
        let snapshot = TableSnapshot {
            gateways: vec![tables.snapshot()],
            ..TableSnapshot::default()
        };
        drafts::download_href(
            "application/json",
            &serde_json::to_string_pretty(&snapshot).unwrap_or_default(),
        )
    });
    let facts = tables.facts;
    let target = Target::Gateway(tables.id.clone());
    let home = RouteHome {
        region_id: &props.region,
        target: &target,
    };
    let panel = use_memo((audits.clone(), lang), |(audits, lang)| {
        let mut all = panel_findings(*lang, DESTINATION_TABLE, &audits.0);
        all.extend(panel_findings(*lang, POLICY_TABLE, &audits.1));
        grouped(all)
    });
    let shown_row = use_state(|| None::<RowRef>);
    let on_show = {
        let (destination_page, policy_page, shown_row) = (
            destination_page.clone(),
            policy_page.clone(),
            shown_row.clone(),
        );
        Callback::from(move |row: RowRef| {
            let page = if row.table == DESTINATION_TABLE {
                &destination_page
            } else {
                &policy_page
            };
            page.set((row.row - 1) / ROWS_PER_PAGE);
            shown_row.set(Some(row));
        })
    };
    // Once the row's page is on screen.
    use_effect_with((*shown_row).clone(), |row| {
        if let Some(row) = row {
            show(&format!("#{} tr[data-row=\"{}\"]", row.table, row.row));
        }
    });
    let highlighted = |table: &str, index: usize| {
        shown_row
            .as_ref()
            .is_some_and(|r| r.table == table && r.row == index + 1)
            .then_some("highlighted")
    };
    let destination_rows = page_rows(&tables.destination_routes, *destination_page);
    let policy_rows = page_rows(&tables.policy_routes, *policy_page);
    html! {
        <div class="gateway-tables" data-gateway={tables.id.clone()} data-render-ms={render_ms.map(|ms| format!("{ms:.1}"))}>
            <p>
                <span class={classes!("state", props.status.to_string())} id="gateway-state" role="status" aria-live="polite">{ props.status.clone() }</span>
                { format!(" {} — {}", tables.name, tf(lang, "gateway.facts", &[
                    ("tunnels", &if facts.is_dual_tunnel() { t(lang, "facts.dual-tunnel") } else { t(lang, "facts.single-tunnel") }),
                    ("priorities", &if facts.lacks_priority() { t(lang, "gateway.no-priorities") } else { t(lang, "gateway.with-priorities") }),
                    ("shangmi", &if facts.shangmi == Some(true) { t(lang, "gateway.shangmi") } else { "" }),
                ])) }
                <button type="button" id="gateway-reload" onclick={props.reload.clone()}>{ t(lang, "gateway.reload") }</button>
                { " " }
                <a id="snapshot-download" href={(*snapshot_href).clone()} download={format!("{}.snapshot.json", tables.id)}>{ t(lang, "gateway.download-snapshot") }</a>
            </p>
            <FindingsPanel findings={panel.clone()} {on_show} />
            if !tables.stable {
                <p id="table-unstable" class="failed" role="alert">{ t(lang, "gateway.unstable") }</p>
            }
            <div role="tablist" aria-label={t(lang, "gateway.views")}>
                { for TABS.iter().map(|&id| {
                    let tab = tab.clone();
                    html! {
                        <button type="button" role="tab" id={format!("tab-{id}")} aria-selected={(*tab == id).to_string()}
                            onclick={Callback::from(move |_| tab.set(id))}>{ tab_title(lang, id) }</button>
                    }
                }) }
            </div>
            if *tab == "failover" {
                <FailoverView tables={props.tables.clone()} />
            } else if *tab == "intents" {
                <IntentsPanel tables={props.tables.clone()} />

            } else if *tab == "policy-map" {
                <PolicyMap tables={props.tables.clone()} findings={policy_findings.clone()} />
            } else {
            <h3>{ t(lang, "gateway.connections") }</h3>
            <table class="connections">
                <thead><tr><th>{ "VpnConnectionId" }</th><th>{ t(lang, "gateway.name") }</th><th>{ t(lang, "gateway.status") }</th><th>{ t(lang, "table.tunnels") }</th></tr></thead>
                <tbody>
                    { for tables.connections.iter().map(|c| html! {
                        <tr><td>{ &c.id }</td><td>{ &c.name }</td><td>{ &c.status }</td><td>{ if c.dual_tunnel { "2" } else { "1" } }</td></tr>
                    }) }
                </tbody>
            </table>
            <h3>{ tf(lang, "gateway.destination-routes", &[("count", &tables.destination_routes.len())]) }</h3>
            <table class="routes" id={DESTINATION_TABLE}>
                <thead><tr><th>{ "#" }</th><th>{ "RouteDest" }</th><th>{ "NextHop" }</th><th>{ "Weight" }</th><th>{ t(lang, "table.findings") }</th><th>{ t(lang, "table.change") }</th></tr></thead>
                <tbody>
                    { for destination_rows.map(|(i, r)| {
                        let found = findings_of(destination_findings, i);
                        let markers = markers_of(&panel, DESTINATION_TABLE, i);
                        let route = TableRoute::Destination(r);
                        let swap = active_partner(&tables.destination_routes, r).map(|active| {
                            (r.next_hop.clone(), home.pair_swap(TableRoute::Destination(active), route, tables.is_published(RouteType::Dbr, r.route_dest, &r.next_hop)))
                        });
                        html! {
                            <tr class={classes!(row_class(&found), highlighted(DESTINATION_TABLE, i))} data-row={(i + 1).to_string()} tabindex="-1">
                                <td>{ i + 1 }</td><td>{ r.route_dest.to_string() }</td><td class="token">{ &r.next_hop }</td><td>{ r.weight.value() }</td>
                                <td><Markers findings={markers} /></td>
                                <td class="row-actions">
                                    { action_button("change-weight", weight_to(lang, r.weight), home.change_weight(route)) }
                                    { publish_button(lang, &home, route, tables.is_published(RouteType::Dbr, r.route_dest, &r.next_hop)) }
                                    { action_button("delete", t(lang, "gateway.delete").to_owned(), home.delete(route)) }
                                    { swap_button(lang, swap) }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <Pager table="destination-routes" rows={tables.destination_routes.len()} page={destination_page.clone()} />
            <h3>{ tf(lang, "gateway.policy-routes", &[("count", &tables.policy_routes.len())]) }</h3>
            <table class="routes" id={POLICY_TABLE}>
                <thead><tr><th>{ "#" }</th><th>{ "RouteSource" }</th><th>{ "RouteDest" }</th><th>{ "NextHop" }</th><th>{ "Weight" }</th><th>{ "Priority" }</th><th>{ t(lang, "table.findings") }</th><th>{ t(lang, "table.change") }</th></tr></thead>
                <tbody>
                    { for policy_rows.map(|(i, r)| {
                        let found = findings_of(policy_findings, i);
                        let markers = markers_of(&panel, POLICY_TABLE, i);
                        let route = TableRoute::Policy(r);
                        let swap = active_policy_partner(&tables.policy_routes, r).map(|active| {
                            (r.next_hop.clone(), home.pair_swap(TableRoute::Policy(active), route, tables.is_published(RouteType::Pbr, r.route_dest, &r.next_hop)))
                        });
                        html! {
                            <tr class={classes!(row_class(&found), highlighted(POLICY_TABLE, i))} data-row={(i + 1).to_string()} tabindex="-1">
                                <td>{ i + 1 }</td><td>{ r.route_source.to_string() }</td><td>{ r.route_dest.to_string() }</td>
                                <td class="token">{ &r.next_hop }</td><td>{ r.weight.value() }</td><td>{ r.priority }</td>
                                <td><Markers findings={markers} /></td>
                                <td class="row-actions">
                                    { action_button("change-weight", weight_to(lang, r.weight), home.change_weight(route)) }
                                    { action_button("change-priority", t(lang, "gateway.priority").to_owned(), home.change_priority(r)) }
                                    { publish_button(lang, &home, route, tables.is_published(RouteType::Pbr, r.route_dest, &r.next_hop)) }
                                    { action_button("delete", t(lang, "gateway.delete").to_owned(), home.delete(route)) }
                                    { swap_button(lang, swap) }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <Pager table="policy-routes" rows={tables.policy_routes.len()} page={policy_page.clone()} />
            }
        </div>
    }
}

/// The views of a gateway: its tables, a map of its policy routes, what each connection's
/// failure moves, and its intents.
const TABS: [&str; 4] = ["routes", "policy-map", "failover", "intents"];

/// The name of view `id` in `lang`.
fn tab_title(lang: Lang, id: &str) -> &'static str {
    match id {
        "policy-map" => t(lang, "gateway.tab.policy-map"),
        "failover" => t(lang, "gateway.tab.failover"),
        "intents" => t(lang, "gateway.tab.intents"),
        _ => t(lang, "gateway.tab.routes"),
    }
}

/// The label of the action that gives a route the other weight of its pair.
fn weight_to(lang: Lang, weight: Weight) -> String {
    tf(
        lang,
        "gateway.weight-to",
        &[("weight", &weight.other().value())],
    )
}

#[derive(Properties, PartialEq)]
struct PolicyMapProps {
    tables: Rc<GatewayTables>,
    findings: Vec<TableFinding>,
}

/// Every policy route as a rectangle of sources x destinations, those with a conflict or a
/// shadow marked.
#[component]
fn PolicyMap(props: &PolicyMapProps) -> Html {
    let lang = current_lang();
    let rects: Vec<MapRect> = props
        .tables
        .policy_routes
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let found = findings_of(&props.findings, i);
            let range =
                |net: &ipnet::Ipv4Net| (u32::from(net.network()), u32::from(net.broadcast()));
            MapRect {
                source: range(&r.route_source),
                destination: range(&r.route_dest),
                class: row_class(&found).unwrap_or("route"),
                title: format!("#{} {}", i + 1, policy_route_text(lang, r)),
            }
        })
        .collect();
    html! {
        <section id="policy-map-view" aria-label={t(lang, "gateway.tab.policy-map")}>
            <AddressMap id="policy-map" label={t(lang, "gateway.policy-map-label")} {rects} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TablesOnlyProps {
    tables: Rc<GatewayTables>,
}

/// For each connection, the traffic that moves or is dropped while it alone is down.
#[component]
fn FailoverView(props: &TablesOnlyProps) -> Html {
    let lang = current_lang();
    let snapshot = TableSnapshot {
        gateways: vec![props.tables.snapshot()],
        ..TableSnapshot::default()
    };
    let answer = use_analysis(Some(Question::failover(&snapshot, &props.tables.id)));
    let report =
        answer.map(|a| a.and_then(|text| analysis::read::<Vec<ConnectionFailover>>(&text)));
    html! {
        <section id="failover" aria-label={t(lang, "gateway.tab.failover")} aria-live="polite">
            { match report {
                None => html! { <p>{ t(lang, "analysis.working") }</p> },
                Some(Err(problem)) => html! { <p class="failed" role="alert">{ problem }</p> },
                Some(Ok(report)) => html! { <>{ for report.into_iter().map(|c| html! {
                    <div class="failover-connection" data-connection={c.connection.clone()}>
                        <h4>{ if c.blocks.is_empty() {
                            tf(lang, "failover.none", &[("connection", &c.connection)])
                        } else {
                            tf(lang, "failover.blocks", &[("connection", &c.connection), ("count", &c.blocks.len())])
                        } }</h4>
                        if !c.blocks.is_empty() {
                            <TrafficBlocks id={format!("failover-{}", c.connection)} blocks={c.blocks} />
                        }
                    </div>
                }) }</> },
            } }
        </section>
    }
}

/// Intents held to the gateway's tables, checked again whenever the tables are read again or
/// the text changes. They are given as JSON, the document of the TOML file `vpnroute check
/// --intents` reads: the console leaves the TOML parser out for its size.
#[component]
fn IntentsPanel(props: &TablesOnlyProps) -> Html {
    let lang = current_lang();
    let text = use_state(drafts::intents_text);
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            drafts::keep_intents_text(&value);
            text.set(value);
        })
    };
    let intents = parse_intents("intents.json", &text);
    let snapshot = TableSnapshot {
        gateways: vec![props.tables.snapshot()],
        ..TableSnapshot::default()
    };
    // Intents that cannot be read ask nothing; their problem is shown instead.
    let answer = use_analysis(
        intents
            .as_deref()
            .ok()
            .map(|intents| Question::check_intents(intents, &snapshot, lang)),
    );
    let checked = match intents {
        Err(problem) => Some(Err(problem)),
        Ok(_) => answer.map(|a| a.and_then(|text| analysis::read::<Vec<BrokenIntent>>(&text))),
    };
    html! {
        <section id="intents" aria-label={t(lang, "gateway.tab.intents")}>
            <label for="intents-text">{ t(lang, "intents.label") }</label>
            <textarea id="intents-text" rows="8" spellcheck="false" value={(*text).clone()} oninput={on_text} />
            <div id="intents-results" aria-live="polite">
                { match checked {
                    None => html! { <p>{ t(lang, "analysis.working") }</p> },
                    Some(Err(problem)) => html! { <p class="failed" role="alert">{ problem }</p> },
                    Some(Ok(found)) if found.is_empty() => html! { <p id="intents-hold">{ t(lang, "intents.hold") }</p> },
                    Some(Ok(found)) => html! {
                        <ul class="row-findings">
                            { for found.iter().map(|f| html! {
                                <li class={f.diagnostic.severity.as_str()} data-rule={f.diagnostic.rule.clone()} data-intent={(f.intent + 1).to_string()}>
                                    { tf(lang, "intents.finding", &[("number", &(f.intent + 1)), ("message", &f.diagnostic.message)]) }
                                    if let Some(down) = &f.down { { tf(lang, "intents.down", &[("connection", down)]) } }
                                </li>
                            }) }
                        </ul>
                    },
                } }
            </div>
        </section>
    }
}

/// The rows of page `page` of `routes`, each with its position in the whole table.
fn page_rows<T>(routes: &[T], page: usize) -> impl Iterator<Item = (usize, &T)> {
    routes
        .iter()
        .enumerate()
        .skip(page * ROWS_PER_PAGE)
        .take(ROWS_PER_PAGE)
}

/// A button that opens `request`'s form with the row's values filled in.
fn action_button(action: &'static str, label: String, request: PlanRequest) -> Html {
    let open = Callback::from(move |_: MouseEvent| drafts::open_form(&request));
    html! { <button type="button" class="row-action" data-action={action} onclick={open}>{ label }</button> }
}

fn publish_button(
    lang: Lang,
    home: &RouteHome<'_>,
    route: TableRoute<'_>,
    published: bool,
) -> Html {
    let (action, label) = if published {
        ("withdraw", t(lang, "gateway.withdraw"))
    } else {
        ("publish", t(lang, "gateway.publish"))
    };
    action_button(action, label.to_owned(), home.publish(route, !published))
}

/// "Make … active" on a standby route: the swap's rows, as a plan to check and apply.
fn swap_button(lang: Lang, swap: Option<(String, Vec<PlanRequest>)>) -> Html {
    let Some((standby, rows)) = swap else {
        return Html::default();
    };
    let open = Callback::from(move |_: MouseEvent| drafts::open_plan(&rows));
    html! { <button type="button" class="row-action" data-action="swap" onclick={open}>{ tf(lang, "gateway.make-active", &[("next_hop", &standby)]) }</button> }
}

#[derive(Properties, PartialEq)]
struct PagerProps {
    table: AttrValue,
    rows: usize,
    page: UseStateHandle<usize>,
}

#[component]
fn Pager(props: &PagerProps) -> Html {
    let lang = current_lang();
    let pages = props.rows.div_ceil(ROWS_PER_PAGE).max(1);
    if pages == 1 {
        return Html::default();
    }
    let current = *props.page;
    let go = |to: usize| {
        let page = props.page.clone();
        Callback::from(move |_| page.set(to))
    };
    let first = current * ROWS_PER_PAGE + 1;
    let last = ((current + 1) * ROWS_PER_PAGE).min(props.rows);
    html! {
        <p class="pager" data-table={props.table.clone()}>
            <button type="button" class="previous" disabled={current == 0} onclick={go(current.saturating_sub(1))}>{ t(lang, "pager.previous-rows") }</button>
            <span class="page">{ tf(lang, "pager.rows", &[("first", &first), ("last", &last), ("count", &props.rows)]) }</span>
            <button type="button" class="next" disabled={current + 1 >= pages} onclick={go(current + 1)}>{ t(lang, "pager.next-rows") }</button>
        </p>
    }
}

/// Milliseconds from the moment `tables` arrived to the moment their view was on screen:
/// the audits and the first rows, as a user waits for them.
#[hook]
fn use_render_timer(tables: Rc<GatewayTables>) -> Option<f64> {
    let started = use_memo(tables.clone(), |_| now_ms());
    let took = use_state(|| None::<f64>);
    {
        let took = took.clone();
        use_effect_with(tables, move |_| took.set(Some(now_ms() - *started)));
    }
    *took
}

#[derive(Properties, PartialEq)]
struct VcoRoutesProps {
    region: AttrValue,
    connection: AttrValue,
}

const VCO_PAGE_SIZE: u32 = 10;

#[component]
fn VcoRoutes(props: &VcoRoutesProps) -> Html {
    let lang = current_lang();
    let entry_type = use_state(|| "custom");
    let page = use_state(|| 1u32);
    // The page shown, with the number it was loaded for: until the next page arrives, the
    // pager names the page whose rows are on screen.
    let loaded = use_state(|| None::<(u32, Result<(Vec<VcoRouteEntry>, u32), String>)>);
    {
        let loaded = loaded.clone();
        let (region, id) = (props.region.to_string(), props.connection.to_string());
        use_effect_with((*entry_type, *page), move |(entry_type, page)| {
            let (entry_type, page) = (*entry_type, *page);
            // Quick clicks on Next cannot leave an earlier page under a later page's number.
            load_latest(
                async move { gateway::vco_routes(&region, &id, entry_type, page, VCO_PAGE_SIZE).await },
                move |found| loaded.set(Some((page, found))),
            )
        });
    }
    let set_type = |value: &'static str| {
        let (entry_type, page) = (entry_type.clone(), page.clone());
        Callback::from(move |_| {
            entry_type.set(value);
            page.set(1);
        })
    };
    let target = Target::Connection(props.connection.to_string());
    let home = RouteHome {
        region_id: &props.region,
        target: &target,
    };
    let body = match &*loaded {
        None => html! { <p class="pending">{ t(lang, "gateway.loading") }</p> },
        Some((_, Err(reason))) => html! { <p class="failed" role="alert">{ reason.clone() }</p> },
        Some((shown, Ok((entries, total)))) => {
            let pages = total.div_ceil(VCO_PAGE_SIZE).max(1);
            let go = |to: u32| {
                let page = page.clone();
                Callback::from(move |_| page.set(to))
            };
            html! {
                <>
                    <table class="routes" id="vco-routes">
                        <thead><tr><th>{ "RouteDest" }</th><th>{ "NextHop" }</th><th>{ "Weight" }</th><th>{ t(lang, "table.state") }</th><th>{ t(lang, "vco.source") }</th><th>{ t(lang, "table.tunnels") }</th><th>{ t(lang, "table.change") }</th></tr></thead>
                        <tbody>
                            { for entries.iter().map(|e| {
                                // Only the routes users added can be changed; BGP learns the others.
                                let route = (*entry_type == "custom").then(|| vco_route(e)).flatten();
                                html! {
                                    <tr><td>{ &e.route_dest }</td><td class="token">{ &e.next_hop }</td><td>{ e.weight }</td><td>{ &e.state }</td>
                                        <td>{ e.source.clone().unwrap_or_default() }</td><td>{ e.next_hop_tunnel_id_list.join(", ") }</td>
                                        <td class="row-actions">
                                            if let Some(route) = route {
                                                { action_button("change-weight", weight_to(lang, route.weight), home.change_weight(TableRoute::Destination(&route))) }
                                                { action_button("delete", t(lang, "gateway.delete").to_owned(), home.delete(TableRoute::Destination(&route))) }
                                            }
                                        </td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    <p class="pager">
                        <button type="button" id="vco-previous" disabled={*page <= 1} onclick={go(page.saturating_sub(1))}>{ t(lang, "pager.previous-page") }</button>
                        <span id="vco-page">{ tf(lang, "pager.page", &[("page", shown), ("pages", &pages), ("count", total)]) }</span>
                        <button type="button" id="vco-next" disabled={*page >= pages} onclick={go(*page + 1)}>{ t(lang, "pager.next-page") }</button>
                    </p>
                </>
            }
        }
    };
    html! {
        <div class="vco-view" data-connection={props.connection.clone()}>
            <div role="tablist" aria-label={t(lang, "vco.route-type")}>
                <button type="button" role="tab" id="vco-custom" aria-selected={(*entry_type == "custom").to_string()} onclick={set_type("custom")}>{ t(lang, "vco.custom") }</button>
                <button type="button" role="tab" id="vco-bgp" aria-selected={(*entry_type == "bgp").to_string()} onclick={set_type("bgp")}>{ t(lang, "vco.bgp") }</button>
            </div>
            { body }
        </div>
    }
}

/// A listed vco route in the engine's terms, when its fields read as such.
fn vco_route(entry: &VcoRouteEntry) -> Option<DestinationRoute> {
    Some(DestinationRoute {
        route_dest: entry.route_dest.parse().ok()?,
        next_hop: entry.next_hop.clone(),
        weight: entry.weight.try_into().ok()?,
    })
}
