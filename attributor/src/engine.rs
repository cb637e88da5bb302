//! The attribution engine's core, version 1: which words of a model's outputs come from which
//! contribution of its training data.
//!
//! - **Words** ([`words`]): maximal runs of alphanumeric characters, lowercased; everything else
//!   separates them. Matching is on words, so punctuation, case and spacing never matter.
//! - **Index** ([`Index`]): the normalised text of a published datanet version's contributions in
//!   acceptance order, each written as ` w1 w2 … wn ` between newlines, in shards of bounded size
//!   with a suffix array each (sorted by libsais, searched with the `suffix` crate). A query ` w1 …
//!   wk ` matches exactly at word boundaries on both sides.
//! - **Matching** ([`match_output`]), as infini-gram and OLMoTrace do: for every word of an output,
//!   the longest run of output words from it that occurs in the training data; the maximal runs of
//!   at least `min_words` words are spans. A span found in more than `max_docs` contributions is
//!   boilerplate and earns nothing. Every output word is credited to the longest span covering it
//!   (the earliest on a tie), and a span's words to the *earliest accepted* contribution containing
//!   it, so copying someone's text into a later contribution earns nothing.
//!
//! Everything is integer and ordered: the same inputs give the same spans and credits on every
//! machine.

use std::collections::{BTreeMap, BTreeSet};
use suffix::SuffixTable;

/// The version of the engine's rules; reports name it.
pub const ENGINE_VERSION: u32 = 1;

/// The version of [`words`]; reports name it.
pub const TOKENIZER_VERSION: u32 = 1;

/// Occurrences of one query looked at, at most, before it is taken as boilerplate.
const MAX_OCCURRENCES: usize = 100_000;

/// The engine's parameters.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub struct Params {
	/// The fewest words a span has.
	pub min_words: u32,
	/// The most contributions a span may occur in; a span in more is boilerplate.
	pub max_docs: u32,
	/// The share of a model's pool divided by verified bytes whatever the outputs quote, in
	/// parts per billion.
	pub base_share: u32,
}

impl Default for Params {
	/// The chain's defaults: spans of 8 words in at most 10 contributions, a 10% base share.
	fn default() -> Self {
		Self { min_words: 8, max_docs: 10, base_share: 100_000_000 }
	}
}

/// A word of a text and where it is in the original.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct Word {
	/// The normalised word: lowercase alphanumeric characters.
	pub text: String,
	/// Its byte range in the original text.
	pub start: usize,
	/// The end of its byte range.
	pub end: usize,
}

/// The words of `text`, in order ([`TOKENIZER_VERSION`] 1).
pub fn words(text: &str) -> Vec<Word> {
	let mut out = Vec::new();
	let mut current: Option<(usize, String)> = None;
	for (at, c) in text.char_indices() {
		if c.is_alphanumeric() {
			let (_, word) = current.get_or_insert_with(|| (at, String::new()));
			word.extend(c.to_lowercase());
		} else if let Some((start, word)) = current.take() {
			out.push(Word { text: word, start, end: at });
		}
	}
	if let Some((start, word)) = current {
		out.push(Word { text: word, start, end: text.len() });
	}
	out
}

/// Appends `text`'s words to `out` as the index stores them: ` w1 w2 … wn ` (a space before the
/// first word and after every word), exactly what [`query`] makes of [`words`]`(text)`, without
/// allocating a string per word.
fn normalise_into(text: &str, out: &mut String) {
	out.push(' ');
	let mut in_word = false;
	for c in text.chars() {
		if c.is_alphanumeric() {
			out.extend(c.to_lowercase());
			in_word = true;
		} else if in_word {
			out.push(' ');
			in_word = false;
		}
	}
	if in_word {
		out.push(' ');
	}
}

/// The query that matches `words` exactly at word boundaries: ` w1 w2 … wk `.
fn query<S: AsRef<str>>(words: &[S]) -> String {
	let mut q = String::from(" ");
	for w in words {
		q.push_str(w.as_ref());
		q.push(' ');
	}
	q
}

/// A contribution as the index takes it.
#[derive(Clone, Debug)]
pub struct Document {
	/// Its place in the version's acceptance order.
	pub position: u32,
	/// Its text.
	pub text: String,
}

