/**
 * Server state shared by the record features (companies, contacts): lists, bulk actions, the
 * recycle bin, and the pickers every record form uses (owners, tags, companies, custom fields).
 */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, query } from '../api';
import { nextCursor, type PageOf } from '../pagination';
import type {
  BulkAction,
  BulkResultWire,
  CompanyWire,
  CustomFieldEntity,
  CustomFieldWire,
  FilterValues,
  MemberWire,
  RecordBase,
  RecordCountWire,
  RecordResource,
  TagWire,
} from './types';

/** Query keys: every record query starts with its resource, so one invalidation refreshes them all. */
export const recordKeys = {
  all: (resource: RecordResource) => [resource] as const,
  list: (resource: RecordResource, params: FilterValues) => [resource, 'list', params] as const,
  count: (resource: RecordResource, filters: FilterValues) => [resource, 'count', filters] as const,
  detail: (resource: RecordResource, id: string) => [resource, 'detail', id] as const,
  deleted: (resource: RecordResource, q: string) => [resource, 'deleted', q] as const,
};
export const TAGS_KEY = ['tags'] as const;
export const CUSTOM_FIELDS_KEY = ['custom-fields'] as const;

/** Rows per page of a record list. */
export const PAGE_SIZE = 50;

/** `GET /api/v1/<resource>?<filters>&sort=` as an infinite (keyset "Load more") query. */
export function useRecordList<T extends RecordBase>(resource: RecordResource, params: FilterValues) {
  return useInfiniteQuery({
    queryKey: recordKeys.list(resource, params),
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<T>>(`/api/v1/${resource}${query({ ...params, limit: PAGE_SIZE, cursor: pageParam })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    placeholderData: keepPreviousData,
  });
}

/**
 * `GET /api/v1/<resource>/count?<filters>`: how many records match (exact up to 10,000). Asked beside
 * the first page, since a count over a large table costs far more than a keyset page.
 */
export function useRecordCount(resource: RecordResource, filters: FilterValues) {
  return useQuery({
    queryKey: recordKeys.count(resource, filters),
    queryFn: ({ signal }) => api<RecordCountWire>(`/api/v1/${resource}/count${query(filters)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** What a bulk call addresses: listed ids, or every record matching the list's filters. */
export type BulkTarget = { ids: string[] } | { filter: FilterValues };

export interface BulkVars {
  action: BulkAction;
  target: BulkTarget;
  owner_id?: string | null;
  tag_ids?: string[];
}

/** `POST /api/v1/<resource>/bulk`: one action on many records, in one transaction. */
export function useBulkAction(resource: RecordResource) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, target, ...rest }: BulkVars) =>
      api<BulkResultWire>(`/api/v1/${resource}/bulk`, { method: 'POST', body: { action, ...target, ...rest } }),
    onSettled: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: recordKeys.all(resource) }),
        qc.invalidateQueries({ queryKey: TAGS_KEY }),
      ]);
    },
  });
}

/** `GET /api/v1/<resource>/deleted`: the recycle bin, most recently deleted first. */
export function useDeletedRecords<T extends RecordBase>(resource: RecordResource, q: string) {
  return useInfiniteQuery({
    queryKey: recordKeys.deleted(resource, q),
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<T>>(
        `/api/v1/${resource}/deleted${query({ q: q.trim() || undefined, limit: 50, cursor: pageParam })}`,
        {
          signal,
        },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** `POST /api/v1/<resource>/{id}/restore`: back from the recycle bin. */
export function useRestoreRecord(resource: RecordResource) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<RecordBase>(`/api/v1/${resource}/${id}/restore`, { method: 'POST' }),
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: recordKeys.all(resource) }),
        qc.invalidateQueries({ queryKey: TAGS_KEY }),
        // A restored contact counts again on its company, and a restored company's contacts show.
        qc.invalidateQueries({ queryKey: recordKeys.all(resource === 'contacts' ? 'companies' : 'contacts') }),
      ]);
    },
  });
}

/** `GET /api/v1/custom-fields?entity=`: the entity's field definitions by position. */
export function useCustomFieldDefs(entity: CustomFieldEntity, includeArchived = false) {
  return useQuery({
    queryKey: [...CUSTOM_FIELDS_KEY, entity, includeArchived],
    queryFn: ({ signal }) =>
      api<{ data: CustomFieldWire[] }>(
        `/api/v1/custom-fields${query({ entity, include_archived: includeArchived ? 'true' : 'false' })}`,
        { signal },
      ),
    select: (r) => r.data,
    staleTime: 60_000,
  });
}

/** Members to pick an owner from (the first 100 by name; owners are usually few). */
export function useOwnerOptions(enabled = true) {
  return useQuery({
    queryKey: ['members', 'owner-options'],
    queryFn: ({ signal }) => api<PageOf<MemberWire>>(`/api/v1/members${query({ limit: 100 })}`, { signal }),
    select: (r) => r.data,
    staleTime: 60_000,
    enabled,
  });
}

/** Tags whose name contains `q` (the first 100 by name). */
export function useTagOptions(q: string) {
  return useQuery({
    queryKey: [...TAGS_KEY, 'options', q.trim()],
    queryFn: ({ signal }) =>
      api<PageOf<TagWire>>(`/api/v1/tags${query({ q: q.trim() || undefined, limit: 100 })}`, { signal }),
    select: (r) => r.data,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** `POST /api/v1/tags`: a new tag, created from a picker. */
export function useCreateTag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; color?: string }) => api<TagWire>('/api/v1/tags', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: TAGS_KEY }),
  });
}

/** Companies whose name, domain or phone matches `q`, to pick a company or parent company from. */
export function useCompanyOptions(q: string, enabled = true) {
  return useQuery({
    queryKey: ['companies', 'options', q.trim()],
    queryFn: ({ signal }) =>
      api<PageOf<CompanyWire>>(`/api/v1/companies${query({ q: q.trim() || undefined, sort: 'name', limit: 20 })}`, {
        signal,
      }),
    select: (r) => r.data,
    placeholderData: keepPreviousData,
    enabled,
  });
}
