//! Rules about free-text fields (`Description`, `Name`).

use crate::messages::message;
use crate::model::diagnostic::Diagnostic;
use crate::model::diagnostic::Quoted;
use crate::model::rule::{declare_rule, ErrorCode};

declare_rule! {
    /// A free-text field is shorter or longer than its limits (Description: 1 to 100 characters).
    ///
    /// ## Example
    /// A description of 101 characters; 100 is the most.
    pub TEXT_LENGTH {
        id: "text-length",
        severity: Error,
        fields: ["Description", "Name"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// A free-text field starts with `http://` or `https://`.
    ///
    /// ## Why
    /// The service refuses such text, to keep links out of names shown in the console.
    ///
    /// ## Example
    /// `Description=http://wiki/route`; use `Description=see wiki/route`.
    pub TEXT_URL_PREFIX {
        id: "text-url-prefix",
        severity: Error,
        fields: ["Description", "Name"],
        code: ErrorCode::GenericInvalid,
    }
}

declare_rule! {
    /// `Name` breaks the older naming rule: 2 to 128 characters of letters, digits, `.`, `_`
    /// and `-`, starting with a letter.
    ///
    /// ## Why
    /// The newer rule (1 to 100 characters, no URL prefix) decides what the service accepts;
    /// older consoles and tools may still expect the stricter form.
    pub NAME_LEGACY_FORMAT {
        id: "name-legacy-format",
        severity: Warning,
        fields: ["Name"],
        code: ErrorCode::None,
    }
}

pub(crate) fn check_legacy_name(field: &str, value: &str) -> Option<Diagnostic> {
    let chars = value.chars().count();
    let starts_with_letter = value.chars().next().is_some_and(|c| c.is_alphabetic());
    let allowed = value
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if (2..=128).contains(&chars) && starts_with_letter && allowed {
        return None;
    }
    Some(NAME_LEGACY_FORMAT.on(
        field,
        message!("name-legacy-format", field = field, value = Quoted(value)),
    ))
}

pub(crate) fn check_text(
    field: &str,
    value: &str,
    min_chars: u32,
    max_chars: u32,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let chars = value.chars().count();
    if chars < min_chars as usize || chars > max_chars as usize {
        let diagnostic = TEXT_LENGTH.on(
            field,
            message!(
                "text-length",
                field = field,
                chars = chars,
                min = min_chars,
                max = max_chars
            ),
        );
        found.push(if chars > max_chars as usize {
            diagnostic.with_suggestion(value.chars().take(max_chars as usize).collect::<String>())
        } else {
            diagnostic
        });
    }
    let lowered = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    if let Some(scheme) = ["http://", "https://"]
        .into_iter()
        .find(|s| lowered.starts_with(s))
    {
        found.push(
            TEXT_URL_PREFIX
                .on(
                    field,
                    message!("text-url-prefix", field = field, scheme = scheme),
                )
                .with_suggestion(&value[scheme.len()..]),
        );
    }
    found
}
