//! The attribution engine's core, version 1: which words of a model's outputs come from which
//! contribution of its training data.
//!
//! - **Words** ([`words`]): maximal runs of alphanumeric characters, lowercased; everything else
//!   separates them. Matching is on words, so punctuation, case and spacing never matter.
//! - **Index** ([`Index`]): the normalised text of a published datanet version's contributions in
//!   acceptance order, each written as ` w1 w2 … wn ` between newlines, in shards of bounded size
//!   with a suffix array each (sorted by libsais, binary-searched here). A query ` w1 … wk `
//!   matches exactly at word boundaries on both sides.
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
	/// Its key: its place in the model's training set (acceptance order).
	pub position: u32,
	/// Its text.
	pub text: String,
}

/// Bytes of a shard: built in memory, or mapped from the file a corpus was saved to (so a
/// corpus larger than memory is paged in by the kernel as queries touch it).
enum Region {
	Owned(Vec<u8>),
	Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Region {
	type Target = [u8];

	fn deref(&self) -> &[u8] {
		match self {
			Self::Owned(bytes) => bytes,
			Self::Mapped(map) => map,
		}
	}
}

/// A suffix array: the start of every suffix of a shard's text, in sorted order.
enum Table {
	Owned(Vec<u32>),
	/// u32 little-endian.
	Mapped(memmap2::Mmap),
}

impl Table {
	fn len(&self) -> usize {
		match self {
			Self::Owned(table) => table.len(),
			Self::Mapped(map) => map.len() / 4,
		}
	}

	fn get(&self, i: usize) -> u32 {
		match self {
			Self::Owned(table) => table[i],
			Self::Mapped(map) => {
				let at = 4 * i;
				u32::from_le_bytes([map[at], map[at + 1], map[at + 2], map[at + 3]])
			},
		}
	}
}

/// Maps `file` read-only.
fn map(file: &std::path::Path) -> std::io::Result<memmap2::Mmap> {
	let file = std::fs::File::open(file)?;
	// SAFETY: corpus files are written once, under a directory that is renamed into place only
	// when complete, and never modified afterwards; a file changed under the map by someone
	// else could only change what queries answer, which `Corpus::load`'s callers guard by
	// naming the directory after everything indexed.
	unsafe { memmap2::Mmap::map(&file) }
}

/// The suffixes of `text`, sorted by libsais (single-threaded). A shard is at most
/// [`MAX_SHARD_BYTES`], so every position fits an `i32`.
fn sort_suffixes(text: &[u8]) -> Vec<u32> {
	match libsais::SuffixArrayConstruction::for_text(text)
		.in_owned_buffer32()
		.single_threaded()
		.run()
	{
		// The same size, so the buffer is reused.
		Ok(sorted) => sorted.into_vec().into_iter().map(|p| p as u32).collect(),
		// libsais never refuses a text below 2 GiB; should it, sort by comparison.
		Err(_) => {
			let mut table: Vec<u32> = (0..text.len() as u32).collect();
			table.sort_unstable_by_key(|&p| &text[p as usize..]);
			table
		},
	}
}

/// The most bytes of normalised text in one shard.
const MAX_SHARD_BYTES: usize = 1 << 30;

/// The layout of a saved corpus's files; corpora of another layout are built again.
const LAYOUT: u64 = 2;

/// Bits per word of a shard's word-pair filter, and probes per pair: about 1% false positives.
/// The filter is blocked: a pair's probes all fall in one 512-bit block (one cache line), so
/// adding or looking up a pair touches memory once.
const PAIR_BITS: usize = 10;
const PAIR_PROBES: u64 = 7;
const PAIR_BLOCK: u64 = 512;

/// A word's hash (FNV-1a, 64 bits).
fn word_hash(word: &[u8]) -> u64 {
	word.iter().fold(0xcbf2_9ce4_8422_2325, |h, &byte| {
		(h ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
	})
}

/// The SplitMix64 finaliser.
fn mix(mut x: u64) -> u64 {
	x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
	x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
	x ^ (x >> 31)
}

/// The bits the word pair with hashes `a`, `b` sets in a filter of `bits` bits (a multiple of
/// [`PAIR_BLOCK`]): a block chosen by one hash of the pair, nine bits of another for each probe
/// within it.
fn pair_probes(a: u64, b: u64, bits: u64) -> impl Iterator<Item = u64> {
	let h = mix(a.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b);
	let g = mix(h.wrapping_add(0x9e37_79b9_7f4a_7c15));
	let block = (h % (bits / PAIR_BLOCK)) * PAIR_BLOCK;
	(0..PAIR_PROBES).map(move |i| block + ((g >> (9 * i)) % PAIR_BLOCK))
}

/// A Bloom filter of every pair of neighbouring words in a shard's contributions: a query with
/// a pair the shard lacks cannot occur there, and the shard is not searched.
fn pair_filter(text: &[u8]) -> Vec<u8> {
	let words = text.iter().filter(|&&b| b == b' ').count();
	let bits = (words * PAIR_BITS).max(1).next_multiple_of(PAIR_BLOCK as usize);
	let mut filter = vec![0u8; bits / 8];
	for line in text.split(|&b| b == b'\n') {
		let mut previous = None;
		for word in line.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
			let hash = word_hash(word);
			if let Some(before) = previous {
				for bit in pair_probes(before, hash, bits as u64) {
					filter[(bit / 8) as usize] |= 1 << (bit % 8);
				}
			}
			previous = Some(hash);
		}
	}
	filter
}

/// One shard of a corpus: contributions' normalised text and its suffix array.
struct Shard {
	/// `\n`, then each contribution's normalised text followed by `\n`.
	text: Region,
	table: Table,
	/// The byte offset at which each contribution of the shard starts, ascending.
	starts: Vec<u32>,
	/// Each contribution's number in the corpus.
	docs: Vec<u32>,
	/// The rows whose suffixes start with a space: where every query's search starts.
	spaced: std::ops::Range<usize>,
	/// The filter of its word pairs ([`pair_filter`]).
	pairs: Region,
}

impl Shard {
	fn new(text: Region, table: Table, pairs: Region, starts: Vec<u32>, docs: Vec<u32>) -> Self {
		let mut shard = Self { text, table, starts, docs, spaced: 0..0, pairs };
		shard.spaced = shard.narrow(0..shard.table.len(), 0, b" ");
		shard
	}

