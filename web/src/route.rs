//! Which page is shown, kept in the address's fragment (`#/policy-routes/change-priority`), so
//! pages can be bookmarked and the browser's back button works. Pages are the tasks people do
//! (the engine's `Task`, each showing the operations it sends) and the tools; an address of
//! the operation-named kind an earlier console used (`#/CreateVpnRouteEntry`) is replaced by
//! its task page's.

use vpnroute_rules::ops::Task;
use vpnroute_rules::Operation;
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// A task, open at one of its operations.
    Task(Task, Operation),
    Gateway,
    Lookup,
    Plan,
    Audit,
}

impl Page {
    /// The navigation: the gateway view, a page per task, then the tools. A task's entry
    /// opens at its first operation.
    pub fn menu() -> impl Iterator<Item = Page> {
        std::iter::once(Page::Gateway)
            .chain(Task::ALL.into_iter().map(Page::task))
            .chain([Page::Lookup, Page::Plan, Page::Audit])
    }

    pub fn task(task: Task) -> Page {
        Page::Task(task, task.operations()[0])
    }

    /// The task page that sends `operation`.
    pub fn of_operation(operation: Operation) -> Page {
        Page::Task(operation.task(), operation)
    }

    /// The page `hash` names. An unknown address opens the first task.
    pub fn from_hash(hash: &str) -> Page {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let (head, step) = path.split_once('/').unwrap_or((path, ""));
        match head {
            "gateway" => return Page::Gateway,
            "lookup" => return Page::Lookup,
            "plan" => return Page::Plan,
            "audit" => return Page::Audit,
            _ => {}
        }
        if let Some(task) = Task::from_slug(head) {
            return task
                .operations()
                .into_iter()
                .find(|operation| operation.step().slug() == step)
                .map_or(Page::task(task), Page::of_operation);
        }
        head.parse()
            .map_or(Page::task(Task::ALL[0]), Page::of_operation)
    }

    pub fn hash(self) -> String {
        match self {
            Page::Task(task, operation) if operation == task.operations()[0] => {
                format!("#/{}", task.slug())
            }
            Page::Task(task, operation) => {
                format!("#/{}/{}", task.slug(), operation.step().slug())
            }
            Page::Gateway => "#/gateway".to_owned(),
            Page::Lookup => "#/lookup".to_owned(),
            Page::Plan => "#/plan".to_owned(),
            Page::Audit => "#/audit".to_owned(),
        }
    }

    /// Whether the menu entry `self` is the one to mark for the page `shown`.
    pub fn holds(self, shown: Page) -> bool {
        match (self, shown) {
            (Page::Task(mine, _), Page::Task(theirs, _)) => mine == theirs,
            _ => self == shown,
        }
    }
}

/// The page the address names. An address that is not the page's own (an operation-named
/// one, or a task without its step) is replaced in place, so the back button skips it.
fn current() -> Page {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return Page::task(Task::ALL[0]);
    };
    let hash = location.hash().unwrap_or_default();
    let page = Page::from_hash(&hash);
    let canonical = page.hash();
    if !hash.is_empty() && hash != canonical {
        let _ = location.replace(&canonical);
    }
    page
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
