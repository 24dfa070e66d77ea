/**
 * Scalar cell parsers for imports (issue 6 "Values"): booleans in common spellings, whole numbers,
 * percentages, phone numbers (E.164 via lib/phone.ts), multi-value cells and picklist matching.
 * Every parser trims the text first.
 */
import { toE164 } from '../../../lib/phone.js';
import type { ParseResult } from './types.js';
import { fail, ok } from './types.js';

/**
 * Text folded for comparisons: lower case, accents removed (NFD without combining marks),
 * `_`, `-`, `/` and runs of whitespace as one space, trimmed (`Sí` → `si`, `New_Business` → `new business`).
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s_\-/]+/g, ' ')
    .trim();
}

const TRUE = new Set([
  'yes',
  'y',
  'true',
  't',
  '1',
  'x',
  '✓',
  '✔',
  'checked',
  'on',
  'ja',
  'j',
  'oui',
  'si',
  'da',
  'wahr',
]);
const FALSE = new Set(['no', 'n', 'false', 'f', '0', 'unchecked', 'off', 'nein', 'non', 'falsch', 'nej', 'nee']);

/**
 * true for yes / y / true / t / 1 / x / ✓ / checked / on / ja / oui / sí / si / da; false for no / n /
 * false / f / 0 / unchecked / off / nein / non — case- and accent-insensitive.
 */
export function parseBoolean(text: string): ParseResult<boolean> {
  const t = foldText(text);
  if (t === '') return fail('is empty');
  if (TRUE.has(t)) return ok(true);
  if (FALSE.has(t)) return ok(false);
  return fail('is not yes/no (use e.g. yes, no, true, false, 1, 0)');
}

/** Plain decimal text of a number cell: grouping by spaces/apostrophes or by `,`/`.` in groups of 3 removed. */
function plainNumber(text: string): { negative: boolean; int: string; frac: string } | null {
  let s = text
    .trim()
    .replace(/\u2212/g, '-')
    .replace(/[\s'’\u00a0\u202f\u2009]/g, '');
  let negative = false;
  if (/^[+-]/.test(s)) [negative, s] = [s[0] === '-', s.slice(1)];
  if (/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+(,\d*)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(',', '.');
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && !m[2])) return null;
  return { negative, int: m[1] || '0', frac: m[2] ?? '' };
}

/**
 * A whole number: `1234`, `1,234`, `1.234.567`, `1 234`, `-5`, `12.0`. Fails for fractions (`1.5`)
 * and beyond ±2^53.
 */
export function parseInteger(text: string): ParseResult<number> {
  if (text.trim() === '') return fail('is empty');
  const n = plainNumber(text);
  if (!n) return fail('is not a whole number');
  if (/[1-9]/.test(n.frac)) return fail('must be a whole number (no fraction)');
  const v = Number(n.int);
  if (!Number.isSafeInteger(v)) return fail('is too large a number');
  return ok(n.negative && v !== 0 ? -v : v);
}

/**
 * A percentage 0–100: `45%`, `45 %`, `45`, `12.5` → 45 / 12.5. A number with a decimal separator
 * between 0 and 1 without `%` (`0.45`, `0,5`) is read as a fraction (× 100), as spreadsheets store
 * percentages; a whole number without `%` is a percentage (`1` → 1). Outside 0–100 fails.
 */
export function parsePercent(text: string): ParseResult<number> {
  const t = text.trim();
  if (t === '') return fail('is empty');
  const hasSign = t.endsWith('%');
  const n = plainNumber(hasSign ? t.slice(0, -1) : t);
  if (!n) return fail('is not a percentage (e.g. 45% or 0.45)');
  let v = Number(`${n.int}.${n.frac || '0'}`) * (n.negative ? -1 : 1);
  if (!hasSign && n.frac !== '' && v >= 0 && v <= 1) v = Math.round(v * 100 * 1e6) / 1e6;
  if (v < 0 || v > 100) return fail('must be between 0% and 100%');
  return ok(v);
}

/**
 * A phone number in E.164 (`+14155552671`), read with libphonenumber-js through lib/phone.ts; a
 * number without `+country code` is read in `region` (ISO 3166 alpha-2, the organisation's default).
 */
export function parsePhone(text: string, region: string): ParseResult<string> {
  const t = text.trim().replace(/^tel:/i, '');
  if (t === '') return fail('is empty');
  try {
    return ok(toE164(t, region, 'phone'));
  } catch {
    return fail(`is not a valid phone number (numbers without a +country code are read as ${region} numbers)`);
  }
}

/**
 * The values of a multi-value cell: split on `;` when the cell has one (so `Acme, Inc.; Beta` keeps
 * its comma), else on `,`; trimmed, empties dropped, repeats dropped case-insensitively (first
 * spelling kept).
 */
export function splitMulti(text: string): string[] {
  const sep = text.includes(';') ? ';' : ',';
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(sep)) {
    const v = part.trim();
    const k = v.toLowerCase();
    if (v === '' || seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/**
 * The option `text` names, compared case- and accent-insensitively with `_`/`-`/spaces alike
 * (`closed won` matches `Closed-Won`, `Sí` matches `si`); the option's own spelling is returned.
 */
export function matchPicklist(text: string, options: readonly string[]): ParseResult<string> {
  const t = foldText(text);
  if (t === '') return fail('is empty');
  const hit = options.find((o) => foldText(o) === t);
  if (hit !== undefined) return ok(hit);
  const list = options.slice(0, 10).join(', ') + (options.length > 10 ? ', …' : '');
  return fail(`is not one of: ${list}`);
}
