//! Results written as JSON text, which the JS side turns into plain objects with one
//! `JSON.parse`: building the same objects from wasm takes a boundary crossing per field.
//!
//! Why not serde: a serializer and the derived code that drives it are larger (ARCHITECTURE.md
//! has the figures). Each type is written here as its serde attributes shape it (names, key order,
//! `None` as `null`, enum tags), byte for byte as serde_json writes it; tests in this crate
//! compare the two on every type.

use std::borrow::Cow;
use std::net::Ipv4Addr;
use vpnroute_rules::impact::{
    AddressRange, ConnectionFailover, Outcome, TargetImpact, TrafficBlock,
};
use vpnroute_rules::intents::{IntentFinding, TableState};
use vpnroute_rules::lookup::{Lookup, RouteKind};
use vpnroute_rules::messages::Args;
use vpnroute_rules::model::wire::WireRequest;
use vpnroute_rules::registry::RuleRow;
use vpnroute_rules::PlanFinding;
use vpnroute_rules::Target;
use vpnroute_rules::{Diagnostic, Lang, Severity};
use vpnroute_rules::{FieldKind, FieldSpec};

/// `value` as JSON text; not generic, so that each type written adds only its own writer.
#[cfg(test)]
pub fn to_json(value: &dyn ToJson) -> String {
    to_json_in(value, Lang::En)
}

/// `value` as JSON text, its messages and field help in `lang`.
pub fn to_json_in(value: &dyn ToJson, lang: Lang) -> String {
    let mut out = Writer(String::with_capacity(256), lang);
    value.write_json(&mut out);
    out.0
}

/// JSON text being written, and the language its messages are written in.
pub struct Writer(String, Lang);

impl Writer {
    /// The comma before an item or key, unless it is the first of its array or object.
    fn separate(&mut self) {
        if !matches!(self.0.as_bytes().last(), Some(b'[' | b'{')) {
            self.0.push(',');
        }
    }

    /// Starts the next field of an object: `"name":`.
    fn key(&mut self, name: &str) {
        self.separate();
        self.0.push('"');
        self.0.push_str(name);
        self.0.push_str("\":");
    }

    fn field<T: ToJson + ?Sized>(&mut self, name: &str, value: &T) {
        self.key(name);
        value.write_json(self);
    }

    fn close(&mut self, bracket: char) {
        self.0.push(bracket);
    }

    fn string(&mut self, text: &str) {
        vpnroute_rules::model::json::write_string(&mut self.0, text);
    }

    fn unsigned(&mut self, value: u64) {
        crate::put_decimal(&mut self.0, value);
    }
}

/// A type written as JSON, in the shape its serde attributes give it.
pub trait ToJson {
    fn write_json(&self, out: &mut Writer);
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut Writer) {
        (**self).write_json(out);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('[');
        for item in self {
            out.separate();
            item.write_json(out);
        }
        out.close(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut Writer) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut Writer) {
        match self {
            Some(value) => value.write_json(out),
            None => out.0.push_str("null"),
        }
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut Writer) {
        out.string(self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut Writer) {
        out.string(self);
    }
}

impl ToJson for Cow<'_, str> {
    fn write_json(&self, out: &mut Writer) {
        out.string(self);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut Writer) {
        out.0.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for usize {
    fn write_json(&self, out: &mut Writer) {
        out.unsigned(*self as u64);
    }
}

impl ToJson for u32 {
    fn write_json(&self, out: &mut Writer) {
        out.unsigned(u64::from(*self));
    }
}

impl ToJson for i64 {
    fn write_json(&self, out: &mut Writer) {
        if *self < 0 {
            out.0.push('-');
        }
        out.unsigned(self.unsigned_abs());
    }
}

/// A header: serde writes a tuple as an array.
impl ToJson for (String, String) {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('[');
        out.string(&self.0);
        out.0.push(',');
        out.string(&self.1);
        out.close(']');
    }
}

impl ToJson for Severity {
    fn write_json(&self, out: &mut Writer) {
        out.string(self.as_str());
    }
}

impl ToJson for RouteKind {
    fn write_json(&self, out: &mut Writer) {
        out.string(match self {
            RouteKind::Policy => "policy",
            RouteKind::Destination => "destination",
            RouteKind::Bgp => "bgp",
        });
    }
}

impl ToJson for Diagnostic {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("rule", &self.rule);
        out.field("severity", &self.severity);
        out.field("field", &self.field);
        out.field("code", &self.code);
        out.field("message", &*self.message_in(out.1));
        out.field("key", &self.key);
        out.field("args", &ArgsObject(&self.args));
        out.field("suggestion", &self.suggestion);
        out.close('}');
    }
}

/// A diagnostic's arguments: an object, in the order they were given.
struct ArgsObject<'a>(&'a Args);

