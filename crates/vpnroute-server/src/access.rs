//! Who may call, and what they may do.
//!
//! Callers are let in by a signature with an account's key pair (or the pair the server was
//! started with), by the console's session token, or, while the server has no accounts, as
//! unsigned callers with both ends of the connection on loopback: one person's machine,
//! which is how `cargo xtask run` and the test suites use it. Once an account exists, every
//! caller is a person with a role.
//!
//! Roles come in order: a viewer describes, checks, looks up and dry-runs; an operator also
//! writes; an admin also manages accounts and reads the whole audit log. Whether a call
//! writes is the engine's word (`Operation::is_write`), never a list of names here.

use crate::accounts::{Accounts, Role};
use crate::action::Action;
use crate::audit::AuditLog;
use crate::error::ApiError;
use crate::sessions::{Sessions, SignedIn, SESSION_LIFETIME};
use crate::signature::{self, Algorithm, Credentials, SignedParts};
use axum::http::{HeaderMap, StatusCode};
use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpStream;
use vpnroute_rules::WireParams;

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

    /// The ends of an accepted connection. An unknown local address is never taken for
    /// loopback.
    pub fn of(stream: &TcpStream, peer: SocketAddr) -> Self {
        let local = stream
            .local_addr()
            .unwrap_or(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0)));
        ConnectionEnds { local, peer }
    }
}

/// The key pair given with `--access-key-id`/`--access-key-secret` (or their defaults).
#[derive(Clone, Debug)]
pub enum ConfiguredKey {
    /// A pair of the operator's own: accepted always, as an admin.
    Own(Credentials),
    /// The default pair, or one with a default half, which anyone can sign with: accepted
    /// only while the server has no accounts.
    WithoutAccounts(Credentials),
}

impl ConfiguredKey {
    pub fn from_pair(credentials: Credentials) -> Self {
        if credentials.access_key_id == DEFAULT_ACCESS_KEY_ID
            || credentials.access_key_secret == DEFAULT_ACCESS_KEY_SECRET
        {
            ConfiguredKey::WithoutAccounts(credentials)
        } else {
            ConfiguredKey::Own(credentials)
        }
    }
}

/// How a call was let in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// Signed with an account's key.
    Account { name: String, algorithm: Algorithm },
    /// Signed with the key pair the server was started with.
    ConfiguredKey {
        access_key_id: String,
        algorithm: Algorithm,
    },
    /// The console's session token, while the server has no accounts.
    Console,
    /// The console of a signed-in person; `csrf` says whether the call carried the
    /// session's CSRF token, without which it may not write.
    Session { name: String, csrf: bool },
    /// Unsigned, both ends on loopback, while the server has no accounts.
    Loopback,
}

/// Who is calling and what they may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    pub via: Via,
    pub role: Role,
}

impl Caller {
    /// The person, as the audit log names them.
    pub fn person(&self) -> String {
        match &self.via {
            Via::Account { name, .. } | Via::Session { name, .. } => name.clone(),
            Via::ConfiguredKey { access_key_id, .. } => format!("key {access_key_id}"),
            // The console's token is handed out only while the server has no accounts and
            // listens on loopback: one person's machine, as for unsigned calls.
            Via::Console | Via::Loopback => "loopback".to_owned(),
        }
    }

    /// Lets the call of `action` with `params` through, or says which role it needs.
    pub fn authorize(&self, action: Action, params: &WireParams) -> Result<(), ApiError> {
        let needed = needed_role(action, params);
        if self.role >= needed {
            if needed > Role::Viewer && matches!(self.via, Via::Session { csrf: false, .. }) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "InvalidCsrfToken",
                    format!("{action} changes a gateway or connection, and this call carries the session cookie without the session's CSRF token in {SESSION_HEADER}: it may come from another site."),
                )
                .with_recommend("Send writes from the console, which adds the token; reload it if it was open before the sign-in."));
            }
            return Ok(());
        }
        let code = "Forbidden.RAM";
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            code,
            format!(
                "{} has the role {}; {action} changes a gateway or connection, which needs the role {needed}.",
                self.person(),
                self.role
            ),
        )
        .with_recommend(format!(
            "Ask an admin for the role {needed} (`vpnroute users add NAME --role {needed}`), or send the request with DryRun=true to check it."
        )))
    }
}

