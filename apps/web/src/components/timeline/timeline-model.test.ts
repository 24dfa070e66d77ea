import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { TimelineEntryWire } from './timeline-api';
import { dayBounds, dayLabel, timelineRows, typesForFilters } from './timeline-model';

const at = (iso: string) => ({ id: iso, occurred_at: iso }) as TimelineEntryWire;

describe('timeline model', () => {
  it('maps the chips to entry types, all types when none is picked', () => {
    expect(typesForFilters([])).toEqual([]);
    expect(typesForFilters(['changes', 'note'])).toEqual(['note', 'stage_changed', 'status_changed']);
  });

  it('puts a header before the first entry of each local day', () => {
    const now = new Date(2026, 10, 23, 15, 0);
    const today = dayjs(now).hour(12).toISOString();
    const earlier = dayjs(now).hour(9).toISOString();
    const yesterday = dayjs(now).subtract(1, 'day').hour(12).toISOString();
    const rows = timelineRows([at(today), at(earlier), at(yesterday)], now);
    expect(rows.map((r) => (r.kind === 'day' ? r.label : 'entry'))).toEqual([
      'Today',
      'entry',
      'entry',
      'Yesterday',
      'entry',
    ]);
    expect(dayLabel('2026-11-24', now)).toBe('Tomorrow');
    expect(dayLabel('2026-11-02', now)).toContain('2026');
  });

  it('turns picked local days into inclusive UTC bounds', () => {
    expect(dayBounds([null, null])).toEqual({ from: null, to: null });
    const { from, to } = dayBounds(['2026-11-20', '2026-11-23']);
    expect(from).toBe(dayjs('2026-11-20').startOf('day').toISOString());
    expect(to).toBe(dayjs('2026-11-23').endOf('day').toISOString());
    expect(dayBounds(['2026-11-20', null]).to).toBe(dayjs('2026-11-20').endOf('day').toISOString());
  });
});
