/**
 * Condition values of segment criteria, checked against the field's type and the operator before any
 * SQL is built: a wrong value is a 400 naming `<path>.value`, never a database error. Calendar dates
 * in a time zone become UTC instants here (Intl), so SQL only compares against bound parameters.
 */
import {
  DAYS_OPERATORS,
  LIST_OPERATORS,
  NO_VALUE_OPERATORS,
  type FieldIssue,
  type SegmentFieldType,
  type SegmentOperator,
} from '@relata/shared';

/** A checked value: scalar(s) of the field's type, a day count, or nothing. */
export type Value =
  | { kind: 'none' }
  | { kind: 'days'; days: number }
  | { kind: 'one'; v: Scalar }
  | { kind: 'list'; vs: Scalar[] }
  | { kind: 'range'; from: Scalar; to: Scalar };

/** A date-ish scalar is either a calendar date (`YYYY-MM-DD`) or an instant. */
export type Scalar = string | number | boolean | { date: string } | { instant: Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_NUMBER = 1e15;

/** True for a real calendar date in years 0001–9999. */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  dt.setUTCFullYear(y);
  return y >= 1 && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type Checked = { ok: Scalar } | { error: string };
const ok = (v: Scalar): Checked => ({ ok: v });
const err = (error: string): Checked => ({ error });

/** One scalar of `type`. */
function scalar(type: SegmentFieldType, raw: unknown, options: readonly string[] | undefined): Checked {
  switch (type) {
    case 'text':
      return typeof raw === 'string' ? ok(raw) : err('must be a string');
    case 'enum':
    case 'multi_select':
      return typeof raw === 'string' && options?.includes(raw)
        ? ok(raw)
        : err(`must be one of: ${options?.join(', ')}`);
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) && Math.abs(raw) <= MAX_NUMBER
        ? ok(raw)
        : err(`must be a number between -${MAX_NUMBER} and ${MAX_NUMBER}`);
    case 'money':
      return Number.isSafeInteger(raw) ? ok(raw as number) : err('must be a whole number of minor units (cents)');
    case 'boolean':
      return typeof raw === 'boolean' ? ok(raw) : err('must be true or false');
    case 'member':
      return typeof raw === 'string' && (raw === 'me' || UUID.test(raw))
        ? ok(raw.toLowerCase())
        : err('must be a membership id or "me"');
    case 'stage':
    case 'pipeline':
    case 'company':
    case 'tags':
      return typeof raw === 'string' && UUID.test(raw) ? ok(raw.toLowerCase()) : err('must be a UUID');
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw) ? ok({ date: raw }) : err('must be a date (YYYY-MM-DD)');
    case 'datetime': {
      if (typeof raw === 'string' && isCalendarDate(raw)) return ok({ date: raw });
      if (typeof raw === 'string' && ISO_INSTANT.test(raw) && isCalendarDate(raw.slice(0, 10))) {
        const d = new Date(raw);
        if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999) {
          return ok({ instant: d });
        }
      }
      return err('must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset');
    }
  }
}

const order = (s: Scalar): number | string =>
  typeof s === 'object' ? ('date' in s ? s.date : s.instant.toISOString()) : typeof s === 'boolean' ? Number(s) : s;

/**
 * The checked value of a condition, or undefined after pushing an issue at `path` (`…value`).
 * Operators: no value for is_empty / is_not_empty; a whole number of days 1–36,500 for the day
 * operators; a non-empty list for in / not_in; `[from, to]` with from ≤ to for between.
 */
export function checkValue(
  type: SegmentFieldType,
  op: SegmentOperator,
  raw: unknown,
  options: readonly string[] | undefined,
  path: string,
  issues: FieldIssue[],
): Value | undefined {
  const fail = (message: string) => {
    issues.push({ path, message });
    return undefined;
  };
  if (NO_VALUE_OPERATORS.includes(op)) {
    return raw === undefined || raw === null ? { kind: 'none' } : fail(`must be absent for ${op}`);
  }
  if (DAYS_OPERATORS.includes(op)) {
    return Number.isInteger(raw) && (raw as number) >= 1 && (raw as number) <= 36_500
      ? { kind: 'days', days: raw as number }
      : fail('must be a whole number of days between 1 and 36500');
  }
  if (LIST_OPERATORS.includes(op)) {
    if (!Array.isArray(raw) || raw.length === 0) return fail(`must be a non-empty list for ${op}`);
    const vs: Scalar[] = [];
    for (const [i, item] of raw.entries()) {
      const c = scalar(type, item, options);
      if ('error' in c) return fail(`item ${i} ${c.error}`);
      vs.push(c.ok);
    }
    return { kind: 'list', vs };
  }
  if (op === 'between') {
    if (!Array.isArray(raw) || raw.length !== 2) return fail('must be [from, to] for between');
    const from = scalar(type, raw[0], options);
    const to = scalar(type, raw[1], options);
    if ('error' in from) return fail(`from ${from.error}`);
    if ('error' in to) return fail(`to ${to.error}`);
    if (order(from.ok) > order(to.ok)) return fail('from must not be after to');
    return { kind: 'range', from: from.ok, to: to.ok };
  }
  if (Array.isArray(raw)) return fail(`must be a single value for ${op}`);
  const c = scalar(type, raw, options);
  if ('error' in c) return fail(c.error);
  return { kind: 'one', v: c.ok };
}

/** The UTC offset of `timeZone` at `at`, in milliseconds. */
function offsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (at - (at % 1000));
}

/** The instant local midnight of `date` (+ `addDays`) begins in `timeZone`. */
export function startOfDay(date: string, timeZone: string, addDays = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const base = new Date(Date.UTC(2000, m - 1, d + addDays));
  base.setUTCFullYear(y + (base.getUTCFullYear() - 2000));
  const guess = base.getTime();
  if (timeZone === 'UTC') return new Date(guess);
  let t = guess - offsetMs(timeZone, guess);
  t = guess - offsetMs(timeZone, t);
  return new Date(t);
}
