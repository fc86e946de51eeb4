//! The page: a header, the navigation and the page the address names.

use crate::components::operation_form::OperationForm;
use crate::pages::gateway::GatewayPage;
use crate::pages::lookup::LookupPage;
use crate::pages::plan::PlanPage;
use crate::route::{use_page, Page};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let page = use_page();
    let content = match page {
        Page::Operation(operation) => {
            html! { <OperationForm key={operation.name()} {operation} /> }
        }
        Page::Gateway => html! { <GatewayPage /> },
        Page::Lookup => html! { <LookupPage /> },
        Page::Plan => html! { <PlanPage /> },
    };
    html! {
        <>
            <header>
                <h1>{ "vpnroute" }</h1>
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
