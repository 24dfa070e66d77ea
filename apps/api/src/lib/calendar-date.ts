/**
 * Calendar dates (`YYYY-MM-DD`, ISO 8601) in IANA time zones: today's date in a zone and day
 * arithmetic. Shared by analytics periods ("this month" in the report's zone) and segment
 * predicates ("in the last 7 days" in the organisation's zone).
 */
const DAY = 86_400_000;

/** `d` + `n` days (calendar arithmetic on YYYY-MM-DD, done in UTC so no DST shift applies). */
export function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The last answer per zone and the UTC minute it was computed for. */
const lastToday = new Map<string, { minute: number; date: string }>();

/**
 * Today's calendar date in `timeZone` (YYYY-MM-DD) at `now`. Cached per zone for the current UTC
 * minute: today's zone offsets are whole minutes (quarter hours at most, IANA tz database), so a
 * zone's date only changes on a minute boundary; formatting costs ~13 µs a request (profile of
 * bench/analytics). Throws RangeError for a zone Intl does not know (callers validate zones first).
 */
export function todayIn(timeZone: string, now = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  const last = lastToday.get(timeZone);
  if (last?.minute === minute) return last.date;
  let format = dayFormats.get(timeZone);
  if (!format) {
    // Building a formatter costs ~0.3 ms of CPU (measured in a profile of an analytics request);
    // there are a few hundred IANA zones at most, so both caches stay small.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const date = format.format(now);
  lastToday.set(timeZone, { minute, date });
  return date;
}
