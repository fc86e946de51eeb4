//! Reading an RPC request off the wire: action, version and the merged parameters of the
//! query string and the form body.

use crate::error::ApiError;
use axum::http::{HeaderMap, StatusCode};
use percent_encoding::percent_decode;
use vpnroute_rules::ops::API_VERSION;
use vpnroute_rules::WireParams;

/// Parameters of the RPC protocol itself (signature v1, format), not of any operation.
const PROTOCOL_PARAMS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
];

/// An RPC call read from the wire.
#[derive(Debug)]
pub struct RpcCall {
    pub action: String,
    pub params: WireParams,
}

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte, and
/// every decoded key and value must be UTF-8.
pub fn decode_form(raw: &[u8], source: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs = Vec::new();
    for piece in raw.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (key, value) = match piece.iter().position(|&b| b == b'=') {
            Some(at) => (&piece[..at], &piece[at + 1..]),
            None => (piece, &b""[..]),
        };
        let key = decode_component(key).map_err(|()| not_utf8(source, "a parameter name", None))?;
        let value =
            decode_component(value).map_err(|()| not_utf8(source, "the value", Some(&key)))?;
        pairs.push((key, value));
    }
    Ok(pairs)
}

fn decode_component(raw: &[u8]) -> Result<String, ()> {
    let spaced: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_decode(&spaced)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| ())
}

fn not_utf8(source: &str, what: &str, key: Option<&str>) -> ApiError {
    let whose = key.map(|k| format!(" of {k}")).unwrap_or_default();
    ApiError::bad_request(
        "InvalidParameter.Encoding",
        format!("In the {source}, {what}{whose} is not valid UTF-8 after percent-decoding."),
    )
    .with_recommend("Percent-encode parameters as UTF-8, as the official SDKs do.")
}

/// Decodes a request body: it must be a form, or empty.
pub fn decode_body(headers: &HeaderMap, body: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "InvalidParameter.ContentType",
            format!(
                "A request body must be application/x-www-form-urlencoded, not {content_type:?}."
            ),
        ));
    }
    decode_form(body, "form body")
}

/// Reads the action, checks the version and merges the decoded query and body parameters.
pub fn read_call(
    headers: &HeaderMap,
    query: Vec<(String, String)>,
    body: Vec<(String, String)>,
) -> Result<RpcCall, ApiError> {
    let all: Vec<(String, String)> = query.into_iter().chain(body).collect();
    let lookup = |name: &str| all.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };

    let action = header("x-acs-action")
        .or_else(|| lookup("Action"))
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request(
                "MissingParameter.Action",
                "The action is missing: send the x-acs-action header or an Action parameter.",
            )
        })?;
    let version = header("x-acs-version").or_else(|| lookup("Version"));
    match version.as_deref() {
        Some(API_VERSION) => {}
        Some(other) => {
            return Err(ApiError::bad_request(
                "InvalidVersion",
                format!("Version {other:?} is not supported; this endpoint speaks {API_VERSION}."),
            ))
        }
        None => {
            return Err(ApiError::bad_request(
                "MissingParameter.Version",
                format!("The API version is missing: send x-acs-version: {API_VERSION} or Version={API_VERSION}."),
            ))
        }
    }
    let params = all
        .into_iter()
        .filter(|(k, _)| !PROTOCOL_PARAMS.contains(&k.as_str()))
        .collect();
    Ok(RpcCall { action, params })
}
