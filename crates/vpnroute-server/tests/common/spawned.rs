//! The `vpnroute` binary started as a child process, as the persistence test and the load
//! bench start it: `serve` on a free loopback port, with the caller's options.

#![allow(dead_code)] // Each test file uses its own part of this module.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `vpnroute serve --listen 127.0.0.1:0` plus `options`; returns the child and the
/// `host:port` it printed on its first line.
pub fn serve(options: &[&std::ffi::OsStr]) -> (Child, String) {
    serve_with_env(options, &[])
}

/// [`serve`] with `env` set for the server (the upstream's key pair).
pub fn serve_with_env(options: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(options)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("the server prints its address");
    let address = line
        .trim()
        .trim_start_matches("vpnroute console: http://")
        .trim_end_matches('/')
        .to_owned();
    assert!(address.starts_with("127.0.0.1:"), "{line:?}");
    (child, address)
}
