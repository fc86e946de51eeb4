//! Which page is shown, kept in the address's fragment (`#/gateway`), so pages can be
//! bookmarked and the browser's back button works.

use vpnroute_rules::Operation;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Operation(Operation),
    Gateway,
    Lookup,
    Plan,
    Audit,
}

impl Page {
    /// Every page: a form for each of the engine's operations, then the tools.
    pub fn all() -> impl Iterator<Item = Page> {
        Operation::ALL
            .iter()
            .map(|&operation| Page::Operation(operation))
            .chain([Page::Gateway, Page::Lookup, Page::Plan, Page::Audit])
    }

    pub fn from_hash(hash: &str) -> Page {
        let name = hash.trim_start_matches('#').trim_start_matches('/');
        match name {
            "gateway" => Page::Gateway,
            "lookup" => Page::Lookup,
            "plan" => Page::Plan,
            "audit" => Page::Audit,
            other => Page::Operation(other.parse().unwrap_or(Operation::ALL[0])),
        }
    }

    pub fn hash(self) -> String {
        match self {
            Page::Operation(operation) => format!("#/{}", operation.name()),
            Page::Gateway => "#/gateway".to_owned(),
            Page::Lookup => "#/lookup".to_owned(),
            Page::Plan => "#/plan".to_owned(),
            Page::Audit => "#/audit".to_owned(),
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Page::Operation(operation) => operation.name(),
            Page::Gateway => "Gateway",
            Page::Lookup => "Which route?",
            Page::Plan => "Plan and apply",
            Page::Audit => "Audit log",
        }
    }
}

fn current() -> Page {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Page::from_hash(&hash)
}

/// The page the address names, following every change of the fragment.
#[hook]
pub fn use_page() -> Page {
    let page = use_state(current);
    {
        let page = page.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo::events::EventListener::new(&window, "hashchange", move |_| {
                    page.set(current())
                })
            });
            move || drop(listener)
        });
    }
    *page
}
