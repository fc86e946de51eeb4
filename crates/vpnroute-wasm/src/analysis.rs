//! The exports of `vpnroute/analysis`: what a change does to traffic. They are built only with
//! the `analysis` feature, into a module of their own that an app loads when it asks these
//! questions, so that checking requests does not carry the analysis code (ARCHITECTURE.md has
//! the sizes of both modules).

use crate::{fail, from_js, given, lang_option, plan_arg, snapshot_arg, text_arg, to_js};
use vpnroute_rules::model::diagnostic::Quoted;
use vpnroute_rules::model::intent::Intent;
use vpnroute_rules::{impact, intents, Lang};
use wasm_bindgen::prelude::*;

/// The result types of these exports, generated from Rust by `cargo xtask codegen`.
#[wasm_bindgen(typescript_custom_section)]
const ANALYSIS_TYPES: &str = include_str!("analysis.d.ts");

/// The traffic a plan changes on each gateway and transit-router connection: every block of
/// sources x destinations whose next hop moves, with its route before and after.
#[wasm_bindgen(js_name = planImpact, unchecked_return_type = "TargetImpact[]")]
pub fn plan_impact(
    #[wasm_bindgen(unchecked_param_type = "PlanRequest[]")] requests: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TableSnapshot")] snapshot: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let plan = plan_arg(&requests)?;
    let snapshot = snapshot_arg(snapshot)?;
    // Traffic blocks carry routes and next hops, no sentences: nothing to translate.
    to_js(&impact::plan_impact(&plan, &snapshot), Lang::En)
}

/// For each connection of gateway `gatewayId` in `snapshot`, the traffic that moves or stops
/// being routed while that connection alone is down.
#[wasm_bindgen(unchecked_return_type = "ConnectionFailover[]")]
pub fn failover(
    #[wasm_bindgen(unchecked_param_type = "TableSnapshot")] snapshot: JsValue,
    #[wasm_bindgen(js_name = gatewayId, unchecked_param_type = "string")] gateway_id: JsValue,
) -> Result<JsValue, JsError> {
    let snapshot = snapshot_arg(Some(snapshot))?;
    let id = text_arg(&gateway_id, "gatewayId")?;
    let report = impact::failover(&snapshot, &id).ok_or_else(|| {
        fail(format!(
            "gatewayId: the snapshot holds no gateway {}; give one of its gateways[].vpnGatewayId",
            Quoted(&id)
        ))
    })?;
    to_js(&report, Lang::En)
}

/// Holds the tables of `snapshot` (and, given `requests`, the tables the plan leaves) to
/// `intents`, with every connection up and with each one down; each broken intent once per
/// table state, with its first counterexample packet; messages in `options.lang`.
#[wasm_bindgen(js_name = checkIntents, unchecked_return_type = "IntentFinding[]")]
pub fn check_intents(
    #[wasm_bindgen(unchecked_param_type = "Intent[]")] intents: JsValue,
    #[wasm_bindgen(unchecked_param_type = "TableSnapshot")] snapshot: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanRequest[] | null")] requests: Option<
        JsValue,
    >,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let intents: Vec<Intent> = from_js(
        intents,
        "intents",
        "{ gateway: string, from?: string, to?: string, via?: string, backup?: string, never_via?: string, routed?: false, name?: string }[]",
    )?;
    if let Some((i, why)) = intents::malformed(&intents).into_iter().next() {
        return Err(fail(format!("intents[{i}]: {why}")));
    }
    let snapshot = snapshot_arg(Some(snapshot))?;
    let plan = match given(requests) {
        None => None,
        Some(requests) => Some(plan_arg(&requests)?),
    };
    to_js(
        &intents::check_intents(&intents, &snapshot, plan.as_deref()),
        lang_option(options)?,
    )
}
