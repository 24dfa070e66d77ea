import { describe, expect, it } from 'vitest';
import { paramsFromSearch, shiftDate } from './analytics-params';

const read = (qs: string) => paramsFromSearch(new URLSearchParams(qs), 'Europe/Paris');

describe('analytics params from the URL', () => {
  it('defaults to this month in the given time zone', () => {
    expect(read('')).toEqual({ period: 'month', time_zone: 'Europe/Paris' });
  });

  it('keeps a date only with a calendar period and from/to only with custom, as the API requires', () => {
    expect(read('period=quarter&date=2026-05-10&from=2026-01-01&to=2026-01-31')).toEqual({
      period: 'quarter',
      date: '2026-05-10',
      time_zone: 'Europe/Paris',
    });
    expect(read('period=custom&from=2026-01-01&to=2026-01-31&date=2026-05-10&owner_id=me&team_id=t')).toEqual({
      period: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
      time_zone: 'Europe/Paris',
      owner_id: 'me',
      team_id: 't',
    });
  });

  it('falls back to the month for an unknown period or a custom period without both days', () => {
    expect(read('period=decade').period).toBe('month');
    expect(read('period=custom&from=2026-01-01')).toEqual({ period: 'month', time_zone: 'Europe/Paris' });
    expect(read('period=week&date=yesterday')).toEqual({ period: 'week', time_zone: 'Europe/Paris' });
  });
});

describe('shiftDate', () => {
  it('moves weeks by 7 days and months, quarters and years to the first day of the period', () => {
    expect(shiftDate('2026-03-04', 'week', -1)).toBe('2026-02-25');
    expect(shiftDate('2026-01-31', 'month', 1)).toBe('2026-02-01');
    expect(shiftDate('2026-03-31', 'month', -1)).toBe('2026-02-01');
    expect(shiftDate('2026-05-20', 'quarter', -1)).toBe('2026-01-01');
    expect(shiftDate('2026-12-02', 'quarter', 1)).toBe('2027-01-01');
    expect(shiftDate('2026-07-15', 'year', -1)).toBe('2025-01-01');
  });
});
