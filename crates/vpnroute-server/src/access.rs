//! Who may call the RPC endpoint: SDK callers that sign with the server's key pair, the
//! console with the session token the server handed it, and unsigned callers only when both
//! ends of the connection are on loopback.

use crate::error::ApiError;
use crate::signature::{self, Algorithm, Credentials, SignedParts};
use axum::http::HeaderMap;
use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpStream;

/// The header the console sends its session token in. A custom header also means that a
/// cross-site page cannot send it without a CORS preflight, which this server never grants.
pub use vpnroute_api::SESSION_HEADER;

/// The key pair SDK callers sign with unless told otherwise: the one the SDKs' own examples
/// and this project's captures use, so public knowledge.
pub const DEFAULT_ACCESS_KEY_ID: &str = "testid";
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "testsecret";

/// Both addresses of a connection, recorded when it is accepted.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionEnds {
    pub local: SocketAddr,
    pub peer: SocketAddr,
}

impl ConnectionEnds {
    pub fn both_loopback(&self) -> bool {
        self.local.ip().is_loopback() && self.peer.ip().is_loopback()
    }
}

impl ConnectionEnds {
    /// The ends of an accepted connection. An unknown local address is never taken for
    /// loopback.
    pub fn of(stream: &TcpStream, peer: SocketAddr) -> Self {
        let local = stream
            .local_addr()
            .unwrap_or(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)));
        ConnectionEnds { local, peer }
    }
}

/// How a call was let in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Signed(Algorithm),
    Console,
    Loopback,
}

pub struct Access {
    pub credentials: Credentials,
    /// Handed to the page this server serves; random for each start of the server.
    pub session_token: String,
}

impl Access {
    pub fn new(credentials: Credentials) -> Self {
        Access {
            credentials,
            session_token: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    /// Lets a call in or says why not. A signature, when present, must verify even on
    /// loopback: a wrong one is a bug the caller wants to hear about.
    pub fn authenticate(
        &self,
        parts: &SignedParts<'_>,
        ends: Option<ConnectionEnds>,
    ) -> Result<Caller, ApiError> {
        if let Some(algorithm) = signature::verify(parts, &self.credentials)? {
            return Ok(Caller::Signed(algorithm));
        }
        self.console(parts.headers, ends)
    }

    /// Lets in the console (by its session token) and unsigned callers on loopback; the
    /// server's own API (`/api/queue`) takes no signature, so this is its whole check.
    pub fn console(
        &self,
        headers: &HeaderMap,
        ends: Option<ConnectionEnds>,
    ) -> Result<Caller, ApiError> {
        if let Some(token) = headers.get(SESSION_HEADER) {
            if token.as_bytes() == self.session_token.as_bytes() {
                return Ok(Caller::Console);
            }
            return Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "InvalidSessionToken",
                "The console's session token is not this server's; the server was restarted since the page was loaded.",
            )
            .with_recommend("Reload the page to get a new session token."));
        }
        if ends.is_some_and(|e| e.both_loopback()) {
            return Ok(Caller::Loopback);
        }
        Err(ApiError::bad_request(
            "IncompleteSignature",
            "The request is not signed. Calls from other hosts must be signed (ACS3-HMAC-SHA256 or HMAC-SHA1) or come from the console this server serves.",
        )
        .with_recommend("Sign with the server's key pair, as the official SDKs do, or use the console."))
    }
}
