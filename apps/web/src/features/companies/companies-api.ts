/** Companies (`/api/v1/companies`): detail with hierarchy, children, create, edit (If-Match), delete. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateCompanyBody, UpdateCompanyBody } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';
import { recordKeys, TAGS_KEY } from '../../components/records/records-api';
import type { CompanyDetailWire, CompanyWire } from '../../components/records/types';

const KEY = recordKeys.all('companies');

/** `GET /api/v1/companies/{id}`: the company with its ancestors and child count. */
export function useCompany(id: string) {
  return useQuery({
    queryKey: recordKeys.detail('companies', id),
    queryFn: ({ signal }) => api<CompanyDetailWire>(`/api/v1/companies/${id}`, { signal }),
  });
}

/** `GET /api/v1/companies/{id}/children`: direct subsidiaries. */
export function useCompanyChildren(id: string) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'children', id],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<CompanyWire>>(`/api/v1/companies/${id}/children${query({ limit: 20, cursor: pageParam })}`, {
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

function useCompanyMutation<V>(fn: (v: V) => Promise<CompanyDetailWire>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (company) => {
      qc.setQueryData(recordKeys.detail('companies', company.id), company);
      await Promise.all([
        qc.invalidateQueries({
          queryKey: KEY,
          predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== company.id,
        }),
        qc.invalidateQueries({ queryKey: recordKeys.all('contacts') }),
        qc.invalidateQueries({ queryKey: TAGS_KEY }),
      ]);
    },
  });
}

/** `POST /api/v1/companies`. */
export function useCreateCompany() {
  return useCompanyMutation((body: z.input<typeof CreateCompanyBody>) =>
    api<CompanyDetailWire>('/api/v1/companies', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/companies/{id}` with `If-Match` on the version the change was made from (412 when stale). */
export function useUpdateCompany() {
  return useCompanyMutation(
    ({ id, version, body }: { id: string; version: number; body: z.input<typeof UpdateCompanyBody> }) =>
      api<CompanyDetailWire>(`/api/v1/companies/${id}`, {
        method: 'PATCH',
        body,
        headers: ifMatch(version),
      }),
  );
}

/** `DELETE /api/v1/companies/{id}`: to the recycle bin. */
export function useDeleteCompany() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/companies/${id}`, { method: 'DELETE' }),
    onSuccess: async (_r, id) => {
      await Promise.all([
        // Not the deleted company's own page, which is being left.
        qc.invalidateQueries({ queryKey: KEY, predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== id }),
        qc.invalidateQueries({ queryKey: recordKeys.all('contacts') }),
        qc.invalidateQueries({ queryKey: TAGS_KEY }),
      ]);
    },
  });
}
