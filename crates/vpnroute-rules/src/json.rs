//! A reader for the flat JSON objects that `IkeConfig`, `IpsecConfig`, `BgpConfig` and
//! `HealthCheckConfig` carry as strings.
//!
//! Why not serde_json: these values are flat objects of scalars, and the npm package's wasm
//! must stay within 150 KB; serde_json's number and map machinery would take a large share
//! of it. This reader keeps each value's text and kind and never panics on any input.

/// A scalar JSON value, kept as text: `"86400"` and `86400` both read as `86400`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonScalar {
    Text(String),
    Number(String),
    Bool(bool),
    Null,
}

impl JsonScalar {
    /// The value as the wire would carry it: strings unquoted, numbers and booleans as text.
    pub fn as_text(&self) -> String {
        match self {
            JsonScalar::Text(t) | JsonScalar::Number(t) => t.clone(),
            JsonScalar::Bool(b) => b.to_string(),
            JsonScalar::Null => String::new(),
        }
    }
}

/// Why a text is not a flat JSON object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem.
    pub at: usize,
    pub reason: &'static str,
}

/// Reads `{"Key": value, ...}` where every value is a string, number, boolean or null.
/// Keys keep their order; a repeated key keeps both entries.
pub fn parse_flat_object(text: &str) -> Result<Vec<(String, JsonScalar)>, JsonError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    reader.skip_space();
    reader.expect(b'{', "a JSON object must start with {")?;
    let mut entries = Vec::new();
    reader.skip_space();
    if reader.eat(b'}') {
        return reader.end(entries);
    }
    loop {
        reader.skip_space();
        let key = reader.string()?;
        reader.skip_space();
        reader.expect(b':', "expected : after a key")?;
        reader.skip_space();
        let value = reader.scalar()?;
        entries.push((key, value));
        reader.skip_space();
        if reader.eat(b',') {
            continue;
        }
        reader.expect(b'}', "expected , or } after a value")?;
        return reader.end(entries);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, reason: &'static str) -> Result<T, JsonError> {
        Err(JsonError {
            at: self.at,
            reason,
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let hit = self.peek() == Some(byte);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), JsonError> {
        if self.eat(byte) {
            Ok(())
        } else {
            self.fail(reason)
        }
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn end<T>(&mut self, value: T) -> Result<T, JsonError> {
        self.skip_space();
        if self.at == self.bytes.len() {
            Ok(value)
        } else {
            self.fail("unexpected text after the object")
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.expect(b'"', "expected a \"quoted\" string")?;
        let mut out = String::new();
        loop {
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // `start..at` ends before an ASCII byte or at the end, so it is a char boundary.
            out.push_str(&self.text[start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    out.push(self.escape()?);
                }
                Some(_) => return self.fail("control character inside a string"),
                None => return self.fail("unterminated string"),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(b) = self.peek() else {
            return self.fail("unterminated escape");
        };
        self.at += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if !(self.eat(b'\\') && self.eat(b'u')) {
                        return self.fail("lone surrogate in \\u escape");
                    }
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return self.fail("lone surrogate in \\u escape");
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    return char::from_u32(code)
                        .map_or_else(|| self.fail("invalid \\u escape"), Ok);
                }
                return char::from_u32(high)
                    .map_or_else(|| self.fail("lone surrogate in \\u escape"), Ok);
            }
            _ => return self.fail("unknown escape"),
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or(JsonError {
            at: self.at,
            reason: "short \\u escape",
        })?;
        let mut value = 0u32;
        for &d in digits {
            let nibble = (d as char).to_digit(16).ok_or(JsonError {
                at: self.at,
                reason: "bad hex digit in \\u escape",
            })?;
            value = value * 16 + nibble;
        }
        self.at += 4;
        Ok(value)
    }

    fn scalar(&mut self) -> Result<JsonScalar, JsonError> {
        match self.peek() {
            Some(b'"') => self.string().map(JsonScalar::Text),
            Some(b't') => self.word("true", JsonScalar::Bool(true)),
            Some(b'f') => self.word("false", JsonScalar::Bool(false)),
            Some(b'n') => self.word("null", JsonScalar::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'{' | b'[') => self.fail("nested objects and arrays are not allowed here"),
            _ => self.fail("expected a value"),
        }
    }

    fn word(&mut self, word: &'static str, value: JsonScalar) -> Result<JsonScalar, JsonError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail("expected a value")
        }
    }

    fn number(&mut self) -> Result<JsonScalar, JsonError> {
        let start = self.at;
        self.eat(b'-');
        let digits = |r: &mut Self| {
            let from = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at > from
        };
        if !digits(self) {
            return self.fail("expected digits");
        }
        if self.eat(b'.') && !digits(self) {
            return self.fail("expected digits after .");
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if !digits(self) {
                return self.fail("expected digits in the exponent");
            }
        }
        Ok(JsonScalar::Number(self.text[start..self.at].to_owned()))
    }
}

/// Writes a flat JSON object, as `JSON.stringify` would for these scalars.
pub fn write_object(entries: &[(&str, JsonScalar)]) -> String {
    let mut out = String::from("{");
    for (i, (key, value)) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, key);
        out.push(':');
        match value {
            JsonScalar::Text(text) => write_string(&mut out, text),
            JsonScalar::Number(number) => out.push_str(number),
            JsonScalar::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
            JsonScalar::Null => out.push_str("null"),
        }
    }
    out.push('}');
    out
}

