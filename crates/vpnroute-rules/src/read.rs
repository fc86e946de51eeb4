//! Reading wire parameters into typed values, turning every problem into a diagnostic.

use crate::diagnostic::Diagnostic;
use crate::field::{FieldKind, FieldSpec};
use crate::rules::{cidr, ids, request, text};
use crate::registry::RuleMeta;
use crate::wire::WireParams;
use ipnet::Ipv4Net;

/// Reads the fields of one operation from its parameters, collecting diagnostics.
pub(crate) struct Reader<'a> {
    params: &'a WireParams,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(params: &'a WireParams) -> Self {
        Reader { params, diagnostics: Vec::new() }
    }

    /// The value of `spec`, treating an empty value as absent; reports a missing required field.
    pub fn raw(&mut self, spec: &FieldSpec) -> Option<&'a str> {
        match self.params.get(spec.name).filter(|v| !v.is_empty()) {
            Some(value) => Some(value),
            None => {
                if spec.required {
                    self.diagnostics.push(request::missing(spec.name));
                }
                None
            }
        }
    }

    fn keep<T>(&mut self, checked: Result<T, Diagnostic>) -> Option<T> {
        checked.map_err(|d| self.diagnostics.push(d)).ok()
    }

    fn report(&mut self, found: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(found);
    }

    /// A free-text field, checked for length and a URL prefix.
    pub fn text(&mut self, spec: &FieldSpec) -> Option<String> {
        let value = self.raw(spec)?;
        if let FieldKind::Text { min_chars, max_chars } = spec.kind {
            let found = text::check_text(spec.name, value, min_chars, max_chars);
            let ok = found.is_empty();
            self.report(found);
            return ok.then(|| value.to_owned());
        }
        Some(value.to_owned())
    }

    /// A field checked by `check`, kept as text when it passes.
    pub fn checked(&mut self, spec: &FieldSpec, check: fn(&str, &str) -> Option<Diagnostic>) -> Option<String> {
        let value = self.raw(spec)?;
        match check(spec.name, value) {
            Some(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
            None => Some(value.to_owned()),
        }
    }

    /// A field read into a typed value by `parse`.
    pub fn parsed<T>(&mut self, spec: &FieldSpec, parse: fn(&str, &str) -> Result<T, Diagnostic>) -> Option<T> {
        let value = self.raw(spec)?;
        self.keep(parse(spec.name, value))
    }

    pub fn id(&mut self, spec: &FieldSpec, rule: &'static RuleMeta) -> Option<String> {
        let FieldKind::Id { prefix } = spec.kind else { return self.raw(spec).map(str::to_owned) };
        let value = self.raw(spec)?;
        match ids::check_id(rule, spec.name, prefix, value) {
            Some(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
            None => Some(value.to_owned()),
        }
    }

    pub fn boolean(&mut self, spec: &FieldSpec) -> Option<bool> {
        self.parsed(spec, request::check_bool)
    }

    pub fn cidr(&mut self, spec: &FieldSpec) -> Option<Ipv4Net> {
        self.parsed(spec, cidr::check_cidr)
    }

    /// Adds `found` and passes `value` on only when none of it is an error.
    pub fn also<T>(&mut self, value: Option<T>, found: Vec<Diagnostic>) -> Option<T> {
        let ok = !found.iter().any(Diagnostic::is_error);
        self.report(found);
        value.filter(|_| ok)
    }

    /// Warns about every parameter that `fields` does not list, and about repeated keys.
    pub fn finish(mut self, fields: &[FieldSpec]) -> Vec<Diagnostic> {
        for (index, key) in self.params.keys().enumerate() {
            if self.params.keys().take(index).any(|earlier| earlier == key) {
                continue;
            }
            if !fields.iter().any(|f| f.name == key) {
                self.diagnostics.push(request::unknown(key));
            }
        }
        self.diagnostics
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}
