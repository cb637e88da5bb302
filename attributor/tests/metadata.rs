//! The attributor's typed chain client (`openledger_attributor::chain::runtime`) is generated at
//! build time from `metadata/openledger.scale`. These tests fail as soon as the runtime's
//! metadata differs from that file, so a change to a call, an event, a runtime API or a type the
//! attributor uses cannot reach a node before the client is regenerated against it.
//!
//! After changing the runtime, write its metadata to the file and rebuild:
//!
//! ```text
//! OPENLEDGER_WRITE_METADATA=1 cargo test --release -p openledger-attributor --test metadata
//! ```

use openledger_attributor::chain::runtime;
use openledger_runtime::Runtime;
use std::path::Path;

/// The metadata version the file holds (the newest the runtime serves, as nodes answer
/// `state_getMetadata`-style requests for it).
const VERSION: u32 = 16;

fn committed_path() -> &'static Path {
	Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/metadata/openledger.scale"))
}

/// The runtime's metadata, SCALE-encoded (`RuntimeMetadataPrefixed`), as a node serves it; `None`
/// if the runtime does not serve the version the client is generated from.
fn runtime_metadata() -> Option<Vec<u8>> {
	Runtime::metadata_at_version(VERSION).map(|metadata| metadata.to_vec())
}

const NO_METADATA: &str =
	"the runtime serves its metadata at the version the client is generated from";

#[test]
fn the_committed_metadata_is_the_runtime_s() {
	let current = runtime_metadata().expect(NO_METADATA);
	let path = committed_path();
	if std::env::var_os("OPENLEDGER_WRITE_METADATA").is_some() {
		std::fs::write(path, &current).expect("the metadata file is writable");
		eprintln!("wrote {} ({} bytes): rebuild the attributor", path.display(), current.len());
		return;
	}
	let committed = std::fs::read(path).expect("the committed metadata file is readable");
	assert!(
		committed == current,
		"{} ({} bytes) is not the runtime's metadata ({} bytes): the attributor's generated client \
		 has drifted from the runtime. Write it again with `OPENLEDGER_WRITE_METADATA=1 cargo test \
		 --release -p openledger-attributor --test metadata`, rebuild, and fix what no longer \
		 compiles.",
		path.display(),
		committed.len(),
		current.len(),
	);
}

#[test]
fn the_generated_client_is_valid_for_the_runtime() {
	let bytes = runtime_metadata().expect(NO_METADATA);
	let metadata = subxt::Metadata::decode_from(&bytes).expect("metadata decodes");
	// The hash covers every pallet's calls, events, storage and constants, and every runtime
	// API: what the generated code was built against.
	assert!(
		runtime::is_codegen_valid_for(&metadata),
		"the attributor's generated client does not match the runtime's metadata: see \
		 the_committed_metadata_is_the_runtime_s"
	);
}

#[test]
fn a_changed_runtime_would_be_caught() {
	// The check above can fail: a metadata without one of the runtime's pallets is not the one
	// the client was generated from.
	use subxt::ext::{
		codec::{Decode, Encode},
		frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed},
	};
	let bytes = runtime_metadata().expect(NO_METADATA);
	let mut prefixed = RuntimeMetadataPrefixed::decode(&mut &bytes[..]).expect("metadata decodes");
	let RuntimeMetadata::V16(ref mut v16) = prefixed.1 else {
		panic!("the runtime served metadata of another version")
	};
	let before = v16.pallets.len();
	v16.pallets.retain(|p| p.name != "Attribution");
	assert_eq!(v16.pallets.len(), before - 1, "the runtime has an Attribution pallet");
	let changed = subxt::Metadata::decode_from(&prefixed.encode()).expect("metadata decodes");
	assert!(!runtime::is_codegen_valid_for(&changed));
}