/// One shard of an index: contributions' normalised text and its suffix array.
struct Shard {
	table: SuffixTable<'static, 'static>,
	/// The byte offset at which each contribution of the shard starts, ascending.
	starts: Vec<u32>,
	/// The acceptance position of each contribution of the shard.
	positions: Vec<u32>,
}

impl Shard {
	/// A shard of `text` (`\n`, then each contribution's normalised text followed by `\n`),
	/// whose contributions start at `starts` and have the acceptance `positions`.
	fn build(text: String, starts: Vec<u32>, positions: Vec<u32>) -> Self {
		// libsais (single-threaded) sorts the suffixes; `suffix` searches them. A shard is far
		// below 2 GiB, so every position fits an `i32`.
		let sorted: Option<Vec<i32>> = libsais::SuffixArrayConstruction::for_text(text.as_bytes())
			.in_owned_buffer32()
			.single_threaded()
			.run()
			.ok()
			.map(|sa| sa.into_vec());
		let table = match sorted {
			Some(sa) =>
				SuffixTable::from_parts(text, sa.into_iter().map(|p| p as u32).collect::<Vec<_>>()),
			// A shard libsais refuses (it never should) is sorted by `suffix` itself.
			None => SuffixTable::new(text),
		};
		Self { table, starts, positions }
	}

	/// The acceptance position of the contribution holding byte `at`.
	fn position_at(&self, at: u32) -> u32 {
		let i = self.starts.partition_point(|&s| s <= at);
		self.positions[i.saturating_sub(1)]
	}
}

/// A searchable index of a datanet version's contributions.
pub struct Index {
	shards: Vec<Shard>,
	/// The normalised text's size, in bytes.
	bytes: u64,
}

/// Where a span occurs.
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct Occurrences {
	/// The acceptance positions of the contributions it occurs in: all of them, or the first
	/// `max_docs + 1` found when there are more.
	pub docs: BTreeSet<u32>,
	/// Whether it occurs in more than `max_docs` contributions.
	pub boilerplate: bool,
}

impl Index {
	/// Indexes `docs`, in shards of at most about `shard_bytes` bytes of normalised text (a
	/// contribution is never split).
	pub fn build(docs: &[Document], shard_bytes: usize) -> Self {
		let mut shards = Vec::new();
		let mut bytes = 0u64;
		let mut text = String::from("\n");
		let (mut starts, mut positions) = (Vec::new(), Vec::new());
		let mut normalised = String::new();
		for doc in docs {
			normalised.clear();
			normalise_into(&doc.text, &mut normalised);
			normalised.push('\n');
			bytes += normalised.len() as u64;
			if !starts.is_empty() && text.len() + normalised.len() > shard_bytes {
				let full = std::mem::replace(&mut text, String::from("\n"));
				shards.push(Shard::build(
					full,
					std::mem::take(&mut starts),
					std::mem::take(&mut positions),
				));
			}
			starts.push(text.len() as u32);
			positions.push(doc.position);
			text.push_str(&normalised);
		}
		if !starts.is_empty() {
			shards.push(Shard::build(text, starts, positions));
		}
		Self { shards, bytes }
	}

	/// Writes the index to `dir` (created if missing): per shard its normalised text
	/// (`shard-<i>.text`), its suffix array (`shard-<i>.sa`, u32 little-endian) and its
	/// contributions (`shard-<i>.docs`: start and acceptance position, u32 little-endian), and a
	/// `manifest` naming the engine and tokenizer versions. A version's index is built once:
	/// versions never change.
	pub fn save(&self, dir: &std::path::Path) -> std::io::Result<()> {
		std::fs::create_dir_all(dir)?;
		for (i, shard) in self.shards.iter().enumerate() {
			std::fs::write(dir.join(format!("shard-{i}.text")), shard.table.text())?;
			let sa: Vec<u8> = shard.table.table().iter().flat_map(|p| p.to_le_bytes()).collect();
			std::fs::write(dir.join(format!("shard-{i}.sa")), sa)?;
			let docs: Vec<u8> = shard
				.starts
				.iter()
				.zip(&shard.positions)
				.flat_map(|(s, p)| [s.to_le_bytes(), p.to_le_bytes()].concat())
				.collect();
			std::fs::write(dir.join(format!("shard-{i}.docs")), docs)?;
		}
		let manifest = format!(
			"engine {ENGINE_VERSION}\ntokenizer {TOKENIZER_VERSION}\nshards {}\nbytes {}\n",
			self.shards.len(),
			self.bytes
		);
		std::fs::write(dir.join("manifest"), manifest)
	}

