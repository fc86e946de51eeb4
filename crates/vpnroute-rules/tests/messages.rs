//! The message catalogs are complete: every language has every key, sorted and once, with the
//! same placeholders as English; every rule, field and explained code has its entries.
//! (`fixtures.rs` renders every fixture's findings in every language, and holds
//! `messages/*.json` to their written messages.)

use std::collections::BTreeSet;
use vpnroute_rules::codes::SERVICE_CODES;
use vpnroute_rules::messages::{placeholders, template, Lang};
use vpnroute_rules::{FieldSpec, Operation, RULES};

fn keys(lang: Lang) -> BTreeSet<&'static str> {
    lang.catalog().iter().map(|(key, _)| *key).collect()
}

#[test]
fn each_catalog_is_sorted_with_each_key_once() {
    for lang in Lang::ALL {
        let catalog = lang.catalog();
        for pair in catalog.windows(2) {
            assert!(
                pair[0].0 < pair[1].0,
                "{}: {} before {} (unsorted or repeated)",
                lang.tag(),
                pair[0].0,
                pair[1].0
            );
        }
    }
}

#[test]
fn every_language_has_every_key() {
    let english = keys(Lang::En);
    for lang in Lang::ALL {
        let own = keys(lang);
        let missing: Vec<_> = english.difference(&own).collect();
        let extra: Vec<_> = own.difference(&english).collect();
        assert!(missing.is_empty(), "{} lacks {missing:?}", lang.tag());
        assert!(
            extra.is_empty(),
            "{} has keys English lacks: {extra:?}",
            lang.tag()
        );
    }
}

#[test]
fn every_language_has_the_placeholders_of_english() {
    let mut differ = Vec::new();
    for (key, english) in Lang::En.catalog() {
        let wanted: BTreeSet<_> = placeholders(english).into_iter().collect();
        for lang in Lang::ALL {
            let Some(text) = template(lang, key) else {
                continue;
            };
            let own: BTreeSet<_> = placeholders(text).into_iter().collect();
            if own != wanted {
                differ.push(format!("{} {key}: {own:?}, English {wanted:?}", lang.tag()));
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn every_rule_has_its_message() {
    for lang in Lang::ALL {
        for rule in RULES {
            assert!(
                keys(lang).contains(rule.id),
                "{} has no message for {}",
                lang.tag(),
                rule.id
            );
        }
    }
    // Variants are of a rule, or a piece of a sentence: no key names what does not exist.
    for key in keys(Lang::En) {
        let (head, _) = key.split_once('.').unwrap_or((key, ""));
        assert!(
            RULES.iter().any(|r| r.id == head) || ["field", "code", "json", "part"].contains(&head),
            "{key} is of no rule and of no kind of text"
        );
    }
}

fn every_field(fields: &'static [&'static FieldSpec], into: &mut Vec<&'static FieldSpec>) {
    for field in fields {
        into.push(field);
        every_field(field.children(), into);
    }
}

#[test]
fn every_field_and_code_has_its_help_in_every_language() {
    let mut fields = Vec::new();
    for operation in Operation::ALL {
        every_field(operation.fields(), &mut fields);
    }
    assert!(fields.len() > 100, "only {} fields", fields.len());
    for lang in Lang::ALL {
        for field in &fields {
            assert!(keys(lang).contains(field.help_key), "{}", field.help_key);
            assert!(!field.help_in(lang).is_empty());
        }
        for help in SERVICE_CODES {
            assert_ne!(help.meaning_in(lang), help.action_in(lang), "{}", help.code);
            assert!(!help.meaning_in(lang).starts_with("code."), "{}", help.code);
            assert!(!help.action_in(lang).starts_with("code."), "{}", help.code);
        }
    }
    let weight = fields.iter().find(|f| f.name == "Weight").unwrap();
    assert_eq!(weight.help_in(Lang::En), weight.help);
    assert!(weight.help_in(Lang::ZhCn).contains("主路由"));
}

#[test]
fn chinese_uses_the_console_terms() {
    let term = |key: &str, words: &[&str]| {
        let text = template(Lang::ZhCn, key).unwrap();
        for word in words {
            assert!(text.contains(word), "{key}: {text} lacks {word}");
        }
    };
    term("weight-not-0-or-100", &["权重", "Weight", "100", "0"]);
    term("policy-route-priority-overlap", &["优先级"]);
    term("route-not-found", &["目的路由"]);
    term("route-not-found.policy", &["策略路由"]);
    term("route-unknown-next-hop", &["IPsec连接"]);
    term("field.NextHop", &["下一跳"]);
    term("customer-gateway-id-malformed", &["用户网关"]);
    term("field.VpnConnectionId", &["转发路由器"]);
    term("cidr-malformed", &["网段"]);
    term("publish-unchanged", &["发布"]);
    term("route-pairing", &["主备"]);
    term("code.VpnGateway.Configuring.meaning", &["网关"]);
}
