//! Commitment salts: 32 random bytes per commitment, kept in the tool's data directory between
//! `commit` and `reveal`. A salt is revealed on chain with its result; being random, it tells
//! nothing about the attributor's key.

use crate::settlement::{hex_hash, parse_hash, Account};
use openledger_primitives::{EpochIndex, Hash256};
use std::{
	fs,
	io::Write,
	path::{Path, PathBuf},
};

/// Salts on disk, one file per `(attributor, epoch, root)`.
pub struct SaltStore {
	dir: PathBuf,
}

impl SaltStore {
	/// The store in `dir`, or in the default data directory:
	/// `$XDG_DATA_HOME/openledger-attributor`, else `$HOME/.local/share/openledger-attributor`.
	pub fn open(dir: Option<PathBuf>) -> Result<Self, String> {
		let base = match dir {
			Some(dir) => dir,
			None => default_data_dir()
				.ok_or("no data directory: set HOME or XDG_DATA_HOME, or pass --data-dir")?,
		};
		Ok(Self { dir: base.join("salts") })
	}

	/// Where the salt of `attributor`'s commitment to `root` for `epoch` is kept.
	pub fn path(&self, attributor: &Account, epoch: EpochIndex, root: &Hash256) -> PathBuf {
		self.dir
			.join(format!("{}-{epoch}-{}.hex", hex_hash(&attributor.0), hex_hash(root)))
	}

	/// The salt to commit with: the one kept for this commitment (a retried commit reuses it),
	/// else 32 new random bytes, kept first.
	pub fn for_commit(
		&self,
		attributor: &Account,
		epoch: EpochIndex,
		root: &Hash256,
	) -> Result<Hash256, String> {
		let path = self.path(attributor, epoch, root);
		if path.exists() {
			return read(&path);
		}
		let mut salt = [0u8; 32];
		getrandom::getrandom(&mut salt).map_err(|e| format!("no randomness for a salt: {e}"))?;
		fs::create_dir_all(&self.dir).map_err(|e| format!("{}: {e}", self.dir.display()))?;
		write_private(&path, hex_hash(&salt).as_bytes())?;
		Ok(salt)
	}

	/// The salt `attributor` committed to `root` for `epoch` with.
	pub fn for_reveal(
		&self,
		attributor: &Account,
		epoch: EpochIndex,
		root: &Hash256,
	) -> Result<Hash256, String> {
		let path = self.path(attributor, epoch, root);
		if !path.exists() {
			return Err(format!(
				"no salt kept for this commitment ({}): reveal from the data directory `commit` \
				 used (--data-dir), or pass the salt with --salt",
				path.display()
			));
		}
		read(&path)
	}
}

fn default_data_dir() -> Option<PathBuf> {
	let non_empty = |var| std::env::var_os(var).filter(|v| !v.is_empty()).map(PathBuf::from);
	non_empty("XDG_DATA_HOME")
		.or_else(|| non_empty("HOME").map(|home| home.join(".local").join("share")))
		.map(|base| base.join("openledger-attributor"))
}

fn read(path: &Path) -> Result<Hash256, String> {
	let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
	parse_hash(text.trim()).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a file only its owner can read (on Unix).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
	let mut options = fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
	let mut file = options.open(path).map_err(|e| format!("{}: {e}", path.display()))?;
	file.write_all(bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn store() -> (SaltStore, PathBuf) {
		let dir = std::env::temp_dir().join(format!(
			"openledger-salts-{}-{:?}",
			std::process::id(),
			std::thread::current().id()
		));
		let _ = fs::remove_dir_all(&dir);
		(SaltStore::open(Some(dir.clone())).unwrap(), dir)
	}

	#[test]
	fn a_commit_keeps_a_random_salt_for_the_reveal() {
		let (store, dir) = store();
		let (alice, bob) = (Account([1; 32]), Account([2; 32]));
		let salt = store.for_commit(&alice, 3, &[7; 32]).unwrap();
		assert_eq!(store.for_commit(&alice, 3, &[7; 32]).unwrap(), salt, "a retry reuses it");
		assert_eq!(store.for_reveal(&alice, 3, &[7; 32]).unwrap(), salt);
		// Another attributor, epoch or root gets a salt of its own.
		assert_ne!(store.for_commit(&bob, 3, &[7; 32]).unwrap(), salt);
		assert_ne!(store.for_commit(&alice, 4, &[7; 32]).unwrap(), salt);
		assert_ne!(store.for_commit(&alice, 3, &[8; 32]).unwrap(), salt);
		assert!(store.for_reveal(&alice, 5, &[7; 32]).unwrap_err().contains("--salt"));
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let mode = fs::metadata(store.path(&alice, 3, &[7; 32])).unwrap().permissions().mode();
			assert_eq!(mode & 0o077, 0, "only the owner reads salts");
		}
		fs::remove_dir_all(dir).unwrap();
	}
}
