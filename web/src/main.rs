//! The vpnroute console: mounts the app.

mod app;
mod components;
mod hooks;
mod i18n;
mod pages;
mod plan_state;
mod route;
mod services;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
