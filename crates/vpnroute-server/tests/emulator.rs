//! The emulator's operations on the demo data: every case the rules tell apart, the reads
//! the console lists state with, deletes, and the async `updating` state per gateway and per
//! connection.

mod common;

use axum::http::StatusCode;
use common::{assert_error_shape, call, send, server};
use serde_json::Value;
use std::time::Duration;
use vpnroute_server::emulator::demo;

fn query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace('/', "%2F")))
        .collect::<Vec<_>>()
        .join("&")
}

async fn ok(app: &axum::Router, action: &str, pairs: &[(&str, &str)]) -> Value {
    let (status, body) = send(app, call(action, &query(pairs))).await;
    assert_eq!(status, StatusCode::OK, "{action}: {body}");
    assert_eq!(body["RequestId"].as_str().unwrap().len(), 36);
    body
}

async fn refused(app: &axum::Router, action: &str, pairs: &[(&str, &str)], code: &str) -> Value {
    let (status, body) = send(app, call(action, &query(pairs))).await;
    assert!(status.is_client_error(), "{action}: {status} {body}");
    assert_error_shape(&body, code);
    body
}

const REGION: (&str, &str) = ("RegionId", demo::REGION_ID);

#[tokio::test]
async fn the_describes_show_each_demo_case_with_the_attributes_that_tell_it_apart() {
    let app = server(Duration::ZERO);
    let gateways = ok(&app, "DescribeVpnGateways", &[REGION]).await;
    assert_eq!(gateways["TotalCount"], 4);
    let list = gateways["VpnGateways"]["VpnGateway"].as_array().unwrap();
    let by_id = |id: &str| {
        list.iter()
            .find(|g| g["VpnGatewayId"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id(demo::GATEWAY_ID)["DisasterRecoveryInternetIp"], "");
    assert_ne!(
        by_id(demo::DUAL_TUNNEL_GATEWAY_ID)["DisasterRecoveryInternetIp"],
        ""
    );
    assert_eq!(by_id(demo::OLD_GATEWAY_ID)["PbrPriority"], "NotSupported");
    assert_eq!(
        by_id(demo::SHANGMI_GATEWAY_ID)["VpnType"],
        "NationalStandard"
    );
    assert_eq!(by_id(demo::GATEWAY_ID)["Status"], "active");
    assert_eq!(
        by_id(demo::GATEWAY_ID)["CreateTime"].as_u64().unwrap(),
        1_767_225_600_000
    );

    let one = ok(
        &app,
        "DescribeVpnGateway",
        &[REGION, ("VpnGatewayId", demo::DUAL_TUNNEL_GATEWAY_ID)],
    )
    .await;
    assert_eq!(one["Name"], "dual-tunnel");

    let connections = ok(
        &app,
        "DescribeVpnConnections",
        &[REGION, ("VpnGatewayId", demo::GATEWAY_ID)],
    )
    .await;
    assert_eq!(connections["TotalCount"], 2);
    let attached = ok(
        &app,
        "DescribeVpnConnection",
        &[REGION, ("VpnConnectionId", demo::TR_CONNECTION_ID)],
    )
    .await;
    assert_eq!(attached["AttachType"], "CEN");
    assert_eq!(attached["TransitRouterId"], demo::TRANSIT_ROUTER_ID);
    assert_eq!(attached["Status"], "attached");
    assert_eq!(attached["VpnGatewayId"], "");
    let dual = ok(
        &app,
        "DescribeVpnConnection",
        &[REGION, ("VpnConnectionId", demo::DUAL_TUNNEL_CONNECTION_ID)],
    )
    .await;
    let tunnels = dual["TunnelOptionsSpecification"]["TunnelOptions"]
        .as_array()
        .unwrap();
    assert_eq!(tunnels.len(), 2);
    assert_eq!(tunnels[1]["Role"], "slave");
    assert_eq!(tunnels[1]["TunnelIndex"], 2);

    let customer_gateways = ok(
        &app,
        "DescribeCustomerGateways",
        &[REGION, ("PageSize", "1")],
    )
    .await;
    assert_eq!(customer_gateways["TotalCount"], 2);
    assert_eq!(
        customer_gateways["CustomerGateways"]["CustomerGateway"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "one per page"
    );
    assert_eq!(
        customer_gateways["CustomerGateways"]["CustomerGateway"][0]["Asn"],
        65001
    );

    refused(
        &app,
        "DescribeVpnGateway",
        &[REGION, ("VpnGatewayId", "vpn-nosuchgateway")],
        "InvalidVpnGatewayInstanceId.NotFound",
    )
    .await;
    refused(
        &app,
        "DescribeVpnGateways",
        &[REGION, ("PageSize", "51")],
        "InvalidParameter.PageSize",
    )
    .await;
    refused(
        &app,
        "DescribeVpnGateways",
        &[],
        "MissingParameter.RegionId",
    )
    .await;
}

#[tokio::test]
async fn policy_routes_follow_the_gateway_facts() {
    let app = server(Duration::ZERO);
    let route = |gateway: &'static str, hop: &'static str, priority: Option<&'static str>| {
        let mut pairs = vec![
            REGION,
            ("VpnGatewayId", gateway),
            ("RouteSource", "10.0.0.0/24"),
            ("RouteDest", "192.168.50.0/24"),
            ("NextHop", hop),
            ("Weight", "100"),
            ("PublishVpc", "true"),
        ];
        pairs.extend(priority.map(|p| ("Priority", p)));
        pairs
    };
    let created = ok(
        &app,
        "CreateVpnPbrRouteEntry",
        &route(demo::GATEWAY_ID, demo::CONNECTION_IDS[0], Some("5")),
    )
    .await;
    assert_eq!(created["Priority"], 5);
    assert_eq!(created["RouteSource"], "10.0.0.0/24");
    refused(
        &app,
        "CreateVpnPbrRouteEntry",
        &route(
            demo::OLD_GATEWAY_ID,
            demo::OLD_GATEWAY_CONNECTION_ID,
            Some("5"),
        ),
        "VpnPbrRouteEntryPriority.NotSupport",
    )
    .await;
    let old = ok(
        &app,
        "CreateVpnPbrRouteEntry",
        &route(demo::OLD_GATEWAY_ID, demo::OLD_GATEWAY_CONNECTION_ID, None),
    )
    .await;
    assert_eq!(old["Priority"], 10, "the default priority");

    let listed = ok(
        &app,
        "DescribeVpnPbrRouteEntries",
        &[REGION, ("VpnGatewayId", demo::GATEWAY_ID)],
    )
    .await;
    assert_eq!(listed["TotalCount"], 1);
    assert_eq!(
        listed["VpnPbrRouteEntries"]["VpnPbrRouteEntry"][0]["Priority"],
        5
    );

    let mut same_priority = route(demo::GATEWAY_ID, demo::CONNECTION_IDS[1], Some("5"));
    same_priority[2] = ("RouteSource", "10.0.0.0/16");
    refused(
        &app,
        "CreateVpnPbrRouteEntry",
        &same_priority,
        "VpnRouteEntry.SamePriorityPbrRoutePrefixOverlap",
    )
    .await;

    let mut dual = route(
        demo::DUAL_TUNNEL_GATEWAY_ID,
        demo::DUAL_TUNNEL_CONNECTION_ID,
        None,
    );
    dual[2] = ("RouteSource", "192.168.50.0/24");
    refused(
        &app,
        "CreateVpnPbrRouteEntry",
        &dual,
        "VpnRouteEntry.SrcDestConflict",
    )
    .await;
    let mut single = route(demo::GATEWAY_ID, demo::CONNECTION_IDS[0], Some("7"));
    single[2] = ("RouteSource", "192.168.50.0/24");
    ok(&app, "CreateVpnPbrRouteEntry", &single).await;

    let delete = [
        REGION,
        ("VpnGatewayId", demo::GATEWAY_ID),
        ("RouteSource", "10.0.0.0/24"),
        ("RouteDest", "192.168.50.0/24"),
        ("NextHop", demo::CONNECTION_IDS[0]),
        ("Weight", "100"),
    ];
    ok(&app, "DeleteVpnPbrRouteEntry", &delete).await;
    refused(
        &app,
        "DeleteVpnPbrRouteEntry",
        &delete,
        "InvalidRouteEntry.NotFound",
    )
    .await;
    let listed = ok(
        &app,
        "DescribeVpnPbrRouteEntries",
        &[REGION, ("VpnGatewayId", demo::GATEWAY_ID)],
    )
    .await;
    assert_eq!(listed["TotalCount"], 1, "the other route stays");
}

#[tokio::test]
async fn vco_routes_live_on_transit_router_connections_and_page() {
    let app = server(Duration::ZERO);
    let route = |dest: &'static str, connection: &'static str| {
        vec![
            REGION,
            ("VpnConnectionId", connection),
            ("RouteDest", dest),
            ("NextHop", connection),
            ("Weight", "100"),
        ]
    };
    for dest in ["192.168.11.0/24", "192.168.12.0/24", "192.168.13.0/24"] {
        let created = ok(
            &app,
            "CreateVcoRouteEntry",
            &route(dest, demo::TR_CONNECTION_ID),
        )
        .await;
        assert_eq!(created["State"], "published");
    }
    refused(
        &app,
        "CreateVcoRouteEntry",
        &route("192.168.11.0/24", demo::TR_CONNECTION_ID),
        "VpnRouteEntry.AlreadyExists",
    )
    .await;
    refused(
        &app,
        "CreateVcoRouteEntry",
        &route("192.168.14.0/24", demo::CONNECTION_IDS[0]),
        "InvalidVpnConnectionInstanceId.NotFound",
    )
    .await;

    let page = |number: &'static str| {
        [
            REGION,
            ("VpnConnectionId", demo::TR_CONNECTION_ID),
            ("PageSize", "3"),
            ("PageNumber", number),
        ]
    };
    let first = ok(&app, "DescribeVcoRouteEntries", &page("1")).await;
    assert_eq!(first["TotalCount"], 4, "the demo route and three new ones");
    assert!(
        first["VcoRouteEntries"].is_array(),
        "a bare array, as the SDKs expect"
    );
    assert_eq!(first["VcoRouteEntries"].as_array().unwrap().len(), 3);
    let second = ok(&app, "DescribeVcoRouteEntries", &page("2")).await;
    assert_eq!(second["VcoRouteEntries"].as_array().unwrap().len(), 1);

    let bgp = ok(
        &app,
        "DescribeVcoRouteEntries",
        &[
            REGION,
            ("VpnConnectionId", demo::TR_CONNECTION_ID),
            ("RouteEntryType", "bgp"),
        ],
    )
    .await;
    assert_eq!(bgp["VcoRouteEntries"][0]["Source"], "CLOUD");
    let dual = ok(
        &app,
        "DescribeVcoRouteEntries",
        &[
            REGION,
            ("VpnConnectionId", demo::TR_DUAL_TUNNEL_CONNECTION_ID),
        ],
    )
    .await;
    assert!(dual["VpnRouteCounts"].is_array());
    assert_eq!(dual["VpnRouteCounts"].as_array().unwrap().len(), 2);

    ok(
        &app,
        "DeleteVcoRouteEntry",
        &route("192.168.12.0/24", demo::TR_CONNECTION_ID),
    )
    .await;
    let after = ok(&app, "DescribeVcoRouteEntries", &page("1")).await;
    assert_eq!(after["TotalCount"], 3);
}

#[tokio::test]
async fn connections_are_created_checked_and_counted() {
    let app = server(Duration::ZERO);
    let connection = |name: &'static str, cidr: &'static str| {
        vec![
            REGION,
            ("VpnGatewayId", demo::GATEWAY_ID),
            ("CustomerGatewayId", demo::CUSTOMER_GATEWAY_IDS[1]),
            ("LocalSubnet", "10.10.0.0/16"),
            ("RemoteSubnet", "172.30.0.0/16"),
            ("Name", name),
            ("EnableTunnelsBgp", "false"),
            ("BgpConfig", cidr),
        ]
    };
    let bgp = |cidr: &str| {
        format!(
            "%7B%22EnableBgp%22%3Atrue%2C%22LocalAsn%22%3A65530%2C%22TunnelCidr%22%3A%22{}%22%7D",
            cidr.replace('/', "%2F")
        )
    };
    let first_bgp = bgp("169.254.10.0/30");
    let mut pairs = connection("to-branch", "");
    pairs[7] = ("BgpConfig", &first_bgp);
    let created = ok(&app, "CreateVpnConnection", &pairs).await;
    let id = created["VpnConnectionId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("vco-"));
    assert_eq!(created["Name"], "to-branch");
    let described = ok(
        &app,
        "DescribeVpnConnection",
        &[REGION, ("VpnConnectionId", &id)],
    )
    .await;
    assert_eq!(described["LocalSubnet"], "10.10.0.0/16");
    assert_eq!(described["VpnBgpConfig"]["TunnelCidr"], "169.254.10.0/30");
    assert_eq!(described["AttachType"], "VPNGW");

    refused(
        &app,
        "CreateVpnConnection",
        &pairs,
        "InvalidParameter.TunnelCidr",
    )
    .await;
    let mut unknown_customer = connection("x", "");
    unknown_customer.truncate(7);
    unknown_customer[2] = ("CustomerGatewayId", "cgw-nosuchgateway");
    refused(
        &app,
        "CreateVpnConnection",
        &unknown_customer,
        "InvalidCustomerGatewayInstanceId.NotFound",
    )
    .await;

    let route = [
        REGION,
        ("VpnGatewayId", demo::GATEWAY_ID),
        ("RouteDest", "10.77.0.0/16"),
        ("NextHop", id.as_str()),
        ("Weight", "100"),
        ("PublishVpc", "false"),
    ];
    ok(&app, "CreateVpnRouteEntry", &route).await;
    let listed = ok(
        &app,
        "DescribeVpnRouteEntries",
        &[REGION, ("VpnGatewayId", demo::GATEWAY_ID)],
    )
    .await;
    assert_eq!(listed["TotalCount"], 2, "the demo route and the new one");
    assert_eq!(
        listed["VpnRouteCounts"]["VpnRouteCount"][0]["RouteCount"],
        2
    );
    ok(&app, "DeleteVpnRouteEntry", &route).await;
    refused(
        &app,
        "DeleteVpnRouteEntry",
        &route,
        "InvalidRouteEntry.NotFound",
    )
    .await;
}

#[tokio::test]
async fn writes_make_the_target_updating_and_conflict_until_active() {
    let app = server(Duration::from_millis(300));
    let route = [
        REGION,
        ("VpnGatewayId", demo::GATEWAY_ID),
        ("RouteDest", "10.90.0.0/16"),
        ("NextHop", demo::CONNECTION_IDS[0]),
        ("Weight", "100"),
        ("PublishVpc", "true"),
    ];
    ok(&app, "CreateVpnRouteEntry", &route).await;
    let gateway = ok(
        &app,
        "DescribeVpnGateway",
        &[REGION, ("VpnGatewayId", demo::GATEWAY_ID)],
    )
    .await;
    assert_eq!(gateway["Status"], "updating");
    let connection = ok(
        &app,
        "DescribeVpnConnection",
        &[REGION, ("VpnConnectionId", demo::CONNECTION_IDS[0])],
    )
    .await;
    assert_eq!(
        connection["Status"], "updating",
        "its connections update with it"
    );
    refused(
        &app,
        "DeleteVpnRouteEntry",
        &route,
        "VpnGateway.Configuring",
    )
    .await;
    let new_connection = [
        REGION,
        ("VpnGatewayId", demo::GATEWAY_ID),
        ("CustomerGatewayId", demo::CUSTOMER_GATEWAY_IDS[0]),
        ("LocalSubnet", "10.11.0.0/16"),
        ("RemoteSubnet", "172.31.0.0/16"),
    ];
    refused(&app, "CreateVpnConnection", &new_connection, "TaskConflict").await;
    let other_gateway = [
        REGION,
        ("VpnGatewayId", demo::DUAL_TUNNEL_GATEWAY_ID),
        ("RouteDest", "10.90.0.0/16"),
        ("NextHop", demo::DUAL_TUNNEL_CONNECTION_ID),
        ("Weight", "100"),
        ("PublishVpc", "true"),
    ];
    ok(&app, "CreateVpnRouteEntry", &other_gateway).await;

    let vco = [
        REGION,
        ("VpnConnectionId", demo::TR_CONNECTION_ID),
        ("RouteDest", "192.168.20.0/24"),
        ("NextHop", demo::TR_CONNECTION_ID),
        ("Weight", "100"),
    ];
    ok(&app, "CreateVcoRouteEntry", &vco).await;
    let attached = ok(
        &app,
        "DescribeVpnConnection",
        &[REGION, ("VpnConnectionId", demo::TR_CONNECTION_ID)],
    )
    .await;
    assert_eq!(attached["Status"], "updating");
    let mut second = vco;
    second[2] = ("RouteDest", "192.168.21.0/24");
    refused(
        &app,
        "CreateVcoRouteEntry",
        &second,
        "VpnConnection.Configuring",
    )
    .await;

    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(
        ok(
            &app,
            "DescribeVpnGateway",
            &[REGION, ("VpnGatewayId", demo::GATEWAY_ID)]
        )
        .await["Status"],
        "active"
    );
    assert_eq!(
        ok(
            &app,
            "DescribeVpnConnection",
            &[REGION, ("VpnConnectionId", demo::TR_CONNECTION_ID)]
        )
        .await["Status"],
        "attached"
    );
    ok(&app, "DeleteVpnRouteEntry", &route).await;
    ok(&app, "CreateVcoRouteEntry", &second).await;
}

#[tokio::test]
async fn quotas_are_the_engines() {
    let app = server(Duration::ZERO);
    for i in 0..19 {
        let dest = format!("10.{i}.0.0/16");
        ok(
            &app,
            "CreateVpnRouteEntry",
            &[
                REGION,
                ("VpnGatewayId", demo::GATEWAY_ID),
                ("RouteDest", &dest),
                ("NextHop", demo::CONNECTION_IDS[0]),
                ("Weight", "100"),
                ("PublishVpc", "true"),
            ],
        )
        .await;
    }
    refused(
        &app,
        "CreateVpnRouteEntry",
        &[
            REGION,
            ("VpnGatewayId", demo::GATEWAY_ID),
            ("RouteDest", "10.200.0.0/16"),
            ("NextHop", demo::CONNECTION_IDS[0]),
            ("Weight", "100"),
            ("PublishVpc", "true"),
        ],
        "CreateDbrRoutesQuotaFull.QuotaFull",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_that_ask_for_the_queue_wait_their_turn_instead_of_meeting_a_busy_gateway() {
    let app = server(Duration::from_millis(80));
    let started = std::time::Instant::now();
    let writes: Vec<_> = (0..4)
        .map(|i| {
            let app = app.clone();
            tokio::spawn(async move {
                let dest = format!("10.{}.0.0%2F16", 150 + i);
                let mut request = call(
                    "CreateVpnRouteEntry",
                    &format!("RegionId=cn-hangzhou&VpnGatewayId={}&RouteDest={dest}&NextHop={}&Weight=100&PublishVpc=true", demo::GATEWAY_ID, demo::CONNECTION_IDS[0]),
                );
                request.headers_mut().insert(vpnroute_server::QUEUE_HEADER, "1".parse().unwrap());
                send(&app, request).await
            })
        })
        .collect();
    for write in writes {
        let (status, body) = write.await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert!(
        started.elapsed() >= Duration::from_millis(4 * 80),
        "one after another, each after the gateway was active again"
    );
    let listed = ok(
        &app,
        "DescribeVpnRouteEntries",
        &[REGION, ("VpnGatewayId", demo::GATEWAY_ID)],
    )
    .await;
    assert_eq!(listed["TotalCount"], 5);
}

/// The routes of the demo gateway's destination table, as (RouteDest, NextHop, Weight, State).
async fn destination_routes(app: &axum::Router) -> Vec<(String, String, u64, String)> {
    let listed = ok(
        app,
        "DescribeVpnRouteEntries",
        &[
            REGION,
            ("VpnGatewayId", demo::GATEWAY_ID),
            ("PageSize", "50"),
        ],
    )
    .await;
    listed["VpnRouteEntries"]["VpnRouteEntry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["RouteDest"].as_str().unwrap().to_owned(),
                r["NextHop"].as_str().unwrap().to_owned(),
                r["Weight"].as_u64().unwrap(),
                r["State"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_pair_is_swapped_in_three_rows_and_routes_change_publish_and_go() {
    let app = server(Duration::ZERO);
    let [active, standby] = demo::CONNECTION_IDS;
    let gateway = ("VpnGatewayId", demo::GATEWAY_ID);
    let dest = ("RouteDest", "10.70.0.0/24");
    let create = |hop, weight| {
        [
            REGION,
            gateway,
            dest,
            ("NextHop", hop),
            ("Weight", weight),
            ("PublishVpc", "true"),
        ]
    };
    ok(&app, "CreateVpnRouteEntry", &create(active, "100")).await;
    ok(&app, "CreateVpnRouteEntry", &create(standby, "0")).await;
    let demote = [
        REGION,
        gateway,
        dest,
        ("NextHop", active),
        ("Weight", "100"),
        ("NewWeight", "0"),
        ("ClientToken", "demote-1"),
    ];
    refused(
        &app,
        "ModifyVpnRouteEntryWeight",
        &demote,
        "VpnRouteEntry.BackupRoute",
    )
    .await;

    ok(
        &app,
        "DeleteVpnRouteEntry",
        &[REGION, gateway, dest, ("NextHop", standby), ("Weight", "0")],
    )
    .await;
    let first = ok(&app, "ModifyVpnRouteEntryWeight", &demote).await;
    let again = ok(&app, "ModifyVpnRouteEntryWeight", &demote).await;
    assert_eq!(
        first, again,
        "the same ClientToken gets the first answer and changes nothing again"
    );
    ok(&app, "CreateVpnRouteEntry", &create(standby, "100")).await;
    let routes = destination_routes(&app).await;
    let of = |hop: &str| {
        routes
            .iter()
            .find(|r| r.0 == dest.1 && r.1 == hop)
            .cloned()
            .unwrap()
    };
    assert_eq!(of(active).2, 0, "the old active route is the standby now");
    assert_eq!(of(standby).2, 100, "and the old standby is active");

    refused(
        &app,
        "DeleteVpnRouteEntry",
        &[
            REGION,
            gateway,
            dest,
            ("NextHop", active),
            ("Weight", "100"),
        ],
        "InvalidRouteEntry.NotFound",
    )
    .await;
    let withdraw = [
        REGION,
        gateway,
        dest,
        ("NextHop", standby),
        ("RouteType", "dbr"),
        ("PublishVpc", "false"),
    ];
    ok(&app, "PublishVpnRouteEntry", &withdraw).await;
    assert_eq!(
        destination_routes(&app)
            .await
            .iter()
            .find(|r| r.0 == dest.1 && r.1 == standby)
            .unwrap()
            .3,
        "normal"
    );
    refused(
        &app,
        "PublishVpnRouteEntry",
        &[
            REGION,
            gateway,
            dest,
            ("NextHop", standby),
            ("RouteType", "pbr"),
            ("PublishVpc", "true"),
        ],
        "InvalidRouteEntry.NotFound",
    )
    .await;
}

#[tokio::test]
async fn policy_routes_are_reprioritised_reweighted_and_deleted() {
    let app = server(Duration::ZERO);
    let gateway = ("VpnGatewayId", demo::GATEWAY_ID);
    let flow = [
        REGION,
        gateway,
        ("RouteSource", "192.168.50.0/24"),
        ("RouteDest", "10.71.0.0/24"),
        ("NextHop", demo::CONNECTION_IDS[0]),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        flow.iter().chain(extra).copied().collect::<Vec<_>>()
    };
    ok(
        &app,
        "CreateVpnPbrRouteEntry",
        &with(&[
            ("Weight", "100"),
            ("Priority", "10"),
            ("PublishVpc", "false"),
        ]),
    )
    .await;
    ok(
        &app,
        "ModifyVpnPbrRouteEntryPriority",
        &with(&[("Weight", "100"), ("Priority", "10"), ("NewPriority", "5")]),
    )
    .await;
    refused(
        &app,
        "ModifyVpnPbrRouteEntryWeight",
        &with(&[("Weight", "100"), ("Priority", "10"), ("NewWeight", "0")]),
        "InvalidParameter.Priority",
    )
    .await;
    ok(
        &app,
        "ModifyVpnPbrRouteEntryAttribute",
        &with(&[
            ("Weight", "100"),
            ("Priority", "5"),
            ("NewWeight", "0"),
            ("NewPriority", "7"),
        ]),
    )
    .await;
    let listed = ok(
        &app,
        "DescribeVpnPbrRouteEntries",
        &[REGION, gateway, ("PageSize", "50")],
    )
    .await;
    let route = listed["VpnPbrRouteEntries"]["VpnPbrRouteEntry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["RouteDest"] == "10.71.0.0/24")
        .unwrap()
        .clone();
    assert_eq!(
        (route["Priority"].as_u64(), route["Weight"].as_u64()),
        (Some(7), Some(0))
    );
    refused(
        &app,
        "DeleteVpnPbrRouteEntry",
        &with(&[("Weight", "0"), ("DryRun", "true")]),
        "InvalidParameter.DryRun",
    )
    .await;
    ok(&app, "DeleteVpnPbrRouteEntry", &with(&[("Weight", "0")])).await;
    refused(
        &app,
        "DeleteVpnPbrRouteEntry",
        &with(&[("Weight", "0")]),
        "InvalidRouteEntry.NotFound",
    )
    .await;
}

#[tokio::test]
async fn vco_routes_change_weight_and_go_one_write_per_connection() {
    let app = server(Duration::from_millis(200));
    let connection = ("VpnConnectionId", demo::TR_CONNECTION_ID);
    let route = [
        REGION,
        connection,
        ("RouteDest", "10.72.0.0/24"),
        ("NextHop", demo::TR_CONNECTION_ID),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        route.iter().chain(extra).copied().collect::<Vec<_>>()
    };
    ok(&app, "CreateVcoRouteEntry", &with(&[("Weight", "100")])).await;
    refused(
        &app,
        "ModifyVcoRouteEntryWeight",
        &with(&[("Weight", "100"), ("NewWeight", "0")]),
        "VpnConnection.Configuring",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    ok(
        &app,
        "ModifyVcoRouteEntryWeight",
        &with(&[("Weight", "100"), ("NewWeight", "0")]),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    refused(
        &app,
        "DeleteVcoRouteEntry",
        &with(&[("Weight", "100")]),
        "InvalidRouteEntry.NotFound",
    )
    .await;
    ok(&app, "DeleteVcoRouteEntry", &with(&[("Weight", "0")])).await;
}

#[tokio::test]
async fn a_gateway_lists_its_routes_learned_over_bgp_apart() {
    let app = server(Duration::ZERO);
    let gateway = ("VpnGatewayId", demo::GATEWAY_ID);
    let listed = |entry_type: &'static str| {
        let app = app.clone();
        async move {
            ok(
                &app,
                "DescribeVpnRouteEntries",
                &[REGION, gateway, ("RouteEntryType", entry_type)],
            )
            .await
        }
    };
    let learned = listed("bgp").await;
    let entries = learned["VpnRouteEntries"]["VpnRouteEntry"]
        .as_array()
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["RouteDest"], "192.168.200.0/24");
    assert_eq!(entries[0]["RouteEntryType"], "bgp");
    let custom = listed("custom").await;
    assert!(custom["VpnRouteEntries"]["VpnRouteEntry"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["RouteEntryType"] == "custom"));
    let counts = &custom["VpnRouteCounts"]["VpnRouteCount"];
    assert_eq!(counts[1]["RouteEntryType"], "bgp");
    assert_eq!(counts[1]["RouteCount"], 1);
    refused(
        &app,
        "DescribeVpnRouteEntries",
        &[REGION, gateway, ("RouteEntryType", "BGP")],
        "IllegalParam.RouteEntryType",
    )
    .await;
}
