// Finds the spans a report credits to a contribution in the contribution's own text. The engine
// (attributor/src/engine.rs, tokenizer 1) cuts text into lowercase alphanumeric runs; a report's
// example is such a run of words, joined by spaces. The same cut here, with each word's place in
// the original text, turns an example back into a range of the text to highlight.

/** The words of `text` with their character ranges: `{ word, start, end }`. */
export function words(text) {
  const out = [];
  for (const match of text.matchAll(/[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/gu)) {
    out.push({ word: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  return out;
}

/**
 * The character ranges of `text` where each of `examples` (strings of words) occurs, merged and
 * in order. An example not found is left out.
 */
export function spanRanges(text, examples) {
  const all = words(text);
  const ranges = [];
  for (const example of examples) {
    const wanted = example.split(' ').filter(Boolean);
    if (!wanted.length) continue;
    for (let i = 0; i + wanted.length <= all.length; i++) {
      if (wanted.every((w, j) => all[i + j].word === w)) {
        ranges.push([all[i].start, all[i + wanted.length - 1].end]);
        break;
      }
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** `text` cut into `{ text, marked }` pieces along `ranges`. */
export function pieces(text, ranges) {
  const out = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) out.push({ text: text.slice(at, start), marked: false });
    out.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}
