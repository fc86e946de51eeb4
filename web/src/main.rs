//! The vpnroute console: mounts the app.

mod app;
mod components;
mod services;
mod state;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
