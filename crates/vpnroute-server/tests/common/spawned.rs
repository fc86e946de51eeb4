//! The `vpnroute` binary started as a child process, as the persistence test and the load
//! bench start it: `serve` on a free port, with the caller's options, and `users add`.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vpnroute_server::signature::Credentials;

/// Runs `vpnroute serve` with `args`, expecting it to refuse them: its exit code and what it
/// said on stderr, or `None` when it was still running after five seconds (then it is
/// stopped).
pub fn serve_exit<S: AsRef<OsStr>>(args: &[S]) -> Option<(Option<i32>, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .arg("serve")
        .args(args)
        .env_remove("VPNROUTE_ACCESS_KEY_ID")
        .env_remove("VPNROUTE_ACCESS_KEY_SECRET")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        if let Some(status) = child.try_wait().unwrap() {
            let mut said = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut said)
                .unwrap();
            return Some((status.code(), said));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    None
}

/// Starts `vpnroute serve --listen 127.0.0.1:0` plus `options`; returns the child and the
/// `host:port` it printed on its first line.
pub fn serve(options: &[&std::ffi::OsStr]) -> (Child, String) {
    serve_on("127.0.0.1:0", options, &[])
}

/// Starts `vpnroute serve --listen LISTEN` plus `options`, with `env` set for the server (the
/// upstream's key pair) and no key pair of its own from the environment; returns the child
/// and the `host:port` it printed on its first line.
pub fn serve_on(
    listen: &str,
    options: &[&std::ffi::OsStr],
    env: &[(&str, &str)],
) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["serve", "--listen", listen])
        .args(options)
        .envs(env.iter().copied())
        .env_remove("VPNROUTE_ACCESS_KEY_ID")
        .env_remove("VPNROUTE_ACCESS_KEY_SECRET")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("the server prints its address");
    let url = line.trim().trim_start_matches("vpnroute console: ");
    let address = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    let host = listen.rsplit_once(':').map_or(listen, |(host, _)| host);
    assert!(address.starts_with(&format!("{host}:")), "{line:?}");
    (child, address)
}

/// Runs `vpnroute users ARGS --data DATA`: exit code, stdout, stderr.
pub fn users(data: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .arg("users")
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .expect("vpnroute users runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The key pair `users add` or `users rotate` printed.
pub fn printed_key(stdout: &str) -> Credentials {
    let field = |name: &str| {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {stdout}"))
            .trim()
            .to_owned()
    };
    Credentials {
        access_key_id: field("AccessKeyId:"),
        access_key_secret: field("AccessKeySecret:"),
        security_token: None,
    }
}

/// Adds the person `name` with `role` to the database in `data`; their key pair.
pub fn add_user(data: &Path, name: &str, role: &str) -> Credentials {
    let (code, stdout, stderr) = users(data, &["add", name, "--role", role]);
    assert_eq!(code, Some(0), "{stderr}");
    printed_key(&stdout)
}
