/** Duplicates (`GET /api/v1/duplicates`) and merge (`POST /api/v1/merge`). */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { DuplicateGroup, DuplicateType, MergeBody, Wire } from '@relata/shared';
import { api, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';
import { recordKeys } from '../../components/records/records-api';

export type DuplicateGroupWire = Wire<typeof DuplicateGroup>;

const KEY = ['duplicates'] as const;

/** Candidate groups of `type`, highest score first, 20 per page. */
export function useDuplicates(type: DuplicateType) {
  return useInfiniteQuery({
    queryKey: [...KEY, type],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<DuplicateGroupWire>>(`/api/v1/duplicates${query({ type, limit: 20, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

/** `POST /api/v1/merge`; refreshes the groups and the merged type's lists. */
export function useMerge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MergeBody) => api<{ id: string }>('/api/v1/merge', { method: 'POST', body }),
    onSuccess: async (_r, body) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: KEY }),
        qc.invalidateQueries({ queryKey: recordKeys.all(body.type === 'contacts' ? 'contacts' : 'companies') }),
      ]);
    },
  });
}
