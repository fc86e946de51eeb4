//! Building the console, the server and the npm package.

use crate::process::run;
use crate::root;
use crate::tools::{Toolbox, WASM_TARGET};
use std::path::{Path, PathBuf};
use std::process::Command;

/// How one npm target's `.wasm` is compiled: the Cargo profile and the wasm-opt level.
struct WasmBuild {
    profile: &'static str,
    wasm_opt: &'static str,
}

/// Browsers and bundlers download the `.wasm` on every first visit, so theirs is built for size.
const FOR_SIZE: WasmBuild = WasmBuild {
    profile: "wasm-size",
    wasm_opt: "-Oz",
};

/// Node loads it from disk, where a third more bytes cost nothing and speed is what counts.
const FOR_SPEED: WasmBuild = WasmBuild {
    profile: "wasm-speed",
    wasm_opt: "-O3",
};

/// The three npm targets, each in its own folder of the package: name, module type, build.
const NPM_TARGETS: [(&str, &str, WasmBuild); 3] = [
    ("web", "module", FOR_SIZE),
    ("nodejs", "commonjs", FOR_SPEED),
    ("bundler", "module", FOR_SIZE),
];

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// The console's release build favours size: every browser that opens the console downloads it.
/// (Trunk builds the `release` profile, so the level is set for this build alone.)
fn wasm_release(command: &mut Command) -> &mut Command {
    command.env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "z")
}

/// Builds the console into `dist/` with trunk, offline. Trunk copies the npm package's
/// analysis module (its `web` build, made here first) into `dist/analysis/`, where the console
/// loads it when a page first asks what a change does to traffic.
pub fn console(tools: &Toolbox) -> Result<(), String> {
    run(tools.command("cargo").arg("fetch"))?;
    let (folder, features) = ANALYSIS;
    npm_module(tools, folder, features, "web", "module", &FOR_SIZE)?;
    let mut trunk = tools.command("trunk");
    trunk
        .args(["build", "--release", "--offline"])
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("TRUNK_TOOLS_WASM_BINDGEN", &tools.wasm_bindgen_version);
    if let Some(version) = &tools.wasm_opt_version {
        trunk.env("TRUNK_TOOLS_WASM_OPT", version);
    }
    // trunk 0.21 reads NO_COLOR as a boolean flag and rejects the common NO_COLOR=1.
    if std::env::var_os("NO_COLOR").is_some() {
        trunk.env("NO_COLOR", "true");
    }
    run(wasm_release(&mut trunk))?;
    let dist = root().join("dist");
    minify_scripts(tools, &dist)?;
    precompress(&dist)
}

/// Minifies the console's own scripts with terser, in place: wasm-bindgen's glue and the
/// console's snippets. Trunk's minifier stops at the glue's `export { ... as default }` and
/// leaves it whole. The page names each script with its digest (subresource integrity), so
/// the page's digests are written again. The analysis module is left as the npm package
/// ships it.
fn minify_scripts(tools: &Toolbox, dist: &Path) -> Result<(), String> {
    let page = dist.join("index.html");
    let mut html = std::fs::read_to_string(&page)
        .map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    for path in files_under(dist, &["js"], Some(&dist.join(CONSOLE_ANALYSIS))) {
        let before = integrity(&path)?;
        if !html.contains(&before) {
            return Err(format!(
                "{} has no integrity digest for {}",
                page.display(),
                path.display()
            ));
        }
        run(tools
            .command("terser")
            .arg(&path)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&path))?;
        html = html.replace(&before, &integrity(&path)?);
    }
    write(&page, &html)
}

/// A file's subresource-integrity digest, as Trunk writes it (`sha384-<base64>`).
fn integrity(path: &Path) -> Result<String, String> {
    use base64::Engine;
    use sha2::Digest;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&bytes))
    ))
}

/// Where the console keeps the npm package's analysis module (`dist/analysis/`).
pub const CONSOLE_ANALYSIS: &str = "analysis";

/// The console's extensions the server sends compressed.
pub const CONSOLE_ASSETS: [&str; 4] = ["wasm", "js", "css", "html"];

