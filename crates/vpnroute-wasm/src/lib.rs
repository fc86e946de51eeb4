//! The npm surface of vpnroute: each export converts its arguments, makes one call into
//! `vpnroute-rules` and converts the result to plain JS objects. No rule logic lives here.
//!
//! A call's fixed cost is mostly crossings between JS and wasm, so each argument and result
//! crosses once: `wire.js` writes wire parameters (and `validate`'s operation name) as UTF-8
//! straight into a buffer in wasm memory, and reads diagnostics back out of one string; other
//! results are JSON text that one `JSON.parse` turns into plain objects. Structured inputs
//! (snapshots, route tables, gateway facts, `down`) cross as the JSON text of one
//! `JSON.stringify` (`json_text.js`). Both ways the JSON is read (`json_in`) and written
//! (`json_out`) by hand, which is smaller than serde (ARCHITECTURE.md has the figures).

use js_sys::Array;
use json_in::FromJson;
use json_out::ToJson;
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use vpnroute_rules::lookup::{RouteTable, Router};
use vpnroute_rules::registry::RULES;
use vpnroute_rules::{check_plan, PlanRequest, TableSnapshot};
use vpnroute_rules::{Diagnostic, GatewayFacts, Lang, Operation, Severity, WireParams};
use wasm_bindgen::prelude::*;

/// TLSF instead of the standard library's dlmalloc: a smaller `.wasm` (ARCHITECTURE.md has the
/// figure).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::SmallGlobalTlsf = rlsf::SmallGlobalTlsf::new();

#[cfg(feature = "analysis")]
mod analysis;
mod json_in;
mod json_out;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod json_tests;

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
/**
 * How results are written: `lang` is the language of messages and field hints, English when
 * absent. Another language tag (`navigator.language`) is read too: Chinese in Simplified
 * characters (`zh`, `zh-Hans`, `zh-SG`) is 'zh-CN', the rest English.
 */
export type MessageOptions = { lang?: Lang };
"#;

fn fail(message: impl std::fmt::Display) -> JsError {
    JsError::new(&format!("vpnroute: {message}"))
}

/// `value` as plain JS objects, its messages and field help in `lang`.
fn to_js(value: &dyn ToJson, lang: Lang) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&json_out::to_json_in(value, lang))
        .map_err(|_| fail("cannot convert the result"))
}

#[wasm_bindgen(module = "/src/json_text.js")]
extern "C" {
    /// `value` as JSON text; the error is a message naming what JSON cannot hold.
    #[wasm_bindgen(catch, js_name = jsonText)]
    fn json_text(value: &JsValue) -> Result<String, JsValue>;
}

/// `value` read as `T`; `what` names the argument in errors, `shape` shows what it should be.
fn from_js<T: FromJson>(value: JsValue, what: &str, shape: &str) -> Result<T, JsError> {
    let mut read = T::blank();
    read_js(&value, &mut read)
        .map_err(|problem| fail(format!("{what} must look like {shape}: {problem}")))?;
    Ok(read)
}

/// `value` read into `into`, or why it cannot be.
fn read_js(value: &JsValue, into: &mut dyn FromJson) -> Result<(), String> {
    match json_text(value) {
        Ok(text) => json_in::read_json(&text, into).map_err(|e| e.to_string()),
        // `jsonText` throws its messages as strings.
        Err(thrown) => Err(thrown.as_string().unwrap_or_default()),
    }
}

#[wasm_bindgen(module = "/src/wire.js")]
extern "C" {
    #[wasm_bindgen(js_name = useTables)]
    fn use_tables(memory: &JsValue, rules: &str, keys: &str);
    #[wasm_bindgen(js_name = writeRequest)]
    fn write_request(
        with_operation: bool,
        operation: &JsValue,
        params: &JsValue,
        at: *mut u8,
        capacity: usize,
    ) -> f64;
    #[wasm_bindgen(js_name = decodeDiagnostics)]
    fn decode_diagnostics(encoded: &str) -> JsValue;
}

/// Lengths below this are written as the one character with that code (see `wire.js`). The
/// string stays ASCII while its texts are, which TextDecoder turns into a string at about
/// twice the speed of one with any wider character.
const SHORT: u32 = 0x7E;
/// Starts a length written in decimal, ended by `:`.
const LONG: char = '\u{7E}';
/// Stands for an absent value.
const ABSENT: char = '\u{7F}';