	/// Reads an index [`Self::save`] wrote; `None` when there is none, or one of other engine or
	/// tokenizer versions (then build it again).
	pub fn load(dir: &std::path::Path) -> std::io::Result<Option<Self>> {
		let Ok(manifest) = std::fs::read_to_string(dir.join("manifest")) else { return Ok(None) };
		let field = |name: &str| {
			manifest
				.lines()
				.find_map(|l| l.strip_prefix(name)?.trim().parse::<u64>().ok())
				.unwrap_or(u64::MAX)
		};
		if field("engine ") != ENGINE_VERSION as u64 ||
			field("tokenizer ") != TOKENIZER_VERSION as u64
		{
			return Ok(None);
		}
		let invalid =
			|what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
		let u32s = |bytes: Vec<u8>| -> std::io::Result<Vec<u32>> {
			if !bytes.len().is_multiple_of(4) {
				return Err(invalid("a truncated index file"));
			}
			Ok(bytes
				.chunks_exact(4)
				.map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
				.collect())
		};
		let mut shards = Vec::new();
		for i in 0..field("shards ") {
			let text = std::fs::read_to_string(dir.join(format!("shard-{i}.text")))?;
			let table = u32s(std::fs::read(dir.join(format!("shard-{i}.sa")))?)?;
			if table.len() != text.len() {
				return Err(invalid("a suffix array of another text"));
			}
			let docs = u32s(std::fs::read(dir.join(format!("shard-{i}.docs")))?)?;
			let (starts, positions) = docs.chunks_exact(2).map(|c| (c[0], c[1])).unzip();
			shards.push(Shard { table: SuffixTable::from_parts(text, table), starts, positions });
		}
		Ok(Some(Self { shards, bytes: field("bytes ") }))
	}

	/// The normalised text's size, in bytes.
	pub fn bytes(&self) -> u64 {
		self.bytes
	}

	/// The number of shards.
	pub fn shards(&self) -> usize {
		self.shards.len()
	}

	/// Whether `words` occur, in this order, in any contribution.
	pub fn contains<S: AsRef<str>>(&self, words: &[S]) -> bool {
		let q = query(words);
		self.shards.iter().any(|s| s.table.contains(&q))
	}

	/// The contributions `words` occur in, up to `max_docs + 1` of them.
	pub fn occurrences<S: AsRef<str>>(&self, words: &[S], max_docs: u32) -> Occurrences {
		let q = query(words);
		let mut found = Occurrences::default();
		let mut looked = 0usize;
		for shard in &self.shards {
			for &at in shard.table.positions(&q) {
				looked += 1;
				found.docs.insert(shard.position_at(at));
				if found.docs.len() > max_docs as usize || looked > MAX_OCCURRENCES {
					found.boilerplate = true;
					return found;
				}
			}
		}
		found
	}

	/// The most words from `words[from..]` on that occur in the data, in order.
	pub fn longest_from<S: AsRef<str>>(&self, words: &[S], from: usize) -> usize {
		// Occurring is monotone in the length: search the longest length that occurs.
		let (mut low, mut high) = (0usize, words.len() - from);
		while low < high {
			let mid = (low + high).div_ceil(2);
			if self.contains(&words[from..from + mid]) {
				low = mid;
			} else {
				high = mid - 1;
			}
		}
		low
	}
}

/// A span of an output found in the training data.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct Span {
	/// Its first word's index in the output's words.
	pub start: usize,
	/// Its length in words.
	pub len: usize,
	/// The contributions it occurs in (all of them: at most `max_docs`).
	pub docs: BTreeSet<u32>,
}

impl Span {
	/// The earliest accepted contribution containing it: the one it credits.
	pub fn credited(&self) -> u32 {
		*self.docs.first().expect("a kept span occurs somewhere; qed")
	}
}

/// What matching found in one output.
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct Matched {
	/// The output's word count.
	pub words: usize,
	/// The spans kept, by start.
	pub spans: Vec<Span>,
	/// For each output word, the span (index into `spans`) it is credited to, if any.
	pub credit: Vec<Option<usize>>,
}

