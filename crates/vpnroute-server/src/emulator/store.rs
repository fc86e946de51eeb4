//! The emulator's state in the database: one row per gateway, customer gateway, connection
//! and ClientToken replay, each a JSON body in the `World` format (which is also the seed
//! file's). A write saves the rows it changed in one transaction; the whole world is written
//! only once, when the database gets its first state.

use super::world::{Replay, World};
use crate::database::Database;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The rows a write changed, named by id (replays by their `Action/ClientToken` key).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub gateways: Vec<String>,
    pub connections: Vec<String>,
    pub replays: Vec<String>,
}

pub struct WorldStore {
    database: Arc<Database>,
}

/// Marks a database that holds a world, even an empty one: without it, the next start would
/// seed the demo data over a world whose last gateway was deleted.
const HAS_WORLD: &str = "has_world";
const SERIAL: &str = "serial";
const QUOTAS: &str = "quotas";

impl WorldStore {
    pub fn new(database: Arc<Database>) -> Self {
        WorldStore { database }
    }

    pub fn database(&self) -> &Database {
        &self.database
    }

    /// The saved world, `None` when the database holds none yet. A row that does not parse
    /// is an error naming it; nothing is replaced.
    pub fn load(&self) -> Result<Option<World>, String> {
        let connection = self.database.reader();
        let read = || -> Result<Option<World>, String> {
            if meta(&connection, HAS_WORLD)?.is_none() {
                return Ok(None);
            }
            let replays: BTreeMap<String, Replay> = rows(&connection, "replays")?;
            Ok(Some(World {
                gateways: rows(&connection, "gateways")?,
                customer_gateways: rows(&connection, "customer_gateways")?,
                connections: rows(&connection, "connections")?,
                replays,
                quotas: match meta(&connection, QUOTAS)? {
                    Some(text) => parse("the quota settings", &text)?,
                    None => Default::default(),
                },
                serial: match meta(&connection, SERIAL)? {
                    Some(text) => parse("the id serial", &text)?,
                    None => 0,
                },
            }))
        };
        read().map_err(|problem| match self.database.path() {
            Some(path) => format!("{}: {problem}", path.display()),
            None => problem,
        })
    }

    /// Writes the whole of `world` as the database's first state, in one transaction.
    pub fn create(&self, world: &World) -> rusqlite::Result<()> {
        let mut connection = self.database.writer();
        let transaction = connection.transaction()?;
        for (id, gateway) in &world.gateways {
            put(&transaction, "gateways", id, gateway)?;
        }
        for (id, customer_gateway) in &world.customer_gateways {
            put(&transaction, "customer_gateways", id, customer_gateway)?;
        }
        for (id, connection) in &world.connections {
            put(&transaction, "connections", id, connection)?;
        }
        for (key, replay) in &world.replays {
            put(&transaction, "replays", key, replay)?;
        }
        set_meta(&transaction, QUOTAS, &to_json(&world.quotas))?;
        set_meta(&transaction, SERIAL, &world.serial.to_string())?;
        set_meta(&transaction, HAS_WORLD, "1")?;
        transaction.commit()
    }

    /// Saves the rows of `world` that `changed` names (a row whose id is gone is deleted),
    /// in one transaction that is on the disk when this returns.
    pub fn save(&self, world: &World, changed: &Changed) -> rusqlite::Result<()> {
        let mut connection = self.database.writer();
        let transaction = connection.transaction()?;
        for id in &changed.gateways {
            put_or_delete(&transaction, "gateways", id, world.gateways.get(id))?;
        }
        for id in &changed.connections {
            put_or_delete(&transaction, "connections", id, world.connections.get(id))?;
        }
        for key in &changed.replays {
            put_or_delete(&transaction, "replays", key, world.replays.get(key))?;
        }
        set_meta(&transaction, SERIAL, &world.serial.to_string())?;
        transaction.commit()
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("the world's types serialize to JSON")
}

fn parse<T: DeserializeOwned>(what: &str, text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("{what} cannot be read: {e}"))
}

/// Every row of `table`, by id. `table` is one of this module's own names, never input.
fn rows<T: DeserializeOwned>(
    connection: &Connection,
    table: &str,
) -> Result<BTreeMap<String, T>, String> {
    let sql_error = |e: rusqlite::Error| format!("the table {table} cannot be read: {e}");
    let mut statement = connection
        .prepare(&format!("SELECT id, body FROM {table}"))
        .map_err(sql_error)?;
    let found = statement
        .query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })
        .map_err(sql_error)?;
    let mut rows = BTreeMap::new();
    for row in found {
        let (id, body) = row.map_err(sql_error)?;
        let value = parse(&format!("the row {id:?} of {table}"), &body)?;
        rows.insert(id, value);
    }
    Ok(rows)
}

fn put<T: Serialize>(
    transaction: &Transaction<'_>,
    table: &str,
    id: &str,
    value: &T,
) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(&format!(
            "INSERT INTO {table} (id, body) VALUES (?1, ?2) \
             ON CONFLICT (id) DO UPDATE SET body = excluded.body"
        ))?
        .execute(params![id, to_json(value)])
        .map(drop)
}

fn put_or_delete<T: Serialize>(
    transaction: &Transaction<'_>,
    table: &str,
    id: &str,
    value: Option<&T>,
) -> rusqlite::Result<()> {
    match value {
        Some(value) => put(transaction, table, id, value),
        None => transaction
            .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
            .execute([id])
            .map(drop),
    }
}

fn meta(connection: &Connection, key: &str) -> Result<Option<String>, String> {
    connection
        .query_row(
            "SELECT value FROM emulator_meta WHERE key = ?1",
            [key],
            |row| row.get(0),
        )
        .optional()
        .map_err(|e| format!("the emulator's settings cannot be read: {e}"))
}

fn set_meta(transaction: &Transaction<'_>, key: &str, value: &str) -> rusqlite::Result<()> {
    transaction
        .prepare_cached(
            "INSERT INTO emulator_meta (key, value) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )?
        .execute(params![key, value])
        .map(drop)
}