/// Appends `<length><text>` for `decodeDiagnostics`, the length in UTF-16 code units.
fn put_counted(out: &mut String, text: &str) {
    let units = if text.is_ascii() {
        text.len()
    } else {
        text.encode_utf16().count()
    };
    put_length(out, units);
    out.push_str(text);
}

/// Appends a length (or a count) as `decodeDiagnostics` reads it: one character below
/// [`SHORT`], else [`LONG`], the decimal and `:`.
fn put_length(out: &mut String, length: usize) {
    match u32::try_from(length)
        .ok()
        .filter(|&n| n < SHORT)
        .and_then(char::from_u32)
    {
        Some(length) => out.push(length),
        None => {
            out.push(LONG);
            put_decimal(out, length as u64);
            out.push(':');
        }
    }
}

/// Appends `n` in decimal; `to_string` goes through the formatting machinery.
fn put_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[at..].iter().for_each(|&d| out.push(char::from(d)));
}

fn put_optional(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => put_counted(out, text),
        None => out.push(ABSENT),
    }
}

/// The wire keys that `writeRequest` writes as their position here (see `take_key`): every
/// top-level field of the five operations, and `Action`, which starts a plan's requests.
fn known_keys() -> &'static [&'static str] {
    static KEYS: OnceLock<Vec<&'static str>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = vec!["Action"];
        for field in Operation::ALL.iter().flat_map(|o| o.fields()) {
            if !keys.contains(&field.name) {
                keys.push(field.name);
            }
        }
        keys.truncate(usize::from(u8::MAX) + 1);
        keys
    })
}

/// `texts` as one string of `<length><text>`s, as `useTables` reads its tables.
fn counted_table<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for text in texts {
        put_counted(&mut out, text);
    }
    out
}

/// Starts a diagnostic: one character that gives its rule as a position in `RULES` and its
/// severity, `2 * position + 1` for an error and one more for a warning. Finding the rule
/// compares addresses, since diagnostics borrow their rule id from the registry.
fn put_rule(out: &mut String, d: &Diagnostic) {
    let position = match &d.rule {
        Cow::Borrowed(id) => RULES.iter().position(|r| std::ptr::eq(r.id, *id)),
        Cow::Owned(_) => None,
    };
    let header = position.and_then(|at| {
        u32::try_from(2 * at + 1 + usize::from(d.severity == Severity::Warning)).ok()
    });
    match header.filter(|&h| h < SHORT).and_then(char::from_u32) {
        Some(header) => out.push(header),
        None => {
            out.push('\0');
            put_counted(out, &d.rule);
            put_counted(out, d.severity.as_str());
        }
    }
}

/// Diagnostics as plain JS objects, their messages in `lang`, written in one string that
/// `decodeDiagnostics` reads. The key is absent when it is the rule id, as it mostly is; the
/// arguments follow their count, written as a length is.
fn diagnostics_to_js(diagnostics: &[Diagnostic], lang: Lang) -> JsValue {
    let mut out = String::with_capacity(diagnostics.len() * 128);
    for d in diagnostics {
        put_rule(&mut out, d);
        put_counted(&mut out, &d.field);
        put_optional(&mut out, d.code.as_deref());
        put_counted(&mut out, &d.message_in(lang));
        put_optional(&mut out, (d.key != d.rule).then_some(&*d.key));
        put_length(&mut out, d.args.len());
        for (name, value) in &d.args {
            put_counted(&mut out, name);
            put_counted(&mut out, value);
        }
        put_optional(&mut out, d.suggestion.as_deref());
    }
    decode_diagnostics(&out)
}

/// A request as `writeRequest` wrote it into wasm memory.
struct Written(Vec<u8>);

