//! The contract between the console and the server, typed once: the server writes these
//! types and the console reads them. It holds the names of the server's own headers and
//! paths, the session and queue documents, the parts of the describe answers the console
//! reads, and `tables`, which reads whole tables through those describes into the engine's
//! snapshots for the console and the CLI alike, `audit`, the audit log's records, and
//! `applies`, plan applies as the server journals and runs them. Which
//! gateway or connection a write targets is the engine's (`ops::Target`).
//!
//! The describe types are lenient (every field defaults), because the console also reads the
//! answers of the real service through the proxy.

pub mod applies;
pub mod audit;
pub mod describe;
pub mod queue;
pub mod tables;

use serde::{Deserialize, Serialize};

/// The header that carries the console's session token on every call.
pub const SESSION_HEADER: &str = "x-vpnroute-session";
/// Where the console gets its session token: a [`Session`].
pub const SESSION_PATH: &str = "/api/session";
/// Where the console exchanges a person's AccessKey pair for a session cookie: a [`SignIn`]
/// in, a [`Session`] out.
pub const SIGN_IN_PATH: &str = "/api/sign-in";
/// Where the console ends its session (POST).
pub const SIGN_OUT_PATH: &str = "/api/sign-out";
/// The cookie that carries a signed-in session; the page never sees it (HttpOnly).
pub const SESSION_COOKIE: &str = "vpnroute_session";
/// The header that asks the server to queue a write (any value).
pub const QUEUE_HEADER: &str = "x-vpnroute-queue";
/// Where the console follows the write queue: a [`queue::QueueSnapshot`].
pub const QUEUE_PATH: &str = "/api/queue";

/// What a person may do, each role everything the one before it may: a viewer describes,
/// checks, looks up and dry-runs; an operator also writes; an admin also manages accounts
/// and reads the whole audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Operator,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Operator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(text: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == text)
            .ok_or_else(|| {
                format!("{text:?} is not a role; the roles are viewer, operator and admin")
            })
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The answer of [`SESSION_PATH`] and [`SIGN_IN_PATH`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Session {
    /// Sent in [`SESSION_HEADER`] on every call. On a server with accounts it is the
    /// session's CSRF token, which a write must carry besides the cookie.
    pub token: String,
    /// Who is signed in; `None` on a server without accounts.
    pub person: Option<Person>,
}

/// A signed-in person, as the console shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub role: Role,
}

/// What [`SIGN_IN_PATH`] takes: a person's AccessKey pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignIn {
    pub access_key_id: String,
    pub access_key_secret: String,
}

/// The code of [`SESSION_PATH`]'s 401 answer: the console shows its sign-in page.
pub const SIGN_IN_REQUIRED: &str = "SignInRequired";
/// The code of a call with a session token this server did not hand out: it was restarted
/// since the page got its token, and the page fetches a new one.
pub const INVALID_SESSION_TOKEN: &str = "InvalidSessionToken";