impl Matched {
	/// The words credited to each contribution.
	pub fn credits(&self) -> BTreeMap<u32, u64> {
		let mut credits = BTreeMap::new();
		for span in self.credit.iter().flatten() {
			*credits.entry(self.spans[*span].credited()).or_insert(0) += 1;
		}
		credits
	}
}

/// Matches one output's words against `index`.
pub fn match_output<S: AsRef<str>>(index: &Index, words: &[S], params: &Params) -> Matched {
	let min = params.min_words.max(1) as usize;
	let longest: Vec<usize> = (0..words.len()).map(|i| index.longest_from(words, i)).collect();
	let mut spans = Vec::new();
	for (i, &len) in longest.iter().enumerate() {
		// Maximal: not inside the run found from the word before.
		let inside = i > 0 && longest[i - 1] + (i - 1) >= i + len;
		if len < min || inside {
			continue;
		}
		let found = index.occurrences(&words[i..i + len], params.max_docs);
		if !found.boilerplate {
			spans.push(Span { start: i, len, docs: found.docs });
		}
	}
	// Boilerplate inside a kept span earns nothing either: a span is rare as a whole as soon as
	// one word next to a common passage differs (a squatter's contribution can hold the passage
	// and the word outputs often put after it), so every window of `min_words` of a kept span
	// found in more than `max_docs` contributions blocks its words.
	let mut blocked = vec![false; words.len()];
	let mut looked = vec![false; words.len()];
	for span in &spans {
		for j in span.start..=span.start + span.len - min {
			if !std::mem::replace(&mut looked[j], true) &&
				index.occurrences(&words[j..j + min], params.max_docs).boilerplate
			{
				blocked[j..j + min].fill(true);
			}
		}
	}
	// Longest spans first (the earliest on a tie) take the words they cover.
	let mut order: Vec<usize> = (0..spans.len()).collect();
	order.sort_by_key(|&s| (std::cmp::Reverse(spans[s].len), spans[s].start));
	let mut credit = vec![None; words.len()];
	// What is left of a span once its boilerplate is blocked earns only in runs of at least
	// `min_words` words, like any span.
	for s in order {
		let (start, end) = (spans[s].start, spans[s].start + spans[s].len);
		let mut run = start;
		while run < end {
			if blocked[run] {
				run += 1;
				continue;
			}
			let stop = (run..end).find(|&w| blocked[w]).unwrap_or(end);
			if stop - run >= min {
				for slot in &mut credit[run..stop] {
					slot.get_or_insert(s);
				}
			}
			run = stop;
		}
	}
	Matched { words: words.len(), spans, credit }
}

/// `a * b / c`, rounded down, without overflow (`c` > 0, and the result fits: `b <= c`).
pub fn mul_div_floor(a: u128, b: u128, c: u128) -> u128 {
	assert!(c > 0 && b <= c, "a share is at most the whole");
	// 256-bit product in two 128-bit halves, then long division by `c`.
	let (a_hi, a_lo) = (a >> 64, a & u64::MAX as u128);
	let (b_hi, b_lo) = (b >> 64, b & u64::MAX as u128);
	let lo_lo = a_lo * b_lo;
	let mid1 = a_hi * b_lo;
	let mid2 = a_lo * b_hi;
	let hi_hi = a_hi * b_hi;
	let (mid, mid_carry) = mid1.overflowing_add(mid2);
	let (lo, lo_carry) = lo_lo.overflowing_add(mid << 64);
	let hi = hi_hi + (mid >> 64) + ((mid_carry as u128) << 64) + lo_carry as u128;
	// Divide (hi, lo) by c bit by bit; hi < c since b <= c, so the quotient fits 128 bits.
	let (mut rem, mut quotient) = (hi, 0u128);
	for bit in (0..128).rev() {
		let carry = rem >> 127;
		rem = (rem << 1) | ((lo >> bit) & 1);
		quotient <<= 1;
		if carry == 1 || rem >= c {
			rem = rem.wrapping_sub(c);
			quotient |= 1;
		}
	}
	quotient
}