/// Writes `<file>.br` beside each of the console's files (its folders' too), at brotli's best
/// quality, which the server sends to browsers that take brotli instead of compressing the
/// file on each request.
fn precompress(dist: &Path) -> Result<(), String> {
    for path in files_under(dist, &CONSOLE_ASSETS, None) {
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut compressed = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut compressed, &params)
            .map_err(|e| format!("cannot compress {}: {e}", path.display()))?;
        let mut target = path.clone().into_os_string();
        target.push(".br");
        std::fs::write(&target, compressed)
            .map_err(|e| format!("cannot write {}: {e}", Path::new(&target).display()))?;
    }
    Ok(())
}

/// The files under `dir` with an extension in `extensions`, and in its folders but `skip`.
pub fn files_under(dir: &Path, extensions: &[&str], skip: Option<&Path>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            if Some(path.as_path()) != skip {
                files.extend(files_under(&path, extensions, skip));
            }
        } else if path
            .extension()
            .is_some_and(|x| extensions.iter().any(|a| x == *a))
        {
            files.push(path);
        }
    }
    files
}

/// Builds the `vpnroute` binary and returns its path.
pub fn server() -> Result<PathBuf, String> {
    run(Command::new("cargo").current_dir(root()).args([
        "build",
        "--package",
        "vpnroute-server",
        "--bin",
        "vpnroute",
    ]))?;
    Ok(target_dir()
        .join("debug")
        .join(format!("vpnroute{}", std::env::consts::EXE_SUFFIX)))
}

/// The package's two modules: the folder each is built into, and the facade's features.
/// `analysis` holds everything the main module has and planImpact, failover and checkIntents;
/// it is its own `.wasm` so that apps which only check requests do not download the analysis.
const NPM_MODULES: [(&str, &[&str]); 2] = [("", &[]), ANALYSIS];

/// The analysis module: its folder in the package, and the facade's feature that makes it.
const ANALYSIS: (&str, &[&str]) = ("analysis/", &["analysis"]);

/// Builds the npm package into `crates/vpnroute-wasm/pkg`: one folder per wasm-bindgen target,
/// for each module.
pub fn npm_package(tools: &Toolbox) -> Result<(), String> {
    let package = npm_folder();
    if package.exists() {
        std::fs::remove_dir_all(&package)
            .map_err(|e| format!("cannot clear {}: {e}", package.display()))?;
    }
    for (folder, features) in NPM_MODULES {
        for (target, module_type, build) in NPM_TARGETS {
            npm_module(tools, folder, features, target, module_type, &build)?;
        }
    }
    write(&package.join("package.json"), &package_json())?;
    std::fs::copy(
        root().join("crates/vpnroute-wasm/README.md"),
        package.join("README.md"),
    )
    .map_err(|e| format!("cannot copy the package README: {e}"))?;
    eprintln!("xtask: npm package in {}", package.display());
    Ok(())
}

fn npm_folder() -> PathBuf {
    root().join("crates/vpnroute-wasm/pkg")
}

/// Builds one module of the npm package for one wasm-bindgen target, into
/// `pkg/<folder><target>`.
fn npm_module(
    tools: &Toolbox,
    folder: &str,
    features: &[&str],
    target: &str,
    module_type: &str,
    build: &WasmBuild,
) -> Result<(), String> {
    run(tools.command("cargo").args([
        "build",
        "--package",
        "vpnroute-wasm",
        "--profile",
        build.profile,
        "--target",
        WASM_TARGET,
        "--features",
        &features.join(","),
    ]))?;
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join(build.profile)
        .join("vpnroute_wasm.wasm");
    let out = npm_folder().join(format!("{folder}{target}"));
    run(tools
        .command("wasm-bindgen")
        .arg(&wasm)
        .args(["--target", target, "--typescript", "--out-dir"])
        .arg(&out))?;
    if target == "nodejs" {
        commonjs_snippets(&out.join("snippets"))?;
    }
    if tools.wasm_opt_version.is_some() {
        let bg = out.join("vpnroute_wasm_bg.wasm");
        run(tools
            .command("wasm-opt")
            .arg(build.wasm_opt)
            .arg(&bg)
            .arg("-o")
            .arg(&bg))?;
    }
    write(
        &out.join("package.json"),
        &format!("{{\n  \"type\": \"{module_type}\"\n}}\n"),
    )
}

