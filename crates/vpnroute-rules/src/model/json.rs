//! A reader for the flat JSON objects that `IkeConfig`, `IpsecConfig`, `BgpConfig` and
//! `HealthCheckConfig` carry as strings, and the project's one JSON string and number
//! lexer and string writer, which the npm facade's structured reader and writer share.
//!
//! Why not serde_json: these values are flat objects of scalars, and the npm package's wasm
//! must stay small; serde_json's number and map machinery would take a large share of it.
//! This reader keeps each value's text and kind and never panics on any input.

use crate::messages::{self, Lang};
use std::borrow::Cow;

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
    /// The problem's key in the message catalogs (`json.*`), so diagnostics can name it in
    /// any language.
    pub problem: &'static str,
}

impl JsonError {
    /// The problem in English.
    pub fn reason(&self) -> &'static str {
        messages::text(Lang::En, self.problem)
    }
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
    reader.expect(b'{', "json.no-opening-brace")?;
    let mut entries = Vec::new();
    reader.skip_space();
    if reader.eat(b'}') {
        return reader.end(entries);
    }
    loop {
        reader.skip_space();
        let key = reader.string()?;
        reader.skip_space();
        reader.expect(b':', "json.colon-expected")?;
        reader.skip_space();
        let value = reader.scalar()?;
        entries.push((key, value));
        reader.skip_space();
        if reader.eat(b',') {
            continue;
        }
        reader.expect(b'}', "json.comma-or-brace-expected")?;
        return reader.end(entries);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn fail<T>(&self, problem: &'static str) -> Result<T, JsonError> {
        Err(JsonError {
            at: self.at,
            problem,
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

    fn expect(&mut self, byte: u8, problem: &'static str) -> Result<(), JsonError> {
        if self.eat(byte) {
            Ok(())
        } else {
            self.fail(problem)
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
            self.fail("json.text-after-object")
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        let start = self.at;
        self.expect(b'"', "json.string-expected")?;
        match read_string(self.text, &mut self.at)? {
            Some(text) => Ok(text.into_owned()),
            None => Err(JsonError {
                at: start,
                problem: "json.lone-surrogate",
            }),
        }
    }

    fn scalar(&mut self) -> Result<JsonScalar, JsonError> {
        match self.peek() {
            Some(b'"') => self.string().map(JsonScalar::Text),
            Some(b't') => self.word("true", JsonScalar::Bool(true)),
            Some(b'f') => self.word("false", JsonScalar::Bool(false)),
            Some(b'n') => self.word("null", JsonScalar::Null),
            Some(b'-' | b'0'..=b'9') => read_number(self.text, &mut self.at)
                .map(|number| JsonScalar::Number(number.to_owned())),
            Some(b'{' | b'[') => self.fail("json.nested"),
            _ => self.fail("json.value-expected"),
        }
    }

    fn word(&mut self, word: &'static str, value: JsonScalar) -> Result<JsonScalar, JsonError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.fail("json.value-expected")
        }
    }
}

/// A string literal's text, borrowed unless it holds escapes; `None` when it holds a lone
/// UTF-16 surrogate, which no Rust string can.
pub type Unescaped<'a> = Option<Cow<'a, str>>;

/// Reads the rest of the string literal whose opening quote ends at `*at`, and moves `*at`
/// past its closing quote. Both JSON readers (this module's and the npm facade's) read
/// strings here, so they agree on every escape.
pub fn read_string<'a>(text: &'a str, at: &mut usize) -> Result<Unescaped<'a>, JsonError> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut paired = true;
    loop {
        let run = *at;
        while matches!(bytes.get(*at), Some(&byte) if byte != b'"' && byte != b'\\' && byte >= 0x20)
        {
            *at += 1;
        }
        // `run..at` ends before an ASCII byte or at the end: a char boundary.
        let plain = &text[run..*at];
        let byte = bytes.get(*at).copied();
        let fail = |problem| Err(JsonError { at: *at, problem });
        match byte {
            Some(b'"') => {
                *at += 1;
                return Ok(paired.then(|| match out {
                    None => Cow::Borrowed(plain),
                    Some(mut out) => {
                        out.push_str(plain);
                        Cow::Owned(out)
                    }
                }));
            }
            Some(b'\\') => {
                *at += 1;
                let out = out.get_or_insert_with(String::new);
                out.push_str(plain);
                paired &= read_escape(text, at, out)?;
            }
            Some(_) => return fail("json.control-character"),
            None => return fail("json.unclosed-string"),
        }
    }
}

/// Reads one escape after its `\` into `out`; false when it is a lone surrogate.
fn read_escape(text: &str, at: &mut usize, out: &mut String) -> Result<bool, JsonError> {
    let byte = text.as_bytes().get(*at).copied();
    let c = match byte {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            *at += 1;
            let unit = read_hex4(text, at)?;
            let code = if (0xD800..0xDC00).contains(&unit) && text[*at..].starts_with("\\u") {
                *at += 2;
                let low = read_hex4(text, at)?;
                if !(0xDC00..0xE000).contains(&low) {
                    return Ok(false);
                }
                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            } else {
                unit
            };
            // Only a surrogate is not a char here.
            return Ok(char::from_u32(code).map(|c| out.push(c)).is_some());
        }
        _ => {
            return Err(JsonError {
                at: *at,
                problem: "json.bad-escape",
            })
        }
    };
    *at += 1;
    out.push(c);
    Ok(true)
}

