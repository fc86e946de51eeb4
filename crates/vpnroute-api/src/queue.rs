//! The write queue as `GET /api/queue` shows it.

use serde::{Deserialize, Serialize};

/// What one queued write is doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum JobState {
    Waiting,
    Sending {
        attempt: u32,
    },
    /// The last attempt was refused with `code`; the next one follows after a pause.
    Retrying {
        attempt: u32,
        code: String,
    },
    /// Sent; waiting until the target is active again.
    Settling,
}

impl JobState {
    /// The state's name, as the JSON tags it.
    pub fn name(&self) -> &'static str {
        match self {
            JobState::Waiting => "waiting",
            JobState::Sending { .. } => "sending",
            JobState::Retrying { .. } => "retrying",
            JobState::Settling => "settling",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// Numbers the writes of this server, in the order they were queued.
    pub id: u64,
    /// The action's wire name.
    pub action: String,
    pub client_token: String,
    /// The route or connection it adds or removes, for people to read.
    pub summary: String,
    #[serde(flatten)]
    pub state: JobState,
}

/// The writes of one gateway or connection, in the order they will go.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetQueue {
    pub target: String,
    pub jobs: Vec<Job>,
}

/// Every target with writes queued or under way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueSnapshot {
    pub targets: Vec<TargetQueue>,
}
