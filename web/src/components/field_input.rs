//! One controlled input for one scalar wire field, with its hint and diagnostics.

use crate::components::diagnostic_list::DiagnosticList;
use crate::i18n::{current_lang, t, tf};
use vpnroute_rules::{Diagnostic, FieldKind, FieldSpec};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldInputProps {
    pub spec: FieldSpec,
    /// The wire path (`RouteDest`, `Tags.1.Key`, `IkeConfig.Psk`).
    pub path: AttrValue,
    pub value: AttrValue,
    pub diagnostics: Vec<Diagnostic>,
    pub on_change: Callback<String>,
}

/// The element id of the input for `path`: dots would need escaping in selectors.
pub fn input_id(path: &str) -> String {
    format!("field-{}", path.replace('.', "-"))
}

#[component]
pub fn FieldInput(props: &FieldInputProps) -> Html {
    let lang = current_lang();
    let spec = &props.spec;
    let input_id = input_id(&props.path);
    let hint_id = format!("{input_id}-hint");
    let diagnostics_id = format!("{input_id}-diagnostics");
    let described_by = format!("{hint_id} {diagnostics_id}");
    let invalid = props.diagnostics.iter().any(Diagnostic::is_error);
    let control = if spec.kind == FieldKind::Boolean {
        let on_change = props.on_change.clone();
        let onchange = Callback::from(move |e: Event| {
            on_change.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        });
        html! {
            <select id={input_id.clone()} name={props.path.clone()} {onchange} aria-describedby={described_by} aria-invalid={invalid.to_string()}>
                <option value="" selected={props.value.is_empty()}>{ t(lang, "field.not-set") }</option>
                { for ["true", "false"].into_iter().map(|v| html! { <option value={v} selected={props.value == v}>{ v }</option> }) }
            </select>
        }
    } else {
        let on_change = props.on_change.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            on_change.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        });
        let list_id = format!("{input_id}-values");
        let allowed = spec.allowed_values();
        html! {
            <>
                <input id={input_id.clone()} name={props.path.clone()} value={props.value.clone()} {oninput}
                    placeholder={spec.example} autocomplete="off" spellcheck="false"
                    list={(!allowed.is_empty()).then(|| list_id.clone())}
                    aria-describedby={described_by} aria-invalid={invalid.to_string()} />
                if !allowed.is_empty() {
                    <datalist id={list_id}>{ for allowed.iter().map(|v| html! { <option value={*v} /> }) }</datalist>
                }
            </>
        }
    };
    let mut hint = spec.help_in(lang).to_owned();
    if !spec.allowed_values().is_empty() {
        let values = spec.allowed_values().join(", ");
        hint.push_str(&tf(lang, "field.allowed", &[("values", &values)]));
    }
    if let Some(default) = spec.default {
        hint.push_str(&tf(lang, "field.default", &[("value", &default)]));
    }
    let label = props
        .path
        .rsplit('.')
        .next()
        .unwrap_or(spec.name)
        .to_owned();
    html! {
        <div class={classes!("field", invalid.then_some("invalid"))} data-field={props.path.clone()}>
            <label for={input_id}>
                { label }
                if spec.required { <span class="required" aria-label={t(lang, "field.required")}>{ "*" }</span> }
            </label>
            { control }
            <small id={hint_id} class="hint">{ hint }</small>
            <DiagnosticList id={diagnostics_id} diagnostics={props.diagnostics.clone()} on_fix={props.on_change.clone()} />
        </div>
    }
}
