//! Beyond loopback the server starts only with accounts, and never with the default key
//! pair configured, which anyone can sign with.

#[path = "common/spawned.rs"]
mod spawned;

use spawned::serve_exit as serve;
use std::process::Command;

#[test]
fn a_non_loopback_listen_without_accounts_is_refused_before_it_binds() {
    for args in [
        &["--ephemeral", "--listen", "0.0.0.0:0"][..],
        &[
            "--ephemeral",
            "--listen",
            "0.0.0.0:0",
            "--access-key-id",
            "ops-team",
            "--access-key-secret",
            "a-secret-of-our-own",
        ][..],
    ] {
        let (code, said) = serve(args).unwrap_or_else(|| panic!("{args:?}: it started serving"));
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains("refusing to listen on"), "{args:?}: {said}");
        assert!(said.contains("has no accounts"), "{args:?}: {said}");
        assert!(
            said.contains("vpnroute users add NAME --role admin"),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn a_non_loopback_listen_with_the_default_key_pair_is_refused_even_with_accounts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let added = Command::new(env!("CARGO_BIN_EXE_vpnroute"))
        .args(["users", "add", "admin", "--role", "admin", "--data", data])
        .output()
        .unwrap();
    assert!(added.status.success());
    for args in [
        &["--listen", "0.0.0.0:0", "--access-key-id", "ops-team"][..],
        &[
            "--listen",
            "[::]:0",
            "--access-key-secret",
            "a-secret-of-our-own",
        ][..],
        &[
            "--listen",
            "0.0.0.0:0",
            "--access-key-id",
            "testid",
            "--access-key-secret",
            "testsecret",
        ][..],
    ] {
        let args = [&["--data", data][..], args].concat();
        let (code, said) = serve(&args).unwrap_or_else(|| panic!("{args:?}: it started serving"));
        assert_eq!(code, Some(2), "{args:?}: {said}");
        assert!(said.contains("refusing to listen on"), "{args:?}: {said}");
        assert!(
            said.contains("--access-key-id and --access-key-secret"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("has no accounts"), "{args:?}: {said}");
    }
    assert_eq!(
        serve(&["--data", data, "--listen", "0.0.0.0:0"]),
        None,
        "with an account and no pair configured it serves"
    );
}
