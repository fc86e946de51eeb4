//! The RPC endpoint driven without a socket: wire protocol, emulator answers, bad input.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{assert_error_shape, call, send, server};
use std::time::Duration;
use vpnroute_server::emulator::demo;

fn route_query(route_dest: &str, extra: &str) -> String {
    format!(
        "RegionId={}&VpnGatewayId={}&RouteDest={}&NextHop={}&Weight=100&PublishVpc=True{extra}",
        demo::REGION_ID,
        demo::GATEWAY_ID,
        route_dest.replace('/', "%2F"),
        demo::CONNECTION_IDS[0]
    )
}

fn acs3(query: &str) -> Request<Body> {
    call("CreateVpnRouteEntry", query)
}

#[tokio::test]
async fn a_valid_route_is_created_with_the_documented_fields() {
    let app = server(Duration::from_millis(0));
    let (status, body) = send(
        &app,
        acs3(&route_query("10.0.0.0/24", "&Description=branch+office")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["VpnInstanceId"], demo::GATEWAY_ID);
    assert_eq!(body["RouteDest"], "10.0.0.0/24");
    assert_eq!(body["NextHop"], demo::CONNECTION_IDS[0]);
    assert_eq!(body["Weight"], 100, "a JSON number");
    assert_eq!(body["State"], "published");
    assert_eq!(body["Description"], "branch office", "+ decodes to a space");
    assert_eq!(body["OverlayMode"], "Ipsec");
    assert!(body["CreateTime"].as_u64().unwrap() > 1_700_000_000_000);
    assert_eq!(body["RequestId"].as_str().unwrap().len(), 36);
}

#[tokio::test]
async fn the_action_may_come_as_a_parameter_and_parameters_from_a_form_body() {
    let app = server(Duration::from_millis(0));
    let request = Request::post("/?Action=CreateVpnRouteEntry&Version=2016-04-28")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(route_query("10.1.0.0/16", "")))
        .unwrap();
    let (status, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["RouteDest"], "10.1.0.0/16");
    let get = Request::get(format!(
        "/?Action=CreateVpnRouteEntry&Version=2016-04-28&{}",
        route_query("10.2.0.0/16", "")
    ))
    .body(Body::empty())
    .unwrap();
    assert_eq!(send(&app, get).await.0, StatusCode::OK, "GET is tolerated");
}

#[tokio::test]
async fn field_rules_answer_with_the_engines_code_and_name_the_field() {
    let app = server(Duration::from_millis(0));
    let (status, body) = send(&app, acs3(&route_query("0.0.0.0/0", ""))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "IllegalParam.RouteDest");
    let (_, body) = send(&app, acs3(&route_query("10.0.0.1/24", ""))).await;
    assert_error_shape(&body, "InvalidCidrBlock.Malformed");
    assert!(
        body["Recommend"].as_str().unwrap().contains("10.0.0.0/24"),
        "{body}"
    );
    let (_, body) = send(
        &app,
        acs3(&route_query("10.0.0.0/24", "&Weight=50").replace("Weight=100&", "")),
    )
    .await;
    assert_error_shape(&body, "VpnRouteEntry.InvalidWeight");
    assert!(body["Message"].as_str().unwrap().contains("Weight"));
}

