//! The state of one operation form, changed only through [`FormAction`]: every change in one
//! pure function, testable without a browser.

use std::collections::BTreeMap;
use std::rc::Rc;
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
    pub values: BTreeMap<&'static str, String>,
    pub diagnostics: Vec<Diagnostic>,
    pub sending: bool,
    pub outcome: Option<Outcome>,
}

pub enum FormAction {
    SetField { name: &'static str, value: String },
    Sending,
    Answered(Outcome),
}

impl FormState {
    /// A form with each required field set to its example value, checked.
    pub fn new(operation: Operation) -> Self {
        let values = operation
            .fields()
            .iter()
            .filter(|f| f.required)
            .map(|f| (f.name, f.example.to_owned()))
            .collect();
        let mut state = FormState {
            operation,
            values,
            diagnostics: Vec::new(),
            sending: false,
            outcome: None,
        };
        state.recheck();
        state
    }

    /// The wire parameters the form would send: every non-empty value.
    pub fn params(&self) -> WireParams {
        self.values
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (*k, v.clone()))
            .collect()
    }

    /// How many errors stand between the form and a request the service accepts.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    fn recheck(&mut self) {
        self.diagnostics = check(self.operation, &self.params(), &GatewayFacts::default());
    }
}

impl Reducible for FormState {
    type Action = FormAction;

    fn reduce(self: Rc<Self>, action: FormAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            FormAction::SetField { name, value } => {
                next.values.insert(name, value);
                next.recheck();
            }
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
