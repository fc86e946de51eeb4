//! CreateVpnRouteEntry field rules, each tested on both sides of its boundary.

use vpnroute_rules::ops::create_vpn_route_entry::CreateVpnRouteEntry;
use vpnroute_rules::ops::{self, OperationModule};
use vpnroute_rules::{
    check, Diagnostic, GatewayFacts, Operation, Severity, TunnelMode, Weight, WireParams,
};

fn valid() -> WireParams {
    [
        ("RegionId", "cn-hangzhou"),
        ("VpnGatewayId", "vpn-bp1a3kqjiiq9legfx0001"),
        ("RouteDest", "10.0.0.0/24"),
        ("NextHop", "vco-bp15oes1py4i66rmd0001"),
        ("Weight", "100"),
        ("PublishVpc", "true"),
    ]
    .into_iter()
    .collect()
}

fn with(key: &str, value: &str) -> WireParams {
    let mut params = valid();
    params.set(key, value);
    params
}

fn diagnostics(params: &WireParams) -> Vec<Diagnostic> {
    check(
        Operation::CreateVpnRouteEntry,
        params,
        &GatewayFacts::default(),
    )
}

/// The rule ids reported for `key=value` on an otherwise valid request.
fn rules_for(key: &str, value: &str) -> Vec<String> {
    diagnostics(&with(key, value))
        .into_iter()
        .map(|d| d.rule.into_owned())
        .collect()
}

fn only(key: &str, value: &str) -> Diagnostic {
    let found = diagnostics(&with(key, value));
    assert_eq!(found.len(), 1, "{key}={value}: {found:#?}");
    found.into_iter().next().unwrap()
}

#[test]
fn the_valid_request_parses_into_its_typed_model() {
    let parsed = ops::read::<CreateVpnRouteEntry>(&valid(), &GatewayFacts::default());
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let request = parsed.value.unwrap();
    assert_eq!(request.route.route_dest.to_string(), "10.0.0.0/24");
    assert_eq!(request.route.weight, Weight::Active);
    assert!(request.publish_vpc);
    assert!(!request.route.dry_run);
}

#[test]
fn the_typed_model_builds_back_the_same_parameters() {
    let mut params = valid();
    params.push("Description", "branch");
    params.push("OverlayMode", "Ipsec");
    params.push("DryRun", "true");
    params.push("ClientToken", "token-1");
    let request = ops::read::<CreateVpnRouteEntry>(&params, &GatewayFacts::default())
        .value
        .unwrap();
    let rebuilt = ops::read::<CreateVpnRouteEntry>(&request.to_wire(), &GatewayFacts::default())
        .value
        .unwrap();
    assert_eq!(request, rebuilt);
}

#[test]
fn every_required_field_is_reported_when_absent_or_empty() {
    for field in [
        "RegionId",
        "VpnGatewayId",
        "RouteDest",
        "NextHop",
        "Weight",
        "PublishVpc",
    ] {
        let mut params = valid();
        params.0.retain(|(k, _)| k != field);
        let d = diagnostics(&params);
        assert_eq!(d.len(), 1, "{field}: {d:#?}");
        assert_eq!(d[0].rule, "required-field-missing");
        assert_eq!(d[0].field, field);
        assert_eq!(
            d[0].code.as_deref(),
            Some(format!("MissingParameter.{field}").as_str())
        );
        assert_eq!(rules_for(field, ""), ["required-field-missing"]);
    }
}

#[test]
fn weight_is_exactly_0_or_100() {
    assert!(rules_for("Weight", "0").is_empty());
    assert!(rules_for("Weight", "100").is_empty());
    for bad in ["1", "50", "99", "101", "-1", "abc", "100.0"] {
        let d = only("Weight", bad);
        assert_eq!(d.rule, "weight-not-0-or-100", "{bad}");
        assert_eq!(d.code.as_deref(), Some("VpnRouteEntry.InvalidWeight"));
    }
    assert_eq!(only("Weight", "50").suggestion.as_deref(), Some("100"));
    assert_eq!(only("Weight", "1").suggestion.as_deref(), Some("0"));
}

#[test]
fn route_dest_must_be_a_cidr_without_host_bits() {
    let d = only("RouteDest", "10.0.0.1/24");
    assert_eq!(d.rule, "cidr-host-bits");
    assert_eq!(d.code.as_deref(), Some("InvalidCidrBlock.Malformed"));
    assert_eq!(d.suggestion.as_deref(), Some("10.0.0.0/24"));
    for bad in [
        "10.0.0.0",
        "10.0.0.0/33",
        "10.0.0/24",
        "10.0.0.0/",
        "010.0.0.0/24",
        "10.0.0.0/24x",
        "x",
    ] {
        assert_eq!(rules_for("RouteDest", bad), ["cidr-malformed"], "{bad}");
    }
    assert_eq!(
        only("RouteDest", "192.168.1.7").suggestion.as_deref(),
        Some("192.168.1.7/32")
    );
    assert!(rules_for("RouteDest", "10.0.0.0/8").is_empty());
    assert!(rules_for("RouteDest", "192.168.1.7/32").is_empty());
}

