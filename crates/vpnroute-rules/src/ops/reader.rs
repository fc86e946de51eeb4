//! Reading wire parameters into typed values, turning every problem into a diagnostic.
//!
//! A reader covers one scope: the top-level parameters, one list item (`Tags.2.`), a nested
//! object (`TunnelOptionsSpecification.1.TunnelIkeConfig.`) or the keys of a JSON config.
//! Diagnostics carry the full wire path of their field.

use crate::model::diagnostic::{Diagnostic, Parsed};
use crate::model::field::{FieldKind, FieldSpec};
use crate::model::rule::RuleMeta;
use crate::model::wire::{first_value, WirePairs, WireParams};
use crate::rules::{cidr, connection, ids, request, text};
use ipnet::Ipv4Net;
use std::borrow::Cow;
use std::net::Ipv4Addr;

pub(crate) struct Reader<'a> {
    params: &'a WirePairs<'a>,
    /// What this scope's keys start with in `params`.
    key_prefix: String,
    /// What this scope's fields are called in diagnostics.
    path_prefix: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(params: &'a WirePairs<'a>) -> Self {
        Reader {
            params,
            key_prefix: String::new(),
            path_prefix: String::new(),
            diagnostics: Vec::new(),
        }
    }

    /// A reader of the fields under `self`'s prefix plus `prefix` (which ends in `.`).
    pub fn scope(&self, prefix: &str) -> Reader<'a> {
        Reader {
            params: self.params,
            key_prefix: format!("{}{prefix}", self.key_prefix),
            path_prefix: format!("{}{prefix}", self.path_prefix),
            diagnostics: Vec::new(),
        }
    }

    /// A reader of another set of parameters (a JSON config's keys), reported as `path.Key`.
    pub fn over<'b>(&self, params: &'b WirePairs<'b>, path: &str) -> Reader<'b> {
        Reader {
            params,
            key_prefix: String::new(),
            path_prefix: format!("{}{path}.", self.path_prefix),
            diagnostics: Vec::new(),
        }
    }

    /// The wire path of `name` in this scope (borrowed at the top level, where it is the name).
    pub fn path<'n>(&self, name: &'n str) -> Cow<'n, str> {
        if self.path_prefix.is_empty() {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(format!("{}{name}", self.path_prefix))
        }
    }

    fn lookup(&self, name: &str) -> Option<&'a str> {
        if self.key_prefix.is_empty() {
            first_value(self.params, name)
        } else {
            first_value(self.params, &format!("{}{name}", self.key_prefix))
        }
    }

    fn keys(&self) -> impl Iterator<Item = &'a str> {
        self.params.iter().map(|&(k, _)| k)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Takes in a finished child scope's diagnostics.
    pub fn absorb(&mut self, found: Vec<Diagnostic>) {
        self.diagnostics.extend(found);
    }

    /// The value of `spec`, treating an empty value as absent; reports a missing required field.
    pub fn raw(&mut self, spec: &FieldSpec) -> Option<&'a str> {
        match self.lookup(spec.name).filter(|v| !v.is_empty()) {
            Some(value) => Some(value),
            None => {
                if spec.required {
                    self.require(spec.name);
                }
                None
            }
        }
    }

    /// Reports `name` as missing.
    pub fn require(&mut self, name: &str) {
        let path = self.path(name);
        self.diagnostics.push(request::missing(&path));
    }

    /// Whether any parameter of this scope starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let full = format!("{}{prefix}", self.key_prefix);
        self.keys().any(|k| k.starts_with(&full))
    }

    pub fn has(&self, name: &str) -> bool {
        self.lookup(name).is_some_and(|v| !v.is_empty())
    }

    fn keep<T>(&mut self, checked: Result<T, Diagnostic>) -> Option<T> {
        checked.map_err(|d| self.diagnostics.push(d)).ok()
    }

    /// A field read into a typed value by `parse`.
    pub fn parsed<T>(
        &mut self,
        spec: &FieldSpec,
        parse: impl FnOnce(&str, &str) -> Result<T, Diagnostic>,
    ) -> Option<T> {
        let value = self.raw(spec)?;
        let path = self.path(spec.name);
        self.keep(parse(&path, value))
    }

    /// A field checked by `check`, kept as text when it passes. Values are borrowed: most
    /// checks only want the diagnostics, and need no copy of a valid value.
    pub fn checked(
        &mut self,
        spec: &FieldSpec,
        check: impl FnOnce(&str, &str) -> Option<Diagnostic>,
    ) -> Option<&'a str> {
        let value = self.raw(spec)?;
        let path = self.path(spec.name);
        match check(&path, value) {
            Some(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
            None => Some(value),
        }
    }

    /// A free-text field, checked for length and a URL prefix.
    pub fn text(&mut self, spec: &FieldSpec) -> Option<&'a str> {
        let value = self.raw(spec)?;
        let FieldKind::Text {
            min_chars,
            max_chars,
        } = spec.kind
        else {
            return Some(value);
        };
        let found = text::check_text(&self.path(spec.name), value, min_chars, max_chars);
        self.also(Some(value), found)
    }

    pub fn id(&mut self, spec: &FieldSpec, rule: &'static RuleMeta) -> Option<&'a str> {
        let FieldKind::Id { prefix } = spec.kind else {
            return self.raw(spec);
        };
        self.checked(spec, |path, value| ids::check_id(rule, path, prefix, value))
    }

    pub fn boolean(&mut self, spec: &FieldSpec) -> Option<bool> {
        self.parsed(spec, request::check_bool)
    }

    pub fn integer(&mut self, spec: &FieldSpec) -> Option<i64> {
        let FieldKind::Integer { min, max } = spec.kind else {
            return None;
        };
        self.parsed(spec, |path, value| {
            request::check_integer(path, value, min, max)
        })
    }

    pub fn one_of(&mut self, spec: &FieldSpec) -> Option<&'a str> {
        let FieldKind::OneOf { values } = spec.kind else {
            return None;
        };
        self.checked(spec, |path, value| {
            request::check_one_of(path, value, values)
        })
    }

    pub fn cidr(&mut self, spec: &FieldSpec) -> Option<Ipv4Net> {
        self.parsed(spec, cidr::check_cidr)
    }

    pub fn ipv4(&mut self, spec: &FieldSpec) -> Option<Ipv4Addr> {
        self.parsed(spec, cidr::check_ipv4)
    }

    /// The keys of a JSON config as parameters; `None` when absent or malformed.
    pub fn json(&mut self, spec: &FieldSpec) -> Option<WireParams> {
        let entries = self.parsed(spec, connection::check_json)?;
        Some(
            entries
                .into_iter()
                .filter(|(_, v)| *v != crate::model::json::JsonScalar::Null)
                .map(|(k, v)| (k, v.as_text()))
                .collect(),
        )
    }

    /// The 1-based item numbers of list `name` (`Tags.1.Key`, `Tags.3.Value` give 1 and 3), sorted.
    /// Keys with an index that is not a positive number are reported.
    pub fn list_indexes(&mut self, name: &str) -> Vec<u32> {
        let list_prefix = format!("{}{name}.", self.key_prefix);
        let mut indexes: Vec<u32> = Vec::new();
        for key in self.keys() {
            let Some(rest) = key.strip_prefix(&list_prefix) else {
                continue;
            };
            let index = rest.split('.').next().unwrap_or_default();
            match index.parse::<u32>() {
                Ok(n) if n >= 1 && !index.starts_with('0') => {
                    if let Err(at) = indexes.binary_search(&n) {
                        indexes.insert(at, n);
                    }
                }
                _ => {
                    let path = format!("{}{}", self.path_prefix, &key[self.key_prefix.len()..]);
                    self.diagnostics.push(request::unknown(&path));
                }
            }
        }
        indexes
    }

    /// Adds `found` and passes `value` on only when none of it is an error.
    pub fn also<T>(&mut self, value: Option<T>, found: Vec<Diagnostic>) -> Option<T> {
        let ok = !found.iter().any(Diagnostic::is_error);
        self.diagnostics.extend(found);
        value.filter(|_| ok)
    }

    /// Warns about every parameter of this scope that `fields` does not list; lists and
    /// nested objects are left to their own scopes.
    pub fn finish(mut self, fields: &[&FieldSpec]) -> Vec<Diagnostic> {
        for (index, key) in self.keys().enumerate() {
            // At the top level there is no prefix: each key is taken as it is, rather than
            // through a `strip_prefix` of the empty string for every key of every request.
            let rest = if self.key_prefix.is_empty() {
                key
            } else {
                let Some(rest) = key.strip_prefix(self.key_prefix.as_str()) else {
                    continue;
                };
                rest
            };
            let known = fields.iter().any(|f| match f.kind {
                FieldKind::List { .. } | FieldKind::Object { .. } => {
                    rest.split_once('.').is_some_and(|(head, _)| head == f.name)
                }
                _ => f.name == rest,
            });
            // Known keys are the usual case, so only unknown ones are checked for an earlier
            // copy (reported once).
            if known || self.keys().take(index).any(|earlier| earlier == key) {
                continue;
            }
            let path = format!("{}{rest}", self.path_prefix);
            self.diagnostics.push(request::unknown(&path));
        }
        self.diagnostics
    }

    /// Ends reading a request: finishes this scope with `fields` and builds the typed value
    /// with `build` only when no error was found.
    pub fn conclude<T>(
        self,
        fields: &[&FieldSpec],
        build: impl FnOnce() -> Option<T>,
    ) -> Parsed<T> {
        let complete = !self.has_errors();
        let diagnostics = self.finish(fields);
        Parsed {
            value: if complete { build() } else { None },
            diagnostics,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
