//! The console's own words in each language it speaks, and the language the page is in. The
//! engine's words (diagnostics, field hints, code explanations) come from the engine's own
//! catalogs; these are the rest: the page's chrome. A catalog is plain data, sorted by key;
//! a test fails when a key is missing from either.

mod en;
pub mod routes;
mod zh_cn;

use gloo::storage::{LocalStorage, Storage};

use vpnroute_rules::messages;
pub use vpnroute_rules::Lang;

/// The language's name in itself, for the switch.
pub fn native_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::ZhCn => "简体中文",
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
    messages::lookup(catalog(lang), key).unwrap_or(key)
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
    if let Ok(Some(chosen)) = LocalStorage::raw().get_item(LANG_KEY) {
        return Lang::from_tag(&chosen);
    }
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map_or(Lang::En, |tag| Lang::from_tag(&tag))
}

/// Remembers `lang` for the next visit, as its bare tag (`zh-CN`), so that a test or an
/// embedding page can choose it the same way.
pub fn remember(lang: Lang) {
    // A full or disabled storage only means the choice is not kept.
    let _ = LocalStorage::raw().set_item(LANG_KEY, lang.tag());
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

    /// The placeholders of `text` as the engine reads a template, in name order.
    fn placeholders(text: &str) -> Vec<vpnroute_rules::messages::Placeholder<'_>> {
        let mut found = vpnroute_rules::messages::placeholders(text);
        found.sort_unstable();
        found
    }

    /// The keys the console's code asks for: the literal after each `t(lang, ` or
    /// `tf(lang, ` in its sources, with whether it is asked with arguments (`tf`). A key is
    /// always written out at its call, so that this scan sees every one.
    fn keys_used() -> Vec<(String, bool)> {
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
                let plain = source.split("t(").skip(1).map(|call| (call, false));
                let formatted = source.split("tf(").skip(1).map(|call| (call, true));
                for (call, with_args) in plain.chain(formatted) {
                    // Formatted calls put each argument on a line of its own.
                    let args = call.split(')').next().unwrap_or("");
                    let Some((before, after)) = args.split_once(',') else {
                        continue;
                    };
                    if before.trim().trim_start_matches('*') != "lang" {
                        continue;
                    }
                    let key = after.trim_start().strip_prefix('"');
                    if let Some((key, _)) = key.and_then(|rest| rest.split_once('"')) {
                        found.push((key.to_owned(), with_args));
                    }
                }
            }
        }
        found
    }

    #[test]
    fn the_catalogs_hold_exactly_the_keys_the_console_asks_for() {
        let used = keys_used();
        assert!(
            used.iter().any(|(k, _)| k == "app.tagline"),
            "the scan finds the console's keys: {used:?}"
        );
        let known = keys(en::TEXTS);
        let missing: Vec<&String> = used
            .iter()
            .map(|(k, _)| k)
            .filter(|k| !known.contains(&k.as_str()))
            .collect();
        assert!(missing.is_empty(), "keys without a text: {missing:?}");
        let unused: Vec<&str> = known
            .into_iter()
            .filter(|k| !used.iter().any(|(u, _)| u == k))
            .collect();
        assert!(unused.is_empty(), "texts nothing asks for: {unused:?}");
        // `t` fills in nothing: a placeholder in its text would be shown as it is written.
        let unfilled: Vec<&String> = used
            .iter()
            .filter(|(k, with_args)| {
                !with_args
                    && en::TEXTS
                        .iter()
                        .any(|(key, text)| key == k && !placeholders(text).is_empty())
            })
            .map(|(k, _)| k)
            .collect();
        assert!(
            unfilled.is_empty(),
            "texts with placeholders asked for without arguments: {unfilled:?}"
        );
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
