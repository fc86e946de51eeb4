//! Every sentence the engine shows, as data: one catalog per language, each a sorted table of
//! `(key, template)`. Diagnostics, field help and code explanations name their sentence by key
//! and carry the values to fill in, so any caller can show them in either language.
//!
//! Keys: a rule's id for its message, and `<rule id>.<variant>` where a rule says more than one
//! thing; `field.<Field>` for help that every operation shares (`field.<Field>.<variant>` where
//! it differs between them) and `field.<Operation>.<Field>` for one operation's own;
//! `code.<Code>.meaning` and `.action` for the service's codes; `json.<problem>` for why a text
//! is not a flat JSON object; `part.<name>` for pieces that other templates take in.
//!
//! A template names its values `{name}`. `{@name}` takes in the template whose key is the
//! value of `name`, filled from the same values: the pieces of a sentence that vary (which
//! table a route is in, why a packet went where it did) are sentences of their own, so each
//! language orders them its way.

mod en;
mod zh_cn;

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// A language the catalogs are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese, in the words of Alibaba Cloud's Chinese console.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The language for a BCP 47 tag such as `zh-CN`, `zh-Hans-SG` or `en-US`, any letter case.
    /// Chinese is Simplified Chinese unless the tag asks for Traditional characters (`Hant`,
    /// or Taiwan, Hong Kong or Macao without a script), which this catalog would not serve;
    /// every other tag, and none, is English.
    pub fn from_tag(tag: &str) -> Lang {
        let mut subtags = tag.trim().split(['-', '_']);
        if !subtags.next().is_some_and(|l| l.eq_ignore_ascii_case("zh")) {
            return Lang::En;
        }
        for subtag in subtags {
            if subtag.eq_ignore_ascii_case("hans") {
                return Lang::ZhCn;
            }
            if ["hant", "tw", "hk", "mo"]
                .iter()
                .any(|t| subtag.eq_ignore_ascii_case(t))
            {
                return Lang::En;
            }
        }
        Lang::ZhCn
    }

    /// The tag this language is written as: `en` or `zh-CN`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's catalog: `(key, template)` sorted by key.
    pub fn catalog(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => en::CATALOG,
            Lang::ZhCn => zh_cn::CATALOG,
        }
    }
}

/// The values a message is filled with, by placeholder name, in the order they were given.
pub type Args = Vec<(Cow<'static, str>, String)>;

/// A message as data: its catalog key and its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub key: Cow<'static, str>,
    pub args: Args,
}

impl Message {
    pub fn new(key: impl Into<Cow<'static, str>>) -> Self {
        Message {
            key: key.into(),
            args: Vec::new(),
        }
    }

    /// Adds the value of `{name}`, as the value displays.
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((Cow::Borrowed(name), value.to_string()));
        self
    }
}

/// A [`Message`] of a key known when the crate is compiled, with a value for each of its
/// template's placeholders: `message!("text-url-prefix", field = field, scheme = scheme)`.
/// A key the English catalog lacks, or names that are not its template's placeholders, fail
/// the build.
macro_rules! message {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {{
        const _: () = assert!(
            $crate::messages::fits($key, &[$(stringify!($name)),*]),
            concat!("the values given for `", $key, "` are not its English template's placeholders")
        );
        $crate::messages::Message::new($key)$(.arg(stringify!($name), $value))*
    }};
}
pub(crate) use message;

/// The template of `key` in `lang`, else in English.
pub fn template(lang: Lang, key: &str) -> Option<&'static str> {
    lookup(lang.catalog(), key).or_else(|| lookup(en::CATALOG, key))
}

/// The text of `key` in `catalog`, a list of (key, text) sorted by key, as every catalog of
/// the engine and the console is.
pub fn lookup(catalog: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    catalog
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|at| catalog[at].1)
}