impl Written {
    /// `params` (after `operation` when it is given), written by `writeRequest`.
    fn new(operation: Option<&JsValue>, params: &JsValue) -> Written {
        static MEMORY_GIVEN: AtomicBool = AtomicBool::new(false);
        if !MEMORY_GIVEN.swap(true, Ordering::Relaxed) {
            use_tables(
                &wasm_bindgen::memory(),
                &counted_table(RULES.iter().map(|rule| rule.id)),
                &counted_table(known_keys().iter().copied()),
            );
        }
        let undefined = JsValue::UNDEFINED;
        let mut buffer = vec![0u8; 512];
        loop {
            let capacity = buffer.len();
            let written = write_request(
                operation.is_some(),
                operation.unwrap_or(&undefined),
                params,
                buffer.as_mut_ptr(),
                capacity,
            ) as usize;
            if written <= capacity {
                buffer.truncate(written);
                return Written(buffer);
            }
            buffer.resize(written, 0);
        }
    }
}

/// Takes one text off the front of `rest`: its UTF-8 length plus one (LEB128) and its bytes.
/// `Some(None)` is an absent text; `None` means `rest` cannot be read.
fn take_text<'a>(rest: &mut &'a [u8]) -> Option<Option<&'a str>> {
    let mut value: usize = 0;
    let mut shift = 0;
    loop {
        let (&byte, after) = rest.split_first()?;
        *rest = after;
        value |= usize::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            break;
        }
        shift += 7;
    }
    let Some(length) = value.checked_sub(1) else {
        return Some(None);
    };
    let (text, after) = rest.split_at_checked(length)?;
    *rest = after;
    std::str::from_utf8(text).ok().map(Some)
}

/// Takes one key off the front of `rest`: a text, or an absent text and one byte, the key's
/// position in `known_keys`.
fn take_key<'a>(rest: &mut &'a [u8]) -> Option<&'a str> {
    match take_text(rest)? {
        Some(key) => Some(key),
        None => {
            let (&position, after) = rest.split_first()?;
            *rest = after;
            known_keys().get(usize::from(position)).copied()
        }
    }
}

