//! What every check returns: plain data, no wasm or HTTP types.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    /// The service would reject the request.
    Error,
    /// The request is legal but risky or likely a mistake.
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding about one field of a request (or one entry of a route table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Diagnostic {
    /// Stable kebab-case rule id from the registry.
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    /// Wire path of the field, e.g. `RouteDest` or `Tags.2.Key`.
    pub field: String,
    /// The API error code the service answers with, where there is one.
    pub code: Option<Cow<'static, str>>,
    pub message: String,
    /// A corrected value that would pass, where one can be derived.
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// A value as a message quotes it: whole when short; otherwise its start, and how long it
/// is, so that a message never repeats a megabyte of input. The npm facade's own errors
/// quote values with it too.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 60;
        // The usual value is short printable ASCII, which JSON quoting leaves unchanged
        // between quotes; checking that first skips looking at each character twice.
        let plain = |b: &u8| (b' '..=b'~').contains(b) && *b != b'"' && *b != b'\\';
        if self.0.len() <= SHOWN && self.0.as_bytes().iter().all(plain) {
            f.write_str("\"")?;
            f.write_str(self.0)?;
            return f.write_str("\"");
        }
        // Others are quoted as JSON strings, as the request preview shows values.
        match self.0.char_indices().nth(SHOWN) {
            None => f.write_str(&crate::model::json::quoted(self.0)),
            Some((cut, _)) => write!(
                f,
                "{}... ({} characters)",
                crate::model::json::quoted(&self.0[..cut]),
                self.0.chars().count()
            ),
        }
    }
}

/// The outcome of reading a request: the typed value when no error was found, and every
/// diagnostic either way. Reading never fails outright; problems are diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Parsed<T> {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The first error, which is what the service would answer with.
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().find(|d| d.is_error())
    }
}