/// Divides `pool` in proportion to `weights`, rounding each part down: the parts never sum to
/// more than `pool`. Zero parts are left out.
pub fn divide(pool: u128, weights: &BTreeMap<u32, u128>) -> BTreeMap<u32, u128> {
	let total = weights.values().fold(0u128, |sum, w| sum.saturating_add(*w));
	if total == 0 {
		return BTreeMap::new();
	}
	weights
		.iter()
		.map(|(k, w)| (*k, mul_div_floor(pool, *w, total)))
		.filter(|(_, amount)| *amount > 0)
		.collect()
}

/// One verified output of a model, as scoring takes it.
#[derive(Clone, Debug)]
pub struct PaidOutput {
	/// Its words.
	pub words: Vec<String>,
	/// What its payer paid for it, in the smallest unit: its receipt's charge shared equally among
	/// the receipt's outputs (the last takes the remainder).
	pub value: u128,
}

/// How a model's epoch data pool was divided.
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct ModelScore {
	/// What each contribution (by its key in the model's training set) receives: its matched
	/// part plus its base part.
	pub amounts: BTreeMap<u32, u128>,
	/// The value of the outputs' words credited to each contribution.
	pub matched: BTreeMap<u32, u128>,
	/// The output words credited to each contribution.
	pub words: BTreeMap<u32, u64>,
	/// Up to [`EXAMPLES`] spans credited to each contribution, in output order.
	pub examples: BTreeMap<u32, Vec<Example>>,
	/// The part of the pool divided by verified bytes: the base share, and what matching left
	/// (unmatched words, outputs not verified or never published, rounding).
	pub base: u128,
}

/// The most example spans a report shows per contribution.
pub const EXAMPLES: usize = 3;

/// A span of an output credited to a contribution, as reports show it.
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct Example {
	/// The output (its index among the outputs scored).
	pub output: usize,
	/// The span's first word in the output's words.
	pub start: usize,
	/// Its length in words.
	pub len: usize,
}

/// Divides a model's epoch data `pool` among the contributions of its training set.
///
/// `paid` is everything the model was paid in the epoch; `outputs` are the verified outputs with
/// what was paid for each; `bytes` the verified accepted bytes of each contribution (a
/// contribution whose content could not be verified has none and is left out of `index`).
///
/// The rule: the base share (`params.base_share` of the pool) goes by verified bytes. A word of
/// an output is worth the output's value divided by its words; each contribution receives
/// `(pool − base share) × (value of the words credited to it) / paid`, rounded down. What is
/// left — the words no span covers, outputs nobody could verify or never published, rounding —
/// joins the base share, divided among the contributions in proportion to their verified
/// bytes, rounded down. Nothing is ever paid above the pool.
pub fn score_model(
	pool: u128,
	paid: u128,
	outputs: &[PaidOutput],
	index: &Index,
	params: &Params,
	bytes: &BTreeMap<u32, u64>,
) -> ModelScore {
	let mut score = ModelScore::default();
	for (at, output) in outputs.iter().enumerate() {
		let found = match_output(index, &output.words, params);
		for (doc, words) in found.credits() {
			let value = mul_div_floor(output.value, words as u128, found.words as u128);
			let entry = score.matched.entry(doc).or_insert(0);
			*entry = entry.saturating_add(value);
			*score.words.entry(doc).or_insert(0) += words;
		}
		for (s, span) in found.spans.iter().enumerate() {
			if !found.credit.contains(&Some(s)) {
				continue;
			}
			let examples = score.examples.entry(span.credited()).or_default();
			if examples.len() < EXAMPLES {
				examples.push(Example { output: at, start: span.start, len: span.len });
			}
		}
	}
	let base_share = mul_div_floor(pool, params.base_share.min(BILLION).into(), BILLION.into());
	let matchable = pool - base_share;
	// The outputs can never be worth more than what was paid for the model.
	let total_matched = score.matched.values().fold(0u128, |sum, v| sum.saturating_add(*v));
	let basis = paid.max(total_matched);
	let mut distributed = 0u128;
	if basis > 0 {
		for (doc, value) in &score.matched {
			let amount = mul_div_floor(matchable, *value, basis);
			if amount > 0 {
				score.amounts.insert(*doc, amount);
				distributed += amount;
			}
		}
	}
	score.base = pool - distributed;
	let weights: BTreeMap<u32, u128> = bytes.iter().map(|(d, b)| (*d, *b as u128)).collect();
	for (doc, amount) in divide(score.base, &weights) {
		*score.amounts.entry(doc).or_insert(0) += amount;
	}
	score
}

