import { describe, expect, it } from 'vitest';
import { applyMove, placementAt, placementFor } from './board-model';

const ids = ['a', 'b', 'c', 'd'];

describe('placementFor', () => {
  it('within a column takes the index of the card dropped on (as the sortable animation shows)', () => {
    // a moved down onto c: b c a d → after c.
    expect(placementFor({ ids, cardId: 'a', overId: 'c', sameColumn: true, below: false })).toEqual({ after_id: 'c' });
    // d moved up onto a: d a b c → the top, before a.
    expect(placementFor({ ids, cardId: 'd', overId: 'a', sameColumn: true, below: false })).toEqual({ before_id: 'a' });
    // c moved up onto b: a c b d → after a.
    expect(placementFor({ ids, cardId: 'c', overId: 'b', sameColumn: true, below: true })).toEqual({ after_id: 'a' });
    expect(placementFor({ ids, cardId: 'b', overId: 'b', sameColumn: true, below: false })).toBeNull();
  });

  it('across columns goes before the card dropped on, or after it when below its middle', () => {
    expect(placementFor({ ids, cardId: 'x', overId: 'a', sameColumn: false, below: false })).toEqual({
      before_id: 'a',
    });
    expect(placementFor({ ids, cardId: 'x', overId: 'a', sameColumn: false, below: true })).toEqual({ after_id: 'a' });
    expect(placementFor({ ids, cardId: 'x', overId: 'c', sameColumn: false, below: false })).toEqual({ after_id: 'b' });
    expect(placementFor({ ids, cardId: 'x', overId: null, sameColumn: false, below: false })).toEqual({
      after_id: 'd',
    });
    expect(placementFor({ ids: [], cardId: 'x', overId: null, sameColumn: false, below: false })).toEqual({});
  });

  it('placementAt clamps the index', () => {
    expect(placementAt(ids, 'x', 99)).toEqual({ after_id: 'd' });
    expect(placementAt(ids, 'x', -1)).toEqual({ before_id: 'a' });
  });
});

describe('applyMove', () => {
  const stage = (id: string, probability: number) => ({
    id,
    pipeline_id: 'p',
    name: id,
    position: 0,
    color: '#000000',
    probability,
    kind: 'open' as const,
    record_count: 0,
    version: 1,
  });
  const card = (id: string, stage_id: string) =>
    ({
      id,
      stage_id,
      name: id,
      amount: { amount: 1000, currency: 'EUR' },
      probability: 10,
      days_in_stage: 5,
      status: 'open',
      version: 1,
    }) as never;
  const board = {
    pipeline: { id: 'p', name: 'P', kind: 'deals' as const },
    entity: 'deal' as const,
    columns: [
      {
        stage: stage('s1', 10),
        count: 2,
        amounts: [{ currency: 'EUR', sum: 2000, weighted_sum: 200 }],
        cards: [card('a', 's1'), card('b', 's1')],
        next_cursor: null,
      },
      {
        stage: stage('s2', 50),
        count: 1,
        amounts: [{ currency: 'EUR', sum: 1000, weighted_sum: 500 }],
        cards: [card('c', 's2')],
        next_cursor: null,
      },
    ],
  };

  it('moves the card, its count and money to the target column at the placement', () => {
    const next = applyMove(board, { card: board.columns[0]!.cards[0]!, stage_id: 's2', after_id: 'c' });
    expect(next.columns[0]!.cards.map((c) => c.id)).toEqual(['b']);
    expect(next.columns[0]!.count).toBe(1);
    expect(next.columns[0]!.amounts).toEqual([{ currency: 'EUR', sum: 1000, weighted_sum: 100 }]);
    expect(next.columns[1]!.cards.map((c) => c.id)).toEqual(['c', 'a']);
    expect(next.columns[1]!.cards[1]).toMatchObject({ stage_id: 's2', days_in_stage: 0, probability: 50 });
    expect(next.columns[1]!.count).toBe(2);
    expect(next.columns[1]!.amounts).toEqual([{ currency: 'EUR', sum: 2000, weighted_sum: 1000 }]);
  });

  it('reorders within a column without touching counts', () => {
    const next = applyMove(board, { card: board.columns[0]!.cards[0]!, stage_id: 's1', after_id: 'b' });
    expect(next.columns[0]!.cards.map((c) => c.id)).toEqual(['b', 'a']);
    expect(next.columns[0]!.count).toBe(2);
    expect(next.columns[0]!.amounts).toEqual(board.columns[0]!.amounts);
  });
});
