//! One list of a page's findings, grouped by rule: each line says what is wrong and links to
//! the rows it concerns. The rows carry only a numbered marker that links back here.

use crate::i18n::{current_lang, t, tf};
use std::rc::Rc;
use vpnroute_rules::Diagnostic;
use yew::prelude::*;

/// A row of one of the page's tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowRef {
    /// The table's element id.
    pub table: &'static str,
    /// Counted from 1, as the table numbers its rows.
    pub row: usize,
    /// How the link names the row (`destination row 3`).
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PanelFinding {
    pub diagnostic: Diagnostic,
    pub rows: Vec<RowRef>,
}

/// `findings` grouped by rule, each rule where it first appears; a finding's number is its
/// place in this order, counted from 1.
pub fn grouped(findings: Vec<PanelFinding>) -> Vec<PanelFinding> {
    let mut rules: Vec<&str> = Vec::new();
    for finding in &findings {
        if !rules.contains(&finding.diagnostic.rule.as_ref()) {
            rules.push(&finding.diagnostic.rule);
        }
    }
    let order: Vec<String> = rules.into_iter().map(str::to_owned).collect();
    let mut sorted = Vec::with_capacity(findings.len());
    for rule in &order {
        sorted.extend(
            findings
                .iter()
                .filter(|f| f.diagnostic.rule == rule.as_str())
                .cloned(),
        );
    }
    sorted
}

/// The element id of finding `number`'s line.
fn line_id(number: usize) -> String {
    format!("finding-{number}")
}

/// Brings `selector`'s element into view and gives it the focus.
pub fn show(selector: &str) {
    if let Ok(Some(element)) = gloo::utils::document().query_selector(selector) {
        element.scroll_into_view();
        if let Some(element) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&element) {
            let _ = element.focus();
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct FindingsPanelProps {
    /// In the order of [`grouped`].
    pub findings: Rc<Vec<PanelFinding>>,
    /// Shows a row the panel links to (the page turns to it first).
    pub on_show: Callback<RowRef>,
}

#[component]
pub fn FindingsPanel(props: &FindingsPanelProps) -> Html {
    let lang = current_lang();
    let findings = &props.findings;
    let mut lines = Vec::new();
    for (index, finding) in findings.iter().enumerate() {
        let rule = &finding.diagnostic.rule;
        if index == 0 || findings[index - 1].diagnostic.rule != *rule {
            lines.push(html! { <li class="rule" data-group={rule.clone()}><code>{ rule.clone() }</code></li> });
        }
        let d = &finding.diagnostic;
        lines.push(html! {
            <li id={line_id(index + 1)} class={d.severity.as_str()} data-rule={rule.clone()} tabindex="-1">
                <span class="marker">{ index + 1 }</span>
                { " " }{ d.message_in(lang) }{ " " }
                { for finding.rows.iter().map(|row| {
                    let on_show = props.on_show.clone();
                    let target = row.clone();
                    html! {
                        <button type="button" class="jump" data-jump={format!("{}-{}", row.table.trim_end_matches("-routes"), row.row)}
                            onclick={Callback::from(move |_| on_show.emit(target.clone()))}>{ &row.label }</button>
                    }
                }) }
            </li>
        });
    }
    html! {
        <section class="findings" id="findings" aria-labelledby="findings-title">
            <h3 id="findings-title">{ t(lang, "findings.title") }</h3>
            <p id="table-summary" role="status">{
                if findings.is_empty() { t(lang, "findings.none").to_owned() }
                else { tf(lang, "findings.summary", &[("count", &findings.len())]) }
            }</p>
            if !findings.is_empty() {
                <ul class="finding-lines">{ for lines }</ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct MarkersProps {
    /// The numbers (from 1) of the findings that concern the row, with their diagnostics.
    pub findings: Vec<(usize, Diagnostic)>,
}

/// A row's findings as numbered markers; each brings its line of the panel into view.
#[component]
pub fn Markers(props: &MarkersProps) -> Html {
    let lang = current_lang();
    html! {
        <span class="markers">
            { for props.findings.iter().map(|(number, d)| {
                let number = *number;
                let label = tf(lang, "findings.marker", &[("number", &number), ("rule", &d.rule)]);
                html! {
                    <button type="button" class={classes!("marker", d.severity.as_str())} data-rule={d.rule.clone()}
                        data-finding={number.to_string()} title={d.message_in(lang).into_owned()} aria-label={label}
                        onclick={Callback::from(move |_| show(&format!("#{}", line_id(number))))}>
                        { number }
                    </button>
                }
            }) }
        </span>
    }
}