/// Parts per billion of a whole.
pub const BILLION: u32 = 1_000_000_000;

#[cfg(test)]
mod tests {
	use super::*;
	use crate::quality::Rng;

	/// The oracle: every run of output words found by scanning every contribution's words.
	fn naive_longest(docs: &[Vec<String>], out: &[String], from: usize) -> usize {
		let mut best = 0;
		for doc in docs {
			for start in 0..doc.len() {
				let mut len = 0;
				while from + len < out.len() &&
					start + len < doc.len() &&
					doc[start + len] == out[from + len]
				{
					len += 1;
				}
				best = best.max(len);
			}
		}
		best
	}

	fn naive_docs(docs: &[(u32, Vec<String>)], span: &[String]) -> BTreeSet<u32> {
		docs.iter()
			.filter(|(_, words)| words.windows(span.len()).any(|w| w == span))
			.map(|(p, _)| *p)
			.collect()
	}

	fn texts(words: &str) -> Vec<String> {
		super::words(words).into_iter().map(|w| w.text).collect()
	}

	#[test]
	fn words_are_lowercase_alphanumeric_runs_with_their_place() {
		let found = words("Metformin, 500 mg — once daily! Ça va.");
		let texts: Vec<&str> = found.iter().map(|w| w.text.as_str()).collect();
		assert_eq!(texts, ["metformin", "500", "mg", "once", "daily", "ça", "va"]);
		assert_eq!((found[0].start, found[0].end), (0, 9));
		let text = "Metformin, 500 mg — once daily! Ça va.";
		assert_eq!(&text[found[5].start..found[5].end], "Ça");
		assert!(words(" ,.; ").is_empty());
	}

	#[test]
	fn the_index_stores_exactly_the_words_queries_name() {
		for text in ["Metformin, 500 mg — once daily! Ça va.", "", " ,.", "ß İ x", "end"] {
			let mut stored = String::new();
			normalise_into(text, &mut stored);
			let named: Vec<String> = words(text).into_iter().map(|w| w.text).collect();
			assert_eq!(stored, query(&named), "{text:?}");
		}
	}

	#[test]
	fn matching_agrees_with_the_naive_oracle() {
		let mut rng = Rng::new(0x5eed);
		let vocabulary: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
		for round in 0..30 {
			let docs: Vec<(u32, Vec<String>)> = (0..8)
				.map(|d| {
					let len = 5 + rng.below(60);
					(d, (0..len).map(|_| vocabulary[rng.below(40)].clone()).collect())
				})
				.collect();
			// Outputs quote passages of the documents between random words.
			let mut out: Vec<String> = Vec::new();
			for _ in 0..6 {
				let (_, doc) = &docs[rng.below(8)];
				let start = rng.below(doc.len());
				let len = 1 + rng.below(12);
				out.extend(doc.iter().skip(start).take(len).cloned());
				out.push(vocabulary[rng.below(40)].clone());
			}
			let documents: Vec<Document> =
				docs.iter().map(|(p, w)| Document { position: *p, text: w.join(" ") }).collect();
			let shard = 1 + rng.below(400);
			let index = Index::build(&documents, shard);
			let plain: Vec<Vec<String>> = docs.iter().map(|(_, w)| w.clone()).collect();
			for i in 0..out.len() {
				assert_eq!(
					index.longest_from(&out, i),
					naive_longest(&plain, &out, i),
					"round {round}, word {i}, shards of {shard} bytes"
				);
			}
			let params = Params { min_words: 3, max_docs: 3, base_share: 0 };
			for span in match_output(&index, &out, &params).spans {
				let words = &out[span.start..span.start + span.len];
				assert_eq!(span.docs, naive_docs(&docs, words), "round {round}");
				assert!(span.docs.len() <= 3);
			}
		}
	}

