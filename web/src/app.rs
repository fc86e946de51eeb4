//! The page: a header, the navigation and the page the address names; or, on a server with
//! accounts before sign-in, the sign-in page.

use crate::components::operation_form::OperationForm;
use crate::components::session_bar::SessionBar;
use crate::pages::audit::AuditPage;
use crate::pages::gateway::GatewayPage;
use crate::pages::lookup::LookupPage;
use crate::pages::plan::PlanPage;
use crate::pages::sign_in::SignInPage;
use crate::route::{use_page, Page};
use crate::services::api::{self, SessionState};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let page = use_page();
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
                <header><h1>{ "vpnroute" }</h1></header>
                <main><SignInPage {on_signed_in} /></main>
            </>
        };
    }
    let content = match page {
        Page::Operation(operation) => {
            html! { <OperationForm key={operation.name()} {operation} /> }
        }
        Page::Gateway => html! { <GatewayPage /> },
        Page::Lookup => html! { <LookupPage /> },
        Page::Plan => html! { <PlanPage /> },
        Page::Audit => html! { <AuditPage /> },
    };
    html! {
        <>
            <header>
                <h1>{ "vpnroute" }</h1>
                if let SessionState::SignedIn(person) = &*session {
                    <SessionBar person={person.clone()} {on_signed_out} />
                }
                <p>{ "Check VPN gateway route changes before the service does, then send them." }</p>
                <nav aria-label="Pages">
                    <ul>
                        { for Page::all().map(|p| html! {
                            <li><a href={p.hash()} aria-current={(p == page).then_some("page")}>{ p.title() }</a></li>
                        }) }
                    </ul>
                </nav>
            </header>
            <main>{ content }</main>
        </>
    }
}
