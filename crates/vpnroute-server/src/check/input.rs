//! Plans and snapshots from files; the engine's `plan_file` reads the plan's text.

use std::path::Path;
use vpnroute_rules::intents::parse_intents;
use vpnroute_rules::model::intent::Intent;
use vpnroute_rules::plan_file::parse_plan;
pub use vpnroute_rules::plan_file::PlanRow;
use vpnroute_rules::TableSnapshot;

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

pub fn read_plan(path: &Path) -> Result<Vec<PlanRow>, String> {
    parse_plan(&path.display().to_string(), &read(path)?)
}

pub fn read_snapshot(path: &Path) -> Result<TableSnapshot, String> {
    let text = read(path)?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}: not a table snapshot: {e}", path.display(), e.line()))
}

/// An intent file (TOML, `[[intent]]` tables).
pub fn read_intents(path: &Path) -> Result<Vec<Intent>, String> {
    parse_intents(&path.display().to_string(), &read(path)?)
}
