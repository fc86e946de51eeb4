//! Structured inputs (snapshots, route tables, gateway facts, `down`) read from JSON text,
//! which `json_text.js` writes with one `JSON.stringify`.
//!
//! Why not serde: its derived readers and a deserializer for them were a large share of the
//! `.wasm`. The shapes here are the engine's serde attributes written out by hand: the same
//! names, the same fields that may be absent, unknown keys skipped, a key given twice
//! refused. Each struct is a table of its fields, read by one function that is not generic;
//! each value is read as it is parsed, with no tree in between. Tests in this crate hold
//! this reader to serde_json on every type. Where it is stricter (a struct is read only from
//! an object, an enum only from its name, nothing nests deeper than serde_json allows, not
//! even in a skipped value), it keeps what the JS facade always accepted.

use ipnet::Ipv4Net;
use std::borrow::Cow;
use std::fmt;
use vpnroute_rules::lookup::{BgpRoute, RouteTable};
use vpnroute_rules::model::diagnostic::Quoted;
use vpnroute_rules::model::intent::Intent;
use vpnroute_rules::model::json::{self, Unescaped};
use vpnroute_rules::model::net::parse_cidr_lenient;
use vpnroute_rules::model::routes::{PublishedRoute, RouteType};
use vpnroute_rules::{ConnectionSnapshot, GatewaySnapshot, TableSnapshot};
use vpnroute_rules::{DestinationRoute, PolicyRoute, Quotas};
use vpnroute_rules::{GatewayFacts, TunnelMode, Weight};

/// `text` read into `value`; not generic, so that each type read adds only its own reader.
pub fn read_json(text: &str, value: &mut dyn FromJson) -> Result<(), Error> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
    };
    value.read(&mut reader)?;
    reader.skip_space();
    if reader.at < text.len() {
        return Err(Error::new("not JSON: text after the value"));
    }
    Ok(())
}

/// Why a text does not have the shape asked for: where, and what is wrong there.
#[derive(Debug)]
pub struct Error {
    /// The way from the outermost value in, innermost first: steps are added as the error
    /// travels out.
    steps: Vec<Step>,
    message: String,
}

#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

impl Error {
    fn new(message: impl Into<String>) -> Self {
        Error {
            steps: Vec::new(),
            message: message.into(),
        }
    }

