/**
 * Which field of a hit matched, a plain-text snippet of it and the matched stretches as offsets into
 * the snippet (UTF-16 code units). Matching mirrors the database's: case- and accent-insensitive,
 * a query word matches a word of the field it starts (prefix) or is within a small edit distance of
 * (typos: 1 edit up to 5 letters, 2 beyond; a transposition is one edit); a phone-shaped query
 * matches a field containing its digits; an exact e-mail / domain matches the whole value.
 */
import type { SearchHighlight } from '@relata/shared';
import type { SearchTerms } from './search.terms.js';

/** Longest snippet of a long field (note body, description), in characters. */
const SNIPPET_MAX = 160;

/** Lower-case, accent-free form of `s` and, per folded code unit, the original [start, end). */
function fold(s: string): { text: string; start: number[]; end: number[] } {
  let text = '';
  const start: number[] = [];
  const end: number[] = [];
  let i = 0;
  for (const ch of s) {
    const f = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < f.length; k++) {
      start.push(i);
      end.push(i + ch.length);
    }
    text += f;
    i += ch.length;
  }
  return { text, start, end };
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped at 3. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return Math.min(d[a.length]![b.length]!, 3);
}

const foldWord = (w: string) => fold(w).text;

/** Matched ranges (in `value`'s offsets) of the query in one field value. */
function matchField(value: string, terms: SearchTerms, exactValue: boolean): SearchHighlight[] {
  if (exactValue) return [{ start: 0, end: value.length }];
  const f = fold(value);
  const out: SearchHighlight[] = [];
  if (terms.digits) {
    const digitsOnly: number[] = [];
    let digits = '';
    for (let k = 0; k < f.text.length; k++) {
      if (/\d/.test(f.text[k]!)) {
        digits += f.text[k];
        digitsOnly.push(k);
      }
    }
    const at = digits.indexOf(terms.digits);
    if (at >= 0) {
      const a = digitsOnly[at]!;
      const b = digitsOnly[at + terms.digits.length - 1]!;
      out.push({ start: f.start[a]!, end: f.end[b]! });
    }
    return out;
  }
  const words = terms.words.map(foldWord);
  for (const m of f.text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const token = m[0];
    const at = m.index;
    for (const w of words) {
      let len = 0;
      if (token.startsWith(w)) len = w.length;
      else if (w.length >= 3 && editDistance(w, token) <= (w.length <= 5 ? 1 : 2)) len = token.length;
      else if (w.length >= 4 && token.length > w.length && editDistance(w, token.slice(0, w.length)) <= 1) {
        len = w.length;
      }
      if (len) {
        out.push({ start: f.start[at]!, end: f.end[at + len - 1]! });
        break;
      }
    }
  }
  return out;
}

/** A window of about SNIPPET_MAX characters of `text` around the first range, ranges shifted. */
function window(text: string, ranges: SearchHighlight[]): { snippet: string; highlights: SearchHighlight[] } {
  if (text.length <= SNIPPET_MAX) return { snippet: text, highlights: ranges };
  const first = ranges[0]?.start ?? 0;
  let from = Math.max(0, first - 40);
  const space = text.lastIndexOf(' ', from);
  if (from > 0 && space > first - 60) from = space + 1;
  const to = Math.min(text.length, from + SNIPPET_MAX);
  const lead = from > 0 ? '… ' : '';
  const snippet = lead + text.slice(from, to) + (to < text.length ? ' …' : '');
  const highlights = ranges
    .filter((r) => r.start >= from && r.end <= to)
    .map((r) => ({ start: r.start - from + lead.length, end: r.end - from + lead.length }));
  return { snippet, highlights };
}

/** Plain text of sanitised note HTML (tags dropped, the entities sanitize-html writes decoded). */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The best-matching field among `fields` (`[name, value]` in display priority; an exact e-mail, phone or
 * domain field wins, else the one with more matched words, ties to the earlier), its snippet and highlights. No field matching (a
 * fuzzy hit the database found through trigrams alone) → the first non-empty field, no highlights.
 */
export function bestField(
  fields: Array<[string, string | null]>,
  terms: SearchTerms,
): { field: string; snippet: string; highlights: SearchHighlight[] } {
  let best: { field: string; text: string; ranges: SearchHighlight[]; weight: number } | null = null;
  for (const [field, raw] of fields) {
    if (!raw) continue;
    const text = field === 'body' ? htmlText(raw) : raw.replace(/\s+/g, ' ').trim();
    const exact =
      (field === 'email' && terms.email === text.toLowerCase()) ||
      (field === 'domain' && terms.domain === text.toLowerCase()) ||
      (terms.e164 !== null && text.split(', ').includes(terms.e164));
    const ranges = matchField(text, terms, exact);
    // An exact e-mail / phone / domain field wins; otherwise the field with the most matched words.
    const weight = exact ? Number.MAX_SAFE_INTEGER : ranges.length;
    if (!best || weight > best.weight) best = { field, text, ranges, weight };
  }
  if (!best) return { field: fields[0]?.[0] ?? 'name', snippet: '', highlights: [] };
  return { field: best.field, ...window(best.text, best.ranges) };
}
