//! The npm surface of vpnroute: each export converts its arguments, makes one call into
//! `vpnroute-rules` and converts the result to plain JS objects. No rule logic lives here.
//!
//! Wire parameters are read straight from the JS object (strings, numbers, booleans), not
//! through serde: it keeps the `.wasm` small and the per-call cost low. Structured inputs
//! (snapshots, route tables, gateway facts) go through serde-wasm-bindgen.

use js_sys::{Array, JsString, Object};
use serde::de::DeserializeOwned;
use serde::Serialize;
use vpnroute_rules::lookup::{RouteTable, Router};
use vpnroute_rules::plan::{check_plan, PlanRequest, TableSnapshot};
use vpnroute_rules::{GatewayFacts, Operation, WireParams};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The engine's types, generated from Rust by `cargo xtask codegen`.
#[wasm_bindgen(typescript_custom_section)]
const ENGINE_TYPES: &str = include_str!("types.d.ts");

/// The input shapes this facade reads itself.
#[wasm_bindgen(typescript_custom_section)]
const WIRE_TYPES: &str = r#"
/** A wire value as the SDKs send it; numbers and booleans are written as text, null and undefined leave the field out. */
export type WireValue = string | number | boolean | null | undefined;
/** A request's wire fields: `{ RouteDest: "10.0.0.0/24", Weight: 100, "Tags.1.Key": "env" }`. */
export type WireParams = Record<string, WireValue>;
/** One request of a plan: its operation and its wire fields. */
export type PlanRequest = { Action: string } & WireParams;
"#;

fn fail(message: impl std::fmt::Display) -> JsError {
    JsError::new(&format!("vpnroute: {message}"))
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| fail(format!("cannot convert the result: {e}")))
}

fn from_js<T: DeserializeOwned>(value: JsValue, what: &str, shape: &str) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| fail(format!("{what} must look like {shape}: {e}")))
}

/// The wire text of one JS value, as the SDKs would send it; `None` for null and undefined.
fn wire_text(what: &str, key: &str, value: &JsValue) -> Result<Option<String>, JsError> {
    if value.is_null() || value.is_undefined() {
        Ok(None)
    } else if let Some(text) = value.as_string() {
        Ok(Some(text))
    } else if let Some(flag) = value.as_bool() {
        Ok(Some(flag.to_string()))
    } else if let Some(number) = value.as_f64() {
        // Whole numbers are written by Rust; others as JavaScript writes them.
        if number.fract() == 0.0 && number.abs() < 9.0e15 {
            Ok(Some((number as i64).to_string()))
        } else {
            Ok(Some(String::from(JsString::from(value.clone()))))
        }
    } else {
        Err(fail(format!(
            "in {what}, {key} must be a string, number or boolean (JSON configs go in as strings, lists as Tags.1.Key)"
        )))
    }
}

/// Reads `{ Key: value, ... }` into wire parameters; `what` names the argument in errors.
fn wire_params(params: &JsValue, what: &str) -> Result<WireParams, JsError> {
    if !params.is_object() || Array::is_array(params) {
        return Err(fail(format!("{what} must be a plain object of wire fields, e.g. {{ RouteDest: '10.0.0.0/24', Weight: 100 }}")));
    }
    let mut wire = WireParams::new();
    for entry in Object::entries(params.unchecked_ref()).iter() {
        let entry: Array = entry.unchecked_into();
        let key = entry.get(0).as_string().unwrap_or_default();
        if let Some(text) = wire_text(what, &key, &entry.get(1))? {
            wire.push(key, text);
        }
    }
    Ok(wire)
}

/// The argument, unless it is absent, null or undefined.
fn given(value: Option<JsValue>) -> Option<JsValue> {
    value.filter(|v| !v.is_null() && !v.is_undefined())
}

fn gateway_facts(facts: Option<JsValue>) -> Result<GatewayFacts, JsError> {
    match given(facts) {
        None => Ok(GatewayFacts::default()),
        Some(facts) => from_js(
            facts,
            "gateway",
            "{ tunnelMode?: 'single' | 'dual', supportsPriority?: boolean, shangmi?: boolean }",
        ),
    }
}

/// A string argument. Parameters are taken as `JsValue` and checked here: wasm-bindgen's glue
/// for `&str` trusts its caller, and a number there would corrupt memory instead of failing.
fn text_arg(value: &JsValue, what: &str) -> Result<String, JsError> {
    value
        .as_string()
        .ok_or_else(|| fail(format!("{what} must be a string")))
}