    fn within(mut self, step: Step) -> Self {
        self.steps.push(step);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().rev().enumerate() {
            match step {
                Step::Key(key) if i == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        if !self.steps.is_empty() {
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The next value of the text: a scalar whole, or the opening of an array or object, whose
/// items are read next with [`Reader::items`] or [`Reader::entries`].
enum Token<'a> {
    Null,
    Bool(bool),
    /// As written: errors quote it, and no float is ever parsed.
    Number(&'a str),
    /// Borrowed from the text unless it holds escapes.
    Text(Cow<'a, str>),
    /// A string with a lone UTF-16 surrogate, which no Rust string holds. Refused where a
    /// string is read; serde_json skips it in the values of unknown keys, and so does this.
    Unpaired,
    List,
    Object,
}

/// How an error names a value it found. Strings are quoted as the engine's messages quote
/// them, cut short so that an error never repeats a megabyte of input; numbers are shown
/// whole, as `JSON.stringify` writes none longer than 25 characters.
impl fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Token::Null => "null",
            Token::Bool(true) => "true",
            Token::Bool(false) => "false",
            Token::Number(number) => number,
            Token::Unpaired => "a string with a lone UTF-16 surrogate",
            Token::List => "an array",
            Token::Object => "an object",
            Token::Text(text) => return Quoted(text).fmt(f),
        };
        f.write_str(text)
    }
}

fn mismatch(expected: &str, found: &Token<'_>) -> Error {
    Error::new(format!("expected {expected}, found {found}"))
}

fn not_json(what: &str) -> Error {
    Error::new(format!("not JSON: {what}"))
}

/// What the engine's JSON lexer refused in a string or number.
fn lexer(error: json::JsonError) -> Error {
    not_json(error.reason())
}

/// How deep arrays and objects may nest: serde_json's limit, which also bounds the recursion
/// here (deeper input fails, it never exhausts the stack).
const MAX_DEPTH: u32 = 127;

/// A JSON text being read.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    /// Arrays and objects open around `at`.
    depth: u32,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        self.at += usize::from(hit);
        hit
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn token(&mut self) -> Result<Token<'a>, Error> {
        self.skip_space();
        let start = self.at;
        self.at += 1;
        match self.text.as_bytes().get(start) {
            Some(b'[') => Ok(Token::List),
            Some(b'{') => Ok(Token::Object),
            Some(b'"') => Ok(self.string()?.map_or(Token::Unpaired, Token::Text)),
            Some(b'-' | b'0'..=b'9') => {
                self.at = start;
                json::read_number(self.text, &mut self.at)
                    .map(Token::Number)
                    .map_err(lexer)
            }
            Some(b'n') => self.word("null", Token::Null),
            Some(b't') => self.word("true", Token::Bool(true)),
            Some(b'f') => self.word("false", Token::Bool(false)),
            _ => Err(not_json("expected a value")),
        }
    }

    /// `token` when `word` is next (its first byte is read).
    fn word(&mut self, word: &str, token: Token<'a>) -> Result<Token<'a>, Error> {
        if !self.text[self.at - 1..].starts_with(word) {
            return Err(not_json("expected a value"));
        }
        self.at += word.len() - 1;
        Ok(token)
    }

    /// Reads the items of an array or object up to `close`, after its opening, calling `item`
    /// with the position of each.
    fn items(
        &mut self,
        close: u8,
        item: &mut dyn FnMut(&mut Self, usize) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if self.depth == MAX_DEPTH {
            return Err(Error::new("nested more than 127 levels deep"));
        }
        self.depth += 1;
        self.skip_space();
        if !self.eat(close) {
            let mut index = 0;
            loop {
                item(self, index)?;
                index += 1;
                self.skip_space();
                if self.eat(close) {
                    break;
                }
                if !self.eat(b',') {
                    return Err(not_json("expected , or a closing bracket"));
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads the entries of an object after its `{`, calling `entry` with each key (`None`
    /// for a key with a lone surrogate) when its value is next.
    fn entries(
        &mut self,
        entry: &mut dyn FnMut(&mut Self, Unescaped<'a>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.items(b'}', &mut |reader, _| {
            reader.skip_space();
            if !reader.eat(b'"') {
                return Err(not_json("expected a \"quoted\" key"));
            }
            let key = reader.string()?;
            reader.skip_space();
            if !reader.eat(b':') {
                return Err(not_json("expected : after a key"));
            }
            entry(reader, key)
        })
    }

    /// Reads past the next value, checking only that it is JSON.
    fn skip(&mut self) -> Result<(), Error> {
        match self.token()? {
            Token::List => self.items(b']', &mut |reader, _| reader.skip()),
            Token::Object => self.entries(&mut |reader, _| reader.skip()),
            _ => Ok(()),
        }
    }

    /// The rest of a string after its opening quote.
    fn string(&mut self) -> Result<Unescaped<'a>, Error> {
        json::read_string(self.text, &mut self.at).map_err(lexer)
    }

    /// Whether the next value is `null`, which is then read.
    fn null(&mut self) -> Result<bool, Error> {
        self.skip_space();
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        // After an `n`, the token is `null` or not JSON.
        self.token().map(|_| true)
    }

    /// A whole number from 0 to `max`: digits only, as serde_json reads a number without a
    /// fraction or exponent as an integer.
    fn whole(&mut self, max: u64) -> Result<u64, Error> {
        let token = self.token()?;
        let number = match token {
            Token::Number(text) => text.bytes().try_fold(0u64, |n, digit| {
                n.checked_mul(10)?
                    .checked_add(u64::from(digit.checked_sub(b'0').filter(|d| *d < 10)?))
            }),
            _ => None,
        };
        match number {
            Some(n) if n <= max => Ok(n),
            _ => Err(mismatch(&format!("a whole number from 0 to {max}"), &token)),
        }
    }
}

/// A type read from JSON, in the shape its serde attributes give it.
pub trait FromJson {
    /// The value before it is read: the default of a field that may be absent, else a
    /// placeholder that reading replaces.
    fn blank() -> Self
    where
        Self: Sized;

    /// Reads the next value of `reader` into `self`.
    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error>;
}

/// The fields of a struct, by their JSON names.
type Fields<'f> = [(&'static str, &'f mut dyn FromJson)];

/// Reads an object into `fields`; with `required`, each must be given, else each may be
/// absent. Unknown keys are skipped, as serde's derived readers skip them.
fn read_struct(
    reader: &mut Reader<'_>,
    fields: &mut Fields<'_>,
    required: bool,
) -> Result<(), Error> {
    match reader.token()? {
        Token::Object => {}
        other => return Err(mismatch("an object", &other)),
    }
    let mut given = 0u32;
    reader.entries(&mut |reader, key| {
        let key = key.ok_or_else(|| Error::new("a key holds a lone UTF-16 surrogate"))?;
        let Some(i) = fields.iter().position(|(name, _)| *name == key) else {
            return reader
                .skip()
                .map_err(|e| e.within(Step::Key(key.into_owned())));
        };
        let (name, field) = &mut fields[i];
        let at = || Step::Key((*name).to_owned());
        if given & 1 << i != 0 {
            return Err(Error::new("given twice").within(at()));
        }
        given |= 1 << i;
        field.read(reader).map_err(|e| e.within(at()))
    })?;
    match fields.iter().enumerate().find(|(i, _)| given & 1 << i == 0) {
        Some((_, (name, _))) if required => {
            Err(Error::new("required, but missing").within(Step::Key((*name).to_owned())))
        }
        _ => Ok(()),
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn blank() -> Self {
        Vec::new()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        match reader.token()? {
            // Each item is read in place (a local copy would need its own drop on error),
            // through `dyn`: inlined, each type's reader was copied into every list of it.
            Token::List => reader.items(b']', &mut |reader, index| {
                self.push(T::blank());
                match self.last_mut() {
                    Some(item) => read_item(item, reader, index),
                    None => Ok(()),
                }
            }),
            other => Err(mismatch("an array", &other)),
        }
    }
}

fn read_item(item: &mut dyn FromJson, reader: &mut Reader<'_>, index: usize) -> Result<(), Error> {
    item.read(reader).map_err(|e| e.within(Step::Index(index)))
}

/// `null` reads as `None`, as serde reads an `Option`.
impl<T: FromJson> FromJson for Option<T> {
    fn blank() -> Self {
        None
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        if reader.null()? {
            return Ok(());
        }
        let value: &mut dyn FromJson = self.insert(T::blank());
        value.read(reader)
    }
}

/// The next string of `reader`.
fn text<'a>(reader: &mut Reader<'a>) -> Result<Cow<'a, str>, Error> {
    match reader.token()? {
        Token::Text(text) => Ok(text),
        Token::Unpaired => Err(Error::new(
            "the string holds a lone UTF-16 surrogate, which is not text",
        )),
        other => Err(mismatch("a string", &other)),
    }
}

impl FromJson for String {
    fn blank() -> Self {
        String::new()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        *self = text(reader)?.into_owned();
        Ok(())
    }
}

impl FromJson for bool {
    fn blank() -> Self {
        false
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        *self = match reader.token()? {
            Token::Bool(flag) => flag,
            other => return Err(mismatch("true or false", &other)),
        };
        Ok(())
    }
}

impl FromJson for u8 {
    fn blank() -> Self {
        0
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        // Within the bound, the cast is exact.
        *self = reader.whole(u8::MAX.into())? as u8;
        Ok(())
    }
}

impl FromJson for usize {
    fn blank() -> Self {
        0
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        // Within the bound, the cast is exact.
        *self = reader.whole(usize::MAX as u64)? as usize;
        Ok(())
    }
}

/// As ipnet's serde reads it, which is its `FromStr`: host bits are allowed.
impl FromJson for Ipv4Net {
    fn blank() -> Self {
        Ipv4Net::default()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let text = text(reader)?;
        match parse_cidr_lenient(&text) {
            Some(net) => *self = net,
            None => {
                let found = Token::Text(text);
                return Err(Error::new(format!(
                    "{found} is not a CIDR block such as 10.0.0.0/24"
                )));
            }
        }
        Ok(())
    }
}

/// As its serde attributes read it: the number 0 or 100.
impl FromJson for Weight {
    fn blank() -> Self {
        Weight::Standby
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let start = reader.at;
        *self = match reader.whole(100) {
            Ok(0) => Weight::Standby,
            Ok(100) => Weight::Active,
            _ => {
                reader.at = start;
                return Err(mismatch("100 (active) or 0 (standby)", &reader.token()?));
            }
        };
        Ok(())
    }
}

impl FromJson for TunnelMode {
    fn blank() -> Self {
        TunnelMode::Single
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        *self = match reader.token()? {
            Token::Text(name) if name == "single" => TunnelMode::Single,
            Token::Text(name) if name == "dual" => TunnelMode::Dual,
            other => return Err(mismatch("\"single\" or \"dual\"", &other)),
        };
        Ok(())
    }
}

impl FromJson for RouteType {
    fn blank() -> Self {
        RouteType::Dbr
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        *self = match reader.token()? {
            Token::Text(name) if name == "dbr" => RouteType::Dbr,
            Token::Text(name) if name == "pbr" => RouteType::Pbr,
            other => return Err(mismatch("\"dbr\" or \"pbr\"", &other)),
        };
        Ok(())
    }
}

impl FromJson for PublishedRoute {
    fn blank() -> Self {
        PublishedRoute {
            route_type: RouteType::Dbr,
            route_dest: Ipv4Net::default(),
            next_hop: String::new(),
        }
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("RouteType", &mut self.route_type),
            ("RouteDest", &mut self.route_dest),
            ("NextHop", &mut self.next_hop),
        ];
        read_struct(reader, fields, true)
    }
}

impl FromJson for GatewayFacts {
    fn blank() -> Self {
        GatewayFacts::default()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("tunnelMode", &mut self.tunnel_mode),
            ("supportsPriority", &mut self.supports_priority),
            ("shangmi", &mut self.shangmi),
        ];
        read_struct(reader, fields, false)
    }
}

impl FromJson for DestinationRoute {
    fn blank() -> Self {
        DestinationRoute {
            route_dest: Ipv4Net::default(),
            next_hop: String::new(),
            weight: Weight::Standby,
        }
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("RouteDest", &mut self.route_dest),
            ("NextHop", &mut self.next_hop),
            ("Weight", &mut self.weight),
        ];
        read_struct(reader, fields, true)
    }
}

