//! The diagnostics of one field, announced to screen readers as they change.

use crate::i18n::{current_lang, t, tf, Lang};
use vpnroute_rules::{Diagnostic, Severity};
use yew::prelude::*;

/// The severity's word in `lang`; its class stays `error` or `warning` for the styles.
fn severity_label(lang: Lang, severity: Severity) -> &'static str {
    match severity {
        Severity::Error => t(lang, "severity.error"),
        Severity::Warning => t(lang, "severity.warning"),
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagnosticListProps {
    pub id: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_fix: Callback<String>,
}

#[component]
pub fn DiagnosticList(props: &DiagnosticListProps) -> Html {
    let lang = current_lang();
    html! {
        <ul id={props.id.clone()} class="diagnostics" aria-live="polite">
            { for props.diagnostics.iter().map(|d| {
                let fix = d.suggestion.clone().map(|suggestion| {
                    let on_fix = props.on_fix.clone();
                    let value = suggestion.clone();
                    html! {
                        <button type="button" class="fix" onclick={Callback::from(move |_| on_fix.emit(value.clone()))}>
                            { tf(lang, "fix.use", &[("value", &suggestion)]) }
                        </button>
                    }
                });
                html! {
                    <li class={classes!("diagnostic", d.severity.as_str())} data-rule={d.rule.clone()} data-code={d.code.clone()}>
                        <span class="severity">{ severity_label(lang, d.severity) }</span>
                        <code class="code">{ d.code.clone().unwrap_or_default() }</code>
                        <span class="message">{ d.message_in(lang).into_owned() }</span>
                        <span class="rule">{ format!("({})", d.rule) }</span>
                        { fix }
                    </li>
                }
            }) }
        </ul>
    }
}
