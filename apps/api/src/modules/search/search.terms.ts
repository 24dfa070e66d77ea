/**
 * What a search query means before any SQL: its words, the prefix text-search query used for
 * ranking, and the exact keys it may equal (an e-mail, a domain, a phone number in E.164 read in the
 * organisation's default region — lib/phone.ts).
 */
import { toE164 } from '../../lib/phone.js';

/** Most query words matched one by one (the rest only count for ranking). */
const MAX_WORDS = 8;

export interface SearchTerms {
  /** The trimmed query as typed. */
  q: string;
  /** Words (letter/digit runs, lower-case) each matched by trigram word similarity; ≥ 2 characters. */
  words: string[];
  /** `'w1':* | 'w2':*` for to_tsquery (ranking), or null when the query has no word. */
  tsquery: string | null;
  /** Lower-cased query when it looks like an e-mail address. */
  email: string | null;
  /** Host when the query looks like a domain or a URL (scheme, `www.` and path dropped). */
  domain: string | null;
  /** E.164 number when the query is phone-shaped and valid in the region. */
  e164: string | null;
  /**
   * Digits matched as a substring of the stored E.164 numbers when the query is phone-shaped: the
   * E.164 digits when it parses (so a national `0…` prefix still matches), else the typed digits.
   */
  digits: string | null;
}

/** Letter/digit runs of `s` in lower case (any script). */
export const wordsOf = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Parses `q` (already trimmed, non-empty) for the organisation's `region`. */
export function searchTerms(q: string, region: string): SearchTerms {
  const all = wordsOf(q);
  const long = all.filter((w) => w.length >= 2);
  const words = (long.length ? long : all).slice(0, MAX_WORDS);
  const tsquery = all.length
    ? all
        .slice(0, MAX_WORDS * 2)
        .map((w) => `'${w}':*`)
        .join(' | ')
    : null;
  const lower = q.toLowerCase();
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(lower) ? lower : null;
  const host = lower
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '');
  const domain = !email && /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.[\p{L}]{2,}$/u.test(host) ? host : null;
  const phoneShaped = /^[+\d\s().-]+$/.test(q);
  const digitCount = q.replace(/\D/g, '').length;
  let e164: string | null = null;
  if (phoneShaped && digitCount >= 5) {
    try {
      e164 = toE164(q, region, 'q');
    } catch {
      e164 = null;
    }
  }
  return {
    q,
    words,
    tsquery,
    email,
    domain,
    e164,
    digits: e164 ? e164.slice(1) : phoneShaped && digitCount >= 3 ? q.replace(/\D/g, '') : null,
  };
}