/// Rewrites the facade's JS snippets as CommonJS for the `nodejs` target. wasm-bindgen
/// `require`s them there, but they are ES modules (as the `web` and `bundler` targets import
/// them), and Node before 20.19 cannot `require` an ES module. The snippets export only
/// top-level `export function`s, which is all this handles.
fn commonjs_snippets(dir: &std::path::Path) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            commonjs_snippets(&path)?;
            continue;
        }
        if path.extension().is_none_or(|x| x != "js") {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut names = Vec::new();
        let mut commonjs = String::new();
        for line in text.lines() {
            match line.strip_prefix("export function ") {
                Some(rest) => {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                        .collect();
                    names.push(name);
                    commonjs.push_str("function ");
                    commonjs.push_str(rest);
                }
                None if line.starts_with("export ") || line.starts_with("import ") => {
                    return Err(format!(
                        "{}: only `export function` lines can be made CommonJS, not {line:?}",
                        path.display()
                    ));
                }
                None => commonjs.push_str(line),
            }
            commonjs.push('\n');
        }
        commonjs.push_str(&format!("module.exports = {{ {} }};\n", names.join(", ")));
        write(&path, &commonjs)?;
    }
    Ok(())
}

fn package_json() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let file = |folder: &str, target: &str, extension: &str| {
        format!("./{folder}{target}/vpnroute_wasm.{extension}")
    };
    let mut exports = Vec::new();
    let mut side_effects = Vec::new();
    for (folder, _) in NPM_MODULES {
        // `vpnroute` and `vpnroute/analysis` pick the build for where they are imported.
        let name = match folder.trim_end_matches('/') {
            "" => ".".to_owned(),
            module => format!("./{module}"),
        };
        exports.push(format!(
            r#"    "{name}": {{
      "types": "{types}",
      "node": "{node}",
      "browser": "{browser}",
      "default": "{default}"
    }}"#,
            types = file(folder, "nodejs", "d.ts"),
            node = file(folder, "nodejs", "js"),
            browser = file(folder, "web", "js"),
            default = file(folder, "bundler", "js"),
        ));
        for (target, _, _) in NPM_TARGETS {
            exports.push(format!(
                r#"    "./{folder}{target}": {{ "types": "{}", "default": "{}" }}"#,
                file(folder, target, "d.ts"),
                file(folder, target, "js"),
            ));
        }
        for target in ["bundler", "web"] {
            side_effects.push(format!("\"{}\"", file(folder, target, "js")));
        }
    }
    format!(
        r#"{{
  "name": "vpnroute",
  "version": "{version}",
  "description": "Check Alibaba Cloud VPN gateway route requests before sending them: the vpnroute rule engine as WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "keywords": ["alibaba-cloud", "vpn-gateway", "routes", "validation", "webassembly"],
  "engines": {{ "node": ">=18" }},
  "types": "{types}",
  "main": "{main}",
  "exports": {{
{exports}
  }},
  "files": ["web/", "nodejs/", "bundler/", "analysis/", "README.md"],
  "sideEffects": [{side_effects}]
}}
"#,
        types = file("", "nodejs", "d.ts"),
        main = file("", "nodejs", "js"),
        exports = exports.join(",\n"),
        side_effects = side_effects.join(", "),
    )
}

fn write(path: &std::path::Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Packs the npm package into a tarball (as `npm publish` would) and returns its path.
pub fn npm_tarball(tools: &Toolbox) -> Result<PathBuf, String> {
    let out = target_dir().join("npm");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let packed = crate::process::output(
        tools
            .command("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(&out)
            .current_dir(root().join("crates/vpnroute-wasm/pkg")),
    )
    .ok_or("npm pack failed")?;
    let name = packed.lines().last().unwrap_or_default().trim().to_owned();
    Ok(out.join(name))
}

/// A scratch project with the packed tarball installed, as a user's app would have it.
pub fn npm_scratch_project(tools: &Toolbox, tarball: &std::path::Path) -> Result<PathBuf, String> {
    let project = target_dir().join("npm-scratch");
    if project.exists() {
        std::fs::remove_dir_all(&project)
            .map_err(|e| format!("cannot clear {}: {e}", project.display()))?;
    }
    std::fs::create_dir_all(&project)
        .map_err(|e| format!("cannot create {}: {e}", project.display()))?;
    write(
        &project.join("package.json"),
        "{ \"name\": \"vpnroute-scratch\", \"private\": true }\n",
    )?;
    run(tools
        .command("npm")
        .args(["install", "--no-audit", "--no-fund", "--offline"])
        .arg(tarball)
        .current_dir(&project))?;
    Ok(project)
}