#[tokio::test]
async fn dry_run_checks_everything_and_changes_nothing() {
    let app = server(Duration::from_millis(0));
    let (status, body) = send(&app, acs3(&route_query("10.3.0.0/16", "&DryRun=True"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "DryRunOperation");
    let (status, _) = send(&app, acs3(&route_query("10.3.0.0/16", ""))).await;
    assert_eq!(status, StatusCode::OK, "the dry run created nothing");
    let (_, body) = send(&app, acs3(&route_query("10.3.0.0/16", "&DryRun=true"))).await;
    assert_error_shape(&body, "VpnRouteEntry.AlreadyExists");
}

#[tokio::test]
async fn table_rules_and_unknown_resources_use_the_documented_codes() {
    let app = server(Duration::from_millis(0));
    assert_eq!(
        send(&app, acs3(&route_query("10.4.0.0/16", ""))).await.0,
        StatusCode::OK
    );
    let (_, body) = send(&app, acs3(&route_query("10.4.0.0/16", ""))).await;
    assert_error_shape(&body, "VpnRouteEntry.AlreadyExists");
    let second_hop =
        route_query("10.4.0.0/16", "").replace(demo::CONNECTION_IDS[0], demo::CONNECTION_IDS[1]);
    let (_, body) = send(&app, acs3(&second_hop)).await;
    assert_error_shape(&body, "VpnRouteEntry.BackupRoute");
    let unknown_hop =
        route_query("10.5.0.0/16", "").replace(demo::CONNECTION_IDS[0], "vco-nosuchconnection");
    let (status, body) = send(&app, acs3(&unknown_hop)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error_shape(&body, "InvalidNextHop.NotFound");
    let unknown_gateway =
        route_query("10.5.0.0/16", "").replace(demo::GATEWAY_ID, "vpn-nosuchgateway");
    let (status, body) = send(&app, acs3(&unknown_gateway)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error_shape(&body, "InvalidVpnGatewayInstanceId.NotFound");
}

#[tokio::test]
async fn a_gateway_is_busy_while_updating_and_client_tokens_replay() {
    let app = server(Duration::from_millis(300));
    let (status, first) = send(&app, acs3(&route_query("10.6.0.0/16", "&ClientToken=t-1"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = send(&app, acs3(&route_query("10.7.0.0/16", ""))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "VpnGateway.Configuring");
    let (status, again) = send(&app, acs3(&route_query("10.6.0.0/16", "&ClientToken=t-1"))).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a retry with the same token gets the first answer, even while updating"
    );
    assert_eq!(again, first);
    let (_, body) = send(&app, acs3(&route_query("10.8.0.0/16", "&ClientToken=t-1"))).await;
    assert_error_shape(&body, "IdempotentParameterMismatch");
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(
        send(&app, acs3(&route_query("10.7.0.0/16", ""))).await.0,
        StatusCode::OK,
        "active again"
    );
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_in_the_error_shape() {
    let app = server(Duration::from_millis(0));
    let unknown = Request::post("/?RegionId=cn-hangzhou")
        .header("x-acs-action", "DeleteEverything")
        .header("x-acs-version", "2016-04-28")
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(&app, unknown).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error_shape(&body, "InvalidAction.NotFound");

    let no_action = Request::post("/").body(Body::empty()).unwrap();
    let (status, body) = send(&app, no_action).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "MissingParameter.Action");

    let wrong_version = Request::post("/")
        .header("x-acs-action", "CreateVpnRouteEntry")
        .header("x-acs-version", "2014-05-26");
    let (_, body) = send(&app, wrong_version.body(Body::empty()).unwrap()).await;
    assert_error_shape(&body, "InvalidVersion");

    let not_utf8 = acs3(&format!(
        "{}&Description=%FF%FE",
        route_query("10.9.0.0/16", "")
    ));
    let (status, body) = send(&app, not_utf8).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error_shape(&body, "InvalidParameter.Encoding");
    assert!(body["Message"].as_str().unwrap().contains("Description"));

    let huge = Request::post("/")
        .header("x-acs-action", "CreateVpnRouteEntry")
        .header("x-acs-version", "2016-04-28")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(vec![b'a'; 10 * 1024 * 1024]))
        .unwrap();
    let (status, body) = send(&app, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error_shape(&body, "RequestBodyTooLarge");

    let json_body = acs3(&route_query("10.9.0.0/16", ""));
    let (parts, _) = json_body.into_parts();
    let mut json_body = Request::from_parts(parts, Body::from("{\"a\":1}"));
    json_body
        .headers_mut()
        .insert("content-type", "application/json".parse().unwrap());
    let (status, body) = send(&app, json_body).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error_shape(&body, "InvalidParameter.ContentType");

    let (status, _) = send(&app, acs3(&route_query("10.9.0.0/16", ""))).await;
    assert_eq!(status, StatusCode::OK, "the server keeps serving");
}

#[tokio::test]
async fn the_console_is_served_with_types_compression_and_cache_headers() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>vpnroute</title>".repeat(40),
    )
    .unwrap();
    let wasm_name = "vpnroute-console-0123456789abcdef_bg.wasm";
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(7u8, 4096))
        .collect();
    std::fs::write(dir.path().join(wasm_name), &wasm).unwrap();
    let mut state = common::state_with(vpnroute_server::emulator::Emulator::new(
        Default::default(),
        demo::world(),
    ));
    state.console_dir = dir.path().to_path_buf();
    let app = vpnroute_server::app(state);

    let get = |path: &str, encoding: &str| {
        Request::get(path)
            .header("accept-encoding", encoding)
            .body(Body::empty())
            .unwrap()
    };
    let response = app
        .clone()
        .oneshot(get(&format!("/{wasm_name}"), "br"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let compressed = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        compressed.len() < wasm.len() / 4,
        "compressed to {} bytes",
        compressed.len()
    );

    let response = app.clone().oneshot(get("/", "gzip")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(response.headers()["content-encoding"], "gzip");
    assert_eq!(
        response.headers()["cache-control"],
        "no-cache",
        "a new build shows at once"
    );

    let response = app
        .clone()
        .oneshot(get("/api/session", "identity"))
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "other origins cannot read the token"
    );
}