	#[test]
	fn spans_credit_the_earliest_contribution_and_skip_boilerplate() {
		let passage = "metformin is usually started at a low dose of 500 mg once a day";
		let boiler = "follow the dose your prescriber gives you";
		let docs = [
			Document { position: 1, text: format!("{passage}. {boiler}.") },
			// A later copy of the same passage earns nothing for it.
			Document { position: 0, text: format!("Intro text here. {boiler}.") },
			Document { position: 2, text: format!("{passage} copied. {boiler}.") },
			Document { position: 3, text: format!("Other. {boiler}.") },
		];
		let index = Index::build(&docs, 1 << 20);
		let out = texts(&format!("Well, {passage} with food. {boiler}."));
		let params = Params { min_words: 5, max_docs: 2, base_share: 0 };
		let matched = match_output(&index, &out, &params);
		assert_eq!(matched.spans.len(), 1, "the boilerplate is in four contributions");
		let span = &matched.spans[0];
		assert_eq!((span.start, span.len), (1, 14));
		assert_eq!(span.docs, BTreeSet::from([1, 2]));
		assert_eq!(span.credited(), 1, "earliest accepted, not earliest in the list");
		assert_eq!(matched.credits(), BTreeMap::from([(1, 14)]));
		// With a looser boilerplate bound the shared sentence earns its earliest contribution.
		let loose =
			match_output(&index, &out, &Params { min_words: 5, max_docs: 4, base_share: 0 });
		assert_eq!(loose.credits(), BTreeMap::from([(0, 7), (1, 14)]));
		// Below `min_words`, nothing.
		let short = texts("metformin is usually started");
		assert!(match_output(&index, &short, &params).spans.is_empty());
	}

	#[test]
	fn boilerplate_with_a_word_around_it_still_earns_nothing() {
		let boiler = "this answer is general information and not medical advice";
		let docs = [
			Document { position: 0, text: format!("Metformin lowers sugar. {boiler}.") },
			Document { position: 1, text: format!("Rest helps. {boiler}.") },
			Document { position: 2, text: format!("Fluids help. {boiler}.") },
			// A squatter: the boilerplate and the word outputs often put after it.
			Document { position: 3, text: format!("{boiler} please") },
		];
		let index = Index::build(&docs, 1 << 20);
		let params = Params { min_words: 5, max_docs: 2, base_share: 0 };
		let out = texts(&format!("Drink water. {boiler}, please ask a doctor."));
		let matched = match_output(&index, &out, &params);
		// The span "boilerplate + please" occurs in the squatter's contribution only, but its
		// boilerplate words are in four: nothing is credited.
		assert_eq!(matched.spans.len(), 1);
		assert_eq!(matched.spans[0].docs, BTreeSet::from([3]));
		assert!(matched.credits().is_empty(), "{:?}", matched.credits());
	}

	#[test]
	fn a_saved_index_loads_and_answers_the_same() {
		let docs: Vec<Document> = (0..20)
			.map(|i| Document {
				position: i,
				text: format!("doc {i} says the same thing number {}", i % 3),
			})
			.collect();
		let index = Index::build(&docs, 64);
		assert!(index.shards() > 1);
		let dir = std::env::temp_dir().join(format!("openledger-index-{}", std::process::id()));
		index.save(&dir).unwrap();
		let loaded = Index::load(&dir).unwrap().expect("saved");
		assert_eq!((loaded.shards(), loaded.bytes()), (index.shards(), index.bytes()));
		let out = texts("doc 7 says the same thing number 1");
		let params = Params { min_words: 3, max_docs: 20, base_share: 0 };
		assert_eq!(match_output(&loaded, &out, &params), match_output(&index, &out, &params));
		// An index of another engine version is not used.
		std::fs::write(dir.join("manifest"), "engine 0\ntokenizer 1\nshards 0\nbytes 0\n").unwrap();
		assert!(Index::load(&dir).unwrap().is_none());
		std::fs::remove_dir_all(&dir).unwrap();
		assert!(Index::load(&dir).unwrap().is_none());
	}

	#[test]
	fn each_word_goes_to_the_longest_span_covering_it() {
		let docs = [
			Document { position: 0, text: "a b c d e f".into() },
			Document { position: 1, text: "x c d e f g h i".into() },
		];
		let index = Index::build(&docs, 1 << 20);
		let out = texts("a b c d e f g h i");
		let matched =
			match_output(&index, &out, &Params { min_words: 3, max_docs: 5, base_share: 0 });
		// Spans: "a…f" (6 words, doc 0) and "c…i" (7 words, doc 1): the longer takes c…f.
		assert_eq!(matched.spans.len(), 2);
		assert_eq!(matched.credits(), BTreeMap::from([(0, 2), (1, 7)]));
	}