/// The wire parameters that follow the flag byte in `rest`, borrowed from it; `what` names
/// the argument in errors.
fn wire_pairs<'a>(mut rest: &'a [u8], what: &str) -> Result<Vec<(&'a str, &'a str)>, JsError> {
    match rest.split_first() {
        Some((0, after)) => rest = after,
        Some((1, _)) => return Err(fail(format!("{what} must be a plain object of wire fields, e.g. {{ RouteDest: '10.0.0.0/24', Weight: 100 }}"))),
        _ => return Err(fail(format!("cannot read {what}"))),
    }
    let unreadable = || fail(format!("cannot read {what}"));
    let mut pairs = Vec::with_capacity(16);
    while !rest.is_empty() {
        let key = take_key(&mut rest).ok_or_else(unreadable)?;
        let Some(value) = take_text(&mut rest).ok_or_else(unreadable)? else {
            return Err(fail(format!(
                "in {what}, {key} must be a string, number or boolean (JSON configs go in as strings, lists as Tags.1.Key)"
            )));
        };
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// Reads `{ Key: value, ... }` into wire parameters; `what` names the argument in errors.
fn wire_params(params: &JsValue, what: &str) -> Result<WireParams, JsError> {
    let written = Written::new(None, params);
    Ok(wire_pairs(&written.0, what)?.into_iter().collect())
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

/// The language an options argument asks for (`{ lang: 'zh-CN' }`), English when it asks none.
fn lang_option(options: Option<JsValue>) -> Result<Lang, JsError> {
    const SHAPE: &str = "options must look like { lang: 'zh-CN' | 'en' }";
    let Some(options) = given(options) else {
        return Ok(Lang::En);
    };
    if !options.is_object() {
        return Err(fail(SHAPE));
    }
    let lang =
        js_sys::Reflect::get(&options, &JsValue::from_str("lang")).map_err(|_| fail(SHAPE))?;
    match given(Some(lang)) {
        None => Ok(Lang::En),
        Some(lang) => Ok(Lang::from_tag(&text_arg(&lang, "options.lang")?)),
    }
}

fn operation(name: &JsValue) -> Result<Operation, JsError> {
    text_arg(name, "operation")?
        .parse::<Operation>()
        .map_err(fail)
}

/// Checks one request given as wire parameters and returns its diagnostics, their messages in
/// `options.lang`.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn validate(
    #[wasm_bindgen(js_name = operation, unchecked_param_type = "string")] operation_name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WireParams")] params: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "GatewayFacts | null")] gateway: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let written = Written::new(Some(&operation_name), &params);
    let mut rest = &written.0[..];
    let op = match take_text(&mut rest) {
        Some(Some(name)) => name.parse::<Operation>().map_err(fail)?,
        _ => return Err(fail("operation must be a string")),
    };
    let pairs = wire_pairs(rest, "params")?;
    let facts = gateway_facts(gateway)?;
    let lang = lang_option(options)?;
    Ok(diagnostics_to_js(
        &vpnroute_rules::check_pairs(op, &pairs, &facts),
        lang,
    ))
}

/// Checks a batch of requests (each with `Action`) against each other and against the
/// existing tables of `snapshot`: every field and table rule. Messages are in `options.lang`.
#[wasm_bindgen(js_name = checkPlan, unchecked_return_type = "PlanFinding[]")]
pub fn check_plan_js(
    #[wasm_bindgen(unchecked_param_type = "PlanRequest[]")] requests: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TableSnapshot | null")] snapshot: Option<
        JsValue,
    >,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let plan = plan_arg(&requests)?;
    let snapshot = snapshot_arg(snapshot)?;
    to_js(&check_plan(&plan, &snapshot), lang_option(options)?)
}

/// The requests of a plan, each an object with `Action` and its wire fields.
fn plan_arg(requests: &JsValue) -> Result<Vec<PlanRequest>, JsError> {
    if !Array::is_array(requests) {
        return Err(fail(
            "requests must be an array of objects, each with Action and its wire fields",
        ));
    }
    let mut plan = Vec::new();
    for (i, request) in Array::from(requests).iter().enumerate() {
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
    Ok(plan)
}

/// The existing tables, none when not given.
fn snapshot_arg(snapshot: Option<JsValue>) -> Result<TableSnapshot, JsError> {
    match given(snapshot) {
        None => Ok(TableSnapshot::default()),
        Some(snapshot) => from_js(
            snapshot,
            "snapshot",
            "{ gateways?: GatewaySnapshot[], connections?: ConnectionSnapshot[], quotas?: Quotas }",
        ),
    }
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
        text.parse().map_err(|_| {
            fail(format!(
                "{what} {} is not an IPv4 address",
                vpnroute_rules::model::diagnostic::Quoted(&text)
            ))
        })
    };
    let down: Vec<String> = match given(down) {
        None => Vec::new(),
        Some(down) => from_js(down, "down", "string[]")?,
    };
    to_js(
        &Router::new(table, down).lookup(
            address("source", &source)?,
            address("destination", &destination)?,
        ),
        Lang::En,
    )
}

/// The HTTP request (method, path, headers, query, body) that sends `params` for the operation.
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "WireRequest")]
pub fn build_request(
    #[wasm_bindgen(js_name = operation, unchecked_param_type = "string")] operation_name: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WireParams")] params: JsValue,
) -> Result<JsValue, JsError> {
    let params = wire_params(&params, "params")?;
    to_js(
        &vpnroute_rules::ops::build_request(operation(&operation_name)?, &params),
        Lang::En,
    )
}

/// The names of the operations vpnroute knows.
#[wasm_bindgen(unchecked_return_type = "string[]")]
pub fn operations() -> Result<JsValue, JsError> {
    let names: Vec<&str> = Operation::ALL.iter().map(|o| o.name()).collect();
    to_js(&names, Lang::En)
}

/// Every rule: id, severity, fields and error code.
#[wasm_bindgen(js_name = listRules, unchecked_return_type = "RuleRow[]")]
pub fn list_rules() -> Result<JsValue, JsError> {
    to_js(&vpnroute_rules::registry::rule_rows(), Lang::En)
}

/// The wire fields of an operation, with their kinds, limits, defaults and hints; the hints
/// in `options.lang`.
#[wasm_bindgen(js_name = operationFields, unchecked_return_type = "FieldSpec[]")]
pub fn operation_fields(
    #[wasm_bindgen(js_name = operation, unchecked_param_type = "string")] operation_name: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MessageOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let fields = operation(&operation_name)?.fields();
    to_js(&fields, lang_option(options)?)
}
