//! Structured inputs (snapshots, route tables, gateway facts) read from JS values by serde.
//!
//! Why not serde-wasm-bindgen: its errors print the unexpected value with serde's own
//! `Display`, which formats floats, and float printing alone was about 20 KB of the `.wasm`.
//! Here a number with a fraction is described, not printed.

use js_sys::{Array, Object};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Unexpected, Visitor};
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};

/// `value` read as `T`.
pub fn from_js<T: de::DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Reader(value))
}

/// Why a JS value does not have the shape asked for.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }

    fn invalid_type(found: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Error(format!(
            "invalid type: {}, expected {expected}",
            describe(found)
        ))
    }

    fn invalid_value(found: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Error(format!(
            "invalid value: {}, expected {expected}",
            describe(found)
        ))
    }
}

/// How an error names what it found; serde's own wording, except that floats are not printed.
fn describe(found: Unexpected<'_>) -> String {
    match found {
        Unexpected::Bool(flag) => format!("boolean `{flag}`"),
        Unexpected::Unsigned(n) => format!("integer `{n}`"),
        Unexpected::Signed(n) => format!("integer `{n}`"),
        Unexpected::Float(_) => "a number with a fraction".to_owned(),
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(text) => format!("string {text:?}"),
        Unexpected::Bytes(_) => "byte array".to_owned(),
        Unexpected::Unit => "null".to_owned(),
        Unexpected::Option => "optional value".to_owned(),
        Unexpected::NewtypeStruct => "newtype struct".to_owned(),
        Unexpected::Seq => "array".to_owned(),
        Unexpected::Map => "object".to_owned(),
        Unexpected::Enum => "enum".to_owned(),
        Unexpected::UnitVariant => "unit variant".to_owned(),
        Unexpected::NewtypeVariant => "newtype variant".to_owned(),
        Unexpected::TupleVariant => "tuple variant".to_owned(),
        Unexpected::StructVariant => "struct variant".to_owned(),
        Unexpected::Other(other) => other.to_owned(),
    }
}

/// One JS value being read.
struct Reader(JsValue);

/// A JS value as serde sees it. Working it out is kept out of `deserialize_any`, which is
/// compiled once per type read: there it would be repeated in every copy.
enum Shape {
    Nothing,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    List(Items),
    Object(Entries),
    Other,
}

impl Shape {
    #[inline(never)]
    fn of(value: JsValue) -> Shape {
        if value.is_null() || value.is_undefined() {
            Shape::Nothing
        } else if let Some(flag) = value.as_bool() {
            Shape::Bool(flag)
        } else if let Some(number) = value.as_f64() {
            // Whole numbers are integers for serde: `Weight: 100` reads as a u8.
            if number.fract() != 0.0 {
                Shape::Float(number)
            } else if (0.0..18_446_744_073_709_551_616.0).contains(&number) {
                Shape::Unsigned(number as u64)
            } else if number >= -9_223_372_036_854_775_808.0 {
                Shape::Signed(number as i64)
            } else {
                Shape::Float(number)
            }
        } else if let Some(text) = value.as_string() {
            Shape::Text(text)
        } else if Array::is_array(&value) {
            let items: Array = value.unchecked_into();
            Shape::List(Items {
                count: items.length(),
                items,
                next: 0,
            })
        } else if value.is_object() {
            // Fields set to undefined count as absent, as in JavaScript's own spreads.
            let entries = Object::entries(value.unchecked_ref())
                .iter()
                .map(|entry| {
                    let entry: Array = entry.unchecked_into();
                    (entry.get(0), entry.get(1))
                })
                .filter(|(_, value)| !value.is_undefined())
                .collect::<Vec<_>>();
            Shape::Object(Entries {
                entries: entries.into_iter(),
                value: None,
            })
        } else {
            Shape::Other
        }
    }
}

impl Shape {
    /// How an error names a value of this shape, as serde's own visitors would.
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Shape::Nothing => Unexpected::Unit,
            Shape::Bool(flag) => Unexpected::Bool(*flag),
            Shape::Unsigned(n) => Unexpected::Unsigned(*n),
            Shape::Signed(n) => Unexpected::Signed(*n),
            Shape::Float(n) => Unexpected::Float(*n),
            Shape::Text(text) => Unexpected::Str(text),
            Shape::List(_) => Unexpected::Seq,
            Shape::Object(_) => Unexpected::Map,
            Shape::Other => Unexpected::Other("a value that is not JSON"),
        }
    }

    #[inline(never)]
    fn mismatch(&self, expected: &dyn de::Expected) -> Error {
        de::Error::invalid_type(self.unexpected(), expected)
    }
}

impl Reader {
    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Shape::of(self.0) {
            Shape::Unsigned(n) => visitor.visit_u64(n),
            Shape::Signed(n) => visitor.visit_i64(n),
            Shape::Float(n) => visitor.visit_f64(n),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn text<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Shape::of(self.0) {
            Shape::Text(text) => visitor.visit_string(text),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn list<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Shape::of(self.0) {
            Shape::List(items) => visitor.visit_seq(items),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn object<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Shape::of(self.0) {
            Shape::Object(entries) => visitor.visit_map(entries),
            other => Err(other.mismatch(&visitor)),
        }
    }
}

/// Each typed method hands its visitor only the shape it asked for; anything else is the
/// error serde's visitor would give. Going through `deserialize_any` for everything links
/// every path of every derived visitor (a struct read from an array, a field name from a
/// number), which was most of this module's share of the `.wasm`.
macro_rules! read_as {
    ($reader:ident: $($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                self.$reader(visitor)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for Reader {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Shape::of(self.0) {
            Shape::Nothing => visitor.visit_unit(),
            Shape::Bool(flag) => visitor.visit_bool(flag),
            Shape::Unsigned(n) => visitor.visit_u64(n),
            Shape::Signed(n) => visitor.visit_i64(n),
            Shape::Float(n) => visitor.visit_f64(n),
            Shape::Text(text) => visitor.visit_string(text),
            Shape::List(items) => visitor.visit_seq(items),
            Shape::Object(entries) => visitor.visit_map(entries),
            other @ Shape::Other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Shape::of(self.0) {
            Shape::Bool(flag) => visitor.visit_bool(flag),
            other => Err(other.mismatch(&visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match Shape::of(self.0) {
            Shape::Nothing => visitor.visit_unit(),
            other => Err(other.mismatch(&visitor)),
        }
    }

    read_as! { number: deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
    deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64 }
    read_as! { text: deserialize_char deserialize_str deserialize_string deserialize_identifier }
    read_as! { list: deserialize_seq }
    read_as! { object: deserialize_map }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.list(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.list(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.object(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(variant) => visitor.visit_enum(variant.into_deserializer()),
            None => Err(de::Error::invalid_type(
                Unexpected::Other("a value that is not a string"),
                &visitor,
            )),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf unit_struct ignored_any
    }
}

struct Items {
    items: Array,
    count: u32,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next == self.count {
            return Ok(None);
        }
        self.next += 1;
        seed.deserialize(Reader(self.items.get(self.next - 1)))
            .map(Some)
    }
}

struct Entries {
    entries: std::vec::IntoIter<(JsValue, JsValue)>,
    value: Option<JsValue>,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(Reader(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Reader(self.value.take().unwrap_or(JsValue::UNDEFINED)))
    }
}
