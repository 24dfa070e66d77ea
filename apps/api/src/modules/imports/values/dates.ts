/**
 * Dates and times in the spellings CRM exports and spreadsheets use (issue 6 "Values"):
 * - ISO 8601: `2021-04-15`, `2021-04-15T10:34:07Z`, Salesforce `2023-05-03T10:34:07.000+0000`,
 *   HubSpot `2026-01-20 14:55`;
 * - numeric D/M/Y or M/D/Y (the file's `order`) with `/`, `.` or `-`: `15/04/2021`, `4.15.21`,
 *   optionally followed by a time `HH:MM[:SS[.fff]]` with AM/PM;
 * - English month names: `15 Apr, 2021 00:03:00` (Zoho), `Apr 15 2021`, `April 15th, 2021 3:05 PM`,
 *   `15-Apr-2021`, `2021 Apr 15`, a leading weekday ignored.
 * Two-digit years: 00–69 → 20xx, 70–99 → 19xx (the POSIX strptime pivot). A time without an offset is
 * wall time in `timeZone` (IANA; default UTC); `Z`, `±HH:MM`, `±HHMM`, `±HH`, `UTC`, `GMT` are honoured.
 */
import type { DateOptions, DateOrder, ParseResult } from './types.js';
import { fail, ok } from './types.js';

interface Parts {
  y: number;
  m: number;
  d: number;
  /** Time of day, absent for a date alone. */
  time?: { h: number; min: number; s: number; ms: number };
  /** Minutes east of UTC when the text carries an offset. */
  offset?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (word: string): number | null => {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = MONTHS.indexOf(w.slice(0, 3));
  if (i < 0) return null;
  const full = [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ][i]!;
  return full.startsWith(w) || w === 'sept' ? i + 1 : null;
};

const TIME =
  /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([ap])\.?m\.?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?|(?:utc|gmt)[+-]\d{1,2}(?::?\d{2})?)?$/i;

/** `HH:MM[:SS[.fff]] [AM|PM] [offset]` → time and offset, or a message. */
function parseTime(text: string): { time: NonNullable<Parts['time']>; offset?: number } | string {
  const m = TIME.exec(text.trim());
  if (!m) return `has an unreadable time "${text.trim()}" (use HH:MM or HH:MM:SS, optionally AM/PM)`;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] ? Number(m[3]) : 0;
  const ms = m[4] ? Math.floor(Number(`0.${m[4]}`) * 1000) : 0;
  if (m[5]) {
    if (h < 1 || h > 12) return 'has an hour outside 1–12 with AM/PM';
    h = (h % 12) + (m[5].toLowerCase() === 'p' ? 12 : 0);
  }
  if (h > 23 || min > 59 || s > 59) return 'has a time outside 00:00–23:59:59';
  const out: { time: NonNullable<Parts['time']>; offset?: number } = { time: { h, min, s, ms } };
  const z = m[6]?.toLowerCase();
  if (z) {
    const o = /([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
    out.offset = o ? (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3] ?? 0)) : 0;
  }
  return out;
}

const fullYear = (y: string) => {
  const n = Number(y);
  if (y.length > 2) return n;
  return n < 70 ? 2000 + n : 1900 + n;
};

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(.+))?$/i;
const NUMERIC = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})\.?(?:(?:[T\s]|,\s*)+(.+))?$/i;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[\s./-]*([a-z]+\.?)[\s.,/-]+(\d{4}|\d{2})(?:(?:[T\s]|,\s*)+(.+))?$/i;
const MONTH_DAY_YEAR = /^([a-z]+\.?)[\s./-]*(\d{1,2})(?:st|nd|rd|th)?[\s.,/-]+(\d{4}|\d{2})(?:(?:[T\s]|,\s*)+(.+))?$/i;
const YEAR_MONTH_DAY = /^(\d{4})[\s./-]+([a-z]+\.?)[\s./-]+(\d{1,2})(?:(?:[T\s]|,\s*)+(.+))?$/i;
const WEEKDAY = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;

function orderHint(order: DateOrder) {
  return order === 'dmy' ? 'D/M/Y' : order === 'mdy' ? 'M/D/Y' : 'Y-M-D';
}

/** Split a date text into parts (not yet range-checked), or a message. */
function splitDate(raw: string, order: DateOrder): Parts | string {
  const text = raw.trim().replace(WEEKDAY, '');
  let y: number, m: number, d: number, rest: string | undefined;
  let r: RegExpExecArray | null;
  if ((r = ISO.exec(text))) {
    [y, m, d, rest] = [Number(r[1]), Number(r[2]), Number(r[3]), r[4]];
  } else if ((r = NUMERIC.exec(text))) {
    const [a, b, c] = [r[1]!, r[3]!, r[4]!];
    rest = r[5];
    if (a.length >= 3 || order === 'ymd') {
      if (c.length > 2 && a.length <= 2) return `is not a date in Y-M-D order`;
      [y, m, d] = [fullYear(a), Number(b), Number(c)];
    } else if (c.length === 3) {
      return `has an unreadable year "${c}"`;
    } else if (order === 'dmy') {
      [y, m, d] = [fullYear(c), Number(b), Number(a)];
    } else {
      [y, m, d] = [fullYear(c), Number(a), Number(b)];
    }
  } else if ((r = DAY_MONTH_YEAR.exec(text)) && monthOf(r[2]!)) {
    [y, m, d, rest] = [fullYear(r[3]!), monthOf(r[2]!)!, Number(r[1]), r[4]];
  } else if ((r = MONTH_DAY_YEAR.exec(text)) && monthOf(r[1]!)) {
    [y, m, d, rest] = [fullYear(r[3]!), monthOf(r[1]!)!, Number(r[2]), r[4]];
  } else if ((r = YEAR_MONTH_DAY.exec(text)) && monthOf(r[2]!)) {
    [y, m, d, rest] = [Number(r[1]), monthOf(r[2]!)!, Number(r[3]), r[4]];
  } else {
    return `is not a date (expected e.g. 2021-04-15, ${orderHint(order === 'ymd' ? 'dmy' : order)} or 15 Apr 2021)`;
  }
  const parts: Parts = { y, m, d };
  if (rest !== undefined && rest.trim() !== '') {
    const t = parseTime(rest);
    if (typeof t === 'string') return t;
    parts.time = t.time;
    if (t.offset !== undefined) parts.offset = t.offset;
  }
  return parts;
}

