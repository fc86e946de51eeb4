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
mod timing;

/// TLSF instead of the standard library's dlmalloc, as in the npm package: a smaller `.wasm`
/// (ARCHITECTURE.md has the figure).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::SmallGlobalTlsf = rlsf::SmallGlobalTlsf::new();

fn main() {
    yew::Renderer::<app::App>::new().render();
}
