//! The diagnostics of one field, announced to screen readers as they change.

use vpnroute_rules::Diagnostic;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    pub id: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_fix: Callback<String>,
}

#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    html! {
        <ul id={props.id.clone()} class="diagnostics" aria-live="polite">
            { for props.diagnostics.iter().map(|d| {
                let fix = d.suggestion.clone().map(|suggestion| {
                    let on_fix = props.on_fix.clone();
                    let value = suggestion.clone();
                    html! {
                        <button type="button" class="fix" onclick={Callback::from(move |_| on_fix.emit(value.clone()))}>
                            { format!("Use {suggestion}") }
                        </button>
                    }
                });
                html! {
                    <li class={classes!("diagnostic", d.severity.as_str())} data-rule={d.rule.clone()} data-code={d.code.clone()}>
                        <span class="severity">{ d.severity.as_str() }</span>
                        <code class="code">{ d.code.clone().unwrap_or_default() }</code>
                        <span class="message">{ &d.message }</span>
                        <span class="rule">{ format!("({})", d.rule) }</span>
                        { fix }
                    </li>
                }
            }) }
        </ul>
    }
}
