//! What every check returns: plain data, no wasm or HTTP types.

use crate::messages::{self, Args, Lang};
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
    /// The message: English where the engine writes it; `message_in` (and the npm
    /// package's `lang` option) writes it in another language.
    pub message: String,
    /// The message's key in the catalogs (see `messages`): the rule id, or the rule id and
    /// a variant such as `weight-not-0-or-100.not-a-number`.
    pub key: Cow<'static, str>,
    /// The values the message's template is filled with, by placeholder name. A value whose
    /// placeholder is written `{@name}` is itself a key, whose template is taken in.
    #[serde(with = "args_object")]
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string>"))]
    pub args: Args,
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

    /// The message in `lang`; the English message when the catalogs do not know its key.
    /// Borrowed where that is the message as held, so English costs no copy.
    pub fn message_in(&self, lang: Lang) -> Cow<'_, str> {
        match (lang, messages::template(lang, &self.key)) {
            (_, None) | (Lang::En, _) => Cow::Borrowed(&self.message),
            (_, Some(_)) => Cow::Owned(messages::render(lang, &self.key, &self.args)),
        }
    }

    /// The diagnostic with its message in `lang`; the suggestion is a value, and stays.
    pub fn in_lang(mut self, lang: Lang) -> Diagnostic {
        if let Cow::Owned(message) = self.message_in(lang) {
            self.message = message;
        }
        self
    }
}

/// Arguments as a JSON object (`{"value": "50"}`), the shape a JS caller fills a template
/// from, kept in the order they were given.
mod args_object {
    use crate::messages::Args;
    use serde::de::{MapAccess, Visitor};
    use serde::{Deserializer, Serializer};
    use std::borrow::Cow;
    use std::fmt;

    pub fn serialize<S: Serializer>(args: &Args, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(args.iter().map(|(name, value)| (name, value)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Args, D::Error> {
        struct ArgsVisitor;
        impl<'de> Visitor<'de> for ArgsVisitor {
            type Value = Args;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Args, M::Error> {
                let mut args = Args::new();
                while let Some((name, value)) = map.next_entry::<String, String>()? {
                    args.push((Cow::Owned(name), value));
                }
                Ok(args)
            }
        }
        deserializer.deserialize_map(ArgsVisitor)
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
