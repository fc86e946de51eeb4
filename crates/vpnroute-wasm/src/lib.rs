//! The npm surface of vpnroute: each export converts its arguments, makes one call into
//! `vpnroute-rules` and converts the result. No rule logic lives here.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use vpnroute_rules::{GatewayFacts, Operation, WireParams};
use wasm_bindgen::prelude::*;

/// A parameter value as a JS caller may give it.
#[derive(Deserialize)]
#[serde(untagged)]
enum WireValue {
    Text(String),
    Number(f64),
    Flag(bool),
    Absent(()),
}

impl WireValue {
    /// The wire text of the value, as the SDKs would send it.
    fn into_wire(self) -> Option<String> {
        match self {
            WireValue::Text(text) => Some(text),
            WireValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                Some(format!("{}", n as i64))
            }
            WireValue::Number(n) => Some(n.to_string()),
            WireValue::Flag(flag) => Some(flag.to_string()),
            WireValue::Absent(()) => None,
        }
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("vpnroute: cannot convert the result: {e}")))
}

fn wire_params(params: JsValue) -> Result<WireParams, JsError> {
    let map: BTreeMap<String, WireValue> = serde_wasm_bindgen::from_value(params).map_err(|_| {
        JsError::new("vpnroute: params must be a plain object whose values are strings, numbers or booleans, e.g. { RouteDest: '10.0.0.0/24', Weight: 100 }")
    })?;
    Ok(map
        .into_iter()
        .filter_map(|(key, value)| value.into_wire().map(|v| (key, v)))
        .collect())
}

fn gateway_facts(facts: JsValue) -> Result<GatewayFacts, JsError> {
    if facts.is_undefined() || facts.is_null() {
        return Ok(GatewayFacts::default());
    }
    serde_wasm_bindgen::from_value(facts).map_err(|e| {
        JsError::new(&format!(
            "vpnroute: gateway must look like {{ tunnelMode: 'single' | 'dual', supportsPriority: boolean, shangmi: boolean }}: {e}"
        ))
    })
}

fn operation(name: &str) -> Result<Operation, JsError> {
    name.parse::<Operation>()
        .map_err(|e| JsError::new(&format!("vpnroute: {e}")))
}

/// Checks one request given as wire parameters and returns its diagnostics.
#[wasm_bindgen]
pub fn validate(
    operation_name: &str,
    params: JsValue,
    gateway: JsValue,
) -> Result<JsValue, JsError> {
    let op = operation(operation_name)?;
    let diagnostics = vpnroute_rules::check(op, &wire_params(params)?, &gateway_facts(gateway)?);
    to_js(&diagnostics)
}

/// Every rule: id, severity, fields and error code.
#[wasm_bindgen(js_name = listRules)]
pub fn list_rules() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct RuleRow {
        id: &'static str,
        severity: &'static str,
        fields: &'static [&'static str],
        code: String,
    }
    let rows: Vec<RuleRow> = vpnroute_rules::RULES
        .iter()
        .map(|r| RuleRow {
            id: r.id,
            severity: r.severity.as_str(),
            fields: r.fields,
            code: r.code.display(),
        })
        .collect();
    to_js(&rows)
}

/// The wire fields of an operation, with their kinds, limits, defaults and hints.
#[wasm_bindgen(js_name = operationFields)]
pub fn operation_fields(operation_name: &str) -> Result<JsValue, JsError> {
    to_js(&operation(operation_name)?.fields())
}
