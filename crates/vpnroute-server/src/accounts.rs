//! The people who may call the server, each with a role and an AccessKey pair of their own,
//! kept in the database. The secret is stored as it is, because HMAC signatures are checked
//! with the secret itself; the database file is readable by its owner only for that reason.

use crate::database::Database;
use crate::emulator::unix_millis;
use crate::signature::Credentials;
use rusqlite::{params, OptionalExtension};
use std::sync::Arc;
pub use vpnroute_api::Role;

/// An account as `users list` shows it: never its secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    pub role: Role,
    pub access_key_id: String,
    /// Unix milliseconds when the account, or its current key, was made.
    pub key_created: u64,
}

#[derive(Clone)]
pub struct Accounts {
    database: Arc<Database>,
}

/// Letters and digits, as Alibaba Cloud's AccessKeys are written.
const KEY_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// Marks this server's key ids, so that one is never mistaken for an Alibaba Cloud key.
const KEY_ID_PREFIX: &str = "VRAK";
const KEY_ID_RANDOM: usize = 20;
/// 30 characters of 62: about 178 bits.
const SECRET_LENGTH: usize = 30;

impl Accounts {
    pub fn new(database: Arc<Database>) -> Self {
        Accounts { database }
    }

    /// The database the accounts are kept in, which also holds the audit log.
    pub fn database(&self) -> Arc<Database> {
        Arc::clone(&self.database)
    }

    /// Adds `name` with `role` and a new key pair, which is returned: the only time the
    /// secret is shown.
    pub fn add(&self, name: &str, role: Role) -> Result<Credentials, String> {
        let credentials = new_key()?;
        self.add_with_key(name, role, &credentials)?;
        Ok(credentials)
    }

    /// Adds `name` with `role` and a given key pair (tests, and keys made elsewhere).
    pub fn add_with_key(
        &self,
        name: &str,
        role: Role,
        credentials: &Credentials,
    ) -> Result<(), String> {
        check_name(name)?;
        let connection = self.database.writer();
        let taken: Option<String> = connection
            .query_row(
                "SELECT name FROM accounts WHERE name = ?1 OR access_key_id = ?2",
                params![name, credentials.access_key_id],
                |row| row.get(0),
            )
            .optional()
            .map_err(database_error)?;
        if let Some(holder) = taken {
            return Err(if holder == name {
                format!("there is already an account {name:?}; `vpnroute users rotate {name}` gives it a new key")
            } else {
                format!(
                    "the AccessKeyId {} is the key of {holder:?} already",
                    credentials.access_key_id
                )
            });
        }
        connection
            .execute(
                "INSERT INTO accounts (name, role, access_key_id, access_key_secret, key_created) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    name,
                    role.as_str(),
                    credentials.access_key_id,
                    credentials.access_key_secret,
                    unix_millis() as i64
                ],
            )
            .map_err(database_error)?;
        Ok(())
    }

    /// Every account, by name.
    pub fn list(&self) -> Result<Vec<Account>, String> {
        let connection = self.database.reader();
        let mut statement = connection
            .prepare("SELECT name, role, access_key_id, key_created FROM accounts ORDER BY name")
            .map_err(database_error)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })
            .map_err(database_error)?;
        rows.map(|row| {
            let (name, role, access_key_id, key_created) = row.map_err(database_error)?;
            Ok(Account {
                name,
                role: role.parse()?,
                access_key_id,
                key_created: key_created.max(0) as u64,
            })
        })
        .collect()
    }

    /// Removes `name`; their key stops working at once.
    pub fn remove(&self, name: &str) -> Result<(), String> {
        let removed = self
            .database
            .writer()
            .execute("DELETE FROM accounts WHERE name = ?1", [name])
            .map_err(database_error)?;
        if removed == 0 {
            return Err(no_such_account(name));
        }
        Ok(())
    }

    /// Gives `name` a new key pair, returned once; the old one stops working at once.
    pub fn rotate(&self, name: &str) -> Result<Credentials, String> {
        let credentials = new_key()?;
        let changed = self
            .database
            .writer()
            .execute(
                "UPDATE accounts SET access_key_id = ?2, access_key_secret = ?3, key_created = ?4 \
                 WHERE name = ?1",
                params![
                    name,
                    credentials.access_key_id,
                    credentials.access_key_secret,
                    unix_millis() as i64
                ],
            )
            .map_err(database_error)?;
        if changed == 0 {
            return Err(no_such_account(name));
        }
        Ok(credentials)
    }

    /// The account that holds `access_key_id`, with its secret.
    pub fn find_key(&self, access_key_id: &str) -> Result<Option<(Account, String)>, String> {
        let connection = self.database.reader();
        let mut statement = connection
            .prepare_cached(
                "SELECT name, role, key_created, access_key_secret FROM accounts \
                 WHERE access_key_id = ?1",
            )
            .map_err(database_error)?;
        let found = statement
            .query_row([access_key_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })
            .optional()
            .map_err(database_error)?;
        found
            .map(|(name, role, key_created, secret)| {
                Ok((
                    Account {
                        name,
                        role: role.parse()?,
                        access_key_id: access_key_id.to_owned(),
                        key_created: key_created.max(0) as u64,
                    },
                    secret,
                ))
            })
            .transpose()
    }

    /// The account called `name`.
    pub fn find_name(&self, name: &str) -> Result<Option<Account>, String> {
        let connection = self.database.reader();
        let mut statement = connection
            .prepare_cached("SELECT role, access_key_id, key_created FROM accounts WHERE name = ?1")
            .map_err(database_error)?;
        let found = statement
            .query_row([name], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })
            .optional()
            .map_err(database_error)?;
        found
            .map(|(role, access_key_id, key_created)| {
                Ok(Account {
                    name: name.to_owned(),
                    role: role.parse()?,
                    access_key_id,
                    key_created: key_created.max(0) as u64,
                })
            })
            .transpose()
    }

    /// Whether any account exists: until one does, the server is for one person on
    /// loopback.
    pub fn any(&self) -> Result<bool, String> {
        self.database
            .reader()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM accounts)")
            .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
            .map_err(database_error)
    }
}

