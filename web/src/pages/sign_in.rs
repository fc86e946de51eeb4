//! The sign-in page, shown when the server has accounts and this page has not signed in: a
//! person's AccessKey pair in, a session out. The server decides; the page only asks.

use crate::i18n::{current_lang, t};
use crate::services::api;
use vpnroute_api::{Person, SignIn};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SignInProps {
    pub on_signed_in: Callback<Person>,
}

#[component]
pub fn SignInPage(props: &SignInProps) -> Html {
    let lang = current_lang();
    let access_key_id = use_state(String::new);
    let access_key_secret = use_state(String::new);
    let refused = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let text_input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (access_key_id, access_key_secret) = (access_key_id.clone(), access_key_secret.clone());
        let (refused, busy, on_signed_in) =
            (refused.clone(), busy.clone(), props.on_signed_in.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let pair = SignIn {
                access_key_id: access_key_id.trim().to_owned(),
                access_key_secret: (*access_key_secret).clone(),
            };
            let (refused, busy, on_signed_in) =
                (refused.clone(), busy.clone(), on_signed_in.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let signed_in = api::sign_in(&pair).await;
                busy.set(false);
                match signed_in {
                    Ok(person) => on_signed_in.emit(person),
                    Err(reason) => refused.set(Some(reason)),
                }
            });
        })
    };
    html! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title">{ t(lang, "sign-in.title") }</h2>
            <p>{ t(lang, "sign-in.intro") }</p>
            <form onsubmit={on_submit}>
                <label for="sign-in-id">{ "AccessKeyId" }</label>
                <input id="sign-in-id" name="accessKeyId" autocomplete="username" required=true
                    value={(*access_key_id).clone()} oninput={text_input(&access_key_id)} />
                <label for="sign-in-secret">{ t(lang, "sign-in.secret") }</label>
                <input id="sign-in-secret" name="accessKeySecret" type="password" autocomplete="current-password" required=true
                    value={(*access_key_secret).clone()} oninput={text_input(&access_key_secret)} />
                <button type="submit" disabled={*busy}>{ t(lang, "sign-in.title") }</button>
            </form>
            if let Some(reason) = &*refused {
                <p role="alert" class="error">{ reason }</p>
            }
        </section>
    }
}
