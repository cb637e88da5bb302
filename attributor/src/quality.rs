//! The engine measured on a labelled set generated from a seed: contributions of random words,
//! some sharing a boilerplate passage, some copying an earlier contribution's passage; outputs of
//! filler words with planted passages of known length from known contributions, verbatim or with
//! every k-th word changed (paraphrase), and boilerplate. What the engine credits is compared
//! with the truth: contribution-level precision and recall, and the L1 distance between the
//! computed and the true shares of the outputs' value.

use crate::engine::{match_output, Document, Index, Params};
use std::collections::{BTreeMap, BTreeSet};

/// The shape of a labelled set.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
	/// Contributions.
	pub contributions: usize,
	/// Words per contribution.
	pub words: usize,
	/// Outputs.
	pub outputs: usize,
	/// Planted passages per output (verbatim, paraphrased and boilerplate in turn).
	pub passages: usize,
	/// A paraphrased passage has every `paraphrase_every`-th word changed.
	pub paraphrase_every: usize,
	/// The generator's seed.
	pub seed: u64,
}

impl Default for Shape {
	fn default() -> Self {
		Self {
			contributions: 2_000,
			words: 200,
			outputs: 1_000,
			passages: 3,
			paraphrase_every: 5,
			seed: 1,
		}
	}
}

/// What the engine achieved on a labelled set.
#[derive(Clone, Debug)]
pub struct Quality {
	/// Of the (output, contribution) pairs the engine credited, the share that are true.
	pub precision: f64,
	/// Of the verbatim passages planted (of at least `min_words` words), the share whose
	/// contribution the engine credited.
	pub recall: f64,
	/// Of the paraphrased passages planted, the share whose contribution was credited.
	pub paraphrase_recall: f64,
	/// Boilerplate passages credited to anyone.
	pub boilerplate_credited: usize,
	/// The L1 distance between the computed and the true shares of the outputs' value (0 to 2),
	/// the truth being the words of the verbatim passages, each output worth the same.
	pub l1: f64,
	/// Verbatim, paraphrased and boilerplate passages planted.
	pub planted: (usize, usize, usize),
}

/// A deterministic generator (xorshift64), for labelled sets, benchmarks and tests.
pub struct Rng(u64);

impl Rng {
	/// The generator seeded with `seed` (0 is taken as 1).
	pub fn new(seed: u64) -> Self {
		Self(seed.max(1))
	}

	/// The next number.
	pub fn next_u64(&mut self) -> u64 {
		self.0 ^= self.0 << 13;
		self.0 ^= self.0 >> 7;
		self.0 ^= self.0 << 17;
		self.0
	}

	/// A number below `n` (> 0).
	pub fn below(&mut self, n: usize) -> usize {
		(self.next_u64() % n as u64) as usize
	}
}

const VOCABULARY: usize = 30_000;

fn word(i: usize) -> String {
	format!("w{i}")
}

