/** Tags (`/api/v1/tags`): list with usage counts, create, rename / recolour, merge, delete. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateTagBody, UpdateTagBody } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';
import { recordKeys, TAGS_KEY } from '../../components/records/records-api';
import type { TagWire } from '../../components/records/types';

/** `GET /api/v1/tags` by name, `q` filtering by name. */
export function useTags(q: string) {
  return useInfiniteQuery({
    queryKey: [...TAGS_KEY, 'list', q.trim()],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<TagWire>>(`/api/v1/tags${query({ q: q.trim() || undefined, limit: 100, cursor: pageParam })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    placeholderData: keepPreviousData,
  });
}

function useTagMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      // Records embed their tags (name, colour): refresh them too.
      await Promise.all([
        qc.invalidateQueries({ queryKey: TAGS_KEY }),
        qc.invalidateQueries({ queryKey: recordKeys.all('companies') }),
        qc.invalidateQueries({ queryKey: recordKeys.all('contacts') }),
      ]);
    },
  });
}

/** `POST /api/v1/tags`. */
export function useCreateTagFull() {
  return useTagMutation((body: z.input<typeof CreateTagBody>) =>
    api<TagWire>('/api/v1/tags', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/tags/{id}` with `If-Match`. */
export function useUpdateTag() {
  return useTagMutation(({ id, version, ...body }: z.input<typeof UpdateTagBody> & { id: string; version: number }) =>
    api<TagWire>(`/api/v1/tags/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );
}

/** `DELETE /api/v1/tags/{id}`: removed from every record. */
export function useDeleteTag() {
  return useTagMutation((id: string) => api<void>(`/api/v1/tags/${id}`, { method: 'DELETE' }));
}

/** `POST /api/v1/tags/{id}/merge`: every use moves to `into_id`, then the tag is deleted. */
export function useMergeTag() {
  return useTagMutation((v: { id: string; into_id: string }) =>
    api<TagWire>(`/api/v1/tags/${v.id}/merge`, { method: 'POST', body: { into_id: v.into_id } }),
  );
}