	#[test]
	fn a_pool_is_divided_by_credited_value_then_by_bytes() {
		let passage = "metformin is usually started at a low dose of 500 mg once a day";
		let docs = [
			Document { position: 0, text: format!("{passage}.") },
			Document {
				position: 1,
				text: "ibuprofen blocks the cox enzymes that make prostaglandins".into(),
			},
		];
		let index = Index::build(&docs, 1 << 20);
		let bytes = BTreeMap::from([(0, 300), (1, 100)]);
		let params = Params { min_words: 5, max_docs: 10, base_share: 0 };
		// One output of 14 quoted words and 6 others, worth 2,000; the model was paid 4,000.
		let output = PaidOutput {
			words: texts(&format!("{passage} and then see your doctor soon")),
			value: 2_000,
		};
		assert_eq!(output.words.len(), 20);
		let score =
			score_model(1_000, 4_000, std::slice::from_ref(&output), &index, &params, &bytes);
		// 14 of 20 words: 1,400 of the 4,000 paid, so 350 of the pool to contribution 0.
		assert_eq!(score.matched, BTreeMap::from([(0, 1_400)]));
		assert_eq!(score.base, 650);
		// The base part by bytes, 3 : 1.
		assert_eq!(score.amounts, BTreeMap::from([(0, 350 + 487), (1, 162)]));
		assert!(score.amounts.values().sum::<u128>() <= 1_000);

		// Who is credited, for how many words, and where.
		assert_eq!(score.words, BTreeMap::from([(0, 14)]));
		assert_eq!(score.examples[&0], vec![Example { output: 0, start: 0, len: 14 }]);
		// A base share of 20% goes by bytes first: 800 × 1,400 / 4,000 = 280 matched.
		let with_base = Params { base_share: 200_000_000, ..params };
		let score =
			score_model(1_000, 4_000, std::slice::from_ref(&output), &index, &with_base, &bytes);
		assert_eq!(score.base, 720);
		assert_eq!(score.amounts, BTreeMap::from([(0, 280 + 540), (1, 180)]));

		// No verified outputs: everything by bytes; no fees at all: the same.
		let by_bytes = BTreeMap::from([(0, 750), (1, 250)]);
		assert_eq!(score_model(1_000, 4_000, &[], &index, &params, &bytes).amounts, by_bytes);
		assert_eq!(score_model(1_000, 0, &[], &index, &params, &bytes).amounts, by_bytes);
		// Outputs claimed to be worth more than the fees never pay more than the pool.
		let inflated = PaidOutput { value: 1_000_000, ..output };
		let score = score_model(1_000, 4_000, &[inflated], &index, &params, &bytes);
		assert!(score.amounts.values().sum::<u128>() <= 1_000);
		// Nothing verified and no bytes: nothing is paid (the pool is carried on).
		assert!(score_model(1_000, 4_000, &[], &index, &params, &BTreeMap::new())
			.amounts
			.is_empty());
	}

	#[test]
	fn shares_round_down_and_never_exceed_the_pool() {
		assert_eq!(mul_div_floor(10, 1, 3), 3);
		assert_eq!(mul_div_floor(u128::MAX, u128::MAX, u128::MAX), u128::MAX);
		assert_eq!(mul_div_floor(u128::MAX, 1, 2), u128::MAX / 2);
		let big = 10u128.pow(30);
		assert_eq!(mul_div_floor(big, big / 3, big), big / 3);
		let mut rng = Rng::new(7);
		for _ in 0..1_000 {
			let (a, c) =
				(rng.next_u64() as u128 * rng.next_u64() as u128, 1 + rng.next_u64() as u128);
			let b = rng.next_u64() as u128 % (c + 1);
			assert_eq!(mul_div_floor(a, b, c), (a / c) * b + (a % c) * b / c);
		}
		let weights = BTreeMap::from([(0, 1), (1, 1), (2, 1), (3, 0)]);
		let parts = divide(100, &weights);
		assert_eq!(parts, BTreeMap::from([(0, 33), (1, 33), (2, 33)]));
		assert!(parts.values().sum::<u128>() <= 100);
		assert!(divide(100, &BTreeMap::new()).is_empty());
	}
}
