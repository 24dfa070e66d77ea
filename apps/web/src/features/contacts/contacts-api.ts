/** Contacts (`/api/v1/contacts`): detail, a company's contacts, create, edit (If-Match), delete. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateContactBody, UpdateContactBody } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';
import { recordKeys, TAGS_KEY } from '../../components/records/records-api';
import type { ContactWire } from '../../components/records/types';

const KEY = recordKeys.all('contacts');

/** `GET /api/v1/contacts/{id}`. */
export function useContact(id: string) {
  return useQuery({
    queryKey: recordKeys.detail('contacts', id),
    queryFn: ({ signal }) => api<ContactWire>(`/api/v1/contacts/${id}`, { signal }),
  });
}

/** `GET /api/v1/contacts?company_id=`: a company's people, primary first then by name. */
export function useCompanyContacts(companyId: string) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'of-company', companyId],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<ContactWire>>(
        `/api/v1/contacts${query({ company_id: companyId, sort: 'name', limit: 50, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    placeholderData: keepPreviousData,
  });
}

function useContactMutation<V>(fn: (v: V) => Promise<ContactWire>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (contact) => {
      qc.setQueryData(recordKeys.detail('contacts', contact.id), contact);
      await Promise.all([
        qc.invalidateQueries({
          queryKey: KEY,
          predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== contact.id,
        }),
        // Contact counts and primary contacts show on companies.
        qc.invalidateQueries({ queryKey: recordKeys.all('companies') }),
        qc.invalidateQueries({ queryKey: TAGS_KEY }),
      ]);
    },
  });
}

/** `POST /api/v1/contacts`. */
export function useCreateContact() {
  return useContactMutation((body: z.input<typeof CreateContactBody>) =>
    api<ContactWire>('/api/v1/contacts', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/contacts/{id}` with `If-Match` on the version the change was made from (412 when stale). */
export function useUpdateContact() {
  return useContactMutation(
    ({ id, version, body }: { id: string; version: number; body: z.input<typeof UpdateContactBody> }) =>
      api<ContactWire>(`/api/v1/contacts/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );
}

/** `DELETE /api/v1/contacts/{id}`: to the recycle bin. */
export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/contacts/${id}`, { method: 'DELETE' }),
    onSuccess: async (_r, id) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: KEY, predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== id }),
        qc.invalidateQueries({ queryKey: recordKeys.all('companies') }),
        qc.invalidateQueries({ queryKey: TAGS_KEY }),
      ]);
    },
  });
}
