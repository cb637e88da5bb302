//! Builds the WASM runtime blob, with the metadata hash the `CheckMetadataHash` transaction
//! extension verifies (token symbol and decimals are part of that hash).

#[cfg(feature = "std")]
fn main() {
	substrate_wasm_builder::WasmBuilder::init_with_defaults()
		.enable_metadata_hash("OPEN", 18)
		.build();
}

#[cfg(not(feature = "std"))]
fn main() {}
