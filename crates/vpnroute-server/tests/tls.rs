//! `serve --tls-cert --tls-key`: the real binary serves HTTPS with a self-signed certificate
//! that the client alone trusts. Calls are answered over it, plain HTTP on the same port
//! gets no HTTP answer, the session cookie is `Secure`, and a key or certificate that cannot
//! be read stops the server with a message naming the file.

#[path = "common/signed.rs"]
mod signed;
#[path = "common/spawned.rs"]
mod spawned;

use serde_json::{json, Value};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};
use vpnroute_server::emulator::demo;

/// A self-signed certificate for 127.0.0.1 and its key, written as PEM into `dir`: the
/// certificate's path, the key's path, and the certificate's PEM.
fn self_signed(dir: &Path) -> (PathBuf, PathBuf, String) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let pem = certified.cert.pem();
    std::fs::write(&cert, &pem).unwrap();
    std::fs::write(&key, certified.key_pair.serialize_pem()).unwrap();
    (cert, key, pem)
}

/// A client that trusts `cert_pem` and nothing else.
fn client_trusting(cert_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(cert_pem.as_bytes()).unwrap())
        .build()
        .unwrap()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn calls_and_sign_in_are_served_over_https_and_plain_http_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (cert, key, cert_pem) = self_signed(dir.path());
    let viewer = spawned::add_user(&data, "vera", "viewer");
    let (child, address) = spawned::serve(&[
        "--data".as_ref(),
        data.as_os_str(),
        "--tls-cert".as_ref(),
        cert.as_os_str(),
        "--tls-key".as_ref(),
        key.as_os_str(),
    ]);
    let _server = Server(child);
    let base = format!("https://{address}");
    let client = client_trusting(&cert_pem);

    let describe = signed::acs3(
        &address,
        &viewer,
        "DescribeVpnGateways",
        &[("RegionId", demo::REGION_ID)],
    );
    let response = describe.request(&client, &base).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let gateways = body["VpnGateways"]["VpnGateway"].as_array().unwrap();
    assert!(
        gateways
            .iter()
            .any(|g| g["VpnGatewayId"] == demo::GATEWAY_ID),
        "{body}"
    );

    let response = client
        .post(format!("{base}/api/sign-in"))
        .json(&json!({
            "accessKeyId": viewer.access_key_id,
            "accessKeySecret": viewer.access_key_secret,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Strict", "; Secure"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }

    let untrusting = reqwest::Client::builder()
        .tls_built_in_root_certs(false)
        .build()
        .unwrap();
    let refused = untrusting.get(format!("{base}/api/session")).send().await;
    assert!(refused.is_err(), "a client that does not trust the cert");

    // Plain HTTP is taken for a failed handshake: no HTTP status line comes back, and the
    // connection is closed rather than held.
    let mut plain = TcpStream::connect(&address).unwrap();
    plain
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let request =
        format!("GET /api/session HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    // The server may close after the first bytes it cannot take for TLS, before the rest
    // arrives: a write refused for that is the same outcome.
    let mut answer = Vec::new();
    let exchanged = plain
        .write_all(request.as_bytes())
        .and_then(|()| plain.read_to_end(&mut answer));
    if let Err(error) = exchanged {
        assert!(
            !matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "the connection was held open: {error}"
        );
    }
    assert!(
        !answer.starts_with(b"HTTP/"),
        "{:?}",
        String::from_utf8_lossy(&answer)
    );
    let response = client
        .get(format!("{base}/api/session"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401, "still serving HTTPS");
}

#[test]
fn a_handshake_never_finished_is_closed_after_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = self_signed(dir.path());
    let (child, address) = spawned::serve(&[
        "--ephemeral".as_ref(),
        "--header-timeout-ms".as_ref(),
        "1000".as_ref(),
        "--max-connections".as_ref(),
        "1".as_ref(),
        "--tls-cert".as_ref(),
        cert.as_os_str(),
        "--tls-key".as_ref(),
        key.as_os_str(),
    ]);
    let _server = Server(child);
    // The start of a TLS record, and then nothing: the only slot is this connection's.
    let mut stalled = TcpStream::connect(&address).unwrap();
    stalled.write_all(&[0x16, 0x03, 0x01]).unwrap();
    let opened = Instant::now();
    stalled
        .set_read_timeout(Some(Duration::from_secs(4)))
        .unwrap();
    let mut byte = [0u8; 1];
    match stalled.read(&mut byte) {
        Ok(read) => assert_eq!(read, 0, "it answered a third of a record header"),
        Err(error) => assert!(
            !matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
            "still open after {:?}",
            opened.elapsed()
        ),
    }
    assert!(
        opened.elapsed() >= Duration::from_millis(900),
        "closed after {:?}, before the timeout",
        opened.elapsed()
    );
}

/// Runs `vpnroute serve` with `args`, which it must refuse: its exit code and what it said on
/// stderr.
fn refused(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    spawned::serve_exit(args).unwrap_or_else(|| panic!("{args:?}: it started serving"))
}

#[test]
fn a_key_or_certificate_that_cannot_be_used_stops_the_server_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, _) = self_signed(dir.path());
    let not_a_key = dir.path().join("not-a-key.pem");
    std::fs::write(&not_a_key, "this is not a key\n").unwrap();
    let missing = dir.path().join("missing-cert.pem");
    let (_, other_key, _) = self_signed(&{
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        other
    });
    let serve = |cert: &Path, key: &Path| {
        refused(&[
            "--ephemeral".as_ref(),
            "--listen".as_ref(),
            "127.0.0.1:0".as_ref(),
            "--tls-cert".as_ref(),
            cert.as_os_str(),
            "--tls-key".as_ref(),
            key.as_os_str(),
        ])
    };

    let (code, said) = serve(&cert, &not_a_key);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!("{} (--tls-key)", not_a_key.display())),
        "{said}"
    );
    let (code, said) = serve(&missing, &key);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains(&format!("{} (--tls-cert)", missing.display())),
        "{said}"
    );
    let (code, said) = serve(&key, &key);
    assert_eq!(code, Some(2), "a key given as the certificate: {said}");
    assert!(said.contains("holds no PEM certificate"), "{said}");
    let (code, said) = serve(&cert, &other_key);
    assert_eq!(code, Some(2), "a key of another certificate: {said}");
    assert!(said.contains(&other_key.display().to_string()), "{said}");

    let (code, said) = refused(&[
        "--ephemeral".as_ref(),
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--tls-cert".as_ref(),
        cert.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{said}");
    assert!(said.contains("--tls-key"), "both or neither: {said}");

    let (code, said) = refused(&[
        "--ephemeral".as_ref(),
        "--listen".as_ref(),
        "0.0.0.0:0".as_ref(),
        "--tls-cert".as_ref(),
        cert.as_os_str(),
        "--tls-key".as_ref(),
        key.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{said}");
    assert!(
        said.contains("has no accounts"),
        "TLS does not stand in for accounts: {said}"
    );
}
