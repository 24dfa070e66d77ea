/**
 * Deals (`/api/v1/deals`): detail, create, edit (If-Match), delete, board moves and the status
 * transitions — won, lost (reason), abandon, reopen. Every change refreshes the deal lists and the
 * boards (and companies, whose pages list deals).
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDealBody, Deal, Pipeline, UpdateDealBody, Wire } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch } from '../../components/api';
import { boardQueryKey } from '../../components/board';
import { recordKeys, TAGS_KEY } from '../../components/records/records-api';

export type DealWire = Wire<typeof Deal>;
export type PipelineWire = Wire<typeof Pipeline>;

const KEY = recordKeys.all('deals');

/** Every board (lead and deal boards share the root of `boardQueryKey`). */
const invalidateBoards = (qc: QueryClient) =>
  qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === boardQueryKey('')[0] });

/** `GET /api/v1/deals/{id}`. */
export function useDeal(id: string) {
  return useQuery({
    queryKey: recordKeys.detail('deals', id),
    queryFn: ({ signal }) => api<DealWire>(`/api/v1/deals/${id}`, { signal }),
  });
}

async function refreshDeals(qc: QueryClient, deal: DealWire) {
  qc.setQueryData(recordKeys.detail('deals', deal.id), deal);
  await Promise.all([
    qc.invalidateQueries({
      queryKey: KEY,
      predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== deal.id,
    }),
    qc.invalidateQueries({ queryKey: TAGS_KEY }),
    invalidateBoards(qc),
  ]);
}

function useDealMutation<V>(fn: (v: V) => Promise<DealWire>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (deal) => refreshDeals(qc, deal) });
}

/** `POST /api/v1/deals`. */
export function useCreateDeal() {
  return useDealMutation((body: z.input<typeof CreateDealBody>) =>
    api<DealWire>('/api/v1/deals', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/deals/{id}` with `If-Match` (412 when stale). */
export function useUpdateDeal() {
  return useDealMutation(
    ({ id, version, body }: { id: string; version: number; body: z.input<typeof UpdateDealBody> }) =>
      api<DealWire>(`/api/v1/deals/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );
}

/** `DELETE /api/v1/deals/{id}`: to the recycle bin. */
export function useDeleteDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/deals/${id}`, { method: 'DELETE' }),
    onSuccess: async (_r, id) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: KEY, predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== id }),
        invalidateBoards(qc),
      ]);
    },
  });
}

/**
 * `POST /api/v1/deals/{id}/move {stage_id, lost_reason?, won_reason?}`: to the top of a stage; the
 * status follows its kind (`lostReason` only for a lost stage, `wonReason` only for a won one).
 */
export function useMoveDeal() {
  return useDealMutation(
    ({
      id,
      stageId,
      lostReason,
      wonReason,
      version,
    }: {
      id: string;
      stageId: string;
      lostReason?: string;
      wonReason?: string | undefined;
      version?: number;
    }) =>
      api<DealWire>(`/api/v1/deals/${id}/move`, {
        method: 'POST',
        body: {
          stage_id: stageId,
          ...(lostReason ? { lost_reason: lostReason } : {}),
          ...(wonReason ? { won_reason: wonReason } : {}),
        },
        headers: ifMatch(version),
      }),
  );
}

/** `POST /api/v1/deals/{id}/won {reason?}|abandon|reopen` (`reason`: why it was won, optional). */
export function useDealTransition() {
  return useDealMutation(
    ({
      id,
      action,
      version,
      reason,
    }: {
      id: string;
      action: 'won' | 'abandon' | 'reopen';
      version?: number;
      reason?: string | undefined;
    }) =>
      api<DealWire>(`/api/v1/deals/${id}/${action}`, {
        method: 'POST',
        headers: ifMatch(version),
        ...(action === 'won' && reason ? { body: { reason } } : {}),
      }),
  );
}

/** `POST /api/v1/deals/{id}/lost {reason}`: to the pipeline's first lost stage. */
export function useLoseDeal() {
  return useDealMutation(({ id, reason, version }: { id: string; reason: string; version?: number }) =>
    api<DealWire>(`/api/v1/deals/${id}/lost`, { method: 'POST', body: { reason }, headers: ifMatch(version) }),
  );
}
