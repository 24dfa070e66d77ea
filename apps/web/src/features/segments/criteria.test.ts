import { describe, expect, it } from 'vitest';
import type { SegmentField } from '@relata/shared';
import {
  addCondition,
  addGroup,
  completeCriteria,
  conditionCount,
  emptyCriteria,
  newCondition,
  removeCondition,
  removeGroup,
  setMatch,
  updateCondition,
} from './criteria';

const email: SegmentField = { key: 'email', label: 'Email', type: 'text', group: 'fields' };
const created: SegmentField = { key: 'created_at', label: 'Created', type: 'datetime', group: 'fields' };

describe('segment criteria editing', () => {
  it('adds, updates and removes conditions and groups by path, immutably', () => {
    const start = emptyCriteria();
    let c = addCondition(start, [], newCondition(email));
    expect(start.conditions).toEqual([]);
    expect(c.conditions).toEqual([{ field: 'email', operator: 'equals', value: null }]);
    c = addGroup(c, []);
    expect(c.groups?.[0]?.match).toBe('or');
    c = addCondition(c, [0], { field: 'created_at', operator: 'last_n_days', value: 30 });
    c = addGroup(c, [0]);
    c = addCondition(c, [0, 0], newCondition(created));
    expect(conditionCount(c)).toBe(3);
    c = updateCondition(c, [], 0, { field: 'email', operator: 'contains', value: 'acme' });
    c = setMatch(c, [0, 0], 'or');
    expect(c.groups?.[0]?.groups?.[0]?.match).toBe('or');
    expect(c.conditions?.[0]).toEqual({ field: 'email', operator: 'contains', value: 'acme' });
    c = removeGroup(c, [0, 0]);
    expect(c.groups?.[0]?.groups).toEqual([]);
    c = removeCondition(c, [0], 0);
    expect(conditionCount(c)).toBe(1);
  });

  it('leaves conditions without a value out of previews and saves', () => {
    const c = {
      match: 'and' as const,
      conditions: [
        { field: 'email', operator: 'equals' as const, value: null },
        { field: 'email', operator: 'is_empty' as const },
        { field: 'tags', operator: 'in' as const, value: [] },
        { field: 'amount', operator: 'between' as const, value: [1, null] as never },
        { field: 'amount', operator: 'between' as const, value: [1, 5] },
      ],
      groups: [{ match: 'or' as const, conditions: [{ field: 'email', operator: 'contains' as const, value: '' }] }],
    };
    const done = completeCriteria(c);
    expect(done.conditions).toEqual([
      { field: 'email', operator: 'is_empty' },
      { field: 'amount', operator: 'between', value: [1, 5] },
    ]);
    expect(done.groups?.[0]?.conditions).toEqual([]);
  });
});
