//! The exact parameters the form will send.

use vpnroute_rules::WireParams;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RequestPreviewProps {
    pub action: AttrValue,
    pub params: WireParams,
}

#[component]
pub fn RequestPreview(props: &RequestPreviewProps) -> Html {
    html! {
        <section class="preview" aria-label="Request preview">
            <h3>{ "Request" }</h3>
            <pre id="request-preview">
                { format!("POST /  x-acs-action: {}  x-acs-version: 2016-04-28\n", props.action) }
                { for props.params.0.iter().map(|(k, v)| format!("{k}={v}\n")) }
            </pre>
        </section>
    }
}
