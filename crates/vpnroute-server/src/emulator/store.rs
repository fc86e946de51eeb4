//! The emulator's state on disk: one JSON file, replaced atomically on every write, so that a
//! crash at any moment leaves either the old file or the new one, never a torn one.

use super::world::World;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub struct Store {
    path: PathBuf,
}

impl Store {
    pub fn new(path: PathBuf) -> Self {
        Store { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved world, `None` when there is no file yet. A file that does not parse is an
    /// error, never silently replaced: it may hold the only copy of someone's routes.
    pub fn load(&self) -> io::Result<Option<World>> {
        match fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{} is not a vpnroute state file: {e}", self.path.display()),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes `world` to a temporary file beside the state file, flushes it to the disk, then
    /// renames it over the state file and flushes the directory, so the rename is durable
    /// before the write is acknowledged.
    pub fn save(&self, world: &World) -> io::Result<()> {
        let directory = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&directory)?;
        let temporary = directory.join(format!(
            ".{}.{}.tmp",
            self.path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("state"),
            std::process::id()
        ));
        let bytes = serde_json::to_vec(world).map_err(io::Error::other)?;
        let mut file = File::create(&temporary)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temporary, &self.path)?;
        File::open(&directory)?.sync_all()
    }
}
