//! What a change does to traffic, as the engine reports it: each block of sources x
//! destinations that moves, as a list and on an address-space map.

use crate::components::address_map::{AddressMap, MapRect};
use crate::i18n::{current_lang, t, tf, Lang};
use vpnroute_rules::impact::{Outcome, TrafficBlock};
use yew::prelude::*;

/// Where the traffic goes, in `lang`: the engine's `Display` of an outcome, in words of the
/// catalogs. The route is named as the engine names it.
fn outcome_text(lang: Lang, outcome: &Outcome) -> String {
    match (&outcome.route, &outcome.next_hop) {
        (None, _) => t(lang, "impact.not-routed").to_owned(),
        (Some(route), None) => tf(lang, "impact.dropped", &[("route", route)]),
        (Some(route), Some(hop)) => tf(lang, "impact.via", &[("next_hop", hop), ("route", route)]),
    }
}

/// `source -> destination: before => after`, as the engine's `Display` writes a block.
fn block_text(lang: Lang, block: &TrafficBlock) -> String {
    format!(
        "{} -> {}: {} => {}",
        block.source,
        block.destination,
        outcome_text(lang, &block.before),
        outcome_text(lang, &block.after)
    )
}

#[derive(Properties, PartialEq)]
pub struct TrafficBlocksProps {
    /// Names the list and the map in the page (`plan-impact`, `failover-vco-x`).
    pub id: AttrValue,
    pub blocks: Vec<TrafficBlock>,
}

/// The blocks, largest first, and their map: blue where traffic moves to another connection,
/// red where it is dropped or stops being routed.
#[component]
pub fn TrafficBlocks(props: &TrafficBlocksProps) -> Html {
    let lang = current_lang();
    let rects: Vec<MapRect> = props
        .blocks
        .iter()
        .map(|block| MapRect {
            source: (block.source.first.into(), block.source.last.into()),
            destination: (
                block.destination.first.into(),
                block.destination.last.into(),
            ),
            class: if block.after.next_hop.is_some() {
                "moved"
            } else {
                "dropped"
            },
            title: block_text(lang, block),
        })
        .collect();
    html! {
        <div class="traffic" id={props.id.clone()}>
            <ul class="traffic-blocks">
                { for props.blocks.iter().map(|block| html! {
                    <li data-after={block.after.next_hop.clone().unwrap_or_default()}>{ block_text(lang, block) }</li>
                }) }
            </ul>
            <AddressMap id={format!("{}-map", props.id)} label={t(lang, "impact.map-label")} {rects} />
        </div>
    }
}
