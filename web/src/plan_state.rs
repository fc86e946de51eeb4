//! The state of a plan being checked and applied, changed only through [`PlanAction`]. Every
//! change of a request re-runs the engine's `check_plan` against the tables read when the plan
//! was loaded.

use crate::state::Outcome;
use std::rc::Rc;
use vpnroute_rules::plan_file::PlanRow;
use vpnroute_rules::{check_plan, PlanFinding, PlanRequest, TableSnapshot};
use yew::Reducible;

/// Where one request of the plan stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RowStatus {
    NotSent,
    /// Sent and in the server's queue; the queue's word for what it is doing.
    Queued(String),
    Done,
    Failed {
        code: String,
        message: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanRowState {
    pub request: PlanRequest,
    /// The CSV line it came from.
    pub line: Option<u64>,
    pub findings: Vec<PlanFinding>,
    /// Whether Apply sends it.
    pub include: bool,
    pub status: RowStatus,
}

impl PlanRowState {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.diagnostic.is_error())
    }

    pub fn client_token(&self) -> &str {
        self.request.params.get("ClientToken").unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanState {
    pub rows: Vec<PlanRowState>,
    pub snapshot: TableSnapshot,
    /// Why the plan could not be read or checked.
    pub problem: Option<String>,
    pub applying: bool,
}

pub enum PlanAction {
    /// A plan read and the tables it touches; the rows without errors are included.
    Loaded {
        rows: Vec<PlanRow>,
        snapshot: TableSnapshot,
    },
    Problem(String),
    /// One-click fix: sets `field` of row `row`.
    Fix {
        row: usize,
        field: String,
        value: String,
    },
    Toggle(usize),
    /// These rows were sent.
    Applying(Vec<usize>),
    /// What the server's queue says, by ClientToken.
    QueueStates(Vec<(String, String)>),
    Finished {
        row: usize,
        outcome: Outcome,
    },
}

impl PlanState {
    /// Requests sent by the last Apply, and how many of them have an answer.
    pub fn progress(&self) -> (usize, usize) {
        let sent: Vec<&PlanRowState> = self
            .rows
            .iter()
            .filter(|r| r.status != RowStatus::NotSent)
            .collect();
        let answered = sent
            .iter()
            .filter(|r| matches!(r.status, RowStatus::Done | RowStatus::Failed { .. }))
            .count();
        (answered, sent.len())
    }

    fn recheck(&mut self) {
        let requests: Vec<PlanRequest> = self.rows.iter().map(|r| r.request.clone()).collect();
        let mut findings = check_plan(&requests, &self.snapshot);
        for (index, row) in self.rows.iter_mut().enumerate() {
            let (mine, rest): (Vec<PlanFinding>, Vec<PlanFinding>) =
                findings.into_iter().partition(|f| f.request == index);
            row.findings = mine;
            findings = rest;
        }
    }
}

impl Reducible for PlanState {
    type Action = PlanAction;

    fn reduce(self: Rc<Self>, action: PlanAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PlanAction::Loaded { rows, snapshot } => {
                next.rows = rows
                    .into_iter()
                    .map(|row| PlanRowState {
                        request: row.request,
                        line: row.line,
                        findings: Vec::new(),
                        include: true,
                        status: RowStatus::NotSent,
                    })
                    .collect();
                next.snapshot = snapshot;
                next.problem = None;
                next.applying = false;
                next.recheck();
                for row in &mut next.rows {
                    row.include = !row.has_errors();
                }
            }
            PlanAction::Problem(problem) => next.problem = Some(problem),
            PlanAction::Fix { row, field, value } => {
                if let Some(state) = next.rows.get_mut(row) {
                    state.request.params.set(&field, value);
                    next.recheck();
                    if let Some(state) = next.rows.get_mut(row) {
                        state.include = !state.has_errors();
                    }
                }
            }
            PlanAction::Toggle(row) => {
                if let Some(state) = next.rows.get_mut(row) {
                    state.include = !state.include;
                }
            }
            PlanAction::Applying(rows) => {
                next.applying = !rows.is_empty();
                for row in rows {
                    if let Some(state) = next.rows.get_mut(row) {
                        state.status = RowStatus::Queued("sent".to_owned());
                    }
                }
            }
            PlanAction::QueueStates(states) => {
                for row in &mut next.rows {
                    let token = row.client_token().to_owned();
                    if let RowStatus::Queued(current) = &mut row.status {
                        if let Some((_, state)) = states.iter().find(|(t, _)| *t == token) {
                            *current = state.clone();
                        }
                    }
                }
            }
            PlanAction::Finished { row, outcome } => {
                if let Some(state) = next.rows.get_mut(row) {
                    state.status = match outcome {
                        Outcome::Success(_) => RowStatus::Done,
                        Outcome::Refused { code, message, .. } => {
                            RowStatus::Failed { code, message }
                        }
                        Outcome::Failed(message) => RowStatus::Failed {
                            code: "NoAnswer".to_owned(),
                            message,
                        },
                    };
                }
                let (answered, sent) = next.progress();
                next.applying = answered < sent;
            }
        }
        Rc::new(next)
    }
}