impl FromJson for PolicyRoute {
    fn blank() -> Self {
        PolicyRoute {
            route_source: Ipv4Net::default(),
            route_dest: Ipv4Net::default(),
            next_hop: String::new(),
            weight: Weight::Standby,
            priority: 0,
        }
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("RouteSource", &mut self.route_source),
            ("RouteDest", &mut self.route_dest),
            ("NextHop", &mut self.next_hop),
            ("Weight", &mut self.weight),
            ("Priority", &mut self.priority),
        ];
        read_struct(reader, fields, true)
    }
}

impl FromJson for BgpRoute {
    fn blank() -> Self {
        BgpRoute {
            route_dest: Ipv4Net::default(),
            next_hop: String::new(),
        }
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("RouteDest", &mut self.route_dest),
            ("NextHop", &mut self.next_hop),
        ];
        read_struct(reader, fields, true)
    }
}

impl FromJson for RouteTable {
    fn blank() -> Self {
        RouteTable::default()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("policyRoutes", &mut self.policy_routes),
            ("destinationRoutes", &mut self.destination_routes),
            ("bgpRoutes", &mut self.bgp_routes),
        ];
        read_struct(reader, fields, false)
    }
}

impl FromJson for Quotas {
    fn blank() -> Self {
        Quotas::default()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("destinationRoutes", &mut self.destination_routes),
            ("policyRoutes", &mut self.policy_routes),
            ("connections", &mut self.connections),
            ("vcoRoutes", &mut self.vco_routes),
            ("subnetsPerSide", &mut self.subnets_per_side),
        ];
        read_struct(reader, fields, true)
    }
}

