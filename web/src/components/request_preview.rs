//! The exact request the form will send: wire parameters, a `curl` line against this server,
//! and ready-to-paste Python and Node SDK programs.

use crate::i18n::{current_lang, t};
use vpnroute_rules::{snippet, Operation, WireParams};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RequestPreviewProps {
    pub operation: Operation,
    pub params: WireParams,
}

/// `host:port` of the server that served this page, the endpoint the snippets use.
fn endpoint() -> String {
    web_sys::window()
        .and_then(|w| w.location().host().ok())
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
}

#[component]
pub fn RequestPreview(props: &RequestPreviewProps) -> Html {
    let lang = current_lang();
    let tab = use_state(|| "params");
    let endpoint = endpoint();
    let (operation, params) = (props.operation, &props.params);
    let text = match *tab {
        "curl" => snippet::curl(&format!("http://{endpoint}"), operation, params),
        "python" => snippet::python(&endpoint, "testid", "testsecret", operation, params),
        "node" => snippet::node(&endpoint, "testid", "testsecret", operation, params),
        _ => {
            let mut lines = format!(
                "POST /  x-acs-action: {}  x-acs-version: 2016-04-28\n",
                operation.name()
            );
            for (k, v) in &params.0 {
                lines.push_str(&format!("{k}={v}\n"));
            }
            lines
        }
    };
    let tabs = [
        ("params", t(lang, "preview.params")),
        ("curl", "curl"),
        ("python", "Python SDK"),
        ("node", "Node SDK"),
    ];
    html! {
        <section class="preview" aria-label={t(lang, "preview.label")}>
            <h3>{ t(lang, "preview.title") }</h3>
            <div role="tablist" aria-label={t(lang, "preview.formats")}>
                { for tabs.iter().map(|(key, label)| {
                    let tab = tab.clone();
                    let key = *key;
                    html! {
                        <button type="button" role="tab" id={format!("preview-tab-{key}")} aria-selected={(*tab == key).to_string()}
                            onclick={Callback::from(move |_| tab.set(key))}>{ *label }</button>
                    }
                }) }
            </div>
            <pre id="request-preview" role="tabpanel" data-format={*tab}>{ text }</pre>
            if *tab == "curl" {
                <p class="hint">{ t(lang, "preview.unsigned") }</p>
            }
        </section>
    }
}
