//! The database with the real binary: a fresh data directory gets the current schema in a
//! file only its owner can read; a database from a newer vpnroute, or a file that is not one,
//! stops the server with exit code 2 and is left as it was; an earlier JSON state file is
//! imported once, and said so.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use vpnroute_server::database::{Database, FILE_NAME, SCHEMA_VERSION};
use vpnroute_server::emulator::world::{Gateway, World};

/// Starts `vpnroute serve` on `data`; the child, its address, and the file its stderr goes to.
fn start(data: &Path, log: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .trim_start_matches("vpnroute console: http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{line:?}");
    (child, address)
}

fn stop(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

/// `vpnroute serve` that is expected to refuse to start: its exit code and stderr.
fn refused(data: &Path) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(data)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The names of the gateways DescribeVpnGateways lists, asked unsigned over loopback.
fn gateway_names(address: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "POST /?RegionId=cn-hangzhou&PageSize=50 HTTP/1.1\r\nHost: {address}\r\nx-acs-action: DescribeVpnGateways\r\nx-acs-version: 2016-04-28\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn a_fresh_data_directory_gets_the_current_schema_readable_by_its_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (child, address) = start(&data, &dir.path().join("log"));
    assert!(
        gateway_names(&address).contains("single-tunnel"),
        "the demo data"
    );
    stop(child);
    let database = data.join(FILE_NAME);
    let connection = rusqlite::Connection::open(&database).unwrap();
    let version: u32 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let gateways: u32 = connection
        .query_row("SELECT count(*) FROM gateways", [], |row| row.get(0))
        .unwrap();
    assert!(gateways >= 4, "the demo gateways are rows: {gateways}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&database), 0o600, "the database");
        assert_eq!(mode(&data), 0o700, "the data directory");
    }
}

#[test]
fn a_database_of_a_newer_version_or_not_a_database_stops_the_server_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer");
    std::fs::create_dir(&newer).unwrap();
    let connection = rusqlite::Connection::open(newer.join(FILE_NAME)).unwrap();
    connection
        .execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {};",
            SCHEMA_VERSION + 1
        ))
        .unwrap();
    drop(connection);
    let before = std::fs::read(newer.join(FILE_NAME)).unwrap();
    let (code, said) = refused(&newer);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!("has schema version {}", SCHEMA_VERSION + 1)),
        "{said}"
    );
    assert!(said.contains("newer vpnroute"), "{said}");
    assert_eq!(std::fs::read(newer.join(FILE_NAME)).unwrap(), before);
    let files = std::fs::read_dir(&newer).unwrap().count();
    assert_eq!(files, 1, "no -wal or -shm file was made");

    let garbage = dir.path().join("garbage");
    std::fs::create_dir(&garbage).unwrap();
    let text = b"these are someone's notes, not a database".repeat(200);
    std::fs::write(garbage.join(FILE_NAME), &text).unwrap();
    let (code, said) = refused(&garbage);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("is not a vpnroute database"), "{said}");
    assert_eq!(std::fs::read(garbage.join(FILE_NAME)).unwrap(), text);
}

#[test]
fn a_database_that_fails_its_integrity_check_stops_the_server_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    drop(Database::open(dir.path()).unwrap());
    // An index whose stored definition no longer matches its entries: the file still opens
    // and reads, and only the integrity check finds the damage.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .execute_batch(
            "CREATE TABLE notes (n INTEGER); CREATE INDEX notes_n ON notes (n);
             INSERT INTO notes VALUES (1), (2), (3);
             PRAGMA writable_schema = ON;
             UPDATE sqlite_schema SET sql = 'CREATE INDEX notes_n ON notes (-n)' WHERE name = 'notes_n';
             PRAGMA writable_schema = OFF;
             PRAGMA journal_mode = DELETE;",
        )
        .unwrap();
    drop(connection);
    let before = std::fs::read(&path).unwrap();
    let (code, said) = refused(dir.path());
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("fails its integrity check"), "{said}");
    assert!(said.contains("Restore it from a backup"), "{said}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file was left as it was"
    );
}

#[test]
fn an_earlier_json_state_file_is_imported_once_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let mut world = World::default();
    world.gateways.insert(
        "vpn-imported0000000000001".to_owned(),
        Gateway {
            region_id: "cn-hangzhou".to_owned(),
            name: "from-the-json-file".to_owned(),
            ..Gateway::default()
        },
    );
    let state = data.join("state.json");
    std::fs::write(&state, serde_json::to_vec(&world).unwrap()).unwrap();

    let log = dir.path().join("first.log");
    let (child, address) = start(&data, &log);
    let listed = gateway_names(&address);
    assert!(listed.contains("from-the-json-file"), "{listed}");
    assert!(!listed.contains("single-tunnel"), "no demo data: {listed}");
    stop(child);
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(
        said.contains("imported the emulator state from") && said.contains("1 gateways"),
        "{said}"
    );

    world.gateways.clear();
    std::fs::write(&state, serde_json::to_vec(&world).unwrap()).unwrap();
    let log = dir.path().join("second.log");
    let (child, address) = start(&data, &log);
    let listed = gateway_names(&address);
    assert!(
        listed.contains("from-the-json-file"),
        "the database is read, not the file: {listed}"
    );
    stop(child);
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(!said.contains("imported"), "{said}");
}
