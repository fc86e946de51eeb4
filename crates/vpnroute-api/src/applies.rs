//! Plan applies as the server runs them: the console hands over a plan's writes in one
//! request, the server records them all in its journal before sending the first, and anyone
//! signed in as the person who applied (or an admin) can follow them, also after a restart.

#[cfg(doc)]
use crate::queue::JobState;
use serde::{Deserialize, Serialize};
use vpnroute_rules::WireParams;

/// Where a plan is applied (POST an [`ApplyRequest`], answered with an [`Apply`]) and where
/// the caller's applies are listed (GET: an [`Applies`], newest first).
pub const APPLIES_PATH: &str = "/api/applies";

/// Where one apply is followed: `/api/applies/{id}`, an [`Apply`].
pub fn apply_path(id: u64) -> String {
    format!("{APPLIES_PATH}/{id}")
}

/// A plan's writes, in plan order. The writes of one gateway (or connection) are sent one
/// after another in this order, each when the one before it has settled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyRequest {
    pub rows: Vec<ApplyRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyRow {
    /// The operation's wire name.
    pub action: String,
    pub params: WireParams,
}

/// Where one write of an apply stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RowState {
    /// Recorded, and not answered yet.
    Pending,
    Done,
    Failed,
}

/// One write of an apply. The row is flat, its answer's parts empty until it has one, so
/// that the console reads it without buffering tagged JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedRow {
    pub action: String,
    /// The gateway or connection it changes.
    pub target: String,
    /// What it adds, changes or removes, for people to read.
    pub summary: String,
    pub client_token: String,
    /// Whether the server restarted while it was unanswered, so it is sent (again) with its
    /// ClientToken by the server that resumed.
    pub resumed: bool,
    pub state: RowState,
    /// While pending: the queue's word for what it is doing with it ([`JobState::name`]);
    /// `None` before the queue has it.
    #[serde(default)]
    pub queue: Option<String>,
    /// Once answered: the answer's RequestId.
    #[serde(default)]
    pub request_id: String,
    /// When failed: the error's code and message.
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

impl AppliedRow {
    pub fn is_finished(&self) -> bool {
        self.state != RowState::Pending
    }

    /// One word for where the row stands; while it is pending, the queue's word for what it is
    /// doing, or `recorded` before the queue has it.
    pub fn state_name(&self) -> &str {
        match self.state {
            RowState::Pending => self.queue.as_deref().unwrap_or("recorded"),
            RowState::Done => "done",
            RowState::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Apply {
    pub id: u64,
    pub person: String,
    /// Unix milliseconds when it was recorded.
    pub created_ms: u64,
    pub rows: Vec<AppliedRow>,
}

impl Apply {
    /// How many rows have their answer, of how many.
    pub fn progress(&self) -> (usize, usize) {
        let answered = self.rows.iter().filter(|r| r.is_finished()).count();
        (answered, self.rows.len())
    }

    pub fn is_finished(&self) -> bool {
        self.rows.iter().all(AppliedRow::is_finished)
    }

    pub fn was_resumed(&self) -> bool {
        self.rows.iter().any(|r| r.resumed)
    }
}

/// The answer of a GET of [`APPLIES_PATH`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applies {
    pub applies: Vec<Apply>,
}
