//! What a change does to traffic: the plan's impact, failover and intents. The engine answers
//! them in the npm package's analysis module, which is loaded when a page first asks, so that
//! the console's own `.wasm` leaves that code out (ARCHITECTURE.md has the sizes). Questions
//! and answers cross as JSON text; answers are read into the engine's types, or into records
//! of the parts a view shows where the engine's type costs the budget more.

use crate::i18n::Lang;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use vpnroute_rules::impact::TrafficBlock;
use vpnroute_rules::model::intent::Intent;
use vpnroute_rules::plan_file;
use vpnroute_rules::{PlanRequest, Severity, TableSnapshot};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/services/analysis.js")]
extern "C" {
    /// The analysis module's function `name` called with the JSON array `args`; its result
    /// as JSON text.
    #[wasm_bindgen(catch)]
    async fn ask(name: &str, args: &str) -> Result<JsValue, JsValue>;
}

/// One question to the analysis module: a function and its arguments, as JSON text.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    function: &'static str,
    args: String,
}

impl Question {
    /// The traffic `requests` move on each gateway and connection of `snapshot`.
    pub fn plan_impact(requests: &[PlanRequest], snapshot: &TableSnapshot) -> Question {
        Question::new(
            "planImpact",
            &[plan_file::to_json(requests), pretty(snapshot)],
        )
    }

    /// What moves while each connection of gateway `id` is down.
    pub fn failover(snapshot: &TableSnapshot, id: &str) -> Question {
        Question::new("failover", &[pretty(snapshot), pretty(id)])
    }

    /// The broken `intents` of `snapshot`'s tables, their messages in `lang`.
    pub fn check_intents(intents: &[Intent], snapshot: &TableSnapshot, lang: Lang) -> Question {
        let options = format!("{{\"lang\": {}}}", pretty(lang.tag()));
        Question::new(
            "checkIntents",
            &[
                pretty(intents),
                pretty(snapshot),
                "null".to_owned(),
                options,
            ],
        )
    }

    /// `args`, each a JSON text, as one JSON array.
    fn new(function: &'static str, args: &[String]) -> Question {
        Question {
            function,
            args: format!("[{}]", args.join(",")),
        }
    }
}

/// `value` as JSON text. Pretty, as the console writes its other JSON, so that the writer's
/// code is shared with theirs.
fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The analysis module's answer to `question`, as JSON text.
pub async fn answer(question: &Question) -> Result<String, String> {
    match ask(question.function, &question.args).await {
        Ok(text) => Ok(text.as_string().unwrap_or_default()),
        Err(error) => Err(String::from(js_sys::Error::from(error).message())),
    }
}

/// An answer read into the engine's types, through a `Value` as the console reads the
/// server's answers, so that the JSON reader's code is shared with theirs.
pub fn read<T: DeserializeOwned>(answer: &str) -> Result<T, String> {
    serde_json::from_str(answer)
        .and_then(serde_json::from_value)
        .map_err(|e| e.to_string())
}

/// The traffic a plan moves on one gateway or connection, as `planImpact` reports it: the
/// parts the plan page shows. (The engine's `TargetImpact` names its target as a tagged enum,
/// whose reader would take the console over its size budget; see ARCHITECTURE.md.)
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ImpactOnTarget {
    pub target: TargetId,
    /// Largest first.
    pub blocks: Vec<TrafficBlock>,
}

/// The gateway or connection's id.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TargetId {
    pub id: String,
}

/// A broken intent as `checkIntents` reports it, its message already in the page's language:
/// the parts the intents panel shows. (Read whole, the engine's `IntentFinding` carries the
/// diagnostic's message key and arguments too, whose reader would take the console over its
/// size budget; see ARCHITECTURE.md.)
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BrokenIntent {
    /// The intent's position, from 0.
    pub intent: usize,
    /// The connection that was down, if one was.
    pub down: Option<String>,
    pub diagnostic: IntentMessage,
}

/// What a broken intent's diagnostic says.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct IntentMessage {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
}