fn read_hex4(text: &str, at: &mut usize) -> Result<u32, JsonError> {
    let value = text.get(*at..*at + 4).and_then(|digits| {
        digits.chars().try_fold(0, |value, digit| {
            digit.to_digit(16).map(|nibble| value * 16 + nibble)
        })
    });
    let found = value.ok_or(JsonError {
        at: *at,
        problem: "json.bad-unicode-escape",
    })?;
    *at += 4;
    Ok(found)
}

/// Reads the number that starts at `*at` (`-`, digits without a leading zero, an optional
/// fraction and exponent), moves `*at` past it and returns it as written.
pub fn read_number<'a>(text: &'a str, at: &mut usize) -> Result<&'a str, JsonError> {
    let bytes = text.as_bytes();
    let start = *at;
    let eat = |at: &mut usize, byte: u8| {
        let hit = bytes.get(*at) == Some(&byte);
        *at += usize::from(hit);
        hit
    };
    let digits = |at: &mut usize| {
        let from = *at;
        while matches!(bytes.get(*at), Some(b'0'..=b'9')) {
            *at += 1;
        }
        *at - from
    };
    eat(at, b'-');
    let whole = *at;
    let count = digits(at);
    let fraction_ok = !eat(at, b'.') || digits(at) > 0;
    let exponent_ok = !(eat(at, b'e') || eat(at, b'E')) || {
        if !eat(at, b'+') {
            eat(at, b'-');
        }
        digits(at) > 0
    };
    let leading_zero = count > 1 && bytes[whole] == b'0';
    if count == 0 || leading_zero || !fraction_ok || !exponent_ok {
        return Err(JsonError {
            at: start,
            problem: "json.malformed-number",
        });
    }
    Ok(&text[start..*at])
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

/// Appends `text` as a JSON string literal, escaped byte for byte as serde_json and
/// `JSON.stringify` escape it.
pub fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'\n' => 'n',
            b'\r' => 'r',
            b'\t' => 't',
            0x08 => 'b',
            0x0c => 'f',
            0..=0x1f => 'u',
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push('\\');
        out.push(escape);
        if escape == 'u' {
            out.push_str("00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// The JSON config `text` with `key` set to `value`, typed by the key's kind (integers as
/// numbers, booleans as booleans, the rest as strings), or without `key` when `value` is
/// empty. `None` when `text` is not a flat object, which only a raw edit can mend. This is
/// how the console's sub-forms edit `IkeConfig` and its kin.
pub fn with_key(text: &str, key: &crate::model::field::FieldSpec, value: &str) -> Option<String> {
    use crate::model::field::FieldKind;
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

    fn key(name: &str) -> &'static crate::model::field::FieldSpec {
        IKE_KEYS.iter().find(|k| k.name == name).unwrap()
    }

    fn refusal(text: &str) -> (usize, &'static str) {
        let error = parse_flat_object(text).unwrap_err();
        (error.at, error.reason())
    }

    #[test]
    fn numbers_follow_json_grammar_on_both_sides_of_each_edge() {
        for number in ["0", "-0", "7", "86400", "0.5", "1e3", "1E+3", "2.5e-1"] {
            let text = format!(r#"{{"IkeLifetime":{number}}}"#);
            assert_eq!(
                parse_flat_object(&text).unwrap(),
                [(
                    "IkeLifetime".to_owned(),
                    JsonScalar::Number(number.to_owned())
                )],
                "{number}"
            );
        }
        for number in ["01", "-01", "-", "1.", "1e", "1e+", "-.5"] {
            let text = format!(r#"{{"IkeLifetime":{number}}}"#);
            assert_eq!(
                refusal(&text),
                (15, "a malformed number"),
                "{number} is not JSON"
            );
        }
    }

    #[test]
    fn escapes_and_surrogate_pairs_read_as_text_and_lone_surrogates_are_refused() {
        let read = parse_flat_object(r#"{"k":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}"#).unwrap();
        assert_eq!(
            read,
            [(
                "k".to_owned(),
                JsonScalar::Text("a\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1f600}".to_owned())
            )]
        );
        for lone in [r#""\ud83d""#, r#""\ude00""#, r#""\ud83d\u0041""#] {
            let text = format!(r#"{{"k":{lone}}}"#);
            assert_eq!(
                refusal(&text),
                (5, "a lone UTF-16 surrogate in a string"),
                "{lone}: the error points at the string's opening quote"
            );
        }
        assert_eq!(refusal(r#"{"k":"\x"}"#), (7, "a bad escape in a string"));
        assert_eq!(
            refusal(r#"{"k":"\u12g4"}"#),
            (8, "a bad \\u escape in a string")
        );
        assert_eq!(
            refusal(r#"{"k":"\u12"}"#),
            (8, "a bad \\u escape in a string")
        );
        assert_eq!(
            refusal("{\"k\":\"a\tb\"}"),
            (7, "a control character in a string")
        );
        assert_eq!(refusal(r#"{"k":"ab"#), (8, "a string that is not closed"));
    }

    #[test]
    fn written_strings_escape_as_serde_json_and_read_back_unchanged() {
        let text = "q\"b\\s/\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}é😀";
        let written = quoted(text);
        assert_eq!(
            written,
            r#""q\"b\\s/\b\f\n\r\t\u0000\u001f"#.to_owned() + "\u{7f}é😀\""
        );
        let mut at = 1;
        assert_eq!(
            read_string(&written, &mut at).unwrap().as_deref(),
            Some(text)
        );
        assert_eq!(at, written.len(), "the closing quote is read");
        let plain = r#""plain" tail"#;
        let mut at = 1;
        assert!(
            matches!(
                read_string(plain, &mut at),
                Ok(Some(Cow::Borrowed("plain")))
            ),
            "text without escapes is borrowed"
        );
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