/// The role a call needs: a write is an operator's, unless it is a DryRun of an operation
/// that has one (which changes nothing).
pub fn needed_role(action: Action, params: &WireParams) -> Role {
    let dry_run = match action {
        Action::Operation(operation) => operation.takes_dry_run() && params.asks_dry_run(),
        Action::Server(_) => false,
    };
    if action.is_write() && !dry_run {
        Role::Operator
    } else {
        Role::Viewer
    }
}

pub struct Access {
    accounts: Accounts,
    /// Kept in the accounts' database.
    audit: AuditLog,
    /// The console's signed-in sessions, once the server has accounts.
    pub sessions: Sessions,
    key: Option<ConfiguredKey>,
    /// Whether the server may be used without accounts (the session token, unsigned calls on
    /// loopback): only when it listens on loopback, so that removing the last account of a
    /// server that listens beyond it does not open it to everyone.
    open_without_accounts: bool,
    /// Handed to the page this server serves while it has no accounts; random for each
    /// start of the server.
    pub session_token: String,
}

impl Access {
    /// Access for a server on loopback: until it has accounts, its console and unsigned
    /// callers on loopback are let in.
    pub fn new(accounts: Accounts, key: ConfiguredKey) -> Self {
        Access {
            audit: AuditLog::new(accounts.database()),
            accounts,
            sessions: Sessions::new(SESSION_LIFETIME),
            key: Some(key),
            open_without_accounts: true,
            session_token: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    /// Access for a server that listens beyond loopback: accounts only, and the configured
    /// pair when it is one of the operator's own.
    pub fn beyond_loopback(accounts: Accounts, key: Option<Credentials>) -> Self {
        Access {
            audit: AuditLog::new(accounts.database()),
            accounts,
            sessions: Sessions::new(SESSION_LIFETIME),
            key: key.map(ConfiguredKey::Own),
            open_without_accounts: false,
            session_token: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    pub fn accounts(&self) -> &Accounts {
        &self.accounts
    }

    pub fn audit(&self) -> &AuditLog {
        &self.audit
    }

    /// Whether the server has accounts, so that every caller must say who they are.
    pub fn has_accounts(&self) -> Result<bool, ApiError> {
        self.accounts.any().map_err(unavailable)
    }

    /// Whether callers need no account: the server has none and listens on loopback.
    pub fn is_open(&self) -> Result<bool, ApiError> {
        Ok(self.open_without_accounts && !self.has_accounts()?)
    }

    /// Lets a call in or says why not. A signature, when present, must verify even on
    /// loopback: a wrong one is a bug the caller wants to hear about.
    pub fn authenticate(
        &self,
        parts: &SignedParts<'_>,
        ends: Option<ConnectionEnds>,
    ) -> Result<Caller, ApiError> {
        let signed = signature::verify_with(parts, |access_key_id| self.find_key(access_key_id))?;
        if let Some((algorithm, holder)) = signed {
            return Ok(match holder {
                KeyHolder::Account { name, role } => Caller {
                    via: Via::Account { name, algorithm },
                    role,
                },
                KeyHolder::Configured { access_key_id } => Caller {
                    via: Via::ConfiguredKey {
                        access_key_id,
                        algorithm,
                    },
                    role: Role::Admin,
                },
            });
        }
        self.console(parts.headers, ends)
    }

    /// The signed-in person the request's cookie names, with their role as it is now.
    /// `None`: no session cookie was sent.
    pub fn signed_in(&self, headers: &HeaderMap) -> Option<Result<(SignedIn, Role), ApiError>> {
        let session = match self.sessions.find(headers)? {
            Ok(session) => session,
            Err(()) => return Some(Err(session_over())),
        };
        Some(match self.accounts.find_name(&session.name) {
            Ok(Some(account)) => Ok((session, account.role)),
            Ok(None) => Err(session_over()),
            Err(problem) => Err(unavailable(problem)),
        })
    }

    /// Lets in the console: a signed-in person by their cookie, or, while the server has no
    /// accounts, the page by its session token and unsigned callers on loopback. The
    /// server's own API (`/api/queue`) takes no signature, so this is its whole check.
    pub fn console(
        &self,
        headers: &HeaderMap,
        ends: Option<ConnectionEnds>,
    ) -> Result<Caller, ApiError> {
        if let Some(signed_in) = self.signed_in(headers) {
            let (session, role) = signed_in?;
            let csrf = headers
                .get(SESSION_HEADER)
                .is_some_and(|token| token.as_bytes() == session.csrf.as_bytes());
            return Ok(Caller {
                via: Via::Session {
                    name: session.name,
                    csrf,
                },
                role,
            });
        }
        if !self.is_open()? {
            return Err(ApiError::bad_request(
                "IncompleteSignature",
                "The request is not signed, and this server has accounts: every call must be signed with a person's key pair.",
            )
            .with_recommend("Sign with your account's key pair, as the official SDKs do (`vpnroute users add` makes one)."));
        }
        if let Some(token) = headers.get(SESSION_HEADER) {
            if token.as_bytes() == self.session_token.as_bytes() {
                return Ok(Caller {
                    via: Via::Console,
                    role: Role::Admin,
                });
            }
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                vpnroute_api::INVALID_SESSION_TOKEN,
                "The console's session token is not this server's; the server was restarted since the page was loaded.",
            )
            .with_recommend("Reload the page to get a new session token."));
        }
        if ends.is_some_and(|e| e.both_loopback()) {
            return Ok(Caller {
                via: Via::Loopback,
                role: Role::Admin,
            });
        }
        Err(ApiError::bad_request(
            "IncompleteSignature",
            "The request is not signed. Calls from other hosts must be signed (ACS3-HMAC-SHA256 or HMAC-SHA1) or come from the console this server serves.",
        )
        .with_recommend("Sign with the server's key pair, as the official SDKs do, or use the console."))
    }

    /// The secret of `access_key_id` and who holds it: an account, else the configured
    /// pair (the default one only while there are no accounts).
    pub fn find_key(&self, access_key_id: &str) -> Result<Option<(String, KeyHolder)>, ApiError> {
        if let Some((account, secret)) =
            self.accounts.find_key(access_key_id).map_err(unavailable)?
        {
            let holder = KeyHolder::Account {
                name: account.name,
                role: account.role,
            };
            return Ok(Some((secret, holder)));
        }
        let usable = match &self.key {
            Some(ConfiguredKey::Own(credentials)) => Some(credentials),
            Some(ConfiguredKey::WithoutAccounts(credentials)) => {
                self.is_open()?.then_some(credentials)
            }
            None => None,
        };
        Ok(usable
            .filter(|credentials| credentials.access_key_id == access_key_id)
            .map(|credentials| {
                let holder = KeyHolder::Configured {
                    access_key_id: credentials.access_key_id.clone(),
                };
                (credentials.access_key_secret.clone(), holder)
            }))
    }
}

pub enum KeyHolder {
    Account { name: String, role: Role },
    Configured { access_key_id: String },
}

/// The answer to a session cookie that has expired, was ended, or whose person is gone.
fn session_over() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "InvalidSession.Expired",
        "The console's session has expired or ended; sign in again.",
    )
    .with_recommend("Reload the console and sign in with your AccessKey pair.")
}

fn unavailable(problem: String) -> ApiError {
    tracing::error!(%problem, "cannot read the accounts");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "ServiceUnavailable",
        "The accounts cannot be read just now, so no call can be let in. The server log says why.",
    )
}
