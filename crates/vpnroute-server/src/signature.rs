//! Alibaba Cloud request signatures: ACS3-HMAC-SHA256 (what the SDKs send by default) and the
//! older HMAC-SHA1 query signature. The server verifies them on SDK calls and writes ACS3 on
//! the calls its proxy forwards, with the same canonical forms.

use crate::error::ApiError;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::fmt;
use vpnroute_rules::model::wire::{encode_component, encode_pairs};

pub const ACS3: &str = "ACS3-HMAC-SHA256";

/// An AccessKey pair. `Debug` never shows the secret, so it cannot reach a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub access_key_secret: String,
    /// STS token, sent along (and signed) when the key is temporary.
    pub security_token: Option<String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// The pair the SDKs' own examples use: `testid`/`testsecret`.
    pub fn default_pair() -> Self {
        Credentials {
            access_key_id: crate::access::DEFAULT_ACCESS_KEY_ID.to_owned(),
            access_key_secret: crate::access::DEFAULT_ACCESS_KEY_SECRET.to_owned(),
            security_token: None,
        }
    }
}

/// Which algorithm a verified request was signed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    Acs3HmacSha256,
    HmacSha1,
}

/// The parts of a request that a signature covers.
pub struct SignedParts<'a> {
    pub method: &'a str,
    pub headers: &'a HeaderMap,
    /// Decoded query parameters, in wire order.
    pub query: &'a [(String, String)],
    /// Decoded form-body parameters (HMAC-SHA1 signs them with the query).
    pub form: &'a [(String, String)],
    /// The body as received, after any chunked framing is removed (ACS3 signs its hash).
    pub body: &'a [u8],
}

/// Checks the request's signature against `credentials`. `Ok(None)`: the request carries no
/// signature at all, and the caller decides whether that is allowed.
pub fn verify(
    parts: &SignedParts<'_>,
    credentials: &Credentials,
) -> Result<Option<Algorithm>, ApiError> {
    let signed = verify_with(parts, |access_key_id| {
        Ok((access_key_id == credentials.access_key_id)
            .then(|| (credentials.access_key_secret.clone(), ())))
    })?;
    Ok(signed.map(|(algorithm, ())| algorithm))
}

/// Checks the request's signature with the secret that `find` gives for its AccessKeyId,
/// along with what `find` knows of the key's holder. `find` answering `None` is
/// `InvalidAccessKeyId.NotFound`. `Ok(None)`: the request carries no signature at all.
pub fn verify_with<Holder>(
    parts: &SignedParts<'_>,
    find: impl FnOnce(&str) -> Result<Option<(String, Holder)>, ApiError>,
) -> Result<Option<(Algorithm, Holder)>, ApiError> {
    let find = |access_key_id: &str| find(access_key_id)?.ok_or_else(|| not_found(access_key_id));
    if let Some(authorization) = parts.headers.get("authorization") {
        let authorization = authorization
            .to_str()
            .map_err(|_| incomplete("The Authorization header is not ASCII text."))?;
        let holder = verify_acs3(parts, authorization, find)?;
        return Ok(Some((Algorithm::Acs3HmacSha256, holder)));
    }
    if parts.query.iter().any(|(k, _)| k == "Signature") {
        let holder = verify_v1(parts, find)?;
        return Ok(Some((Algorithm::HmacSha1, holder)));
    }
    Ok(None)
}

struct Authorization<'a> {
    access_key_id: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, ApiError> {
    let Some(rest) = value.strip_prefix(ACS3).and_then(|r| r.strip_prefix(' ')) else {
        return Err(incomplete(format!(
            "The Authorization header must start with {ACS3}; it is the only Authorization algorithm this endpoint verifies (or sign with HMAC-SHA1 in the query)."
        )));
    };
    let (mut access_key_id, mut signed_headers, mut signature) = (None, None, None);
    for item in rest.split(',') {
        match item.trim().split_once('=') {
            Some(("Credential", v)) => access_key_id = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => {}
        }
    }
    match (access_key_id, signed_headers, signature) {
        (Some(access_key_id), Some(signed_headers), Some(signature)) => Ok(Authorization {
            access_key_id,
            signed_headers,
            signature,
        }),
        _ => Err(incomplete(
            "The Authorization header needs Credential=, SignedHeaders= and Signature=.",
        )),
    }
}

