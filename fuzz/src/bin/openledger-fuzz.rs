//! The fuzzer's corpus tool.
//!
//! - `openledger-fuzz replay <file or folder>...`: runs every input (a folder: every file in it)
//!   and prints what each did; a finding panics with the input's name.
//! - `openledger-fuzz seeds <folder>`: writes the seed corpus (one input per call of the runtime,
//!   and the flows) into the folder.

use std::{
	path::{Path, PathBuf},
	process::ExitCode,
};

fn inputs(paths: &[String]) -> std::io::Result<Vec<PathBuf>> {
	let mut files = vec![];
	for path in paths {
		let path = Path::new(path);
		if path.is_dir() {
			let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
				.map(|e| e.map(|e| e.path()))
				.collect::<Result<_, _>>()?;
			entries.sort();
			files.extend(entries.into_iter().filter(|p| p.is_file()));
		} else {
			files.push(path.to_owned());
		}
	}
	Ok(files)
}

fn main() -> ExitCode {
	let args: Vec<String> = std::env::args().skip(1).collect();
	match args.split_first() {
		Some((command, paths)) if command == "replay" && !paths.is_empty() => {
			let files = match inputs(paths) {
				Ok(files) => files,
				Err(e) => {
					eprintln!("replay: {e}");
					return ExitCode::FAILURE;
				},
			};
			let mut total = openledger_fuzz::Summary::default();
			for file in &files {
				let input = match std::fs::read(file) {
					Ok(input) => input,
					Err(e) => {
						eprintln!("{}: {e}", file.display());
						return ExitCode::FAILURE;
					},
				};
				let summary = openledger_fuzz::run(&input);
				println!("{}: {summary:?}", file.display());
				total.actions += summary.actions;
				total.blocks += summary.blocks;
				total.applied += summary.applied;
				total.succeeded += summary.succeeded;
				total.claims_paid += summary.claims_paid;
				total.slashes += summary.slashes;
			}
			println!("{} inputs replayed: {total:?}", files.len());
			ExitCode::SUCCESS
		},
		Some((command, [folder])) if command == "seeds" => {
			let folder = Path::new(folder);
			let written = std::fs::create_dir_all(folder).and_then(|()| {
				let seeds = openledger_fuzz::seeds::all();
				for (name, input) in &seeds {
					std::fs::write(folder.join(name), input)?;
				}
				Ok(seeds.len())
			});
			match written {
				Ok(n) => {
					println!("{n} seeds written to {}", folder.display());
					ExitCode::SUCCESS
				},
				Err(e) => {
					eprintln!("seeds: {e}");
					ExitCode::FAILURE
				},
			}
		},
		Some((command, [file])) if command == "dictionary" => {
			match std::fs::write(file, openledger_fuzz::seeds::dictionary()) {
				Ok(()) => ExitCode::SUCCESS,
				Err(e) => {
					eprintln!("dictionary: {e}");
					ExitCode::FAILURE
				},
			}
		},
		_ => {
			eprintln!(
				"usage: openledger-fuzz replay <file or folder>... | seeds <folder> | dictionary <file>"
			);
			ExitCode::FAILURE
		},
	}
}
