//! `cargo xtask codegen [--check]`: files generated from the Rust sources, committed, and
//! checked by `cargo xtask test` so they cannot drift.

use crate::root;

/// The TypeScript declarations of the npm package's two modules, from the engine's types.
fn generated() -> [(&'static str, String); 2] {
    [
        (
            "crates/vpnroute-wasm/src/types.d.ts",
            vpnroute_rules::typescript_declarations(),
        ),
        (
            "crates/vpnroute-wasm/src/analysis.d.ts",
            vpnroute_rules::analysis_typescript_declarations(),
        ),
    ]
}

/// Writes the generated files, or with `check` fails naming the stale ones.
pub fn run(check: bool) -> Result<(), String> {
    let mut stale = Vec::new();
    for (file, wanted) in generated() {
        let path = root().join(file);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == wanted {
            continue;
        }
        if check {
            stale.push(file);
            continue;
        }
        std::fs::write(&path, wanted).map_err(|e| format!("cannot write {file}: {e}"))?;
        eprintln!("xtask: wrote {file}");
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} stale: run `cargo xtask codegen` and commit the result",
            stale.join(", ")
        ))
    }
}