impl FromJson for GatewaySnapshot {
    fn blank() -> Self {
        GatewaySnapshot::default()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("vpnGatewayId", &mut self.vpn_gateway_id),
            ("facts", &mut self.facts),
            ("connections", &mut self.connections),
            ("destinationRoutes", &mut self.destination_routes),
            ("policyRoutes", &mut self.policy_routes),
            ("tunnelCidrs", &mut self.tunnel_cidrs),
            ("bgpRoutes", &mut self.bgp_routes),
            ("published", &mut self.published),
            ("partial", &mut self.partial),
        ];
        read_struct(reader, fields, false)
    }
}

impl FromJson for ConnectionSnapshot {
    fn blank() -> Self {
        ConnectionSnapshot::default()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("vpnConnectionId", &mut self.vpn_connection_id),
            ("facts", &mut self.facts),
            ("routes", &mut self.routes),
            ("partial", &mut self.partial),
        ];
        read_struct(reader, fields, false)
    }
}

impl FromJson for TableSnapshot {
    fn blank() -> Self {
        TableSnapshot::default()
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("gateways", &mut self.gateways),
            ("connections", &mut self.connections),
            ("quotas", &mut self.quotas),
        ];
        read_struct(reader, fields, false)
    }
}

/// As its serde attributes read it, with `from` and `to` every address when left out; what
/// it asks is checked by the caller (`Intent::expectation`).
impl FromJson for Intent {
    fn blank() -> Self {
        Intent {
            name: String::new(),
            gateway: String::new(),
            from: Ipv4Net::default(),
            to: Ipv4Net::default(),
            via: None,
            backup: None,
            never_via: None,
            routed: None,
        }
    }

    fn read(&mut self, reader: &mut Reader<'_>) -> Result<(), Error> {
        let fields: &mut Fields<'_> = &mut [
            ("name", &mut self.name),
            ("gateway", &mut self.gateway),
            ("from", &mut self.from),
            ("to", &mut self.to),
            ("via", &mut self.via),
            ("backup", &mut self.backup),
            ("never_via", &mut self.never_via),
            ("routed", &mut self.routed),
        ];
        read_struct(reader, fields, false)?;
        if self.gateway.is_empty() {
            return Err(Error::new("required, but missing").within(Step::Key("gateway".to_owned())));
        }
        Ok(())
    }
}
