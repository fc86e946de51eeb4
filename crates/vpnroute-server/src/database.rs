//! The server's one database: SQLite (bundled), in WAL mode, at `--data DIR`. It holds the
//! emulator's state, the accounts (their roles and AccessKey pairs), the audit log and the
//! apply journal.
//!
//! Opening checks before it changes anything: a file that is not a database, fails
//! `PRAGMA integrity_check`, or was written by a newer vpnroute is refused and left as it is.
//! Then the migrations this build knows run, each version once, in one transaction.

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

/// The database file's name inside the data directory.
pub const FILE_NAME: &str = "vpnroute.sqlite3";

/// The schema, one entry per version: entry `i` takes a database from version `i` to `i + 1`.
/// Entries are never edited once released; a change is a new entry.
const MIGRATIONS: &[&str] = &[
    // 1: the emulator's state. Each gateway, customer gateway and connection is one row (its
    // routes inside), so a write rewrites the rows it changed and nothing else.
    "CREATE TABLE emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
     CREATE TABLE gateways (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;
     CREATE TABLE customer_gateways (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;
     CREATE TABLE connections (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;
     CREATE TABLE replays (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;",
    // 2: people, each with a role and an AccessKey pair. The secret is kept as it is: HMAC
    // signatures are checked with it.
    "CREATE TABLE accounts (
         name TEXT PRIMARY KEY,
         role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
         access_key_id TEXT NOT NULL UNIQUE,
         access_key_secret TEXT NOT NULL,
         key_created INTEGER NOT NULL
     ) STRICT;",
    // 3: the audit log, one row per write or refused write, in the order they were answered.
    // The triggers hold it append-only against anything that opens the file, not only us.
    "CREATE TABLE audit (
         seq INTEGER PRIMARY KEY,
         time_ms INTEGER NOT NULL,
         person TEXT NOT NULL,
         source TEXT NOT NULL,
         action TEXT NOT NULL,
         target TEXT NOT NULL,
         params TEXT NOT NULL,
         outcome TEXT NOT NULL,
         request_id TEXT NOT NULL,
         client_token TEXT NOT NULL
     ) STRICT;
     CREATE INDEX audit_time ON audit (time_ms);
     CREATE TRIGGER audit_keeps_updates BEFORE UPDATE ON audit
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
     CREATE TRIGGER audit_keeps_deletes BEFORE DELETE ON audit
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    // 4: the apply journal. A write is a row before it is first sent; `outcome` stays NULL
    // until its answer is known, so the open rows are the writes to resume after a restart.
    "CREATE TABLE applies (
         id INTEGER PRIMARY KEY,
         person TEXT NOT NULL,
         source TEXT NOT NULL,
         created_ms INTEGER NOT NULL
     ) STRICT;
     CREATE TABLE journal (
         seq INTEGER PRIMARY KEY,
         apply_id INTEGER REFERENCES applies (id),
         action TEXT NOT NULL,
         target TEXT NOT NULL,
         summary TEXT NOT NULL,
         params TEXT NOT NULL,
         client_token TEXT NOT NULL,
         person TEXT NOT NULL,
         source TEXT NOT NULL,
         request_id TEXT NOT NULL,
         created_ms INTEGER NOT NULL,
         resumed INTEGER NOT NULL DEFAULT 0,
         outcome TEXT,
         message TEXT,
         answer_request_id TEXT,
         finished_ms INTEGER
     ) STRICT;
     CREATE INDEX journal_of_apply ON journal (apply_id);
     CREATE INDEX journal_open ON journal (seq) WHERE outcome IS NULL;",
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// How long a statement waits for another process's write (`vpnroute users` beside a
/// running server) before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Database {
    /// Every change goes through this connection, one transaction at a time.
    writer: Mutex<Connection>,
    /// Reads that must not wait behind a write's flush to disk (key look-ups on every signed
    /// call). `None` in memory, where there is one connection.
    reader: Option<Mutex<Connection>>,
    path: Option<PathBuf>,
}

impl Database {
    /// The database in the data directory `dir`, created (readable by its owner only) when
    /// there is none. Errors name the file and what to do; the server stops on them.
    pub fn open(dir: &Path) -> Result<Database, String> {
        let path = dir.join(FILE_NAME);
        let shown = path.display();
        if path.exists() {
            check_existing(&path)?;
        } else {
            create_private(dir, &path)
                .map_err(|e| format!("cannot create the database {shown} (--data): {e}"))?;
        }
        let open = |flags| {
            Connection::open_with_flags(&path, flags)
                .map_err(|e| format!("cannot open the database {shown}: {e}"))
        };
        let mut writer = open(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        configure(&writer).map_err(|e| format!("cannot set up the database {shown}: {e}"))?;
        migrate(&mut writer).map_err(|e| format!("cannot migrate the database {shown}: {e}"))?;
        let reader = open(OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        reader
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| format!("cannot set up the database {shown}: {e}"))?;
        Ok(Database {
            writer: Mutex::new(writer),
            reader: Some(Mutex::new(reader)),
            path: Some(path),
        })
    }

    /// A database in memory, gone when the server stops (`--ephemeral`, tests).
    pub fn in_memory() -> Database {
        let mut connection = Connection::open_in_memory().expect("SQLite opens in memory");
        migrate(&mut connection).expect("the migrations run on an empty database");
        Database {
            writer: Mutex::new(connection),
            reader: None,
            path: None,
        }
    }

    /// The file, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection that writes. A panic while it was held leaves SQLite's own state
    /// consistent (an open transaction rolls back when dropped), so a poisoned lock is taken.
    pub fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A connection for reads that should not wait for a write to reach the disk.
    pub fn reader(&self) -> MutexGuard<'_, Connection> {
        match &self.reader {
            Some(reader) => reader.lock().unwrap_or_else(|p| p.into_inner()),
            None => self.writer(),
        }
    }
}

/// Runs `work`, a call of the database that may wait for the disk, on a blocking thread so
/// that the runtime's workers keep answering; a panic in it comes back as its error.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}

/// The data directory: `--data`, or `vpnroute` in the user's data directory.
pub fn default_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("vpnroute"))
}

