//! The real backend: calls re-signed with ACS3-HMAC-SHA256 and sent to Alibaba Cloud
//! (`vpc.<RegionId>.aliyuncs.com`, or `--endpoint`). Only the actions of [`Action`] get here,
//! so the proxy is no open relay. The key pair comes from the standard environment variables
//! and never leaves this module: not in logs, errors or answers.

use crate::action::Action;
use crate::emulator::Answer;
use crate::error::ApiError;
use crate::signature::{acs3_authorization, hex_sha256, Credentials};
use axum::http::StatusCode;
use std::time::Duration;
use vpnroute_rules::model::wire::{encode_pairs, sent_in_body};
use vpnroute_rules::ops::API_VERSION;
use vpnroute_rules::WireParams;

pub const ACCESS_KEY_ID_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
pub const ACCESS_KEY_SECRET_VAR: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
pub const SECURITY_TOKEN_VAR: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// What answers calls (`--upstream`): the embedded emulator, or Alibaba Cloud.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum UpstreamKind {
    Emulator,
    Aliyun,
}

pub struct Upstream {
    http: reqwest::Client,
    credentials: Credentials,
    /// Base URL that replaces `https://vpc.<RegionId>.aliyuncs.com`, e.g. for a test double.
    endpoint: Option<String>,
}

impl Upstream {
    /// Reads the key pair from the environment; says which variable is missing.
    pub fn from_env(endpoint: Option<String>) -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let (Some(access_key_id), Some(access_key_secret)) =
            (var(ACCESS_KEY_ID_VAR), var(ACCESS_KEY_SECRET_VAR))
        else {
            return Err(format!(
                "--upstream aliyun needs the key pair in {ACCESS_KEY_ID_VAR} and {ACCESS_KEY_SECRET_VAR} (and {SECURITY_TOKEN_VAR} for an STS token)"
            ));
        };
        Ok(Self::new(
            Credentials {
                access_key_id,
                access_key_secret,
                security_token: var(SECURITY_TOKEN_VAR),
            },
            endpoint,
        ))
    }

    pub fn new(credentials: Credentials, endpoint: Option<String>) -> Self {
        Upstream {
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("a client with a timeout builds"),
            credentials,
            endpoint,
        }
    }

    fn base_url(&self, params: &WireParams) -> Result<String, ApiError> {
        if let Some(endpoint) = &self.endpoint {
            return Ok(endpoint.trim_end_matches('/').to_owned());
        }
        let region = params
            .get("RegionId")
            .filter(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            .ok_or_else(|| {
                ApiError::bad_request(
                    "MissingParameter.RegionId",
                    "RegionId is required: it picks the regional endpoint the call is sent to.",
                )
            })?;
        Ok(format!("https://vpc.{region}.aliyuncs.com"))
    }

    /// Sends one call and returns the service's answer, or its error as the service gave it.
    pub async fn call(&self, action: Action, params: &WireParams) -> Result<Answer, ApiError> {
        let base = self.base_url(params)?;
        let host = base
            .split("://")
            .nth(1)
            .unwrap_or(&base)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let query: Vec<(String, String)> = params
            .0
            .iter()
            .filter(|(k, _)| !sent_in_body(k))
            .cloned()
            .collect();
        let body = encode_pairs(params.0.iter().filter(|(k, _)| sent_in_body(k)));
        let body_hash = hex_sha256(body.as_bytes());
        let date = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .expect("a UTC time formats");
        let mut headers = vec![
            ("host".to_owned(), host),
            ("x-acs-action".to_owned(), action.name().to_owned()),
            ("x-acs-version".to_owned(), API_VERSION.to_owned()),
            ("x-acs-date".to_owned(), date),
            (
                "x-acs-signature-nonce".to_owned(),
                uuid::Uuid::new_v4().simple().to_string(),
            ),
            ("x-acs-content-sha256".to_owned(), body_hash.clone()),
        ];
        if let Some(token) = &self.credentials.security_token {
            headers.push(("x-acs-security-token".to_owned(), token.clone()));
        }
        if !body.is_empty() {
            headers.push((
                "content-type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ));
        }
        let authorization =
            acs3_authorization(&self.credentials, "POST", &query, &headers, &body_hash);
        let mut request = self
            .http
            .post(format!("{base}/?{}", encode_pairs(query.iter())))
            .header("authorization", authorization)
            .header("accept", "application/json")
            .body(body);
        for (name, value) in headers.iter().filter(|(name, _)| name != "host") {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|error| {
            // reqwest's message names the URL, which holds no secret; the headers are not shown.
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "UpstreamUnreachable",
                format!("{base} could not be reached: {error}"),
            )
            .with_recommend(
                "Check the network and --endpoint; the call was not made, so it is safe to retry.",
            )
        })?;
        let status = response.status();
        let retry_after_ms = response
            .headers()
            .get("x-acs-retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let text = response.text().await.map_err(|error| {
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "UpstreamUnreadable",
                format!("The answer from {base} broke off: {error}"),
            )
        })?;
        let body: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_GATEWAY,
                "UpstreamUnreadable",
                format!("{base} answered HTTP {status} with something that is not JSON."),
            )
        })?;
        if status.is_success() {
            return Ok(body);
        }
        let text_of = |key: &str| body.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let mut error = ApiError::new(
            StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY),
            text_of("Code").unwrap_or_else(|| "UpstreamError".to_owned()),
            text_of("Message").unwrap_or_default(),
        );
        error.recommend = text_of("Recommend");
        error.request_id = text_of("RequestId");
        error.retry_after_ms = retry_after_ms;
        Err(error)
    }
}
