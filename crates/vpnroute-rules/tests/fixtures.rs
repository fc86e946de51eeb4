//! Every rule has fixtures on both sides of its boundary: `fixtures/<rule-id>/fail-*.json`
//! must report the rule, `pass-*.json` must not. Each fixture is a plan (one or more
//! requests, optionally a snapshot of existing tables, optionally intents) and the exact
//! findings it gives, as `"rule"` (on request 1), `"N:rule"` (on request N), `"iN:rule"`
//! (intent N against the snapshot) or `"iN+plan:rule"` (intent N against the tables the plan
//! leaves).
//!
//! `messages/*.json` are fixtures of the same shape that also give each finding's message in
//! every language, in the order found: `"messages": [{"en": "...", "zh-CN": "..."}]`.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vpnroute_rules::intents::{check_intents, TableState};
use vpnroute_rules::messages::missing_args;
use vpnroute_rules::model::intent::Intent;
use vpnroute_rules::{check_plan, Diagnostic, Lang, Operation, PlanRequest, TableSnapshot};
use vpnroute_rules::{WireParams, RULES};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

struct Fixture {
    path: PathBuf,
    plan: Vec<PlanRequest>,
    snapshot: TableSnapshot,
    intents: Vec<Intent>,
    /// Where each finding is (`3`, `i1`, `i1+plan`) and its rule, sorted.
    expect: Vec<(String, String)>,
    /// Each finding's message by language tag, in the order found (`messages/` only).
    messages: Vec<BTreeMap<String, String>>,
}

fn wire_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn load(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).unwrap();
    let json: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let plan = json["plan"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no plan", path.display()))
        .iter()
        .map(|row| {
            let row = row.as_object().unwrap();
            let operation: Operation = row["Action"].as_str().unwrap().parse().unwrap();
            let params: WireParams = row
                .iter()
                .filter(|(k, _)| *k != "Action")
                .map(|(k, v)| (k.clone(), wire_text(v)))
                .collect();
            PlanRequest { operation, params }
        })
        .collect();
    let snapshot = match json.get("snapshot") {
        Some(s) => serde_json::from_value(s.clone())
            .unwrap_or_else(|e| panic!("{}: snapshot: {e}", path.display())),
        None => TableSnapshot::default(),
    };
    let intents: Vec<Intent> = match json.get("intents") {
        Some(i) => serde_json::from_value(i.clone())
            .unwrap_or_else(|e| panic!("{}: intents: {e}", path.display())),
        None => Vec::new(),
    };
    let mut expect: Vec<(String, String)> = json["expect"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: no expect", path.display()))
        .iter()
        .map(|e| {
            let e = e.as_str().unwrap();
            match e.split_once(':') {
                Some((place, rule)) => (place.to_owned(), rule.to_owned()),
                None => ("1".to_owned(), e.to_owned()),
            }
        })
        .collect();
    expect.sort();
    let messages = match json.get("messages") {
        Some(m) => serde_json::from_value(m.clone())
            .unwrap_or_else(|e| panic!("{}: messages: {e}", path.display())),
        None => Vec::new(),
    };
    Fixture {
        path: path.to_owned(),
        plan,
        snapshot,
        intents,
        expect,
        messages,
    }
}

/// Every finding of a fixture, where it is (`3`, `i1`, `i1+plan`) and its diagnostic, in the
/// order found: the plan's, then the intents'.
fn findings(fixture: &Fixture) -> Vec<(String, Diagnostic)> {
    let mut found: Vec<(String, Diagnostic)> = check_plan(&fixture.plan, &fixture.snapshot)
        .into_iter()
        .map(|f| ((f.request + 1).to_string(), f.diagnostic))
        .collect();
    let plan = (!fixture.plan.is_empty()).then_some(fixture.plan.as_slice());
    found.extend(
        check_intents(&fixture.intents, &fixture.snapshot, plan)
            .into_iter()
            .map(|f| {
                let state = match f.state {
                    TableState::Current => "",
                    TableState::AfterPlan => "+plan",
                };
                (format!("i{}{state}", f.intent + 1), f.diagnostic)
            }),
    );
    found
}

fn fixtures_in(dir: &Path) -> Vec<Fixture> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .collect();
    files.sort();
    files.iter().map(|f| load(f)).collect()
}

fn all_fixtures() -> BTreeMap<String, Vec<Fixture>> {
    let mut by_rule = BTreeMap::new();
    for dir in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = dir.unwrap().path();
        let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        by_rule.insert(rule, fixtures_in(&dir));
    }
    by_rule
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    let mut count = 0;
    for fixtures in all_fixtures().values() {
        for fixture in fixtures {
            count += 1;
            let mut found: Vec<(String, String)> = findings(fixture)
                .into_iter()
                .map(|(place, d)| (place, d.rule.into_owned()))
                .collect();
            found.sort();
            if found != fixture.expect {
                failures.push(format!(
                    "{}: expected {:?}, found {:?}",
                    fixture.path.display(),
                    fixture.expect,
                    found
                ));
            }
        }
    }
    assert!(count > 100, "only {count} fixtures");
    assert!(
        failures.is_empty(),
        "{} of {count} fixtures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_fixtures_on_both_sides_of_its_boundary() {
    let fixtures = all_fixtures();
    let mut missing = Vec::new();
    for rule in RULES {
        let Some(files) = fixtures.get(rule.id) else {
            missing.push(format!("{}: no fixtures/{} folder", rule.id, rule.id));
            continue;
        };
        let name = |f: &Fixture| f.path.file_name().unwrap().to_string_lossy().into_owned();
        let reports = |f: &Fixture| f.expect.iter().any(|(_, r)| r == rule.id);
        if !files
            .iter()
            .any(|f| name(f).starts_with("fail-") && reports(f))
        {
            missing.push(format!("{}: no fail-*.json that reports it", rule.id));
        }
        if !files
            .iter()
            .any(|f| name(f).starts_with("pass-") && !reports(f))
        {
            missing.push(format!("{}: no pass-*.json without it", rule.id));
        }
    }
    let unknown: Vec<&String> = fixtures
        .keys()
        .filter(|k| !RULES.iter().any(|r| r.id == k.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "fixture folders for no rule: {unknown:?}"
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_finding_is_written_whole_in_every_language() {
    let mut failures = Vec::new();
    for fixture in all_fixtures().values().flatten() {
        for (place, d) in findings(fixture) {
            assert_eq!(d.message, d.message_in(Lang::En));
            for lang in Lang::ALL {
                let missing = missing_args(lang, &d.key, &d.args);
                if !missing.is_empty() {
                    failures.push(format!(
                        "{} ({place}, {}): {} lacks {missing:?}",
                        fixture.path.display(),
                        d.key,
                        lang.tag()
                    ));
                }
            }
            let chinese = d.message_in(Lang::ZhCn);
            if !chinese
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            {
                failures.push(format!(
                    "{}: {chinese} is not Chinese",
                    fixture.path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn messages_read_as_written_in_each_language() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/messages");
    let fixtures = fixtures_in(&dir);
    assert!(
        fixtures.len() >= 5,
        "only {} message fixtures",
        fixtures.len()
    );
    for fixture in fixtures {
        let found: Vec<BTreeMap<String, String>> = findings(&fixture)
            .into_iter()
            .map(|(_, d)| {
                Lang::ALL
                    .into_iter()
                    .map(|lang| (lang.tag().to_owned(), d.clone().in_lang(lang).message))
                    .collect()
            })
            .collect();
        assert_eq!(found, fixture.messages, "{}", fixture.path.display());
    }
}
