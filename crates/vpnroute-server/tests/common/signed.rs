//! Calls signed with ACS3 as the SDKs sign them, for the tests and the load bench that send
//! them over a socket: reqwest in this process, or curl from another network namespace.

#![allow(dead_code)] // Each test file uses its own part of this module.

use vpnroute_server::emulator::demo;
use vpnroute_server::signature::{acs3_authorization, hex_sha256, Credentials};

/// A signed call with an empty body: the path and query to POST to, and the headers to
/// send. The Host it was signed for is not among them: every client sends it from the URL.
pub struct SignedCall {
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
}

/// `action` with `params` (the query), signed by `key` for the server at `host` (`ip:port`,
/// as the client will name it in the URL).
pub fn acs3(host: &str, key: &Credentials, action: &str, params: &[(&str, &str)]) -> SignedCall {
    let query: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let body_hash = hex_sha256(b"");
    let mut headers = vec![
        ("host".to_owned(), host.to_owned()),
        ("x-acs-action".to_owned(), action.to_owned()),
        ("x-acs-version".to_owned(), "2016-04-28".to_owned()),
        ("x-acs-date".to_owned(), "2026-11-22T00:00:00Z".to_owned()),
        (
            "x-acs-signature-nonce".to_owned(),
            uuid::Uuid::new_v4().simple().to_string(),
        ),
        ("x-acs-content-sha256".to_owned(), body_hash.clone()),
    ];
    let authorization = acs3_authorization(key, "POST", &query, &headers, &body_hash);
    headers.push(("authorization".to_owned(), authorization));
    headers.retain(|(name, _)| name != "host");
    SignedCall {
        path_and_query: format!(
            "/?{}",
            vpnroute_rules::model::wire::encode_pairs(query.iter())
        ),
        headers,
    }
}

impl SignedCall {
    /// The call as a reqwest request to `base` (`http://ip:port`).
    pub fn request(&self, client: &reqwest::Client, base: &str) -> reqwest::RequestBuilder {
        let mut request = client.post(format!("{base}{}", self.path_and_query));
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        request
    }
}

/// The parameters of a CreateVpnRouteEntry to `dest` on the demo world's gateway, through its
/// first connection.
pub fn demo_route(dest: &str) -> Vec<(&str, &str)> {
    vec![
        ("RegionId", demo::REGION_ID),
        ("VpnGatewayId", demo::GATEWAY_ID),
        ("RouteDest", dest),
        ("NextHop", demo::CONNECTION_IDS[0]),
        ("Weight", "100"),
        ("PublishVpc", "true"),
    ]
}
