/**
 * Segments (`/api/v1/segments`): list, field catalogue, live preview (debounced by the caller), save,
 * update (If-Match), duplicate and delete. Wire shapes are the shared contracts (timestamps as strings).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Segment, SegmentCriteria, SegmentEntity, SegmentFields, SegmentPreview, Wire } from '@relata/shared';
import { api, ifMatch, query } from '../../components/api';
import type { PageOf } from '../../components/pagination';

export type SegmentWire = Wire<typeof Segment>;
export const SEGMENTS_KEY = ['segments'] as const;

/** The organisation's segments by name (first 100). */
export function useSegments() {
  return useQuery({
    queryKey: [...SEGMENTS_KEY, 'list'],
    queryFn: ({ signal }) => api<PageOf<SegmentWire>>(`/api/v1/segments${query({ limit: 100 })}`, { signal }),
    select: (r) => r.data,
  });
}

/** One segment with its (possibly refreshed) count. */
export function useSegment(id: string | null) {
  return useQuery({
    queryKey: [...SEGMENTS_KEY, 'one', id],
    queryFn: ({ signal }) => api<SegmentWire>(`/api/v1/segments/${id}`, { signal }),
    enabled: id !== null,
  });
}

/** Fields a condition on `entity` may name (fixed, custom, related). */
export function useSegmentFields(entity: SegmentEntity) {
  return useQuery({
    queryKey: [...SEGMENTS_KEY, 'fields', entity],
    queryFn: ({ signal }) => api<SegmentFields>(`/api/v1/segments/fields${query({ entity })}`, { signal }),
    select: (r) => r.fields,
    staleTime: 60_000,
  });
}

/**
 * Live count (exact up to 1,000, "1,000+" beyond; with `exact`, up to 10,000) and first records of
 * unsaved criteria; pass already-debounced criteria.
 */
export function useSegmentPreview(entity: SegmentEntity, criteria: SegmentCriteria, enabled = true, exact = false) {
  return useQuery({
    queryKey: [...SEGMENTS_KEY, 'preview', entity, JSON.stringify(criteria), exact],
    queryFn: ({ signal }) =>
      api<SegmentPreview>('/api/v1/segments/preview', {
        method: 'POST',
        body: { entity, criteria, limit: 5, exact_count: exact },
        signal,
      }),
    placeholderData: keepPreviousData,
    retry: false,
    enabled,
  });
}

function useSegmentMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: SEGMENTS_KEY }) });
}

export interface SegmentInput {
  name: string;
  description?: string | null;
  entity: SegmentEntity;
  criteria: SegmentCriteria;
}

/** `POST /segments`. */
export const useCreateSegment = () =>
  useSegmentMutation((body: SegmentInput) => api<SegmentWire>('/api/v1/segments', { method: 'POST', body }));

/** `PATCH /segments/{id}` with If-Match. */
export const useUpdateSegment = () =>
  useSegmentMutation(({ id, version, entity: _e, ...body }: SegmentInput & { id: string; version: number }) =>
    api<SegmentWire>(`/api/v1/segments/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );

/** `POST /segments/{id}/duplicate`. */
export const useDuplicateSegment = () =>
  useSegmentMutation((id: string) => api<SegmentWire>(`/api/v1/segments/${id}/duplicate`, { method: 'POST' }));

/** `DELETE /segments/{id}`. */
export const useDeleteSegment = () =>
  useSegmentMutation((id: string) => api<void>(`/api/v1/segments/${id}`, { method: 'DELETE' }));
