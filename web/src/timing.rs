//! The page's clock, for the timings the browser tests read from `data-*-ms` attributes.

/// Milliseconds since the page started, fractional.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
