//! The page: a header, the navigation and the page the address names; or, on a server with
//! accounts before sign-in, the sign-in page.

use crate::components::session_bar::SessionBar;
use crate::i18n::{self, t, Lang};
use crate::pages::audit::AuditPage;
use crate::pages::gateway::GatewayPage;
use crate::pages::lookup::LookupPage;
use crate::pages::plan::PlanPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::task::{task_title, TaskPage};
use crate::route::{use_page, Page};
use crate::services::api::{self, SessionState};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let page = use_page();
    let lang = use_state(i18n::initial);
    i18n::set_lang(*lang);
    {
        // Screen readers and the browser's own words (form validation) follow the page.
        let tag = lang.tag();
        use_effect_with(tag, |tag| {
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = root.set_attribute("lang", tag);
            }
        });
    }
    let choose_lang = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let chosen: Lang = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or_default();
            i18n::remember(chosen);
            lang.set(chosen);
        })
    };
    let lang_switch = html! {
        <label class="lang-switch">{ t(*lang, "lang.label") }{ " " }
            <select id="lang" onchange={choose_lang}>
                <option value="en" selected={*lang == Lang::En}>{ "English" }</option>
                <option value="zh-CN" selected={*lang == Lang::ZhCn}>{ "简体中文" }</option>
            </select>
        </label>
    };
    let session = use_state(|| SessionState::Unknown);
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move { session.set(api::session().await) });
        });
    }
    let on_signed_in = {
        let session = session.clone();
        Callback::from(move |person| session.set(SessionState::SignedIn(person)))
    };
    let on_signed_out = {
        let session = session.clone();
        Callback::from(move |()| session.set(SessionState::SignInRequired))
    };
    if *session == SessionState::SignInRequired {
        return html! {
            <>
                <header><h1>{ "vpnroute" }</h1>{ lang_switch }</header>
                <main key={lang.tag()}><SignInPage {on_signed_in} /></main>
            </>
        };
    }
    let content = match page {
        Page::Task(task, operation) => html! { <TaskPage {task} {operation} /> },
        Page::Gateway => html! { <GatewayPage /> },
        Page::Lookup => html! { <LookupPage /> },
        Page::Plan => html! { <PlanPage /> },
        Page::Audit => html! { <AuditPage /> },
    };
    let title = |p: Page| match p {
        Page::Task(task, _) => task_title(*lang, task),
        Page::Gateway => t(*lang, "page.gateway"),
        Page::Lookup => t(*lang, "page.lookup"),
        Page::Plan => t(*lang, "page.plan"),
        Page::Audit => t(*lang, "page.audit"),
    };
    html! {
        <>
            <header>
                <h1>{ "vpnroute" }</h1>
                { lang_switch }
                if let SessionState::SignedIn(person) = &*session {
                    <SessionBar person={person.clone()} {on_signed_out} />
                }
                <p>{ t(*lang, "app.tagline") }</p>
                <nav aria-label={t(*lang, "nav.label")}>
                    <ul>
                        { for Page::menu().map(|p| html! {
                            <li><a href={p.hash()} aria-current={p.holds(page).then_some("page")}>{ title(p) }</a></li>
                        }) }
                    </ul>
                </nav>
            </header>
            // Keyed by language: a new language remounts the page, whose parts read it as they
            // render.
            <main key={lang.tag()}>{ content }</main>
        </>
    }
}
