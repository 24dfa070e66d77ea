/**
 * Pure board arithmetic: where a dropped card lands (`placementFor`), the board after a move
 * (`applyMove`, used for the optimistic update) and after one more page of a column (`appendPage`).
 */
import type { BoardAmountWire, BoardCardWire, BoardColumnWire, BoardFilters, BoardWire } from './types';

/** Where a card goes within its target column: just after `after_id`, just before `before_id`, or the top. */
export interface Placement {
  before_id?: string;
  after_id?: string;
}

/** A move as the API takes it, plus the card itself. */
export interface MoveVars extends Placement {
  card: BoardCardWire;
  stage_id: string;
}

/** Filters without empty values (the same filters always make the same query key). */
export function cleanFilters(filters: BoardFilters): BoardFilters {
  const out: BoardFilters = {};
  if (filters.owner_id) out.owner_id = filters.owner_id;
  if (filters.tag_id) out.tag_id = filters.tag_id;
  const q = filters.q?.trim();
  if (q) out.q = q;
  return out;
}

/**
 * The placement that puts `cardId` at `index` of `ids` (the target column's cards in board order,
 * the card itself left out): after the card above it, else before the card below it, else the top.
 */
export function placementAt(ids: readonly string[], cardId: string, index: number): Placement {
  const others = ids.filter((id) => id !== cardId);
  const at = Math.max(0, Math.min(index, others.length));
  if (at > 0) return { after_id: others[at - 1]! };
  if (others.length > 0) return { before_id: others[0]! };
  return {};
}

/**
 * Where a drop lands. `sameColumn`: the card moves within its column to the index of the card it was
 * dropped on (what the sortable animation showed); otherwise it goes before the card it was dropped
 * on, or after it when `below`. `overId` null (an empty column or its background) → the end of the
 * loaded cards (the top of an empty column). Returns null when nothing would change.
 */
export function placementFor(params: {
  ids: readonly string[];
  cardId: string;
  overId: string | null;
  sameColumn: boolean;
  below: boolean;
}): Placement | null {
  const { ids, cardId, overId, sameColumn, below } = params;
  if (overId === cardId) return null;
  if (sameColumn) {
    const from = ids.indexOf(cardId);
    const to = overId === null ? ids.length - 1 : ids.indexOf(overId);
    if (from < 0 || to < 0 || from === to) return null;
    // arrayMove(ids, from, to): the card takes the over card's index.
    return placementAt(ids, cardId, to);
  }
  const others = ids.filter((id) => id !== cardId);
  if (overId === null) return placementAt(others, cardId, others.length);
  const overIndex = others.indexOf(overId);
  if (overIndex < 0) return placementAt(others, cardId, others.length);
  return placementAt(others, cardId, overIndex + (below ? 1 : 0));
}

const weighted = (amount: number, probability: number) => {
  const v = (amount * probability) / 100;
  return Math.sign(v) * Math.round(Math.abs(v));
};

function addAmount(amounts: BoardAmountWire[], card: BoardCardWire, probability: number, sign: 1 | -1) {
  if (!card.amount) return amounts;
  const { amount, currency } = card.amount;
  const found = amounts.some((a) => a.currency === currency);
  const list = found ? amounts : [...amounts, { currency, sum: 0, weighted_sum: 0 }];
  return list
    .map((a) =>
      a.currency === currency
        ? { ...a, sum: a.sum + sign * amount, weighted_sum: a.weighted_sum + sign * weighted(amount, probability) }
        : a,
    )
    .filter((a) => !(sign < 0 && a.currency === currency && a.sum <= 0 && a.weighted_sum <= 0));
}

/** Inserts `card` into `cards` according to `placement` (the top when its anchor is not loaded). */
function insertAt(cards: BoardCardWire[], card: BoardCardWire, placement: Placement): BoardCardWire[] {
  const next = cards.filter((c) => c.id !== card.id);
  let index = 0;
  if (placement.after_id) {
    const i = next.findIndex((c) => c.id === placement.after_id);
    index = i < 0 ? next.length : i + 1;
  } else if (placement.before_id) {
    const i = next.findIndex((c) => c.id === placement.before_id);
    index = i < 0 ? 0 : i;
  }
  next.splice(index, 0, card);
  return next;
}

/**
 * The board after moving `vars.card` (optimistic: the server's answer and the refetch that follows
 * have the last word). Counts move with the card; sums move exactly, weighted sums approximately (the
 * target stage's probability, which a record's own override may change).
 */
export function applyMove(board: BoardWire, vars: MoveVars): BoardWire {
  const from =
    board.columns.find((c) => c.cards.some((card) => card.id === vars.card.id))?.stage.id ?? vars.card.stage_id;
  const target = board.columns.find((c) => c.stage.id === vars.stage_id);
  if (!target) return board;
  const changesStage = from !== vars.stage_id;
  const probability = changesStage ? target.stage.probability : vars.card.probability;
  const moved: BoardCardWire = changesStage
    ? {
        ...vars.card,
        stage_id: vars.stage_id,
        probability,
        days_in_stage: 0,
        stage_entered_at: new Date().toISOString(),
        status: board.entity === 'deal' ? target.stage.kind : vars.card.status,
      }
    : vars.card;
  const columns = board.columns.map((col): BoardColumnWire => {
    if (col.stage.id === vars.stage_id) {
      return {
        ...col,
        cards: insertAt(col.cards, moved, vars),
        ...(changesStage ? { count: col.count + 1, amounts: addAmount(col.amounts, moved, probability, 1) } : {}),
      };
    }
    if (changesStage && col.stage.id === from) {
      return {
        ...col,
        cards: col.cards.filter((c) => c.id !== vars.card.id),
        count: Math.max(0, col.count - 1),
        amounts: addAmount(col.amounts, vars.card, vars.card.probability, -1),
      };
    }
    return col;
  });
  return { ...board, columns };
}

/**
 * The board with one more page of a column appended. Ignored (null) when the column's cursor moved on
 * since the page was asked for (a refetch or another page landed first).
 */
export function appendPage(board: BoardWire, page: BoardColumnWire, fromCursor: string): BoardWire | null {
  const col = board.columns.find((c) => c.stage.id === page.stage.id);
  if (!col || col.next_cursor !== fromCursor) return null;
  const seen = new Set(col.cards.map((c) => c.id));
  const cards = [...col.cards, ...page.cards.filter((c) => !seen.has(c.id))];
  return {
    ...board,
    columns: board.columns.map((c) =>
      c === col ? { ...c, cards, next_cursor: page.next_cursor, count: page.count, amounts: page.amounts } : c,
    ),
  };
}

/** `card` with its fields replaced in whichever column holds it. */
export function patchCard(board: BoardWire, cardId: string, patch: Partial<BoardCardWire>): BoardWire {
  return {
    ...board,
    columns: board.columns.map((col) =>
      col.cards.some((c) => c.id === cardId)
        ? { ...col, cards: col.cards.map((c) => (c.id === cardId ? { ...c, ...patch } : c)) }
        : col,
    ),
  };
}