/// Refuses a database this build must not change, reading it only.
fn check_existing(path: &Path) -> Result<(), String> {
    let shown = path.display();
    let not_ours = |e: rusqlite::Error| {
        format!(
            "{shown} is not a vpnroute database that can be read ({e}); it was left as it is. \
             Restore it from a backup, or move it away to start with a new one."
        )
    };
    let connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(not_ours)?;
    let version: u32 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(not_ours)?;
    if version > SCHEMA_VERSION {
        return Err(format!(
            "{shown} has schema version {version}, written by a newer vpnroute; this one knows \
             versions up to {SCHEMA_VERSION}. It was left as it is: run the newer vpnroute, or \
             point --data at another directory."
        ));
    }
    let verdict: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(not_ours)?;
    if verdict != "ok" {
        return Err(format!(
            "{shown} fails its integrity check ({verdict}); it was left as it is. Restore it \
             from a backup (sqlite3 .backup makes one), or move it away to start with a new one."
        ));
    }
    Ok(())
}

/// Creates the directory (owner only, when new) and an empty database file readable and
/// writable by its owner only; SQLite gives its -wal and -shm files the same mode.
fn create_private(dir: &Path, path: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        builder.mode(0o700);
        options.mode(0o600);
    }
    builder.create(dir)?;
    options.open(path).map(drop)
}

/// WAL, so readers never wait for the writer; `synchronous=FULL`, so a committed
/// transaction is on the disk before the write it holds is acknowledged.
fn configure(connection: &Connection) -> Result<(), String> {
    let settings = || -> rusqlite::Result<String> {
        connection.busy_timeout(BUSY_TIMEOUT)?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        connection.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))
    };
    let mode = settings().map_err(|e| e.to_string())?;
    if mode.eq_ignore_ascii_case("wal") {
        Ok(())
    } else {
        Err(format!(
            "the journal mode stayed {mode}, not WAL (is the directory on a network file system?)"
        ))
    }
}

/// Brings the schema to [`SCHEMA_VERSION`], all steps in one transaction.
fn migrate(connection: &mut Connection) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: u32 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for step in MIGRATIONS.iter().skip(version as usize) {
        transaction.execute_batch(step)?;
    }
    transaction.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    transaction.commit()
}