	/// Whether the word pair `a b` may occur in the shard (it does not when this is false).
	fn may_pair(&self, a: &str, b: &str) -> bool {
		let bits = self.pairs.len() as u64 * 8;
		bits == 0
			|| pair_probes(word_hash(a.as_bytes()), word_hash(b.as_bytes()), bits)
				.all(|bit| self.pairs[(bit / 8) as usize] & (1 << (bit % 8)) != 0)
	}

	/// Whether every neighbouring pair of `words` may occur in the shard.
	fn may_hold<S: AsRef<str>>(&self, words: &[S]) -> bool {
		words.windows(2).all(|w| self.may_pair(w[0].as_ref(), w[1].as_ref()))
	}

	/// The rows of the suffix array whose suffixes start with `q` (a query: ` w1 … wk `).
	fn range(&self, q: &[u8]) -> std::ops::Range<usize> {
		self.narrow(self.spaced.clone(), 1, &q[1..])
	}

	/// The rows of `rows` (whose suffixes share their first `offset` bytes) whose suffixes
	/// continue with `part` from `offset` on.
	fn narrow(
		&self,
		rows: std::ops::Range<usize>,
		offset: usize,
		part: &[u8],
	) -> std::ops::Range<usize> {
		let order = |row: usize| {
			let suffix = self.text.get(self.table.get(row) as usize + offset..).unwrap_or(&[]);
			suffix[..suffix.len().min(part.len())].cmp(part)
		};
		let first = partition(rows.start, rows.end, |row| order(row).is_lt());
		let end = partition(first, rows.end, |row| order(row).is_le());
		first..end
	}

	/// The most words of `words`, from the first, that occur in order in the shard: the
	/// suffix array's rows are narrowed word by word, comparing only the new word's bytes.
	fn longest<S: AsRef<str>>(&self, words: &[S]) -> usize {
		let mut q = vec![b' '];
		let mut rows = self.spaced.clone();
		for (matched, word) in words.iter().enumerate() {
			if matched > 0 && !self.may_pair(words[matched - 1].as_ref(), word.as_ref()) {
				return matched;
			}
			let offset = q.len();
			q.extend_from_slice(word.as_ref().as_bytes());
			q.push(b' ');
			rows = self.narrow(rows, offset, &q[offset..]);
			if rows.is_empty() {
				return matched;
			}
		}
		words.len()
	}