impl ToJson for ArgsObject<'_> {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        for (name, value) in self.0 {
            // Quoted as any text: a deserialized diagnostic may carry any name.
            out.separate();
            out.string(name);
            out.0.push(':');
            out.string(value);
        }
        out.close('}');
    }
}

impl ToJson for PlanFinding {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("request", &self.request);
        out.field("otherRequest", &self.other_request);
        out.field("diagnostic", &self.diagnostic);
        out.close('}');
    }
}

impl ToJson for Lookup {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("kind", &self.kind);
        out.field("index", &self.index);
        out.field("nextHop", &self.next_hop);
        out.field("reason", &self.reason);
        out.close('}');
    }
}

impl ToJson for WireRequest {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("method", &self.method);
        out.field("path", &self.path);
        out.field("headers", &self.headers);
        out.field("query", &self.query);
        out.field("body", &self.body);
        out.close('}');
    }
}

impl ToJson for RuleRow {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("id", self.id);
        out.field("severity", &self.severity);
        out.field("fields", self.fields);
        out.field("code", &self.code);
        out.close('}');
    }
}

impl ToJson for FieldSpec {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("name", self.name);
        out.field("kind", &self.kind);
        out.field("required", &self.required);
        out.field("default", &self.default);
        out.field("example", self.example);
        out.field("help", self.help_in(out.1));
        out.field("internal", &self.internal);
        out.close('}');
    }
}

/// Internally tagged: `{"type":"text","minChars":1,"maxChars":64}`.
impl ToJson for FieldKind {
    fn write_json(&self, out: &mut Writer) {
        let tag = match self {
            FieldKind::Text { .. } => "text",
            FieldKind::Id { .. } => "id",
            FieldKind::Cidr => "cidr",
            FieldKind::CidrList => "cidrList",
            FieldKind::Ipv4 => "ipv4",
            FieldKind::Integer { .. } => "integer",
            FieldKind::Asn => "asn",
            FieldKind::OneOf { .. } => "oneOf",
            FieldKind::Boolean => "boolean",
            FieldKind::Certificate => "certificate",
            FieldKind::Json { .. } => "json",
            FieldKind::List { .. } => "list",
            FieldKind::Object { .. } => "object",
        };
        out.0.push('{');
        out.field("type", tag);
        match *self {
            FieldKind::Text {
                min_chars,
                max_chars,
            } => {
                out.field("minChars", &min_chars);
                out.field("maxChars", &max_chars);
            }
            FieldKind::Id { prefix } => out.field("prefix", prefix),
            FieldKind::Integer { min, max } => {
                out.field("min", &min);
                out.field("max", &max);
            }
            FieldKind::OneOf { values } => out.field("values", values),
            FieldKind::Json { keys } => out.field("keys", keys),
            FieldKind::List { max_items, item } => {
                out.field("maxItems", &max_items);
                out.field("item", item);
            }
            FieldKind::Object { fields } => out.field("fields", fields),
            FieldKind::Cidr
            | FieldKind::CidrList
            | FieldKind::Ipv4
            | FieldKind::Asn
            | FieldKind::Boolean
            | FieldKind::Certificate => {}
        }
        out.close('}');
    }
}

impl ToJson for Ipv4Addr {
    fn write_json(&self, out: &mut Writer) {
        out.string(&self.to_string());
    }
}

/// As serde writes its `tag`/`content` form: `{"kind":"gateway","id":"vpn-..."}`.
impl ToJson for Target {
    fn write_json(&self, out: &mut Writer) {
        let kind = match self {
            Target::Gateway(_) => "gateway",
            Target::Connection(_) => "connection",
        };
        out.0.push('{');
        out.field("kind", kind);
        out.field("id", self.id());
        out.close('}');
    }
}

impl ToJson for Outcome {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("kind", &self.kind);
        out.field("route", &self.route);
        out.field("nextHop", &self.next_hop);
        out.close('}');
    }
}

impl ToJson for AddressRange {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("first", &self.first);
        out.field("last", &self.last);
        out.close('}');
    }
}

impl ToJson for TrafficBlock {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("source", &self.source);
        out.field("destination", &self.destination);
        out.field("before", &self.before);
        out.field("after", &self.after);
        out.close('}');
    }
}

impl ToJson for TargetImpact {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("target", &self.target);
        out.field("blocks", &self.blocks);
        out.close('}');
    }
}

impl ToJson for ConnectionFailover {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("connection", &self.connection);
        out.field("blocks", &self.blocks);
        out.close('}');
    }
}

impl ToJson for TableState {
    fn write_json(&self, out: &mut Writer) {
        out.string(match self {
            TableState::Current => "current",
            TableState::AfterPlan => "afterPlan",
        });
    }
}

impl ToJson for IntentFinding {
    fn write_json(&self, out: &mut Writer) {
        out.0.push('{');
        out.field("intent", &self.intent);
        out.field("state", &self.state);
        out.field("down", &self.down);
        out.field("diagnostic", &self.diagnostic);
        out.close('}');
    }
}