#[test]
fn route_dest_may_not_be_the_default_route() {
    let d = only("RouteDest", "0.0.0.0/0");
    assert_eq!(
        (d.rule.as_ref(), d.code.as_deref()),
        ("route-dest-default-route", Some("IllegalParam.RouteDest"))
    );
    assert!(rules_for("RouteDest", "0.0.0.0/2").is_empty());
    assert_eq!(
        rules_for("RouteDest", "0.0.0.0/1"),
        ["route-dest-shared-address-space"],
        "a /1 contains 100.64.0.0/10"
    );
}

#[test]
fn route_dest_stays_clear_of_100_64_0_0_slash_10() {
    for inside in [
        "100.64.0.0/10",
        "100.64.1.0/24",
        "100.127.255.255/32",
        "100.0.0.0/8",
        "64.0.0.0/2",
    ] {
        let d = only("RouteDest", inside);
        assert_eq!(d.rule, "route-dest-shared-address-space", "{inside}");
        assert_eq!(d.code.as_deref(), Some("OperationFailed.InvalidCidrBlock"));
        assert_eq!(d.severity, Severity::Error);
    }
    for outside in ["100.63.255.255/32", "100.128.0.0/32", "100.128.0.0/9"] {
        assert!(rules_for("RouteDest", outside).is_empty(), "{outside}");
    }
}

#[test]
fn dual_tunnel_gateways_get_only_a_warning_for_100_64() {
    let facts = GatewayFacts {
        tunnel_mode: Some(TunnelMode::Dual),
        ..GatewayFacts::default()
    };
    let parsed = ops::read::<CreateVpnRouteEntry>(&with("RouteDest", "100.64.1.0/24"), &facts);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].severity, Severity::Warning);
    assert!(
        parsed.value.is_some(),
        "a warning does not stop the request"
    );
}

#[test]
fn ids_need_their_prefix_and_lower_case_letters_and_digits() {
    assert_eq!(
        only("VpnGatewayId", "vco-bp1").code.as_deref(),
        Some("InvalidVpnGatewayInstanceId.NotFound")
    );
    assert_eq!(
        only("NextHop", "vpn-bp1").code.as_deref(),
        Some("InvalidNextHop.NotFound")
    );
    assert_eq!(only("NextHop", "vco-").rule, "next-hop-malformed");
    assert!(rules_for("NextHop", "vco-a").is_empty());
    let upper = only("VpnGatewayId", "VPN-BP1A3K");
    assert_eq!(upper.suggestion.as_deref(), Some("vpn-bp1a3k"));
    let masked = only("VpnGatewayId", "vpn-bp1a3kqjiiq9legfx****");
    assert!(
        masked.message.contains("masked example"),
        "{}",
        masked.message
    );
}

#[test]
fn description_has_1_to_100_characters_and_no_url_prefix() {
    let hundred = "é".repeat(100);
    assert!(
        rules_for("Description", &hundred).is_empty(),
        "100 characters, counted as characters"
    );
    let d = only("Description", &"a".repeat(101));
    assert_eq!(d.rule, "text-length");
    assert_eq!(d.suggestion.map(|s| s.len()), Some(100));
    assert_eq!(only("Description", "http://wiki/x").rule, "text-url-prefix");
    assert_eq!(
        only("Description", "HTTPS://wiki/x").suggestion.as_deref(),
        Some("wiki/x")
    );
    assert!(rules_for("Description", "see http://wiki").is_empty());
    assert!(rules_for("Description", "h").is_empty());
}

#[test]
fn booleans_take_any_letter_case() {
    for ok in ["true", "True", "FALSE", "false"] {
        assert!(rules_for("PublishVpc", ok).is_empty(), "{ok}");
        assert!(rules_for("DryRun", ok).is_empty(), "{ok}");
    }
    let d = only("PublishVpc", "yes");
    assert_eq!(
        (d.rule.as_ref(), d.code.as_deref()),
        ("value-not-boolean", Some("InvalidParameter.PublishVpc"))
    );
    assert_eq!(d.suggestion.as_deref(), Some("true"));
}