/// Generates a labelled set of `shape`, runs the engine with `params`, and scores it.
pub fn measure(shape: &Shape, params: &Params) -> Quality {
	let mut rng = Rng::new(shape.seed);
	let min = params.min_words as usize;
	// Boilerplate, in more contributions than `max_docs`.
	let boiler: Vec<String> = (0..24).map(|_| word(rng.below(VOCABULARY))).collect();
	let boiler_docs = params.max_docs as usize * 3;
	let mut docs: Vec<Vec<String>> = Vec::new();
	// Who first contributed each copied passage: (doc, start) of the original.
	let mut copies: BTreeMap<usize, usize> = BTreeMap::new();
	for d in 0..shape.contributions {
		let mut words: Vec<String> =
			(0..shape.words).map(|_| word(rng.below(VOCABULARY))).collect();
		if d < boiler_docs {
			let at = rng.below(shape.words - boiler.len());
			words[at..at + boiler.len()].clone_from_slice(&boiler);
		} else if d % 10 == 9 {
			// Copies the first half of an earlier contribution (after the boilerplate ones).
			let original = boiler_docs + rng.below(d - boiler_docs);
			let half = shape.words / 2;
			let copied = docs[original][..half].to_vec();
			words[..half].clone_from_slice(&copied);
			copies.insert(d, original);
		}
		docs.push(words);
	}
	let documents: Vec<Document> = docs
		.iter()
		.enumerate()
		.map(|(i, w)| Document { position: i as u32, text: w.join(" ") })
		.collect();
	let index = Index::build(&documents, usize::MAX);

	// The earliest contribution holding a passage taken from `doc` at `start`.
	let origin = |mut doc: usize, start: usize, len: usize| -> usize {
		while let Some(&original) = copies.get(&doc) {
			if start + len > shape.words / 2 {
				break;
			}
			doc = original;
		}
		doc
	};
	let (mut verbatim, mut paraphrased, mut boilerplate) = (0, 0, 0);
	let (mut found_verbatim, mut found_paraphrase, mut boiler_credited) = (0, 0, 0);
	let (mut credited_pairs, mut true_pairs) = (0usize, 0usize);
	let mut computed: BTreeMap<u32, f64> = BTreeMap::new();
	let mut truth: BTreeMap<u32, f64> = BTreeMap::new();
	for o in 0..shape.outputs {
		let mut out: Vec<String> = Vec::new();
		// Planted passages: (range in the output, the contribution credit belongs to, kind).
		let mut planted: Vec<(usize, usize, Option<usize>, u8)> = Vec::new();
		for p in 0..shape.passages {
			out.extend((0..5 + rng.below(20)).map(|_| word(rng.below(VOCABULARY))));
			let kind = ((o + p) % 3) as u8;
			let start = out.len();
			match kind {
				2 => {
					out.extend(boiler.iter().cloned());
					planted.push((start, out.len(), None, kind));
				},
				_ => {
					let len = min + rng.below(33);
					let doc = boiler_docs + rng.below(shape.contributions - boiler_docs);
					let from = rng.below(shape.words - len);
					let mut passage = docs[doc][from..from + len].to_vec();
					if kind == 1 {
						for (i, w) in passage.iter_mut().enumerate() {
							if i % shape.paraphrase_every == shape.paraphrase_every - 1 {
								*w = format!("p{}", rng.below(VOCABULARY));
							}
						}
					}
					out.extend(passage);
					planted.push((start, out.len(), Some(origin(doc, from, len)), kind));
				},
			}
		}
		out.extend((0..5 + rng.below(20)).map(|_| word(rng.below(VOCABULARY))));

		let matched = match_output(&index, &out, params);
		let total = out.len() as f64;
		let mut credited: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
		for (w, span) in matched.credit.iter().enumerate() {
			if let Some(s) = span {
				credited.entry(matched.spans[*s].credited()).or_default().insert(w);
			}
		}
		for (doc, words) in &credited {
			*computed.entry(*doc).or_insert(0.0) += words.len() as f64 / total;
		}
		for (start, end, doc, kind) in &planted {
			let hit = |d: usize| {
				credited.get(&(d as u32)).is_some_and(|w| w.range(start..end).next().is_some())
			};
			match (kind, doc) {
				(0, Some(d)) => {
					verbatim += 1;
					found_verbatim += usize::from(hit(*d));
					*truth.entry(*d as u32).or_insert(0.0) += (end - start) as f64 / total;
				},
				(1, Some(d)) => {
					paraphrased += 1;
					found_paraphrase += usize::from(hit(*d));
				},
				_ => {
					boilerplate += 1;
					boiler_credited += usize::from(
						credited.values().any(|w| w.range(start..end).next().is_some()),
					);
				},
			}
		}
		// A credited contribution is right when a verbatim or paraphrased passage came from it.
		let sources: BTreeSet<u32> = planted.iter().filter_map(|p| p.2.map(|d| d as u32)).collect();
		credited_pairs += credited.len();
		true_pairs += credited.keys().filter(|d| sources.contains(d)).count();
	}
	let outputs = shape.outputs as f64;
	let keys: BTreeSet<u32> = computed.keys().chain(truth.keys()).copied().collect();
	let l1 = keys
		.iter()
		.map(|k| {
			(computed.get(k).copied().unwrap_or(0.0) - truth.get(k).copied().unwrap_or(0.0)).abs()
		})
		.sum::<f64>()
		/ outputs;
	Quality {
		precision: if credited_pairs == 0 {
			1.0
		} else {
			true_pairs as f64 / credited_pairs as f64
		},
		recall: found_verbatim as f64 / verbatim.max(1) as f64,
		paraphrase_recall: found_paraphrase as f64 / paraphrased.max(1) as f64,
		boilerplate_credited: boiler_credited,
		l1,
		planted: (verbatim, paraphrased, boilerplate),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_engine_finds_verbatim_passages_and_credits_nobody_else() {
		let shape = Shape { contributions: 400, words: 120, outputs: 150, ..Shape::default() };
		let quality = measure(&shape, &Params::default());
		assert!(quality.planted.0 >= 100, "{quality:?}");
		assert!(quality.precision >= 0.99, "{quality:?}");
		assert!(quality.recall >= 0.95, "{quality:?}");
		assert_eq!(quality.boilerplate_credited, 0, "{quality:?}");
		assert!(quality.l1 < 0.1, "{quality:?}");
	}
}