/// Names are what people are known by in the audit log: 1 to 64 letters, digits, `.`, `_`,
/// `-` or `@`.
fn check_name(name: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if name.is_empty() || name.len() > 64 || !name.chars().all(allowed) {
        return Err(format!(
            "{name:?} cannot be an account name: use 1 to 64 letters, digits, '.', '_', '-' or '@'"
        ));
    }
    Ok(())
}

fn no_such_account(name: &str) -> String {
    format!("there is no account {name:?}; `vpnroute users list` shows them")
}

fn database_error(error: rusqlite::Error) -> String {
    format!("the accounts cannot be read or changed: {error}")
}

/// A new key pair from the operating system's random source.
fn new_key() -> Result<Credentials, String> {
    Ok(Credentials {
        access_key_id: format!("{KEY_ID_PREFIX}{}", random_text(KEY_ID_RANDOM)?),
        access_key_secret: random_text(SECRET_LENGTH)?,
        security_token: None,
    })
}

/// `length` characters of [`KEY_ALPHABET`], each equally likely: bytes that would favour
/// the alphabet's first characters are drawn again.
pub(crate) fn random_text(length: usize) -> Result<String, String> {
    let limit = 256 - 256 % KEY_ALPHABET.len();
    let mut text = String::with_capacity(length);
    let mut bytes = [0u8; 64];
    while text.len() < length {
        getrandom::fill(&mut bytes)
            .map_err(|e| format!("the operating system gave no random bytes: {e}"))?;
        text.extend(
            bytes
                .iter()
                .filter(|&&b| usize::from(b) < limit)
                .map(|&b| char::from(KEY_ALPHABET[usize::from(b) % KEY_ALPHABET.len()]))
                .take(length - text.len()),
        );
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_drawn_from_the_whole_alphabet_and_names_are_checked() {
        let key = new_key().unwrap();
        assert!(key.access_key_id.starts_with(KEY_ID_PREFIX));
        assert_eq!(key.access_key_id.len(), KEY_ID_PREFIX.len() + KEY_ID_RANDOM);
        assert_eq!(key.access_key_secret.len(), SECRET_LENGTH);
        let many = random_text(20_000).unwrap();
        assert!(KEY_ALPHABET.iter().all(|&c| many.contains(char::from(c))));
        assert!(check_name("alice@example.com").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("two words").is_err());
        assert!(check_name(&"a".repeat(65)).is_err());
    }
}
