//! `cargo xtask codegen [--check]`: files generated from the Rust sources, committed, and
//! checked by `cargo xtask test` so they cannot drift.

use crate::root;

/// The TypeScript declarations of the npm package, from the engine's types.
const TYPES: &str = "crates/vpnroute-wasm/src/types.d.ts";

/// Writes the generated files, or with `check` fails naming the stale ones.
pub fn run(check: bool) -> Result<(), String> {
    let path = root().join(TYPES);
    let wanted = vpnroute_rules::typescript_declarations();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current == wanted {
        return Ok(());
    }
    if check {
        return Err(format!(
            "{TYPES} is stale: run `cargo xtask codegen` and commit the result"
        ));
    }
    std::fs::write(&path, wanted).map_err(|e| format!("cannot write {TYPES}: {e}"))?;
    eprintln!("xtask: wrote {TYPES}");
    Ok(())
}