/// `text` as a JSON string literal (which Python reads back as the same string too).
pub fn quoted(text: &str) -> String {
    let mut out = String::new();
    write_string(&mut out, text);
    out
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The JSON config `text` with `key` set to `value`, typed by the key's kind (integers as
/// numbers, booleans as booleans, the rest as strings), or without `key` when `value` is
/// empty. `None` when `text` is not a flat object, which only a raw edit can mend. This is
/// how the console's sub-forms edit `IkeConfig` and its kin.
pub fn with_key(text: &str, key: &crate::field::FieldSpec, value: &str) -> Option<String> {
    use crate::field::FieldKind;
    let mut entries = if text.trim().is_empty() {
        Vec::new()
    } else {
        parse_flat_object(text).ok()?
    };
    let typed = match key.kind {
        FieldKind::Integer { .. } | FieldKind::Asn
            if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) =>
        {
            JsonScalar::Number(value.to_owned())
        }
        FieldKind::Boolean if value.eq_ignore_ascii_case("true") => JsonScalar::Bool(true),
        FieldKind::Boolean if value.eq_ignore_ascii_case("false") => JsonScalar::Bool(false),
        _ => JsonScalar::Text(value.to_owned()),
    };
    match entries.iter().position(|(k, _)| k == key.name) {
        Some(at) if value.is_empty() => {
            entries.remove(at);
        }
        Some(at) => entries[at].1 = typed,
        None if value.is_empty() => {}
        None => entries.push((key.name.to_owned(), typed)),
    }
    if entries.is_empty() {
        return Some(String::new());
    }
    let borrowed: Vec<(&str, JsonScalar)> = entries
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    Some(write_object(&borrowed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::create_vpn_connection::IKE_KEYS;

    fn key(name: &str) -> &'static crate::field::FieldSpec {
        IKE_KEYS.iter().find(|k| k.name == name).unwrap()
    }

    #[test]
    fn with_key_types_values_keeps_order_and_removes_empty_ones() {
        let text = with_key("", key("Psk"), "secret").unwrap();
        let text = with_key(&text, key("IkeLifetime"), "86400").unwrap();
        assert_eq!(text, r#"{"Psk":"secret","IkeLifetime":86400}"#);
        let text = with_key(&text, key("Psk"), "other").unwrap();
        assert_eq!(text, r#"{"Psk":"other","IkeLifetime":86400}"#);
        let text = with_key(&text, key("IkeLifetime"), "a day").unwrap();
        assert_eq!(
            text, r#"{"Psk":"other","IkeLifetime":"a day"}"#,
            "a bad number stays for the rules to report"
        );
        let text = with_key(&text, key("Psk"), "").unwrap();
        let text = with_key(&text, key("IkeLifetime"), "").unwrap();
        assert_eq!(text, "", "no keys, no config");
        assert_eq!(with_key("{not json", key("Psk"), "x"), None);
    }
}