/// A text without placeholders (field help, code explanations) in `lang`; the key itself when
/// no catalog has it.
pub fn text(lang: Lang, key: &'static str) -> &'static str {
    template(lang, key).unwrap_or(key)
}

/// How deep `{@name}` takes templates into each other; deeper references are left as written,
/// so that arguments from outside (a deserialized diagnostic) cannot make rendering loop.
const MAX_DEPTH: u8 = 4;

/// The template of `key` in `lang` (else English) with its placeholders filled from `args`.
/// A placeholder without a value is left as written; an unknown key renders as itself.
pub fn render(lang: Lang, key: &str, args: &[(Cow<'static, str>, String)]) -> String {
    let Some(template) = template(lang, key) else {
        return key.to_owned();
    };
    let room = template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>();
    let mut out = String::with_capacity(room);
    fill(&mut out, lang, template, args, 0);
    out
}

fn value<'a>(args: &'a [(Cow<'static, str>, String)], name: &str) -> Option<&'a str> {
    args.iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn fill(out: &mut String, lang: Lang, text: &str, args: &[(Cow<'static, str>, String)], depth: u8) {
    let mut rest = text;
    while let Some((before, placeholder, after)) = next_placeholder(rest) {
        out.push_str(before);
        let written = &rest[before.len()..rest.len() - after.len()];
        match (placeholder, value(args, placeholder.name)) {
            (Placeholder { nested: true, .. }, Some(key)) if depth < MAX_DEPTH => {
                match template(lang, key) {
                    Some(inner) => fill(out, lang, inner, args, depth + 1),
                    None => out.push_str(key),
                }
            }
            (Placeholder { nested: false, .. }, Some(value)) => out.push_str(value),
            _ => out.push_str(written),
        }
        rest = after;
    }
    out.push_str(rest);
}

/// One `{name}` or `{@name}` of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placeholder<'t> {
    pub name: &'t str,
    /// `{@name}`: the value is the key of a template to take in.
    pub nested: bool,
}

/// Placeholder names are lower-case words joined by `_`, so a brace in a sentence is text.
fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The text before the first placeholder of `text`, the placeholder, and the text after it.
fn next_placeholder(text: &str) -> Option<(&str, Placeholder<'_>, &str)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|at| from + at) {
        let inner = &text[open + 1..];
        if let Some(close) = inner.find('}') {
            let written = &inner[..close];
            let (nested, name) = match written.strip_prefix('@') {
                Some(name) => (true, name),
                None => (false, written),
            };
            if is_name(name) {
                return Some((
                    &text[..open],
                    Placeholder { name, nested },
                    &inner[close + 1..],
                ));
            }
        }
        from = open + 1;
    }
    None
}

/// Every placeholder of `template`, in order.
pub fn placeholders(template: &str) -> Vec<Placeholder<'_>> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some((_, placeholder, after)) = next_placeholder(rest) {
        found.push(placeholder);
        rest = after;
    }
    found
}

/// The placeholders of `key`'s template in `lang`, and of every template it takes in through
/// `args`, that `args` has no value for.
pub fn missing_args(lang: Lang, key: &str, args: &[(Cow<'static, str>, String)]) -> Vec<String> {
    let mut missing = Vec::new();
    let mut keys = vec![(key.to_owned(), 0)];
    while let Some((key, depth)) = keys.pop() {
        let Some(template) = template(lang, &key) else {
            missing.push(format!("the template {key}"));
            continue;
        };
        for placeholder in placeholders(template) {
            match value(args, placeholder.name) {
                None => missing.push(placeholder.name.to_owned()),
                Some(inner) if placeholder.nested && depth < MAX_DEPTH => {
                    keys.push((inner.to_owned(), depth + 1))
                }
                Some(_) => {}
            }
        }
    }
    missing
}

/// The English text of `key`, found while compiling: a key the English catalog lacks fails the
/// build where it is named.
pub(crate) const fn english(key: &str) -> &'static str {
    match find(en::CATALOG, key) {
        Some(text) => text,
        None => panic!("a key that the English catalog lacks"),
    }
}

/// Whether `names` are exactly the placeholders of `key`'s English template (see `message!`).
pub(crate) const fn fits(key: &str, names: &[&str]) -> bool {
    let template = english(key).as_bytes();
    let mut at = 0;
    while let Some((start, end)) = placeholder_from(template, at) {
        if !names_it(names, template, start, end) {
            return false;
        }
        at = end;
    }
    let mut i = 0;
    while i < names.len() {
        if !mentions(template, names[i].as_bytes()) {
            return false;
        }
        i += 1;
    }
    true
}

/// Where the name of the first placeholder at or after `at` starts and ends (the `@` of a
/// nested one left out), as `next_placeholder` reads it.
const fn placeholder_from(template: &[u8], mut at: usize) -> Option<(usize, usize)> {
    while at < template.len() {
        if template[at] == b'{' {
            let mut start = at + 1;
            if start < template.len() && template[start] == b'@' {
                start += 1;
            }
            let mut end = start;
            while end < template.len()
                && (template[end].is_ascii_lowercase() || template[end] == b'_')
            {
                end += 1;
            }
            if end > start && end < template.len() && template[end] == b'}' {
                return Some((start, end));
            }
        }
        at += 1;
    }
    None
}

/// Whether `template[start..end]` is one of `names`.
const fn names_it(names: &[&str], template: &[u8], start: usize, end: usize) -> bool {
    let mut i = 0;
    while i < names.len() {
        if same(names[i].as_bytes(), template, start, end) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether some placeholder of `template` is `name`.
const fn mentions(template: &[u8], name: &[u8]) -> bool {
    let mut at = 0;
    while let Some((start, end)) = placeholder_from(template, at) {
        if same(name, template, start, end) {
            return true;
        }
        at = end;
    }
    false
}

const fn same(name: &[u8], template: &[u8], start: usize, end: usize) -> bool {
    if name.len() != end - start {
        return false;
    }
    let mut j = 0;
    while j < name.len() {
        if name[j] != template[start + j] {
            return false;
        }
        j += 1;
    }
    true
}

/// Binary search of a sorted catalog, usable while compiling.
const fn find(catalog: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    let (mut low, mut high) = (0, catalog.len());
    while low < high {
        let middle = (low + high) / 2;
        match compare(catalog[middle].0.as_bytes(), key.as_bytes()) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Some(catalog[middle].1),
        }
    }
    None
}

/// Byte-wise order, as `str`'s `Ord` (which is not usable while compiling).
const fn compare(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            };
        }
        i += 1;
    }
    if a.len() < b.len() {
        std::cmp::Ordering::Less
    } else if a.len() > b.len() {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_choose_simplified_chinese_or_english() {
        for tag in [
            "zh",
            "zh-CN",
            "zh-cn",
            "ZH_CN",
            "zh-Hans",
            "zh-Hans-TW",
            "zh-SG",
            " zh-CN ",
        ] {
            assert_eq!(Lang::from_tag(tag), Lang::ZhCn, "{tag}");
        }
        for tag in [
            "", "en", "en-US", "fr-FR", "zh-TW", "zh-Hant", "zh-HK", "zhx", "chinese",
        ] {
            assert_eq!(Lang::from_tag(tag), Lang::En, "{tag}");
        }
        assert_eq!(Lang::default(), Lang::En);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), lang);
        }
    }

    #[test]
    fn rendering_fills_placeholders_and_takes_in_nested_templates() {
        let args: Args = vec![
            (
                Cow::Borrowed("route"),
                "10.0.0.0/24 via vco-a (active)".into(),
            ),
            (Cow::Borrowed("other"), "part.existing-route".into()),
            (
                Cow::Borrowed("twin"),
                "10.0.0.0/24 via vco-a (standby)".into(),
            ),
        ];
        assert_eq!(
            render(Lang::En, "route-duplicate", &args),
            "10.0.0.0/24 via vco-a (active) duplicates the existing route 10.0.0.0/24 via vco-a (standby)."
        );
        assert!(render(Lang::ZhCn, "route-duplicate", &args).contains("已有路由"));
        // Missing values and unknown keys stay visible rather than vanish.
        assert_eq!(
            render(Lang::En, "text-url-prefix", &args[..1]),
            "{field} may not start with {scheme}."
        );
        assert_eq!(render(Lang::ZhCn, "no-such-key", &args), "no-such-key");
        assert_eq!(
            missing_args(Lang::ZhCn, "text-url-prefix", &args),
            ["field", "scheme"]
        );
    }

    #[test]
    fn a_template_that_takes_itself_in_stops() {
        let args: Args = vec![(Cow::Borrowed("other"), "route-duplicate".into())];
        let text = render(Lang::En, "route-duplicate", &args);
        assert!(text.len() < 1000, "{text}");
    }

    #[test]
    fn braces_that_are_not_placeholders_are_text() {
        assert!(placeholders("{ a } {A} {} {@} {x-y}").is_empty());
        assert_eq!(
            placeholders("{a}{@b_c}"),
            [
                Placeholder {
                    name: "a",
                    nested: false
                },
                Placeholder {
                    name: "b_c",
                    nested: true
                }
            ]
        );
        assert!(fits("text-url-prefix", &["scheme", "field"]));
        assert!(!fits("text-url-prefix", &["field"]));
        assert!(!fits("text-url-prefix", &["field", "scheme", "extra"]));
    }
}