	/// The corpus number of the contribution holding byte `at`.
	fn doc_at(&self, at: u32) -> u32 {
		let i = self.starts.partition_point(|&s| s <= at);
		self.docs[i.saturating_sub(1)]
	}
}

/// The first index in `low..high` for which `before` is false (`before` holds on a prefix).
fn partition(mut low: usize, mut high: usize, before: impl Fn(usize) -> bool) -> usize {
	while low < high {
		let mid = low + (high - low) / 2;
		if before(mid) {
			low = mid + 1;
		} else {
			high = mid;
		}
	}
	low
}

/// The text of a shard being built.
#[derive(Default)]
struct Pending {
	text: Vec<u8>,
	starts: Vec<u32>,
	docs: Vec<u32>,
}

/// The indexed text of one published datanet version (or of any list of contributions): its
/// contributions' normalised text in shards, each searchable by a suffix array. Contributions
/// are numbered in the order they were given. Versions never change, so a corpus is built once.
pub struct Corpus {
	shards: Vec<Shard>,
	/// The contributions indexed.
	docs: u32,
	/// The normalised text's size, in bytes.
	bytes: u64,
}

impl Corpus {
	/// Indexes `texts` in memory, in shards of at most about `shard_bytes` bytes of normalised
	/// text (a contribution is never split).
	#[allow(clippy::expect_used, reason = "only building on disk can fail")]
	pub fn build<S: AsRef<str>>(texts: impl IntoIterator<Item = S>, shard_bytes: usize) -> Self {
		let sealed = Self::build_with(texts.into_iter().map(Ok), shard_bytes, |_, pending| {
			let table = Table::Owned(sort_suffixes(&pending.text));
			let pairs = Region::Owned(pair_filter(&pending.text));
			Ok(Shard::new(Region::Owned(pending.text), table, pairs, pending.starts, pending.docs))
		});
		sealed.expect("building in memory does no I/O; qed")
	}

