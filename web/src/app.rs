//! The page: a header and the operation form.

use crate::components::operation_form::OperationForm;
use vpnroute_rules::Operation;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    html! {
        <>
            <header>
                <h1>{ "vpnroute" }</h1>
                <p>{ "Check VPN gateway route changes before the service does, then send them." }</p>
            </header>
            <main>
                <OperationForm operation={Operation::CreateVpnRouteEntry} />
            </main>
        </>
    }
}
