/** `todayIn`: the zone's calendar date, cached per UTC minute, right across midnight and DST; `addDays`. */
import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from './calendar-date.js';

describe('todayIn', () => {
  it("gives the zone's date on either side of its midnight, in any call order", () => {
    // Paris is UTC+1 in winter: its midnight is 23:00 UTC.
    const before = new Date('2026-03-01T22:59:30Z');
    const after = new Date('2026-03-01T23:00:00Z');
    expect(todayIn('Europe/Paris', before)).toBe('2026-03-01');
    expect(todayIn('Europe/Paris', before)).toBe('2026-03-01');
    expect(todayIn('Europe/Paris', after)).toBe('2026-03-02');
    expect(todayIn('Europe/Paris', before)).toBe('2026-03-01');
    // Another zone in the same minute is not answered from Paris's entry.
    expect(todayIn('UTC', after)).toBe('2026-03-01');
    expect(todayIn('Pacific/Kiritimati', after)).toBe('2026-03-02');
  });

  it('follows quarter-hour offsets and DST', () => {
    // Kathmandu is UTC+5:45: its midnight is 18:15 UTC.
    expect(todayIn('Asia/Kathmandu', new Date('2026-06-10T18:14:59Z'))).toBe('2026-06-10');
    expect(todayIn('Asia/Kathmandu', new Date('2026-06-10T18:15:00Z'))).toBe('2026-06-11');
    // New York in summer (EDT, UTC−4): midnight at 04:00 UTC.
    expect(todayIn('America/New_York', new Date('2026-07-04T03:59:00Z'))).toBe('2026-07-03');
    expect(todayIn('America/New_York', new Date('2026-07-04T04:00:00Z'))).toBe('2026-07-04');
  });

  it('adds days across month, year and leap-day ends, and a DST change', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    // Europe's spring-forward day is 23 hours long in the zone; calendar days are not hours.
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-03-01', -30)).toBe('2026-01-30');
  });
});
