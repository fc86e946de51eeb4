//! The tools the build and the tests need, installed at pinned versions when missing.
//!
//! Everything comes from the package registries (crates.io, npm, Debian): trunk and
//! wasm-pack cannot download their own helpers here, so we put the pinned ones on PATH.

use crate::process::{output, run};
use crate::root;
use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The tools found or installed, and the PATH under which they run.
pub struct Toolbox {
    path: OsString,
    /// Equal to the `wasm-bindgen` crate in Cargo.lock, as the CLI must be.
    pub wasm_bindgen_version: String,
    /// `version_N` for trunk, when a working wasm-opt is on PATH.
    pub wasm_opt_version: Option<String>,
}

impl Toolbox {
    /// What building the console and the npm package needs.
    pub fn for_build() -> Result<Self, String> {
        let mut tools = Toolbox {
            path: search_path(),
            wasm_bindgen_version: locked_version("wasm-bindgen")?,
            wasm_opt_version: None,
        };
        tools.ensure_node()?;
        tools.ensure_wasm_target()?;
        let bindgen_version = tools.wasm_bindgen_version.clone();
        tools.ensure_cargo_tool("wasm-bindgen", "wasm-bindgen-cli", &bindgen_version, false)?;
        tools.ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true)?;
        tools.ensure_npm_project(&root().join("xtask"))?;
        tools.wasm_opt_version = tools
            .version_of("wasm-opt")
            .and_then(|v| v.split_whitespace().nth(2).map(|n| format!("version_{n}")));
        match &tools.wasm_opt_version {
            Some(version) => eprintln!("xtask: wasm-opt {version} ready"),
            None => eprintln!("xtask: no working wasm-opt; wasm files are left unoptimised"),
        }
        Ok(tools)
    }

    /// What the whole test suite needs: the build tools, the test packages (npm and PyPI)
    /// and Chromium.
    pub fn for_tests() -> Result<Self, String> {
        let tools = Self::for_build()?;
        tools.ensure_npm_project(&root().join("tests"))?;
        tools.ensure_python_sdk()?;
        tools.ensure_chromium()?;
        Ok(tools)
    }

    /// The Python of the virtual environment that holds the official Python SDK.
    pub fn sdk_python() -> PathBuf {
        crate::build::target_dir().join("sdk-venv/bin/python")
    }

    /// A virtual environment with `tests/sdk/requirements.txt` installed, unless it is
    /// already newer than that file.
    fn ensure_python_sdk(&self) -> Result<(), String> {
        let requirements = root().join("tests/sdk/requirements.txt");
        let venv = crate::build::target_dir().join("sdk-venv");
        let stamp = venv.join("installed-requirements.txt");
        let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
        if let (Some(installed), Some(wanted)) = (modified(&stamp), modified(&requirements)) {
            if installed >= wanted && Self::sdk_python().is_file() {
                return Ok(());
            }
        }
        if !Self::sdk_python().is_file() {
            run(self.command("python3").args(["-m", "venv"]).arg(&venv))?;
        }
        run(self
            .command(Self::sdk_python())
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements))?;
        std::fs::copy(&requirements, &stamp)
            .map(|_| ())
            .map_err(|e| format!("cannot write {}: {e}", stamp.display()))
    }

    /// A command that finds the pinned tools first.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command.env("PATH", &self.path).current_dir(root());
        command
    }

    fn version_of(&self, program: &str) -> Option<String> {
        output(self.command(program).arg("--version"))
    }

    fn ensure_node(&self) -> Result<(), String> {
        if self.version_of("node").is_some() && self.version_of("npm").is_some() {
            return Ok(());
        }
        apt_install(&["nodejs", "npm"])
    }

    fn ensure_wasm_target(&self) -> Result<(), String> {
        let installed = output(
            self.command("rustup")
                .args(["target", "list", "--installed"]),
        )
        .unwrap_or_default();
        if installed.lines().any(|l| l.trim() == WASM_TARGET) {
            return Ok(());
        }
        run(self.command("rustup").args(["target", "add", WASM_TARGET]))
    }

    fn ensure_cargo_tool(
        &self,
        binary: &str,
        package: &str,
        version: &str,
        locked: bool,
    ) -> Result<(), String> {
        if let Some(found) = self.version_of(binary) {
            if found.split_whitespace().any(|word| word == version) {
                eprintln!("xtask: {binary} {version} already installed");
                return Ok(());
            }
            eprintln!("xtask: found `{found}`, need {version}; installing");
        }
        let mut command = self.command("cargo");
        command.args(["install", package, "--version", version]);
        if locked {
            command.arg("--locked");
        }
        run(&mut command)
    }

    /// `npm ci` unless node_modules already matches package-lock.json.
    fn ensure_npm_project(&self, dir: &Path) -> Result<(), String> {
        let lock = dir.join("package-lock.json");
        let installed = dir.join("node_modules/.package-lock.json");
        let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
        if let (Some(installed), Some(lock)) = (modified(&installed), modified(&lock)) {
            if installed >= lock {
                return Ok(());
            }
        }
        run(self
            .command("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir))
    }

    fn ensure_chromium(&self) -> Result<(), String> {
        if !(Path::new("/usr/bin/chromium").is_file()
            && Path::new("/usr/bin/chromedriver").is_file())
        {
            apt_install(&["chromium", "chromium-driver"])?;
        }
        // The console's Chinese pages are screenshotted: without a CJK font every character
        // would be drawn as an empty box.
        if !Path::new(CJK_FONT).is_file() {
            apt_install(&["fonts-wqy-zenhei"])?;
        }
        Ok(())
    }
}

/// The font file of Debian's `fonts-wqy-zenhei`.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

fn apt_install(packages: &[&str]) -> Result<(), String> {
    let is_root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid == "0");
    if !is_root {
        return Err(format!(
            "{} missing: install them with `sudo apt-get install {}`",
            packages.join(", "),
            packages.join(" ")
        ));
    }
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(packages))
}

/// PATH with cargo's install directory and the npm tool binaries first.
fn search_path() -> OsString {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    let mut dirs = vec![
        cargo_home.join("bin"),
        root().join("xtask/node_modules/.bin"),
    ];
    dirs.extend(
        env::var_os("PATH")
            .map(|p| env::split_paths(&p).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    env::join_paths(dirs).unwrap_or_default()
}

/// The version of `package` in Cargo.lock.
fn locked_version(package: &str) -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let header = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&header)
        .ok_or_else(|| format!("{package} is not in Cargo.lock"))?
        + header.len();
    Ok(lock[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned())
}