	/// Indexes `texts` into `dir`, one shard at a time: each shard is sorted, written and mapped
	/// before the next one is read, so memory holds one shard's text and suffix array at most,
	/// however large the corpus. Per shard `shard-<i>.text` (its normalised text),
	/// `shard-<i>.sa` (its suffix array, u32 little-endian), `shard-<i>.pairs` (a Bloom filter
	/// of its word pairs, so queries skip shards that cannot hold them) and `shard-<i>.docs`
	/// (start and corpus number of each contribution, u32 little-endian), and a `manifest`
	/// naming the engine and tokenizer versions and the layout. The files are written under a
	/// temporary name and the directory renamed into place when complete, so a corpus is whole or
	/// absent.
	pub fn build_in<S: AsRef<str>>(
		dir: &std::path::Path,
		texts: impl IntoIterator<Item = std::io::Result<S>>,
		shard_bytes: usize,
	) -> std::io::Result<Self> {
		let building = dir.with_extension(format!("building-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&building);
		std::fs::create_dir_all(&building)?;
		let corpus = Self::build_with(texts, shard_bytes, |i, pending| {
			let file = |kind: &str| building.join(format!("shard-{i}.{kind}"));
			std::fs::write(file("text"), &pending.text)?;
			std::fs::write(file("pairs"), pair_filter(&pending.text))?;
			let table = sort_suffixes(&pending.text);
			drop(pending.text);
			let mut out = std::io::BufWriter::new(std::fs::File::create(file("sa"))?);
			for p in &table {
				std::io::Write::write_all(&mut out, &p.to_le_bytes())?;
			}
			std::io::Write::flush(&mut out)?;
			drop(table);
			let docs: Vec<u8> = pending
				.starts
				.iter()
				.zip(&pending.docs)
				.flat_map(|(s, d)| [s.to_le_bytes(), d.to_le_bytes()].concat())
				.collect();
			std::fs::write(file("docs"), docs)?;
			let (text, table, pairs) =
				(map(&file("text"))?, map(&file("sa"))?, map(&file("pairs"))?);
			let (text, table, pairs) =
				(Region::Mapped(text), Table::Mapped(table), Region::Mapped(pairs));
			Ok(Shard::new(text, table, pairs, pending.starts, pending.docs))
		})?;
		let manifest = format!(
			"engine {ENGINE_VERSION}\ntokenizer {TOKENIZER_VERSION}\nlayout {LAYOUT}\nshards {}\ndocs \
			 {}\nbytes {}\n",
			corpus.shards.len(),
			corpus.docs,
			corpus.bytes
		);
		std::fs::write(building.join("manifest"), manifest)?;
		if std::fs::rename(&building, dir).is_err() {
			// Built meanwhile by another run: theirs is the same; ours goes (the maps stay valid).
			let _ = std::fs::remove_dir_all(&building);
		}
		Ok(corpus)
	}

	fn build_with<S: AsRef<str>>(
		texts: impl IntoIterator<Item = std::io::Result<S>>,
		shard_bytes: usize,
		mut seal: impl FnMut(usize, Pending) -> std::io::Result<Shard>,
	) -> std::io::Result<Self> {
		let shard_bytes = shard_bytes.min(MAX_SHARD_BYTES);
		let (mut shards, mut bytes, mut docs) = (Vec::new(), 0u64, 0u32);
		let mut pending = Pending { text: b"\n".to_vec(), ..Default::default() };
		let mut normalised = String::new();
		for text in texts {
			normalised.clear();
			normalise_into(text?.as_ref(), &mut normalised);
			normalised.push('\n');
			// A contribution larger than a shard is cut at a word boundary (never in practice:
			// contributions are far smaller than shards).
			if normalised.len() >= MAX_SHARD_BYTES {
				let cut = normalised[..MAX_SHARD_BYTES / 2].rfind(' ').unwrap_or(0);
				normalised.truncate(cut + 1);
				normalised.push('\n');
			}
			bytes += normalised.len() as u64;
			if !pending.starts.is_empty() && pending.text.len() + normalised.len() > shard_bytes {
				let full = std::mem::replace(
					&mut pending,
					Pending { text: b"\n".to_vec(), ..Default::default() },
				);
				shards.push(seal(shards.len(), full)?);
			}
			pending.starts.push(pending.text.len() as u32);
			pending.docs.push(docs);
			pending.text.extend_from_slice(normalised.as_bytes());
			docs += 1;
		}
		if !pending.starts.is_empty() {
			shards.push(seal(shards.len(), pending)?);
		}
		Ok(Self { shards, docs, bytes })
	}

	/// Maps a corpus [`Self::build_in`] wrote; `None` when there is none, or one of other engine
	/// or tokenizer versions (then build it again).
	pub fn load(dir: &std::path::Path) -> std::io::Result<Option<Self>> {
		let Ok(manifest) = std::fs::read_to_string(dir.join("manifest")) else { return Ok(None) };
		let field = |name: &str| {
			manifest
				.lines()
				.find_map(|l| l.strip_prefix(name)?.trim().parse::<u64>().ok())
				.unwrap_or(u64::MAX)
		};
		if field("engine ") != ENGINE_VERSION as u64
			|| field("tokenizer ") != TOKENIZER_VERSION as u64
			|| field("layout ") != LAYOUT
		{
			return Ok(None);
		}
		let invalid =
			|what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
		let mut shards = Vec::new();
		for i in 0..field("shards ") {
			let file = |kind: &str| dir.join(format!("shard-{i}.{kind}"));
			let text = map(&file("text"))?;
			let table = map(&file("sa"))?;
			if table.len() != 4 * text.len() {
				return Err(invalid("a suffix array of another text"));
			}
			let docs = std::fs::read(file("docs"))?;
			if !docs.len().is_multiple_of(8) {
				return Err(invalid("a truncated index file"));
			}
			let (starts, docs) = docs
				.chunks_exact(8)
				.map(|c| {
					(
						u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
						u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
					)
				})
				.unzip();
			let pairs = Region::Mapped(map(&file("pairs"))?);
			shards.push(Shard::new(
				Region::Mapped(text),
				Table::Mapped(table),
				pairs,
				starts,
				docs,
			));
		}
		let docs = u32::try_from(field("docs ")).map_err(|_| invalid("no contribution count"))?;
		Ok(Some(Self { shards, docs, bytes: field("bytes ") }))
	}

	/// The contributions indexed.
	pub fn docs(&self) -> u32 {
		self.docs
	}

	/// The normalised text's size, in bytes.
	pub fn bytes(&self) -> u64 {
		self.bytes
	}

	/// The number of shards.
	pub fn shards(&self) -> usize {
		self.shards.len()
	}

	/// The index's own size, in bytes: per shard its text, suffix array, pair filter and
	/// contribution table.
	pub fn size(&self) -> u64 {
		let shard = |s: &Shard| s.text.len() + 4 * s.table.len() + s.pairs.len() + 8 * s.docs.len();
		self.shards.iter().map(|s| shard(s) as u64).sum()
	}
}

/// What matching searches: one or more corpora (a model's training set is one per published
/// version), each contribution of each under its key in the training set. A contribution in
/// several corpora (a later version keeps an earlier one's) has the same key in each.
#[derive(Default)]
pub struct Index {
	parts: Vec<(std::sync::Arc<Corpus>, Vec<u32>)>,
}

/// Where a span occurs.
#[derive(Clone, Debug, Default, Eq, PartialEq)]
pub struct Occurrences {
	/// The keys of the contributions it occurs in: all of them, or the first `max_docs + 1`
	/// found when there are more.
	pub docs: BTreeSet<u32>,
	/// Whether it occurs in more than `max_docs` contributions.
	pub boilerplate: bool,
}

impl Index {
	/// Indexes `docs` in memory, in shards of at most about `shard_bytes` bytes of normalised
	/// text, each under its `position`.
	pub fn build(docs: &[Document], shard_bytes: usize) -> Self {
		let corpus = Corpus::build(docs.iter().map(|d| d.text.as_str()), shard_bytes);
		let mut index = Self::default();
		index.add(std::sync::Arc::new(corpus), docs.iter().map(|d| d.position).collect());
		index
	}

	/// Adds `corpus`, its contribution number `i` under the key `keys[i]` (one key per
	/// contribution).
	pub fn add(&mut self, corpus: std::sync::Arc<Corpus>, keys: Vec<u32>) {
		self.parts.push((corpus, keys));
	}

	/// The normalised text's size, in bytes.
	pub fn bytes(&self) -> u64 {
		self.parts.iter().map(|(c, _)| c.bytes).sum()
	}

	/// The number of shards.
	pub fn shards(&self) -> usize {
		self.parts.iter().map(|(c, _)| c.shards.len()).sum()
	}

	fn all_shards(&self) -> impl Iterator<Item = (&Shard, &[u32])> {
		self.parts
			.iter()
			.flat_map(|(c, keys)| c.shards.iter().map(move |s| (s, keys.as_slice())))
	}

	/// Whether `words` occur, in this order, in any contribution.
	pub fn contains<S: AsRef<str>>(&self, words: &[S]) -> bool {
		let q = query(words);
		self.all_shards()
			.any(|(s, _)| s.may_hold(words) && !s.range(q.as_bytes()).is_empty())
	}

	/// The contributions `words` occur in, up to `max_docs + 1` of them.
	pub fn occurrences<S: AsRef<str>>(&self, words: &[S], max_docs: u32) -> Occurrences {
		let q = query(words);
		let mut found = Occurrences::default();
		let mut looked = 0usize;
		for (shard, keys) in self.all_shards().filter(|(s, _)| s.may_hold(words)) {
			for row in shard.range(q.as_bytes()) {
				looked += 1;
				let Some(&key) = keys.get(shard.doc_at(shard.table.get(row)) as usize) else {
					continue;
				};
				found.docs.insert(key);
				if found.docs.len() > max_docs as usize || looked > MAX_OCCURRENCES {
					found.boilerplate = true;
					return found;
				}
			}
		}
		found
	}

	/// [`Self::longest_from`] when that is 2 or more; otherwise 0 or 1, not told apart. Shards
	/// without the first word pair are not searched at all (a run of two words or more is only
	/// in a shard that has its first pair).
	fn reach<S: AsRef<str>>(&self, words: &[S], from: usize) -> usize {
		let words = &words[from..];
		if words.len() < 2 {
			return self.longest_from(words, 0);
		}
		let mut longest = 0;
		for (shard, _) in self.all_shards() {
			if longest < words.len() && shard.may_pair(words[0].as_ref(), words[1].as_ref()) {
				longest = longest.max(shard.longest(words));
			}
		}
		longest
	}

	/// The most words from `words[from..]` on that occur in the data, in order.
	pub fn longest_from<S: AsRef<str>>(&self, words: &[S], from: usize) -> usize {
		let words = &words[from..];
		let mut longest = 0;
		for (shard, _) in self.all_shards() {
			if longest == words.len() {
				break;
			}
			// A shard without the first pair holds the first word at most: only worth a search
			// while nothing is found.
			if words.len() >= 2 && !shard.may_pair(words[0].as_ref(), words[1].as_ref()) {
				if longest == 0 {
					longest = shard.longest(&words[..1]);
				}
				continue;
			}
			longest = longest.max(shard.longest(words));
		}
		longest
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
	#[allow(clippy::expect_used, reason = "a span is kept only where it occurs")]
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
	// Runs of one word matter only when spans may be one word long (a span of `min` words is
	// "inside" the run before it only when that run is longer than `min`).
	let longest: Vec<usize> = (0..words.len())
		.map(|i| if min >= 2 { index.reach(words, i) } else { index.longest_from(words, i) })
		.collect();
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
			if !std::mem::replace(&mut looked[j], true)
				&& index.occurrences(&words[j..j + min], params.max_docs).boilerplate
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
				while from + len < out.len()
					&& start + len < doc.len()
					&& doc[start + len] == out[from + len]
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
	fn a_corpus_built_on_disk_is_mapped_and_answers_the_same() {
		let sources: Vec<String> = (0..20)
			.map(|i| format!("doc {i} says the same thing number {}", i % 3))
			.collect();
		let docs: Vec<Document> = sources
			.iter()
			.enumerate()
			.map(|(i, t)| Document { position: i as u32, text: t.clone() })
			.collect();
		let index = Index::build(&docs, 64);
		assert!(index.shards() > 1);
		let dir = std::env::temp_dir().join(format!("openledger-corpus-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let built = Corpus::build_in(&dir, sources.iter().map(Ok), 64).unwrap();
		let loaded = Corpus::load(&dir).unwrap().expect("saved");
		assert_eq!(
			(built.shards(), built.bytes(), built.docs()),
			(index.shards(), index.bytes(), 20)
		);
		assert_eq!(
			(loaded.shards(), loaded.bytes(), loaded.docs()),
			(built.shards(), built.bytes(), 20)
		);
		let keys: Vec<u32> = (0..20).collect();
		let params = Params { min_words: 3, max_docs: 20, base_share: 0 };
		for corpus in [built, loaded] {
			let mut mapped = Index::default();
			mapped.add(std::sync::Arc::new(corpus), keys.clone());
			for out in ["doc 7 says the same thing number 1", "the same thing number 2 doc 5"] {
				let out = texts(out);
				assert_eq!(
					match_output(&mapped, &out, &params),
					match_output(&index, &out, &params)
				);
			}
		}
		// A failed read leaves no corpus behind.
		let broken = dir.with_extension("broken");
		let failing = [Ok("a b c"), Err(std::io::Error::other("gone"))];
		assert!(Corpus::build_in(&broken, failing, 64).is_err());
		assert!(Corpus::load(&broken).unwrap().is_none());
		// A corpus of another engine version is not used.
		std::fs::write(dir.join("manifest"), "engine 0\ntokenizer 1\nshards 0\nbytes 0\n").unwrap();
		assert!(Corpus::load(&dir).unwrap().is_none());
		std::fs::remove_dir_all(&dir).unwrap();
		assert!(Corpus::load(&dir).unwrap().is_none());
	}

	#[test]
	fn an_index_of_several_corpora_credits_by_key() {
		// Version 1 holds contributions 10 and 11; version 2 keeps 11 and adds 12. A model
		// trained on both knows 10, 11, 12 under keys 0, 1, 2.
		let v1 =
			Corpus::build(["alpha beta gamma delta epsilon", "zeta eta theta iota kappa"], 1 << 20);
		let v2 = Corpus::build(["zeta eta theta iota kappa", "lambda mu nu xi omicron"], 1 << 20);
		let mut index = Index::default();
		index.add(std::sync::Arc::new(v1), vec![0, 1]);
		index.add(std::sync::Arc::new(v2), vec![1, 2]);
		let params = Params { min_words: 3, max_docs: 1, base_share: 0 };
		let out = texts("so zeta eta theta iota and lambda mu nu xi omicron and alpha beta gamma");
		let matched = match_output(&index, &out, &params);
		// The contribution in both versions is one contribution, not boilerplate.
		assert_eq!(matched.credits(), BTreeMap::from([(0, 3), (1, 4), (2, 5)]));
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
