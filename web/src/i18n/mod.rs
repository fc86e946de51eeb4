//! The console's own words in each language it speaks, and the language the page is in. The
//! engine's words (diagnostics, field hints, code explanations) come from the engine's own
//! catalogs; these are the rest: the page's chrome. A catalog is plain data, sorted by key;
//! a test fails when a key is missing from either.

mod en;
mod zh_cn;

use gloo::storage::{LocalStorage, Storage};

/// The languages the console speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    ZhCn,
}

impl Lang {
    /// The BCP 47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = ();

    /// A BCP 47 tag: any Chinese one is Simplified Chinese, any English one English.
    fn from_str(tag: &str) -> Result<Lang, ()> {
        let primary = tag.get(..2).unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Ok(Lang::ZhCn)
        } else if primary.eq_ignore_ascii_case("en") {
            Ok(Lang::En)
        } else {
            Err(())
        }
    }
}

/// Where the chosen language is remembered.
const LANG_KEY: &str = "vpnroute.lang";

/// The catalog of `lang`.
fn catalog(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => en::TEXTS,
        Lang::ZhCn => zh_cn::TEXTS,
    }
}

/// The text of `key` in `lang`; the key itself when the catalogs lack it, which a test
/// forbids.
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let texts = catalog(lang);
    texts
        .binary_search_by(|(k, _)| k.cmp(&key))
        .map_or(key, |i| texts[i].1)
}

/// The text of `key` in `lang` with each `{name}` replaced by its value.
pub fn tf(lang: Lang, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    args.iter()
        .fold(t(lang, key).to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), &value.to_string())
        })
}

/// The language the page opens in: the one chosen before, else the browser's first.
pub fn initial() -> Lang {
    if let Ok(chosen) = LocalStorage::get::<String>(LANG_KEY) {
        return chosen.parse().unwrap_or_default();
    }
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|tag| tag.parse().ok())
        .unwrap_or_default()
}

/// Remembers `lang` for the next visit.
pub fn remember(lang: Lang) {
    let _ = LocalStorage::set(LANG_KEY, lang.tag());
}

thread_local! {
    /// The page's language. The app sets it and remounts the page when it changes, so every
    /// component reads it as it renders; a context would cost each reader a subscription.
    static LANG: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// Makes `lang` the page's language.
pub fn set_lang(lang: Lang) {
    LANG.with(|current| current.set(lang));
}

/// The language of the page.
pub fn current_lang() -> Lang {
    LANG.with(std::cell::Cell::get)
}

#[cfg(test)]
mod tests {
    use super::{en, zh_cn};

    fn keys(texts: &'static [(&'static str, &'static str)]) -> Vec<&'static str> {
        texts.iter().map(|(k, _)| *k).collect()
    }

    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    /// The keys the console's code asks for: the literal after each `t(lang, ` or
    /// `tf(lang, ` in its sources.
    fn keys_used() -> Vec<String> {
        let mut found = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                for call in source.split("t(").skip(1) {
                    let args = call.split(')').next().unwrap_or("");
                    let Some((before, after)) = args.split_once(", \"") else {
                        continue;
                    };
                    if before.trim_start_matches('*') != "lang" {
                        continue;
                    }
                    if let Some((key, _)) = after.split_once('"') {
                        found.push(key.to_owned());
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_key_the_console_asks_for_is_in_the_catalogs() {
        let used = keys_used();
        assert!(
            used.iter().any(|k| k == "app.tagline"),
            "the scan finds the console's keys: {used:?}"
        );
        let known = keys(en::TEXTS);
        let missing: Vec<&String> = used
            .iter()
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        assert!(missing.is_empty(), "keys without a text: {missing:?}");
    }

    #[test]
    fn both_catalogs_are_sorted_and_hold_the_same_keys_and_placeholders() {
        for texts in [en::TEXTS, zh_cn::TEXTS] {
            let mut sorted = keys(texts);
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(
                keys(texts),
                sorted,
                "a catalog is sorted by key, each key once"
            );
        }
        assert_eq!(
            keys(en::TEXTS),
            keys(zh_cn::TEXTS),
            "a key lacks a translation"
        );
        for ((key, english), (_, chinese)) in en::TEXTS.iter().zip(zh_cn::TEXTS) {
            assert_eq!(placeholders(english), placeholders(chinese), "{key}");
            assert!(!chinese.is_empty(), "{key} is empty in zh-CN");
        }
    }
}
