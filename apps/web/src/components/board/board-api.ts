/**
 * Server state of a Kanban board: `GET /api/v1/boards/{pipeline_id}` (every column's count, money and
 * first cards), one column's next page (`?stage_id=&cursor=`), and card moves with an optimistic update.
 */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, query } from '../api';
import { notifyError } from '../notify';
import { appendPage, applyMove, cleanFilters, type MoveVars, patchCard } from './board-model';
import type { BoardColumnWire, BoardEntityName, BoardFilters, BoardWire } from './types';

/** Cards per column in the first screen (the whole board in one request). */
export const FIRST_PAGE = 20;
/** Cards per further page of one column. */
export const MORE_PAGE = 50;
/** After a refetch, columns scrolled deeper are read again up to this many cards (bounded cost). */
const REFETCH_DEPTH = 500;

/** Root key of every query of one pipeline's board: invalidate it after a change made elsewhere. */
export const boardQueryKey = (pipelineId: string) => ['board', pipelineId] as const;

/** The full key of one board query (pipeline, entity, filters). */
export const boardKey = (pipelineId: string, entity: BoardEntityName, filters: BoardFilters) =>
  [...boardQueryKey(pipelineId), entity, cleanFilters(filters)] as const;

/** Query-key root of the record lists of `entity` (`['deals']`, `['leads']`). */
const recordsRoot = (entity: BoardEntityName) => [entity === 'deal' ? 'deals' : 'leads'] as const;

function fetchColumnPage(
  pipelineId: string,
  stageId: string,
  cursor: string,
  filters: BoardFilters,
  limit: number,
  signal?: AbortSignal,
): Promise<BoardColumnWire> {
  return api<BoardWire>(
    `/api/v1/boards/${pipelineId}${query({ ...cleanFilters(filters), stage_id: stageId, cursor, limit })}`,
    { signal },
  ).then((b) => {
    const col = b.columns[0];
    if (!col) throw new ApiError(404, 'not_found', 'That stage is no longer on the board');
    return col;
  });
}

/**
 * The first screen of the board; on a refetch, columns that were scrolled further are read again to
 * the same depth (so a move or a filter-free refresh does not throw the reader back to the top).
 */
async function fetchBoard(
  qc: QueryClient,
  pipelineId: string,
  entity: BoardEntityName,
  filters: BoardFilters,
  signal: AbortSignal,
): Promise<BoardWire> {
  const previous = qc.getQueryData<BoardWire>(boardKey(pipelineId, entity, filters));
  const board = await api<BoardWire>(
    `/api/v1/boards/${pipelineId}${query({ ...cleanFilters(filters), limit: FIRST_PAGE })}`,
    { signal },
  );
  if (!previous) return board;
  const columns = await Promise.all(
    board.columns.map(async (col) => {
      const loaded = previous.columns.find((c) => c.stage.id === col.stage.id)?.cards.length ?? 0;
      let current = col;
      while (current.next_cursor && current.cards.length < Math.min(loaded, REFETCH_DEPTH)) {
        const want = Math.min(100, Math.min(loaded, REFETCH_DEPTH) - current.cards.length);
        const page = await fetchColumnPage(pipelineId, col.stage.id, current.next_cursor, filters, want, signal);
        current = appendPage({ ...board, columns: [current] }, page, current.next_cursor)!.columns[0]!;
      }
      return current;
    }),
  );
  return { ...board, columns };
}

/** `GET /api/v1/boards/{pipeline_id}` with filters. */
export function useBoard(pipelineId: string, entity: BoardEntityName, filters: BoardFilters) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: boardKey(pipelineId, entity, filters),
    queryFn: ({ signal }) => fetchBoard(qc, pipelineId, entity, filters, signal),
    placeholderData: keepPreviousData,
    enabled: Boolean(pipelineId),
  });
}

/** Reads the next page of one column into the board's cache entry. */
export function useLoadMore(pipelineId: string, entity: BoardEntityName, filters: BoardFilters, stageId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (cursor: string) => ({
      cursor,
      page: await fetchColumnPage(pipelineId, stageId, cursor, filters, MORE_PAGE),
    }),
    onSuccess: ({ cursor, page }) => {
      const key = boardKey(pipelineId, entity, filters);
      const board = qc.getQueryData<BoardWire>(key);
      const next = board && appendPage(board, page, cursor);
      if (next) qc.setQueryData(key, next);
    },
  });
}

/** The record a move answers with: only its version is used. */
interface MovedRecord {
  id: string;
  version: number;
}

/**
 * `POST /api/v1/{deals|leads}/{id}/move` with `If-Match`: the card moves in the cache at once, back
 * again (with an error toast) when the server refuses; the board (counts, sums) and the record lists
 * are refetched once the last pending move has settled.
 */
export function useMoveCard(pipelineId: string, entity: BoardEntityName, filters: BoardFilters) {
  const qc = useQueryClient();
  const key = boardKey(pipelineId, entity, filters);
  const mutationKey = ['board-move', pipelineId];
  return useMutation({
    mutationKey,
    mutationFn: ({ card, stage_id, before_id, after_id }: MoveVars) =>
      api<MovedRecord>(`/api/v1/${entity === 'deal' ? 'deals' : 'leads'}/${card.id}/move`, {
        method: 'POST',
        body: { stage_id, ...(before_id ? { before_id } : {}), ...(after_id ? { after_id } : {}) },
        headers: { 'if-match': `"${card.version}"` },
      }),
    onMutate: async (vars) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<BoardWire>(key);
      if (previous) qc.setQueryData(key, applyMove(previous, vars));
      return { previous };
    },
    onError: (err, vars, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
      const stale = err instanceof ApiError && err.status === 412;
      notifyError(
        stale ? new Error(`${vars.card.name} was changed by someone else; the board has been reloaded.`) : err,
        `Could not move ${vars.card.name}`,
      );
    },
    onSuccess: (record, vars) => {
      const board = qc.getQueryData<BoardWire>(key);
      if (board) qc.setQueryData(key, patchCard(board, vars.card.id, { version: record.version }));
    },
    onSettled: async () => {
      // Only the last of several quick moves refetches; earlier refetches would undo later optimism.
      if (qc.isMutating({ mutationKey }) > 1) return;
      await Promise.all([
        qc.invalidateQueries({ queryKey: boardQueryKey(pipelineId) }),
        qc.invalidateQueries({ queryKey: recordsRoot(entity) }),
      ]);
    },
  });
}
