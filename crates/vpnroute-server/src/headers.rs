//! The security headers of every answer. The console's page may run only its own scripts and
//! WebAssembly, and the inline script trunk writes into `index.html`, allowed by its hash.

use axum::http::{header, HeaderName, HeaderValue};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content-Security-Policy for a console whose page is `index`, read once at start.
pub fn content_security_policy(index: &str) -> String {
    let scripts: String = inline_scripts(index)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    )
}

/// The text of each `<script>` of `html` that has no `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, rest) = rest.split_once('>')?;
        let (text, _) = rest.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(text)
    })
}

/// The layers that set the security headers, for the console in `console_dir`.
pub fn layers(console_dir: &Path) -> [SetResponseHeaderLayer<HeaderValue>; 5] {
    // No console built (the RPC endpoint alone): a page that runs nothing inline.
    let index = std::fs::read_to_string(console_dir.join("index.html")).unwrap_or_default();
    let policy = HeaderValue::from_str(&content_security_policy(&index))
        .expect("the policy is ASCII without control characters");
    let set =
        |name: HeaderName, value: HeaderValue| SetResponseHeaderLayer::overriding(name, value);
    [
        set(header::CONTENT_SECURITY_POLICY, policy),
        set(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        set(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        set(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        set(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_their_hash_and_nothing_else_runs_inline() {
        let index = "<html><script type=\"module\">init();</script>\
                     <script src=\"/a.js\"></script><script>b()</script></html>";
        let found: Vec<&str> = inline_scripts(index).collect();
        assert_eq!(found, ["init();", "b()"]);
        let policy = content_security_policy(index);
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init();"));
        assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(content_security_policy("").contains("script-src 'self' 'wasm-unsafe-eval';"));
    }
}
