//! Requests as they travel: flat `Key=Value` text parameters.

use serde::{Deserialize, Serialize};

/// The decoded parameters of one request, in the order they arrived.
///
/// Every value is text, as on the wire: `Weight=100`, `PublishVpc=True`,
/// `Tags.1.Key=env`. A key given twice keeps its first value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireParams(pub Vec<(String, String)>);

impl WireParams {
    pub fn new() -> Self {
        Self::default()
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the request asks for a dry run (`DryRun=true`, any letter case).
    pub fn asks_dry_run(&self) -> bool {
        self.get("DryRun").and_then(parse_bool) == Some(true)
    }

    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.push((key.into(), value.into()));
    }

    /// Sets `key`, replacing an earlier value.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The parameters borrowed as pairs, which is what the checks read.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

/// Wire parameters borrowed from wherever they were decoded, in arrival order; a key given
/// twice keeps its first value. The checks read these, so that a caller holding the text
/// elsewhere need not copy every key and value.
pub type WirePairs<'a> = [(&'a str, &'a str)];

/// The first value of `key` in `pairs`.
pub fn first_value<'a>(pairs: &WirePairs<'a>, key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| *k == key).map(|&(_, v)| v)
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for WireParams {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        WireParams(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// How a boolean is read: `true`/`false` in any letter case (the Python SDK sends `True`).
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// How an integer is read: plain decimal text, optionally signed, nothing else.
pub fn parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// An RPC call as the official SDKs put it on the wire (before signing): `POST /` with the
/// action and version in headers, the parameters in the query string, and the
/// `TunnelOptionsSpecification.*` items of CreateVpnConnection in a form body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WireRequest {
    pub method: String,
    pub path: String,
    /// Header values: `x-acs-action`, `x-acs-version`, and `content-type` when there is one.
    pub headers: Vec<(String, String)>,
    /// Percent-encoded, keys sorted, without the leading `?`.
    pub query: String,
    /// `application/x-www-form-urlencoded`, empty when there is no body.
    pub body: String,
}

/// RFC 3986 unreserved characters stay; everything else is percent-encoded (as the SDKs
/// sign it: space is `%20`, `*` is `%2A`).
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One key or value percent-encoded as the SDKs encode it.
pub fn encode_component(text: &str) -> percent_encoding::PercentEncode<'_> {
    percent_encoding::utf8_percent_encode(text, COMPONENT)
}

/// Pairs sorted and percent-encoded as `k=v&k=v`: the query string the SDKs send and the
/// canonical form both signature algorithms sign.
pub fn encode_pairs<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> String {
    let mut pairs: Vec<&(String, String)> = pairs.collect();
    pairs.sort_unstable();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether the SDKs send a parameter in the form body rather than the query: only the
/// tunnels of a dual-tunnel CreateVpnConnection go there.
pub fn sent_in_body(key: &str) -> bool {
    key.starts_with("TunnelOptionsSpecification.")
}
