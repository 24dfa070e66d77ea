/**
 * Cell values of exported files: exact money, ISO times, and the formula-injection guard.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet may evaluate a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return. Every such TEXT cell gets a leading `'`, in CSV
 * and XLSX alike. Decision for numbers: cells of a number column (money, counts, percentages) are
 * numbers — numeric cells in XLSX, bare digits in CSV — and are never prefixed, so `-5.00` stays a
 * number. A text cell whose whole content is numeric data — a signed decimal or a comma-separated
 * list of them, e.g. an E.164 phone `+14155552671` or a lead's `+1…, +44…` — cannot carry a formula
 * and is not prefixed either, so phones re-import unchanged. Anything else starting with a trigger
 * (`-x`, `+1+cmd|' /C calc'!A0`, `=SUM(…)`, `@x`) is prefixed.
 */

/** How a column's values are written. */
export type CellKind = 'text' | 'number' | 'money' | 'boolean' | 'datetime' | 'date';

/** A cell before formatting: null/undefined = empty. Money is `{ amount (minor units), currency }`. */
export type RawCell = string | number | boolean | Date | { amount: number; currency: string } | null | undefined;

const TRIGGER = /^[=+\-@\t\r]/;
const NUMERIC_DATA = /^[+-]?\d+(?:\.\d+)?(?:, ?[+-]?\d+(?:\.\d+)?)*$/;

/** The text with a leading `'` when a spreadsheet could read it as a formula (see the module doc). */
export function guardFormula(text: string): string {
  return TRIGGER.test(text) && !NUMERIC_DATA.test(text) ? `'${text}` : text;
}

const digitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (JPY 0, EUR 2, KWD 3), from the runtime's ICU data. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/**
 * Integer minor units as an exact decimal string in major units: `(123456, 'EUR')` → `1234.56`,
 * `(500, 'JPY')` → `500`, `(1234, 'KWD')` → `1.234`, `(-5, 'USD')` → `-0.05`. Computed on bigints,
 * never through a float.
 */
export function formatMinor(amount: number | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const minor = BigInt(amount);
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  if (digits === 0) return `${neg ? '-' : ''}${abs}`;
  const scale = 10n ** BigInt(digits);
  const frac = (abs % scale).toString().padStart(digits, '0');
  return `${neg ? '-' : ''}${abs / scale}.${frac}`;
}

/** A value as CSV text (empty string for null). Booleans `true`/`false`; times ISO 8601 UTC. */
export function csvCell(kind: CellKind, value: RawCell): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'money':
      return typeof value === 'object' && !(value instanceof Date) ? formatMinor(value.amount, value.currency) : '';
    case 'datetime':
      return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
    case 'date':
      return String(value);
    default:
      return guardFormula(String(value));
  }
}

/**
 * A value as an XLSX cell: numbers and money are numeric cells (money as the decimal's nearest
 * double, which is exactly what the decimal string reads as; a value whose decimal would not
 * survive that, beyond ~15 digits, is written as its exact text), booleans boolean cells, times
 * and dates ISO 8601 text (a spreadsheet date has no time zone), text guarded as in CSV.
 */
export function xlsxCell(kind: CellKind, value: RawCell): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'money': {
      const text = csvCell('money', value);
      const n = Number(text);
      return text !== '' && canonical(n, text) ? n : text || null;
    }
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    case 'boolean':
      return Boolean(value);
    default:
      return csvCell(kind, value);
  }
}

/** True when `n` reads back as `text` (ignoring trailing fraction zeros). */
function canonical(n: number, text: string): boolean {
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return Number.isFinite(n) && String(n) === (trimmed === '-0' ? '0' : trimmed);
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record per RFC 4180 §2: fields joined by `,`, a field holding `"`, `,`, CR or LF enclosed
 * in double quotes with inner quotes doubled, CRLF at the end. Written here rather than with
 * csv-stringify because the export writes ~50,000 records/s per core and csv-stringify's generic
 * path (options, casting, per-field callbacks) cost ~12 µs per record in bench/export — more than
 * the whole budget; this loop costs well under 1 µs. Tested in exports.format.test.ts against
 * csv-parse (the import's reader) with arbitrary strings.
 */
export function csvRecord(fields: readonly string[]): string {
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) out += ',';
    out += NEEDS_QUOTES.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
  }
  return `${out}\r\n`;
}
