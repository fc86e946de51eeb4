//! The state of a plan being checked and applied, changed only through [`PlanAction`]. Every
//! change of a request re-runs the engine's `check_plan` against the tables read when the plan
//! was loaded.

use std::rc::Rc;
use vpnroute_api::applies::{Apply, RowState};
use vpnroute_rules::plan_file::PlanRow;
use vpnroute_rules::{check_plan, PlanFinding, PlanRequest, TableSnapshot};
use yew::Reducible;

/// Where one request of the plan stands.
#[derive(Clone, Debug, PartialEq)]
pub enum RowStatus {
    NotSent,
    /// Handed to the server and not answered yet; the queue's word for what it is doing.
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
    /// Rows are on their way to the server, or an apply is being followed.
    pub applying: bool,
    /// The apply this page follows: its own, or one it found under way when it opened.
    pub apply: Option<Apply>,
    /// Why the apply could not be read just now (the server restarting); following goes on.
    pub apply_problem: Option<String>,
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
    /// These rows are being handed to the server.
    Applying(Vec<usize>),
    /// The server refused to take these rows: none of them was sent, and `problem` says so.
    ApplyRefused {
        rows: Vec<usize>,
        problem: String,
    },
    /// The apply as the server has it now.
    Following(Apply),
    /// The apply could not be read just now.
    FollowProblem(String),
}

impl PlanState {
    /// How many writes of the followed apply have their answer, of how many, and how many
    /// of those failed.
    pub fn progress(&self) -> (usize, usize, usize) {
        let Some(apply) = &self.apply else {
            return (0, 0, 0);
        };
        let (answered, total) = apply.progress();
        let failed = apply
            .rows
            .iter()
            .filter(|r| r.state == RowState::Failed)
            .count();
        (answered, total, failed)
    }

    /// Whether the followed apply holds rows this page's plan does not (it was found under
    /// way when the page opened), so the page lists them itself.
    pub fn apply_is_foreign(&self) -> bool {
        self.apply.as_ref().is_some_and(|apply| {
            apply
                .rows
                .iter()
                .any(|a| !self.rows.iter().any(|r| r.client_token() == a.client_token))
        })
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
                next.applying = next.apply.as_ref().is_some_and(|a| !a.is_finished());
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
                next.apply = None;
                for row in rows {
                    if let Some(state) = next.rows.get_mut(row) {
                        state.status = RowStatus::Queued("sent".to_owned());
                    }
                }
            }
            PlanAction::ApplyRefused { rows, problem } => {
                next.applying = false;
                for row in rows {
                    if let Some(state) = next.rows.get_mut(row) {
                        state.status = RowStatus::NotSent;
                    }
                }
                next.problem = Some(problem);
            }
            PlanAction::Following(apply) => {
                for row in &mut next.rows {
                    let token = row.client_token().to_owned();
                    if let Some(applied) = apply.rows.iter().find(|a| a.client_token == token) {
                        row.status = match applied.state {
                            RowState::Pending => RowStatus::Queued(applied.state_name().to_owned()),
                            RowState::Done => RowStatus::Done,
                            RowState::Failed => RowStatus::Failed {
                                code: applied.code.clone(),
                                message: applied.message.clone(),
                            },
                        };
                    }
                }
                next.applying = !apply.is_finished();
                next.apply = Some(apply);
                next.apply_problem = None;
            }
            PlanAction::FollowProblem(problem) => next.apply_problem = Some(problem),
        }
        Rc::new(next)
    }
}
