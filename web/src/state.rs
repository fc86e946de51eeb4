//! The state of one operation form, changed only through [`FormAction`]: every change in one
//! pure function. Values are kept by wire path (`RouteDest`, `Tags.1.Key`,
//! `TunnelOptionsSpecification.2.TunnelIkeConfig.Psk`), exactly as they will be sent.

use crate::timing::now_ms;
use std::collections::BTreeMap;
use std::rc::Rc;
use vpnroute_rules::FieldKind;
use vpnroute_rules::{check, Diagnostic, GatewayFacts, Operation, WireParams};
use yew::Reducible;

/// What the server answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A 2xx answer: the response fields as text, in the order the server sent them.
    Success(Vec<(String, String)>),
    /// An error answer in the Alibaba Cloud shape.
    Refused {
        status: u16,
        code: String,
        message: String,
        request_id: String,
        recommend: String,
    },
    /// No answer could be read (network down, not JSON).
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FormState {
    pub operation: Operation,
    pub values: BTreeMap<String, String>,
    /// How many items each list field shows (`Tags`, `TunnelOptionsSpecification`).
    pub list_lengths: BTreeMap<&'static str, u32>,
    /// What the rules know of the target gateway.
    pub facts: GatewayFacts,
    pub diagnostics: Vec<Diagnostic>,
    /// How long the last check took, in milliseconds (shown, so it can be watched).
    pub check_ms: f64,
    pub sending: bool,
    pub outcome: Option<Outcome>,
}

pub enum FormAction {
    SetField {
        path: String,
        value: String,
    },
    SetFacts(GatewayFacts),
    AddItem(&'static str),
    /// Removes the last item of a list, with every value under it.
    RemoveItem(&'static str),
    /// Back to the example values, as on a first visit.
    Reset,
    Sending,
    Answered(Outcome),
}

impl FormState {
    /// A form with each required top-level field set to its example value, checked.
    pub fn new(operation: Operation) -> Self {
        let values = operation
            .fields()
            .iter()
            .filter(|f| f.required && f.children().is_empty())
            .map(|f| (f.name.to_owned(), f.example.to_owned()))
            .collect();
        let mut state = FormState {
            operation,
            values,
            list_lengths: BTreeMap::new(),
            facts: GatewayFacts::default(),
            diagnostics: Vec::new(),
            check_ms: 0.0,
            sending: false,
            outcome: None,
        };
        state.recheck();
        state
    }

    /// A form with `values` (kept from an earlier visit), checked; an empty map gives [`FormState::new`].
    pub fn with_values(operation: Operation, values: BTreeMap<String, String>) -> Self {
        let mut state = Self::new(operation);
        if !values.is_empty() {
            state.values = values;
            state.recheck();
        }
        state
    }

    /// The wire parameters the form would send: every non-empty value.
    pub fn params(&self) -> WireParams {
        self.values
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect()
    }

    pub fn value(&self, path: &str) -> String {
        self.values.get(path).cloned().unwrap_or_default()
    }

    /// The diagnostics of the field at `path` (a JSON config's keys report as `IkeConfig.Psk`).
    pub fn diagnostics_at(&self, path: &str) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.field == path)
            .cloned()
            .collect()
    }

    /// How many items the list `name` shows: at least as many as have values.
    pub fn list_length(&self, name: &'static str) -> u32 {
        let prefix = format!("{name}.");
        let with_values = self
            .values
            .keys()
            .filter_map(|k| {
                k.strip_prefix(&prefix)?
                    .split('.')
                    .next()?
                    .parse::<u32>()
                    .ok()
            })
            .max()
            .unwrap_or(0);
        self.list_lengths
            .get(name)
            .copied()
            .unwrap_or(0)
            .max(with_values)
    }

    /// How many errors stand between the form and a request the service accepts.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn recheck(&mut self) {
        let started = now_ms();
        self.diagnostics = check(self.operation, &self.params(), &self.facts);
        self.check_ms = now_ms() - started;
    }

    fn list_max_items(&self, name: &str) -> Option<u32> {
        self.operation
            .fields()
            .iter()
            .find(|f| f.name == name)
            .and_then(|f| match f.kind {
                FieldKind::List { max_items, .. } => Some(max_items),
                _ => None,
            })
    }
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FormAction::SetField { path, value } => {
                next.values.insert(path, value);
                next.recheck();
            }
            FormAction::SetFacts(facts) => {
                next.facts = facts;
                next.recheck();
            }
            FormAction::AddItem(name) => {
                if let Some(max_items) = next.list_max_items(name) {
                    let length = (next.list_length(name) + 1).min(max_items);
                    next.list_lengths.insert(name, length);
                }
            }
            FormAction::RemoveItem(name) => {
                let length = next.list_length(name);
                if length > 0 {
                    let prefix = format!("{name}.{length}.");
                    next.values.retain(|k, _| !k.starts_with(&prefix));
                    next.list_lengths.insert(name, length - 1);
                    next.recheck();
                }
            }
            FormAction::Reset => next = FormState::new(next.operation),
            FormAction::Sending => {
                next.sending = true;
                next.outcome = None;
            }
            FormAction::Answered(outcome) => {
                next.sending = false;
                next.outcome = Some(outcome);
            }
        }
        Rc::new(next)
    }
}
