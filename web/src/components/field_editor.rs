//! The editor of one field of any kind, built from the engine's field metadata: a scalar is
//! an input; a JSON config is a sub-form of its keys (with a raw JSON view); a list is a
//! numbered set of items; a nested object is a group of its fields.

use crate::components::diagnostic_list::DiagnosticList;
use crate::components::field_input::{input_id, FieldInput};
use crate::i18n::{current_lang, t, tf};
use crate::state::{FormAction, FormState};
use vpnroute_rules::model::json::{parse_flat_object, with_key};
use vpnroute_rules::{FieldKind, FieldSpec};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldEditorProps {
    pub spec: FieldSpec,
    /// The wire path of this field.
    pub path: AttrValue,
    pub form: UseReducerHandle<FormState>,
}

#[component]
pub fn FieldEditor(props: &FieldEditorProps) -> Html {
    let spec = props.spec;
    match spec.kind {
        FieldKind::Json { keys } => {
            html! { <JsonEditor {spec} {keys} path={props.path.clone()} form={props.form.clone()} /> }
        }
        FieldKind::List { max_items, item } => {
            html! { <ListEditor {spec} {max_items} {item} path={props.path.clone()} form={props.form.clone()} /> }
        }
        FieldKind::Object { fields } => {
            let path = props.path.clone();
            html! {
                <fieldset class="object" data-field={path.clone()}>
                    <legend>{ spec.name }</legend>
                    { for fields.iter().map(|child| {
                        let child_path = AttrValue::from(format!("{path}.{}", child.name));
                        html! { <FieldEditor key={child.name} spec={**child} path={child_path} form={props.form.clone()} /> }
                    }) }
                </fieldset>
            }
        }
        _ => {
            let path = props.path.to_string();
            let form = props.form.clone();
            let on_change = {
                let path = path.clone();
                Callback::from(move |value: String| {
                    form.dispatch(FormAction::SetField {
                        path: path.clone(),
                        value,
                    })
                })
            };
            html! {
                <FieldInput {spec} path={props.path.clone()} value={props.form.value(&path)}
                    diagnostics={props.form.diagnostics_at(&path)} {on_change} />
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct JsonEditorProps {
    spec: FieldSpec,
    keys: &'static [&'static FieldSpec],
    path: AttrValue,
    form: UseReducerHandle<FormState>,
}

/// A JSON config as a sub-form of its keys. Each key edit rewrites the JSON text; a text the
/// sub-form cannot read opens in the raw view.
#[component]
fn JsonEditor(props: &JsonEditorProps) -> Html {
    let lang = current_lang();
    let path = props.path.to_string();
    let text = props.form.value(&path);
    let entries = if text.trim().is_empty() {
        Some(Vec::new())
    } else {
        parse_flat_object(&text).ok()
    };
    let raw = use_state(|| false);
    let showing_raw = *raw || entries.is_none();
    let diagnostics = props.form.diagnostics_at(&path);
    let has_content = !text.is_empty()
        || props
            .form
            .diagnostics
            .iter()
            .any(|d| d.field.starts_with(&path));
    let set_text = {
        let form = props.form.clone();
        let path = path.clone();
        Callback::from(move |value: String| {
            form.dispatch(FormAction::SetField {
                path: path.clone(),
                value,
            })
        })
    };
    let body = if showing_raw {
        let set_text = set_text.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            set_text.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        });
        let id = input_id(&path);
        html! {
            <div class="field raw-json" data-field={path.clone()}>
                <label for={id.clone()}>{ tf(lang, "editor.raw-label", &[("field", &props.spec.name)]) }</label>
                <textarea id={id} rows="4" spellcheck="false" value={text.clone()} {oninput} />
                if entries.is_none() {
                    <small class="hint">{ t(lang, "editor.not-flat") }</small>
                }
            </div>
        }
    } else {
        let entries = entries.unwrap_or_default();
        html! {
            <>
                { for props.keys.iter().map(|key| {
                    let value = entries
                        .iter()
                        .find(|(k, _)| k == key.name)
                        .map(|(_, v)| v.as_text())
                        .unwrap_or_default();
                    let key_path = format!("{path}.{}", key.name);
                    let on_change = {
                        let set_text = set_text.clone();
                        let text = text.clone();
                        let key = *key;
                        Callback::from(move |value: String| {
                            if let Some(updated) = with_key(&text, key, &value) {
                                set_text.emit(updated);
                            }
                        })
                    };
                    html! {
                        <FieldInput key={key.name} spec={**key} path={key_path.clone()} {value}
                            diagnostics={props.form.diagnostics_at(&key_path)} {on_change} />
                    }
                }) }
            </>
        }
    };
    let toggle = {
        let raw = raw.clone();
        Callback::from(move |_| raw.set(!*raw))
    };
    html! {
        <details class="json-config" data-field={path.clone()} open={has_content}>
            <summary>{ props.spec.name }<small class="hint">{ format!(" {}", props.spec.help_in(lang)) }</small></summary>
            <DiagnosticList id={format!("{}-diagnostics", input_id(&path))} {diagnostics} on_fix={set_text.clone()} />
            <button type="button" class="raw-toggle" onclick={toggle} disabled={entries_unreadable(&text)}>
                { if showing_raw { t(lang, "editor.key-by-key") } else { t(lang, "editor.raw") } }
            </button>
            { body }
        </details>
    }
}

fn entries_unreadable(text: &str) -> bool {
    !text.trim().is_empty() && parse_flat_object(text).is_err()
}

#[derive(Properties, PartialEq)]
struct ListEditorProps {
    spec: FieldSpec,
    max_items: u32,
    item: &'static [&'static FieldSpec],
    path: AttrValue,
    form: UseReducerHandle<FormState>,
}

/// A flattened list (`Tags.N.*`, `TunnelOptionsSpecification.N.*`) as numbered groups.
#[component]
fn ListEditor(props: &ListEditorProps) -> Html {
    let lang = current_lang();
    let name = props.spec.name;
    let length = props.form.list_length(name);
    let path = props.path.to_string();
    let add = {
        let form = props.form.clone();
        Callback::from(move |_| form.dispatch(FormAction::AddItem(name)))
    };
    let remove = {
        let form = props.form.clone();
        Callback::from(move |_| form.dispatch(FormAction::RemoveItem(name)))
    };
    let on_fix = Callback::noop();
    html! {
        <details class="list" data-field={path.clone()} open={length > 0 || !props.form.diagnostics_at(&path).is_empty()}>
            <summary>{ tf(lang, "editor.list-title", &[("field", &name), ("count", &length), ("max", &props.max_items)]) }<small class="hint">{ format!(" {}", props.spec.help_in(lang)) }</small></summary>
            <DiagnosticList id={format!("{}-diagnostics", input_id(&path))} diagnostics={props.form.diagnostics_at(&path)} {on_fix} />
            { for (1..=length).map(|index| html! {
                <fieldset class="item" key={index} data-item={format!("{path}.{index}")}>
                    <legend>{ format!("{name} {index}") }</legend>
                    { for props.item.iter().map(|child| {
                        let child_path = AttrValue::from(format!("{path}.{index}.{}", child.name));
                        html! { <FieldEditor key={child.name} spec={**child} path={child_path} form={props.form.clone()} /> }
                    }) }
                </fieldset>
            }) }
            <button type="button" class="add-item" onclick={add} disabled={length >= props.max_items}>{ tf(lang, "editor.add-item", &[("field", &name)]) }</button>
            <button type="button" class="remove-item" onclick={remove} disabled={length == 0}>{ t(lang, "editor.remove-item") }</button>
        </details>
    }
}
