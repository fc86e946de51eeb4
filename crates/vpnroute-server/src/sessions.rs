//! The console's signed-in sessions: a random cookie value that names the person, a CSRF
//! token the page sends in a header on writes, and an expiry. They live in memory, so a
//! restart signs everyone out. Failed sign-ins are counted per source address, and too many
//! in a short time hold that address off for a while.

use crate::accounts::random_text;
use axum::http::HeaderMap;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vpnroute_api::SESSION_COOKIE;

/// How long a session lasts after sign-in.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// Failed sign-ins an address may have within [`FAILURE_WINDOW`] before it is held off.
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Cookie values and CSRF tokens: 40 characters of 62, about 238 bits.
const TOKEN_LENGTH: usize = 40;

/// A session that has not expired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub name: String,
    pub csrf: String,
    expires: Instant,
}

pub struct Sessions {
    lifetime: Duration,
    by_cookie: Mutex<HashMap<String, SignedIn>>,
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl Sessions {
    pub fn new(lifetime: Duration) -> Self {
        Sessions {
            lifetime,
            by_cookie: Mutex::new(HashMap::new()),
            failures: Mutex::new(HashMap::new()),
        }
    }

    pub fn lifetime(&self) -> Duration {
        self.lifetime
    }

    /// Starts a session for `name`: its cookie value and the session.
    pub fn start(&self, name: &str) -> Result<(String, SignedIn), String> {
        let cookie = random_text(TOKEN_LENGTH)?;
        let session = SignedIn {
            name: name.to_owned(),
            csrf: random_text(TOKEN_LENGTH)?,
            expires: Instant::now() + self.lifetime,
        };
        let mut sessions = self.by_cookie.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        sessions.retain(|_, s| s.expires > now);
        sessions.insert(cookie.clone(), session.clone());
        Ok((cookie, session))
    }

    /// The session the request's cookie names, unless it has expired (then it is gone).
    /// `Err(())`: a cookie was sent, but it names no live session.
    pub fn find(&self, headers: &HeaderMap) -> Option<Result<SignedIn, ()>> {
        let cookie = session_cookie(headers)?;
        let mut sessions = self.by_cookie.lock().unwrap_or_else(|p| p.into_inner());
        Some(match sessions.get(cookie) {
            Some(session) if session.expires > Instant::now() => Ok(session.clone()),
            Some(_) => {
                sessions.remove(cookie);
                Err(())
            }
            None => Err(()),
        })
    }

    /// Ends the session the request's cookie names, if any.
    pub fn end(&self, headers: &HeaderMap) {
        if let Some(cookie) = session_cookie(headers) {
            self.by_cookie
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(cookie);
        }
    }

    /// How long `address` must wait before it may try to sign in again, if it must.
    pub fn held_off(&self, address: IpAddr) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let recent = failures.get_mut(&address)?;
        while recent
            .front()
            .is_some_and(|&t| now.duration_since(t) > FAILURE_WINDOW)
        {
            recent.pop_front();
        }
        if recent.len() < MAX_FAILURES {
            return None;
        }
        let oldest = *recent.front()?;
        Some(FAILURE_WINDOW.saturating_sub(now.duration_since(oldest)))
    }

    /// Counts a failed sign-in from `address`.
    pub fn failed(&self, address: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let recent = failures.entry(address).or_default();
        recent.push_back(Instant::now());
        if recent.len() > MAX_FAILURES {
            recent.pop_front();
        }
    }
}

/// The value of the session cookie among the request's cookies.
fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE).then_some(value)
        })
}

/// The `Set-Cookie` value that holds `cookie` for `lifetime`: never readable by scripts,
/// never sent with a request another site starts, and over HTTPS only when the page came
/// over HTTPS.
pub fn set_cookie(cookie: &str, lifetime: Duration, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={cookie}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
        lifetime.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that makes the browser drop the session cookie.
pub fn clear_cookie() -> String {
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}