function checkRange(p: Parts, order: DateOrder): string | null {
  if (p.y < 1000 || p.y > 9999) return 'has a year outside 1000–9999';
  if (p.m < 1 || p.m > 12) {
    return `has no month ${p.m}${order !== 'ymd' ? ` (read as ${orderHint(order)}; is the file's date order right?)` : ''}`;
  }
  const days = new Date(Date.UTC(p.y, p.m, 0)).getUTCDate();
  if (p.d < 1 || p.d > days) return `has no day ${p.d} in ${p.y}-${String(p.m).padStart(2, '0')}`;
  return null;
}

const zoneCache = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(timeZone: string): Intl.DateTimeFormat | null {
  let f = zoneCache.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return null;
    }
    zoneCache.set(timeZone, f);
  }
  return f;
}

/** Minutes east of UTC of `timeZone` at instant `ms`. */
function zoneOffset(f: Intl.DateTimeFormat, ms: number): number {
  const v: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') v[p.type] = Number(p.value);
  const asUtc = Date.UTC(v.year!, v.month! - 1, v.day!, v.hour!, v.minute!, v.second!);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** UTC milliseconds of wall time `wall` (ms as if UTC) in `f`'s zone (DST gaps move forward). */
function wallToUtc(f: Intl.DateTimeFormat, wall: number): number {
  const first = wall - zoneOffset(f, wall) * 60_000;
  return wall - zoneOffset(f, first) * 60_000;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A calendar date `YYYY-MM-DD` (for date fields). A time part is allowed; with an offset the date is
 * the one in `timeZone` at that instant, without one it is the date as written.
 */
export function parseDate(text: string, opts: DateOptions): ParseResult<string> {
  const t = text.trim();
  if (t === '') return fail('is empty');
  const p = splitDate(t, opts.order);
  if (typeof p === 'string') return fail(p);
  const bad = checkRange(p, opts.order);
  if (bad) return fail(bad);
  if (p.offset !== undefined && p.time) {
    const dt = parseDateTime(t, opts);
    if (!dt.ok) return dt;
    const f = zoneFormat(opts.timeZone ?? 'UTC');
    if (!f) return fail(`cannot be read: unknown time zone "${opts.timeZone}"`);
    const ms = Date.parse(dt.value);
    const local = new Date(ms + zoneOffset(f, ms) * 60_000);
    return ok(local.toISOString().slice(0, 10));
  }
  return ok(`${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`);
}

/**
 * An instant as UTC ISO 8601 (`2021-04-15T00:03:00.000Z`, for datetime fields). A date alone is
 * midnight; a time without an offset is wall time in `opts.timeZone` (default UTC).
 */
export function parseDateTime(text: string, opts: DateOptions): ParseResult<string> {
  const t = text.trim();
  if (t === '') return fail('is empty');
  const p = splitDate(t, opts.order);
  if (typeof p === 'string') return fail(p);
  const bad = checkRange(p, opts.order);
  if (bad) return fail(bad);
  const time = p.time ?? { h: 0, min: 0, s: 0, ms: 0 };
  const wall = Date.UTC(p.y, p.m - 1, p.d, time.h, time.min, time.s, time.ms);
  let ms: number;
  if (p.offset !== undefined) {
    ms = wall - p.offset * 60_000;
  } else {
    const f = zoneFormat(opts.timeZone ?? 'UTC');
    if (!f) return fail(`cannot be read: unknown time zone "${opts.timeZone}"`);
    ms = wallToUtc(f, wall);
  }
  return ok(new Date(ms).toISOString());
}

/**
 * The numeric date order of a column from sample values: a first number > 12 means D/M/Y, a second
 * number > 12 means M/D/Y; a four-digit first number is Y-M-D. Null when the samples disagree or no
 * sample decides (every day ≤ 12). Values in ISO or with month names fit any order (→ 'ymd' when
 * they are all there is).
 */
export function detectDateOrder(samples: string[]): DateOrder | null {
  let dmy = false;
  let mdy = false;
  let undecided = false;
  for (const s of samples) {
    const r = NUMERIC.exec(s.trim().replace(WEEKDAY, ''));
    if (!r || r[1]!.length >= 3) continue;
    const a = Number(r[1]);
    const b = Number(r[3]);
    if (a > 12 && b <= 12) dmy = true;
    else if (b > 12 && a <= 12) mdy = true;
    else undecided = true;
  }
  if (dmy && mdy) return null;
  if (dmy) return 'dmy';
  if (mdy) return 'mdy';
  return undecided ? null : 'ymd';
}
