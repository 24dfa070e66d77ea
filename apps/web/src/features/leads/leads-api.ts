/**
 * Leads (`/api/v1/leads`): detail, statistics, create, edit (If-Match), delete, and the lead's
 * transitions — assign, move, convert, lose, reopen — and its contacts. Every change refreshes the
 * lead lists, the statistics and the boards; a conversion also refreshes companies, contacts and deals.
 */
import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ConvertLeadBody,
  ConvertLeadResult,
  CreateLeadBody,
  Lead,
  LeadStats,
  UpdateLeadBody,
  Wire,
} from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../../components/api';
import { boardQueryKey } from '../../components/board';
import { recordKeys, TAGS_KEY } from '../../components/records/records-api';
import type { FilterValues } from '../../components/records/types';

export type LeadWire = Wire<typeof Lead>;
export type LeadStatsWire = Wire<typeof LeadStats>;
export type ConvertLeadResultWire = Wire<typeof ConvertLeadResult>;
/** A lead as a row of the record list (which names rows by `name`). */
export type LeadRow = LeadWire & { name: string };

const KEY = recordKeys.all('leads');

/** Every board (lead and deal boards share the root of `boardQueryKey`). */
const invalidateBoards = (qc: QueryClient) =>
  qc.invalidateQueries({ predicate: (q) => q.queryKey[0] === boardQueryKey('')[0] });

/** The list's row for a lead as the API sends it (stable: the list memoises on it). */
export const leadRow = (lead: LeadWire): LeadRow => ({ ...lead, name: lead.title });

/** `GET /api/v1/leads/{id}`. */
export function useLead(id: string, enabled = true) {
  return useQuery({
    queryKey: recordKeys.detail('leads', id),
    queryFn: ({ signal }) => api<LeadWire>(`/api/v1/leads/${id}`, { signal }),
    enabled: enabled && id !== '',
  });
}

/** `GET /api/v1/leads/stats?<filters>`: total, new this week, qualified, unassigned. */
export function useLeadStats(filters: FilterValues = {}) {
  return useQuery({
    queryKey: [...KEY, 'stats', filters],
    queryFn: ({ signal }) => api<LeadStatsWire>(`/api/v1/leads/stats${query(filters)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** After any lead change: lists, counts, statistics, boards (the lead's own detail is set, not refetched). */
async function refreshLeads(qc: QueryClient, lead?: LeadWire, also: string[] = []) {
  if (lead) qc.setQueryData(recordKeys.detail('leads', lead.id), lead);
  await Promise.all([
    qc.invalidateQueries({
      queryKey: KEY,
      predicate: (q) => !lead || q.queryKey[1] !== 'detail' || q.queryKey[2] !== lead.id,
    }),
    qc.invalidateQueries({ queryKey: TAGS_KEY }),
    invalidateBoards(qc),
    ...also.map((root) => qc.invalidateQueries({ queryKey: [root] })),
  ]);
}

function useLeadMutation<V>(fn: (v: V) => Promise<LeadWire>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: (lead) => refreshLeads(qc, lead) });
}

/** `POST /api/v1/leads`. */
export function useCreateLead() {
  return useLeadMutation((body: z.input<typeof CreateLeadBody>) =>
    api<LeadWire>('/api/v1/leads', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/leads/{id}` with `If-Match` on the version the change was made from (412 when stale). */
export function useUpdateLead() {
  return useLeadMutation(
    ({ id, version, body }: { id: string; version: number; body: z.input<typeof UpdateLeadBody> }) =>
      api<LeadWire>(`/api/v1/leads/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );
}

/** `DELETE /api/v1/leads/{id}`: to the recycle bin. */
export function useDeleteLead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/leads/${id}`, { method: 'DELETE' }),
    onSuccess: async (_r, id) => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: KEY, predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== id }),
        invalidateBoards(qc),
      ]);
    },
  });
}

/** `POST /api/v1/leads/{id}/assign {to}`: `me`, `none` or a membership id. */
export function useAssignLead() {
  return useLeadMutation(({ id, to }: { id: string; to: string }) =>
    api<LeadWire>(`/api/v1/leads/${id}/assign`, { method: 'POST', body: { to } }),
  );
}

/** `POST /api/v1/leads/{id}/move {stage_id}`: to the top of an open stage of its pipeline. */
export function useMoveLead() {
  return useLeadMutation(({ id, stageId }: { id: string; stageId: string }) =>
    api<LeadWire>(`/api/v1/leads/${id}/move`, { method: 'POST', body: { stage_id: stageId } }),
  );
}

/** `POST /api/v1/leads/{id}/lose {reason}`. */
export function useLoseLead() {
  return useLeadMutation(({ id, reason }: { id: string; reason: string }) =>
    api<LeadWire>(`/api/v1/leads/${id}/lose`, { method: 'POST', body: { reason } }),
  );
}

/** `POST /api/v1/leads/{id}/reopen`: a lost lead back to its pipeline's first open stage. */
export function useReopenLead() {
  return useLeadMutation((id: string) => api<LeadWire>(`/api/v1/leads/${id}/reopen`, { method: 'POST' }));
}

/** `POST /api/v1/leads/{id}/convert`: company (+ contacts, + optional deal) in one transaction. */
export function useConvertLead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: z.input<typeof ConvertLeadBody> }) =>
      api<ConvertLeadResultWire>(`/api/v1/leads/${id}/convert`, { method: 'POST', body }),
    onSuccess: (result) => refreshLeads(qc, result.lead, ['companies', 'contacts', 'deals']),
  });
}

/** `POST /api/v1/leads/{id}/contacts {contact_id, is_primary?}`. */
export function useAddLeadContact() {
  return useLeadMutation(({ id, contactId, primary }: { id: string; contactId: string; primary?: boolean }) =>
    api<LeadWire>(`/api/v1/leads/${id}/contacts`, {
      method: 'POST',
      body: { contact_id: contactId, ...(primary ? { is_primary: true } : {}) },
    }),
  );
}

/** `DELETE /api/v1/leads/{id}/contacts/{contact_id}`. */
export function useRemoveLeadContact() {
  return useLeadMutation(({ id, contactId }: { id: string; contactId: string }) =>
    api<LeadWire>(`/api/v1/leads/${id}/contacts/${contactId}`, { method: 'DELETE' }),
  );
}

/** `POST /api/v1/leads/{id}/contacts/{contact_id}/primary`. */
export function useMakePrimaryLeadContact() {
  return useLeadMutation(({ id, contactId }: { id: string; contactId: string }) =>
    api<LeadWire>(`/api/v1/leads/${id}/contacts/${contactId}/primary`, { method: 'POST' }),
  );
}
