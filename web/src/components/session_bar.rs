//! Who is signed in, with their role, and the way out.

use crate::i18n::{current_lang, t};
use crate::services::api;
use vpnroute_api::Person;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SessionBarProps {
    pub person: Person,
    pub on_signed_out: Callback<()>,
}

#[component]
pub fn SessionBar(props: &SessionBarProps) -> Html {
    let lang = current_lang();
    let refused = use_state(|| None::<String>);
    let on_sign_out = {
        let (refused, on_signed_out) = (refused.clone(), props.on_signed_out.clone());
        Callback::from(move |_: MouseEvent| {
            let (refused, on_signed_out) = (refused.clone(), on_signed_out.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::sign_out().await {
                    Ok(()) => on_signed_out.emit(()),
                    Err(reason) => refused.set(Some(reason)),
                }
            });
        })
    };
    html! {
        <p class="session-bar">
            { t(lang, "session.signed-in-as") }<strong>{ &props.person.name }</strong>
            { format!(" ({})", props.person.role) }
            <button type="button" onclick={on_sign_out}>{ t(lang, "session.sign-out") }</button>
            if let Some(reason) = &*refused {
                <span role="alert" class="error">{ reason }</span>
            }
        </p>
    }
}