fn operation(name: &JsValue) -> Result<Operation, JsError> {
    text_arg(name, "operation")?
        .parse::<Operation>()
        .map_err(fail)
}

/// Checks one request given as wire parameters and returns its diagnostics.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn validate(
    #[wasm_bindgen(js_name = operation, unchecked_param_type = "string")] operation_name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WireParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "GatewayFacts")] gateway: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let op = operation(&operation_name)?;
    let params = wire_params(&params, "params")?;
    to_js(&vpnroute_rules::check(
        op,
        &params,
        &gateway_facts(gateway)?,
    ))
}

/// Checks a batch of requests (each with `Action`) against each other and against the
/// existing tables of `snapshot`: every field and table rule.
#[wasm_bindgen(js_name = checkPlan, unchecked_return_type = "PlanFinding[]")]
pub fn check_plan_js(
    #[wasm_bindgen(unchecked_param_type = "PlanRequest[]")] requests: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TableSnapshot")] snapshot: Option<JsValue>,
) -> Result<JsValue, JsError> {
    if !Array::is_array(&requests) {
        return Err(fail(
            "requests must be an array of objects, each with Action and its wire fields",
        ));
    }
    let mut plan = Vec::new();
    for (i, request) in Array::from(&requests).iter().enumerate() {
        let what = format!("request {}", i + 1);
        let mut params = wire_params(&request, &what)?;
        let action = params
            .get("Action")
            .map(str::to_owned)
            .ok_or_else(|| fail(format!("{what} has no Action")))?;
        params.0.retain(|(k, _)| k != "Action");
        let operation = action
            .parse::<Operation>()
            .map_err(|e| fail(format!("{what}: {e}")))?;
        plan.push(PlanRequest { operation, params });
    }
    let snapshot: TableSnapshot = match given(snapshot) {
        None => TableSnapshot::default(),
        Some(snapshot) => from_js(
            snapshot,
            "snapshot",
            "{ gateways?: GatewaySnapshot[], connections?: ConnectionSnapshot[], quotas?: Quotas }",
        )?,
    };
    to_js(&check_plan(&plan, &snapshot))
}

/// Which route a packet from `source` to `destination` takes through `table`, and why;
/// `down` lists connections known to be down.
#[wasm_bindgen(unchecked_return_type = "Lookup")]
pub fn lookup(
    #[wasm_bindgen(unchecked_param_type = "RouteTable")] table: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] destination: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string[]")] down: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let table: RouteTable = from_js(
        table,
        "table",
        "{ policyRoutes?: PolicyRoute[], destinationRoutes?: DestinationRoute[], bgpRoutes?: BgpRoute[] }",
    )?;
    let address = |what: &str, value: &JsValue| {
        let text = text_arg(value, what)?;
        text.parse()
            .map_err(|_| fail(format!("{what} {text:?} is not an IPv4 address")))
    };
    let down: Vec<String> = match given(down) {
        None => Vec::new(),
        Some(down) => from_js(down, "down", "string[]")?,
    };
    to_js(&Router::new(table, down).lookup(
        address("source", &source)?,
        address("destination", &destination)?,
    ))
}

/// The HTTP request (method, path, headers, query, body) that sends `params` for the operation.
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "WireRequest")]
pub fn build_request(
    #[wasm_bindgen(js_name = operation, unchecked_param_type = "string")] operation_name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WireParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let params = wire_params(&params, "params")?;
    to_js(&vpnroute_rules::wire::build_request(
        operation(&operation_name)?,
        &params,
    ))
}

/// The names of the operations vpnroute knows.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn operations() -> Result<JsValue, JsError> {
    let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
    to_js(&names)
}

/// Every rule: id, severity, fields and error code.
#[wasm_bindgen(js_name = listRules, unchecked_return_type = "RuleRow[]")]
pub fn list_rules() -> Result<JsValue, JsError> {
    to_js(&vpnroute_rules::registry::rule_rows())
}

/// The wire fields of an operation, with their kinds, limits, defaults and hints.
#[wasm_bindgen(js_name = operationFields, unchecked_return_type = "FieldSpec[]")]
pub fn operation_fields(
    #[wasm_bindgen(js_name = operation, unchecked_param_type = "string")] operation_name: JsValue,
) -> Result<JsValue, JsError> {
    to_js(operation(&operation_name)?.fields())
}
