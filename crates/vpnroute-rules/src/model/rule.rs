//! What a rule is: its id, severity, fields, API error code and documentation, declared with
//! `declare_rule!` beside the code that decides it.

use crate::messages::{self, Lang, Message};
use crate::model::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::borrow::Cow;

/// The error code a rule's diagnostics carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "code", rename_all = "camelCase")]
pub enum ErrorCode {
    /// A code the service documents, e.g. `VpnRouteEntry.InvalidWeight`.
    Api(&'static str),
    /// A documented code family that names the field, e.g. `IllegalParam.LocalSubnet`.
    ApiForField(&'static str),
    /// Our own choice where the documents name none: `MissingParameter.<Field>`.
    GenericMissing,
    /// Our own choice where the documents name none: `InvalidParameter.<Field>`.
    GenericInvalid,
    /// Warnings that the service does not answer at all.
    None,
}

impl ErrorCode {
    /// The code for a diagnostic on `field` (a wire path such as `Tags.2.Key`).
    pub fn for_field(self, field: &str) -> Option<Cow<'static, str>> {
        let family = match self {
            ErrorCode::Api(code) => return Some(Cow::Borrowed(code)),
            ErrorCode::None => return None,
            ErrorCode::ApiForField(family) => family,
            ErrorCode::GenericMissing => "MissingParameter",
            ErrorCode::GenericInvalid => "InvalidParameter",
        };
        // The last part of the path that is not a list index.
        let leaf = field
            .rsplit('.')
            .find(|part| part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(field);
        let mut code = String::with_capacity(family.len() + 1 + leaf.len());
        code.push_str(family);
        code.push('.');
        code.push_str(leaf);
        Some(Cow::Owned(code))
    }

    /// How the registry table shows the code.
    pub fn display(self) -> String {
        match self {
            ErrorCode::Api(code) => code.to_owned(),
            ErrorCode::ApiForField(family) => format!("{family}.<Field>"),
            ErrorCode::GenericMissing => "MissingParameter.<Field> (project's choice)".to_owned(),
            ErrorCode::GenericInvalid => "InvalidParameter.<Field> (project's choice)".to_owned(),
            ErrorCode::None => "-".to_owned(),
        }
    }
}

/// Everything known about a rule except its decision, which is written beside it in `rules/`.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    pub id: &'static str,
    pub severity: Severity,
    /// The wire fields the rule looks at (`*` for any field).
    pub fields: &'static [&'static str],
    pub code: ErrorCode,
    /// The rule's doc comment (empty when built without the `docs` feature).
    pub docs: &'static str,
}

impl RuleMeta {
    /// A diagnostic of this rule on `field`, with the rule's own severity and code; its
    /// message is written in English, and kept as data for other languages.
    pub fn on(&'static self, field: &str, message: Message) -> Diagnostic {
        debug_assert!(
            message.key == self.id
                || message
                    .key
                    .strip_prefix(self.id)
                    .is_some_and(|v| v.starts_with('.')),
            "{} is not a message of {}",
            message.key,
            self.id
        );
        Diagnostic {
            rule: Cow::Borrowed(self.id),
            severity: self.severity,
            field: field.to_owned(),
            code: self.code.for_field(field),
            message: messages::render(Lang::En, &message.key, &message.args),
            key: message.key,
            args: message.args,
            suggestion: None,
        }
    }

    /// The first paragraph of the docs: what the rule checks.
    pub fn summary(&self) -> String {
        let mut lines = self
            .docs
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty());
        let first: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        first.join(" ")
    }
}

/// Declares a rule's metadata; its doc comment becomes its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $name:ident {
            id: $id:literal,
            severity: $severity:ident,
            fields: [$($field:literal),* $(,)?],
            code: $code:expr $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::model::rule::RuleMeta = $crate::model::rule::RuleMeta {
            id: $id,
            severity: $crate::model::diagnostic::Severity::$severity,
            fields: &[$($field),*],
            code: $code,
            docs: if cfg!(feature = "docs") { concat!($($doc, "\n"),*) } else { "" },
        };
    };
}
pub(crate) use declare_rule;
