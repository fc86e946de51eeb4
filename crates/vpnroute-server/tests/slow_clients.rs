//! Clients that send half a request, or nothing at all, cannot pile up: with 2,000 of them
//! connected, a real request is still answered at once, and each of them is closed once the
//! header timeout passes.

#[path = "common/spawned.rs"]
mod spawned;

use std::ffi::OsStr;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const HALF_SENT: usize = 2000;
const HEADER_TIMEOUT_MS: u64 = 1500;

/// Sends a whole request for the session token and reads the answer's status line.
fn session_status(address: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /api/session HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.lines().next().unwrap_or_default().to_owned()
}

/// Whether the server has closed `stream` (it reads the end, or a reset).
fn closed(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match stream.read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => !matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
    }
}

#[test]
fn half_sent_requests_neither_block_others_nor_stay_open() {
    let timeout = HEADER_TIMEOUT_MS.to_string();
    let (mut server, address) = spawned::serve(&[
        OsStr::new("--ephemeral"),
        OsStr::new("--header-timeout-ms"),
        OsStr::new(&timeout),
    ]);
    let mut half_sent: Vec<(Instant, TcpStream)> = (0..HALF_SENT)
        .map(|i| {
            let mut stream = TcpStream::connect(&address).unwrap();
            // Some send half the headers, some nothing at all.
            if i % 2 == 0 {
                write!(stream, "GET /api/session HTTP/1.1\r\nHost: {address}\r\n").unwrap();
            }
            (Instant::now(), stream)
        })
        .collect();

    let started = Instant::now();
    assert_eq!(session_status(&address), "HTTP/1.1 200 OK");
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "answered after {:?}",
        started.elapsed()
    );

    // The last one opened is still open: the limit is the timeout, not a guess.
    let (_, newest) = half_sent.last_mut().unwrap();
    newest.set_nonblocking(true).unwrap();
    assert!(!closed(newest), "closed before the header timeout");
    newest.set_nonblocking(false).unwrap();

    let timeout = Duration::from_millis(HEADER_TIMEOUT_MS);
    for (opened, stream) in &mut half_sent {
        let deadline = *opened + timeout + Duration::from_secs(3);
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).unwrap();
        assert!(
            closed(stream),
            "a half-sent connection is still open {:?} after it opened",
            opened.elapsed()
        );
    }
    assert_eq!(session_status(&address), "HTTP/1.1 200 OK");
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn an_idle_kept_alive_connection_is_closed_after_the_timeout() {
    let timeout = HEADER_TIMEOUT_MS.to_string();
    let (mut server, address) = spawned::serve(&[
        OsStr::new("--ephemeral"),
        OsStr::new("--header-timeout-ms"),
        OsStr::new(&timeout),
    ]);
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /api/session HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let mut answer = [0u8; 4096];
    let read = stream.read(&mut answer).unwrap();
    assert!(String::from_utf8_lossy(&answer[..read]).starts_with("HTTP/1.1 200 OK"));
    let answered = Instant::now();
    stream
        .set_read_timeout(Some(
            Duration::from_millis(HEADER_TIMEOUT_MS) + Duration::from_secs(3),
        ))
        .unwrap();
    assert!(closed(&mut stream), "the idle connection is still open");
    assert!(answered.elapsed() >= Duration::from_millis(HEADER_TIMEOUT_MS - 100));
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn connections_over_the_bound_wait_for_a_free_one() {
    let (mut server, address) = spawned::serve(&[
        OsStr::new("--ephemeral"),
        OsStr::new("--header-timeout-ms"),
        OsStr::new("1000"),
        OsStr::new("--max-connections"),
        OsStr::new("3"),
    ]);
    let idle: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(&address).unwrap())
        .collect();
    let started = Instant::now();
    assert_eq!(session_status(&address), "HTTP/1.1 200 OK");
    // Served only once the header timeout freed a place.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "served after {:?}",
        started.elapsed()
    );
    drop(idle);
    server.kill().unwrap();
    server.wait().unwrap();
}
