//! The facade run as wasm in Node: JS values in, plain JS objects out.

use vpnroute_wasm::{list_rules, operation_fields, validate};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys_object();
    for (key, value) in pairs {
        js_sys_set(&object, key, value);
    }
    object
}

#[wasm_bindgen::prelude::wasm_bindgen(
    inline_js = "export function js_sys_object() { return {}; } export function js_sys_set(o, k, v) { o[k] = v; } export function get(o, k) { return o[k]; } export function len(a) { return a.length; }"
)]
extern "C" {
    fn js_sys_object() -> JsValue;
    fn js_sys_set(object: &JsValue, key: &str, value: &JsValue);
    fn get(object: &JsValue, key: &str) -> JsValue;
    fn len(array: &JsValue) -> u32;
}

fn valid_request() -> Vec<(&'static str, JsValue)> {
    vec![
        ("RegionId", "cn-hangzhou".into()),
        ("VpnGatewayId", "vpn-bp1a3kqjiiq9legfx0001".into()),
        ("RouteDest", "10.0.0.0/24".into()),
        ("NextHop", "vco-bp15oes1py4i66rmd0001".into()),
        ("Weight", JsValue::from_f64(100.0)),
        ("PublishVpc", JsValue::TRUE),
    ]
}

#[wasm_bindgen_test]
fn a_valid_request_has_no_diagnostics() {
    let result = validate(
        "CreateVpnRouteEntry".into(),
        object(&valid_request()),
        None,
        None,
    )
    .unwrap();
    assert_eq!(len(&result), 0);
}

#[wasm_bindgen_test]
fn weight_50_is_reported_with_its_code_and_suggestion() {
    let mut request = valid_request();
    request[4].1 = JsValue::from_f64(50.0);
    let result = validate("CreateVpnRouteEntry".into(), object(&request), None, None).unwrap();
    assert_eq!(len(&result), 1);
    let diagnostic = get(&result, "0");
    assert_eq!(
        get(&diagnostic, "rule").as_string().unwrap(),
        "weight-not-0-or-100"
    );
    assert_eq!(get(&diagnostic, "field").as_string().unwrap(), "Weight");
    assert_eq!(
        get(&diagnostic, "code").as_string().unwrap(),
        "VpnRouteEntry.InvalidWeight"
    );
    assert_eq!(get(&diagnostic, "suggestion").as_string().unwrap(), "100");
}

#[wasm_bindgen_test]
fn messages_come_in_the_language_asked_for_with_their_key_and_values() {
    let mut request = valid_request();
    request[4].1 = JsValue::from_f64(50.0);
    let chinese = object(&[("lang", "zh-CN".into())]);
    let result = validate(
        "CreateVpnRouteEntry".into(),
        object(&request),
        None,
        Some(chinese),
    )
    .unwrap();
    let diagnostic = get(&result, "0");
    let message = get(&diagnostic, "message").as_string().unwrap();
    assert!(
        message.contains("权重") && message.contains("50"),
        "{message}"
    );
    assert_eq!(
        get(&diagnostic, "key").as_string().unwrap(),
        "weight-not-0-or-100"
    );
    assert_eq!(
        get(&get(&diagnostic, "args"), "value").as_string().unwrap(),
        "50"
    );
}

#[wasm_bindgen_test]
fn dual_tunnel_gateways_get_a_warning_for_100_64() {
    let mut request = valid_request();
    request[2].1 = "100.64.1.0/24".into();
    let gateway = object(&[("tunnelMode", "dual".into())]);
    let result = validate(
        "CreateVpnRouteEntry".into(),
        object(&request),
        Some(gateway),
        None,
    )
    .unwrap();
    assert_eq!(
        get(&get(&result, "0"), "severity").as_string().unwrap(),
        "warning"
    );
}

#[wasm_bindgen_test]
fn bad_arguments_throw_errors_with_a_message() {
    let error = validate(
        "CreateVpnRoute".into(),
        object(&valid_request()),
        None,
        None,
    )
    .unwrap_err();
    let message = JsValue::from(error);
    assert!(get(&message, "message")
        .as_string()
        .unwrap()
        .contains("CreateVpnRouteEntry"));
    let error = validate(
        "CreateVpnRouteEntry".into(),
        JsValue::from_str("RouteDest=1"),
        None,
        None,
    )
    .unwrap_err();
    assert!(get(&JsValue::from(error), "message")
        .as_string()
        .unwrap()
        .contains("plain object"));
}

#[wasm_bindgen_test]
fn rules_and_fields_are_listed() {
    let rules = list_rules().unwrap();
    assert!(len(&rules) >= 10);
    let fields = operation_fields("CreateVpnRouteEntry".into(), None).unwrap();
    assert_eq!(
        get(&get(&fields, "0"), "name").as_string().unwrap(),
        "RegionId"
    );
}

#[wasm_bindgen_test]
fn build_request_places_parameters_as_the_sdks_do() {
    let built =
        vpnroute_wasm::build_request("CreateVpnRouteEntry".into(), object(&valid_request()))
            .unwrap();
    assert_eq!(get(&built, "method").as_string().unwrap(), "POST");
    let query = get(&built, "query").as_string().unwrap();
    assert!(
        query.contains("RouteDest=10.0.0.0%2F24") && query.contains("Weight=100"),
        "{query}"
    );
}
