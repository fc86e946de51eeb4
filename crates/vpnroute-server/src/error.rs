//! The one error type of the HTTP surface, written in the shape the Alibaba Cloud SDKs read.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use vpnroute_rules::{Diagnostic, RULES};

/// An error answer: HTTP status, API code, message and an optional hint on what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub recommend: Option<String>,
    /// The upstream service's request id, when the error came from there.
    pub request_id: Option<String>,
    /// Milliseconds to wait before a retry, sent as `x-acs-retry-after` (throttling).
    pub retry_after_ms: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            recommend: None,
            request_id: None,
            retry_after_ms: None,
        }
    }

    pub fn bad_request(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// The answer when a part of the server's database (`what`: "the audit log") cannot be
    /// read; `problem` goes to the log, not to the caller.
    pub fn unreadable(what: &str, problem: &str) -> Self {
        tracing::error!(%problem, "cannot read {what}");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ServiceUnavailable",
            format!(
                "{} cannot be read just now. The server log says why.",
                capitalized(what)
            ),
        )
    }

    pub fn with_recommend(mut self, recommend: impl Into<String>) -> Self {
        self.recommend = Some(recommend.into());
        self
    }

    /// The answer the service gives for an engine diagnostic: its code, its message naming
    /// the field, and the suggestion or the rule's summary as the recommendation.
    pub fn from_diagnostic(diagnostic: &Diagnostic) -> Self {
        let code = diagnostic.code.as_deref().map_or_else(
            || format!("InvalidParameter.{}", diagnostic.field),
            str::to_owned,
        );
        let recommend = match &diagnostic.suggestion {
            Some(suggestion) => format!(
                "Set {} to {suggestion} (vpnroute rule {}).",
                diagnostic.field, diagnostic.rule
            ),
            None => {
                let summary = RULES
                    .iter()
                    .find(|r| r.id == diagnostic.rule)
                    .map(|r| r.summary())
                    .unwrap_or_default();
                format!("vpnroute rule {}: {summary}", diagnostic.rule)
            }
        };
        Self::new(status_for_code(&code), code, diagnostic.message.clone())
            .with_recommend(recommend)
    }
}

/// The HTTP status the service uses for a code.
pub fn status_for_code(code: &str) -> StatusCode {
    if code.ends_with(".NotFound") {
        StatusCode::NOT_FOUND
    } else if code.starts_with("Forbidden") || code.starts_with("Forbbiden") {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::BAD_REQUEST
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody<'a> {
    request_id: &'a str,
    code: &'a str,
    message: &'a str,
    host_id: &'a str,
    recommend: &'a str,
}

/// The id that ties a response to the logs; the SDKs show it in their exceptions.
pub fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

pub const HOST_ID: &str = "vpnroute";

impl ApiError {
    pub fn into_response_with_id(self, request_id: &str) -> Response {
        let body = ErrorBody {
            request_id: self.request_id.as_deref().unwrap_or(request_id),
            code: &self.code,
            message: &self.message,
            host_id: HOST_ID,
            recommend: self.recommend.as_deref().unwrap_or(""),
        };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(ms) = self.retry_after_ms {
            response
                .headers_mut()
                .insert("x-acs-retry-after", ms.into());
        }
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.into_response_with_id(&new_request_id())
    }
}

/// `what` with its first letter in capitals, to open a sentence.
fn capitalized(what: &str) -> String {
    let mut letters = what.chars();
    letters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(letters).collect()
    })
}