#[test]
fn overlay_mode_is_case_sensitive_ipsec() {
    assert!(rules_for("OverlayMode", "Ipsec").is_empty());
    let d = only("OverlayMode", "ipsec");
    assert_eq!(d.suggestion.as_deref(), Some("Ipsec"));
    assert_eq!(only("OverlayMode", "Gre").rule, "value-not-allowed");
}

#[test]
fn region_and_client_token_shapes() {
    for ok in [
        "cn-hangzhou",
        "ap-southeast-1",
        "us-west-1",
        "cn-shanghai-finance-1",
    ] {
        assert!(rules_for("RegionId", ok).is_empty(), "{ok}");
    }
    for bad in [
        "hangzhou",
        "CN-Hangzhou",
        "cn_hangzhou",
        "cn-",
        "-cn",
        "c-hangzhou",
    ] {
        assert_eq!(rules_for("RegionId", bad), ["region-id-format"], "{bad}");
    }
    assert_eq!(
        only("RegionId", "CN-Hangzhou").suggestion.as_deref(),
        Some("cn-hangzhou")
    );
    assert!(rules_for("ClientToken", &"t".repeat(64)).is_empty());
    assert_eq!(
        rules_for("ClientToken", &"t".repeat(65)),
        ["client-token-format"]
    );
    assert_eq!(rules_for("ClientToken", "tökén"), ["client-token-format"]);
}

#[test]
fn unknown_fields_warn_but_account_fields_are_known() {
    let mut params = valid();
    params.push("Routedest", "10.0.0.0/24");
    params.push("OwnerId", "123");
    let d = diagnostics(&params);
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].rule.as_ref(), d[0].severity, d[0].field.as_str()),
        ("unknown-field", Severity::Warning, "Routedest")
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let params: WireParams = [
        ("RegionId", "cn-hangzhou"),
        ("RouteDest", "0.0.0.0/0"),
        ("Weight", "50"),
        ("Description", "http://x"),
    ]
    .into_iter()
    .collect();
    let rules: Vec<String> = diagnostics(&params)
        .into_iter()
        .map(|d| d.rule.into_owned())
        .collect();
    for expected in [
        "route-dest-default-route",
        "weight-not-0-or-100",
        "text-url-prefix",
        "required-field-missing",
    ] {
        assert!(
            rules.iter().any(|r| r == expected),
            "{expected} missing from {rules:?}"
        );
    }
}

#[test]
fn the_wire_request_puts_parameters_where_the_sdks_do() {
    let mut params = valid();
    params.push("Description", "a b+c*d~e/f 中");
    let request = vpnroute_rules::ops::build_request(Operation::CreateVpnRouteEntry, &params);
    assert_eq!(
        (
            request.method.as_str(),
            request.path.as_str(),
            request.body.as_str()
        ),
        ("POST", "/", "")
    );
    assert!(
        request
            .query
            .starts_with("Description=a%20b%2Bc%2Ad~e%2Ff%20%E4%B8%AD&NextHop="),
        "{}",
        request.query
    );
    assert!(request
        .headers
        .contains(&("x-acs-action".to_owned(), "CreateVpnRouteEntry".to_owned())));
    assert!(!request.headers.iter().any(|(k, _)| k == "content-type"));
    let tunnels: WireParams = [
        ("RegionId", "cn-hangzhou"),
        ("TunnelOptionsSpecification.1.Role", "master"),
    ]
    .into_iter()
    .collect();
    let request = vpnroute_rules::ops::build_request(Operation::CreateVpnConnection, &tunnels);
    assert_eq!(request.query, "RegionId=cn-hangzhou");
    assert_eq!(request.body, "TunnelOptionsSpecification.1.Role=master");
    assert!(request.headers.contains(&(
        "content-type".to_owned(),
        "application/x-www-form-urlencoded".to_owned()
    )));
}

#[test]
fn messages_quote_only_the_start_of_a_huge_value() {
    let huge = "x".repeat(1_000_000);
    let d = only("RouteDest", &huge);
    assert_eq!(d.rule, "cidr-malformed");
    assert!(d.message.len() < 200, "{} bytes", d.message.len());
    assert!(d.message.contains("(1000000 characters)"), "{}", d.message);
    assert!(only("RouteDest", "x").message.starts_with("\"x\" is not"));
}

#[test]
fn messages_quote_awkward_values_as_json_strings() {
    let d = only("RouteDest", "10.0.0.0/24\"\n\u{1}");
    assert!(
        d.message.starts_with(r#""10.0.0.0/24\"\n\u0001" is not"#),
        "{}",
        d.message
    );
    let long = format!("\"{}", "é".repeat(70));
    let d = only("RouteDest", &long);
    assert!(
        d.message
            .starts_with(&format!(r#""\"{}"... (71 characters)"#, "é".repeat(59))),
        "{}",
        d.message
    );
}