fn verify_acs3<Holder>(
    parts: &SignedParts<'_>,
    authorization: &str,
    find: impl FnOnce(&str) -> Result<(String, Holder), ApiError>,
) -> Result<Holder, ApiError> {
    let authorization = parse_authorization(authorization)?;
    let (secret, holder) = find(authorization.access_key_id)?;
    let body_hash = hex_sha256(parts.body);
    let declared = header_text(parts.headers, "x-acs-content-sha256").ok_or_else(|| {
        incomplete("The x-acs-content-sha256 header is missing; ACS3 signs the body's SHA-256.")
    })?;
    if !declared.eq_ignore_ascii_case(&body_hash) {
        return Err(does_not_match(format!(
            "x-acs-content-sha256 is {declared}, but the body received hashes to {body_hash}: the body was changed on the way or hashed before it was final."
        )));
    }
    let mut headers = Vec::new();
    for name in authorization.signed_headers.split(';') {
        let values: Vec<&str> = parts
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if values.is_empty() {
            return Err(incomplete(format!(
                "SignedHeaders names {name:?}, but the request has no such header."
            )));
        }
        headers.push((name.to_owned(), values.join(",")));
    }
    let canonical = acs3_canonical_request(parts.method, parts.query, &headers, &body_hash);
    let string_to_sign = acs3_string_to_sign(&canonical);
    let sent = decode_hex(authorization.signature).ok_or_else(|| {
        incomplete("The Signature in the Authorization header is not hexadecimal.")
    })?;
    let mut mac = hmac_sha256(&secret);
    mac.update(string_to_sign.as_bytes());
    mac.verify_slice(&sent).map_err(|_| {
        does_not_match(format!(
            "The ACS3 signature does not match. The string signed here is {string_to_sign:?}, from the canonical request {canonical:?}."
        ))
    })?;
    Ok(holder)
}

fn verify_v1<Holder>(
    parts: &SignedParts<'_>,
    find: impl FnOnce(&str) -> Result<(String, Holder), ApiError>,
) -> Result<Holder, ApiError> {
    let param = |name: &str| {
        parts
            .query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let access_key_id = param("AccessKeyId")
        .ok_or_else(|| incomplete("A Signature parameter needs an AccessKeyId parameter."))?;
    match param("SignatureMethod") {
        Some("HMAC-SHA1") => {}
        other => {
            return Err(incomplete(format!(
                "SignatureMethod is {other:?}; the query signature this endpoint verifies is HMAC-SHA1."
            )))
        }
    }
    let (secret, holder) = find(access_key_id)?;
    let signed: Vec<&(String, String)> = parts
        .query
        .iter()
        .filter(|(k, _)| k != "Signature")
        .chain(parts.form)
        .collect();
    let string_to_sign = v1_string_to_sign(parts.method, signed.into_iter());
    let sent = base64::engine::general_purpose::STANDARD
        .decode(param("Signature").unwrap_or_default())
        .map_err(|_| incomplete("The Signature parameter is not base64."))?;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(string_to_sign.as_bytes());
    mac.verify_slice(&sent).map_err(|_| {
        does_not_match(format!(
            "The HMAC-SHA1 signature does not match. The string signed here is {string_to_sign:?}."
        ))
    })?;
    Ok(holder)
}

/// The ACS3 canonical request. `headers` are the signed headers, lower-case names with their
/// values; they are sorted here.
pub fn acs3_canonical_request(
    method: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body_hash: &str,
) -> String {
    let mut headers: Vec<(String, &str)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect();
    let signed_headers = headers
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(";");
    format!(
        "{method}\n/\n{}\n{canonical_headers}\n{signed_headers}\n{body_hash}",
        encode_pairs(query.iter())
    )
}

fn acs3_string_to_sign(canonical_request: &str) -> String {
    format!("{ACS3}\n{}", hex_sha256(canonical_request.as_bytes()))
}

fn v1_string_to_sign<'a>(
    method: &str,
    params: impl Iterator<Item = &'a (String, String)>,
) -> String {
    let canonical = encode_pairs(params);
    format!("{method}&%2F&{}", encode_component(&canonical))
}

/// The `Authorization` header value for a request, as the SDKs write it. `headers` must
/// already hold every header to sign, `x-acs-content-sha256` included.
pub fn acs3_authorization(
    credentials: &Credentials,
    method: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body_hash: &str,
) -> String {
    let canonical = acs3_canonical_request(method, query, headers, body_hash);
    let mut mac = hmac_sha256(&credentials.access_key_secret);
    mac.update(acs3_string_to_sign(&canonical).as_bytes());
    let signature = to_hex(&mac.finalize().into_bytes());
    let mut names: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    names.sort();
    format!(
        "{ACS3} Credential={},SignedHeaders={},Signature={signature}",
        credentials.access_key_id,
        names.join(";")
    )
}

pub fn hex_sha256(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

fn hmac_sha256(secret: &str) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length")
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn not_found(access_key_id: &str) -> ApiError {
    let code = "InvalidAccessKeyId.NotFound";
    ApiError::new(
        crate::error::status_for_code(code),
        code,
        format!("The AccessKeyId {access_key_id:?} is not known to this endpoint."),
    )
    .with_recommend(
        "Sign with your account's key pair (`vpnroute users add` makes one; a rotated or removed key stops working at once), or with the pair the server was started with (--access-key-id/--access-key-secret).",
    )
}

fn incomplete(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("IncompleteSignature", message).with_recommend(
        "Sign the request as the official SDKs do: ACS3-HMAC-SHA256, or HMAC-SHA1 in the query.",
    )
}

fn does_not_match(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "SignatureDoesNotMatch", message).with_recommend(
        "Check the AccessKey secret, and that nothing rewrites the query, the signed headers or the body after signing.",
    )
}
