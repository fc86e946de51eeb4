//! What a change does to traffic, as the engine reports it: each block of sources x
//! destinations that moves, as a list and on an address-space map.

use crate::components::address_map::{AddressMap, MapRect};
use vpnroute_rules::impact::TrafficBlock;
use yew::prelude::*;

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
            title: block.to_string(),
        })
        .collect();
    html! {
        <div class="traffic" id={props.id.clone()}>
            <ul class="traffic-blocks">
                { for props.blocks.iter().map(|block| html! {
                    <li data-after={block.after.next_hop.clone().unwrap_or_default()}>{ block.to_string() }</li>
                }) }
            </ul>
            <AddressMap id={format!("{}-map", props.id)} label="Traffic that changes, by source and destination" {rects} />
        </div>
    }
}
