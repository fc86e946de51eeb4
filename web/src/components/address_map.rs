//! A map of the traffic space: sources across, destinations down, each rectangle a block of
//! traffic or a route. Addresses are spaced by rank (every edge of a drawn rectangle gets an
//! even share of the axis), so a /32 next to a /8 is still visible.

use crate::i18n::{current_lang, t};
use yew::prelude::*;

/// One rectangle to draw: inclusive address ranges, a class for its colour, and the text a
/// hover shows.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRect {
    pub source: (u32, u32),
    pub destination: (u32, u32),
    pub class: &'static str,
    pub title: String,
}

#[derive(Properties, PartialEq)]
pub struct AddressMapProps {
    pub id: AttrValue,
    /// What the map shows, for screen readers.
    pub label: AttrValue,
    pub rects: Vec<MapRect>,
}

const SIZE: f64 = 400.0;

/// The position of each edge on an axis of `SIZE`, by rank.
struct Axis(Vec<u64>);

impl Axis {
    fn new(ranges: impl Iterator<Item = (u32, u32)>) -> Self {
        let mut edges: Vec<u64> = ranges
            .flat_map(|(first, last)| [u64::from(first), u64::from(last) + 1])
            .chain([0, 1 << 32])
            .collect();
        edges.sort_unstable();
        edges.dedup();
        Axis(edges)
    }

    fn at(&self, edge: u64) -> f64 {
        let rank = self.0.partition_point(|&e| e < edge);
        rank as f64 * SIZE / (self.0.len() - 1).max(1) as f64
    }

    /// Where a range starts and how long it is drawn.
    fn span(&self, (first, last): (u32, u32)) -> (f64, f64) {
        let start = self.at(u64::from(first));
        (start, self.at(u64::from(last) + 1) - start)
    }
}

#[component]
pub fn AddressMap(props: &AddressMapProps) -> Html {
    let lang = current_lang();
    let across = Axis::new(props.rects.iter().map(|r| r.source));
    let down = Axis::new(props.rects.iter().map(|r| r.destination));
    let view_box = format!("0 0 {SIZE} {SIZE}");
    html! {
        <figure class="address-map">
            <svg id={props.id.clone()} viewBox={view_box} role="img" aria-label={props.label.clone()}>
                <rect class="space" x="0" y="0" width={SIZE.to_string()} height={SIZE.to_string()} />
                { for props.rects.iter().map(|r| {
                    let (x, width) = across.span(r.source);
                    let (y, height) = down.span(r.destination);
                    html! {
                        <rect class={r.class} x={format!("{x:.2}")} y={format!("{y:.2}")}
                            width={format!("{:.2}", width.max(1.0))} height={format!("{:.2}", height.max(1.0))}>
                            <title>{ r.title.clone() }</title>
                        </rect>
                    }
                }) }
            </svg>
            <figcaption>{ t(lang, "map.caption") }</figcaption>
        </figure>
    }
}
