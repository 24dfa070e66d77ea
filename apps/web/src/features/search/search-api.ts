/**
 * Global search (`GET /api/v1/search`) for the spotlight and the results page, the "create contact
 * named …" action (`POST /api/v1/contacts`), where a hit opens, and the recently opened records
 * (the last 10 per organisation, in localStorage).
 */
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { SearchHit, SearchResult, SearchType, Wire } from '@relata/shared';
import { api, query } from '../../components/api';

export type SearchResultWire = Wire<typeof SearchResult>;
export type SearchHitWire = Wire<typeof SearchHit>;

/** Labels of the result groups, in the API's order. */
export const TYPE_LABELS: Record<SearchType, string> = {
  contact: 'Contacts',
  company: 'Companies',
  lead: 'Leads',
  deal: 'Deals',
  activity: 'Activities',
  note: 'Notes',
};

/** One thing of each type ("Contact", "Activity" …). */
export const TYPE_SINGULAR: Record<SearchType, string> = {
  contact: 'Contact',
  company: 'Company',
  lead: 'Lead',
  deal: 'Deal',
  activity: 'Activity',
  note: 'Note',
};

const RECORD_PATHS: Record<string, string> = {
  contact: '/contacts',
  company: '/companies',
  lead: '/leads',
  deal: '/deals',
};

/** Where a hit opens: the record's page; an activity or note opens its linked record (else /activities). */
export function hitPath(hit: Pick<SearchHitWire, 'type' | 'id' | 'record'>): string {
  if (RECORD_PATHS[hit.type]) return `${RECORD_PATHS[hit.type]}/${hit.id}`;
  if (hit.record) return `${RECORD_PATHS[hit.record.type]}/${hit.record.id}`;
  return '/activities';
}

/**
 * `GET /api/v1/search?q=&types=&limit=` while `q` (trimmed) is not empty; keeps the previous
 * answer while the next loads.
 */
export function useSearch(q: string, opts: { types?: SearchType[]; limit?: number } = {}) {
  const trimmed = q.trim();
  const params = { q: trimmed, types: opts.types?.join(',') || undefined, limit: opts.limit };
  return useQuery({
    queryKey: ['search', params],
    queryFn: ({ signal }) => api<SearchResultWire>(`/api/v1/search${query(params)}`, { signal }),
    enabled: trimmed.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** Splits "Ada Lovelace" into first and last name (the last name is everything after the first word). */
export function splitName(name: string): { first_name: string; last_name?: string } {
  const [first, ...rest] = name.trim().split(/\s+/);
  return rest.length ? { first_name: first!, last_name: rest.join(' ') } : { first_name: first! };
}

/** `POST /api/v1/contacts` with the name typed in the spotlight; resolves to the new contact's id. */
export function useCreateContactNamed() {
  return useMutation({
    mutationFn: (name: string) =>
      api<{ id: string }>('/api/v1/contacts', { method: 'POST', body: splitName(name) }).then((c) => c.id),
  });
}

/** A record opened from search, kept to offer it again. */
export interface RecentRecord {
  type: SearchType;
  id: string;
  title: string;
  path: string;
}

/**
 * What opening `hit` adds to the recent records: the record itself, or for an activity or note its
 * linked record (null when it has none).
 */
export function recentOf(hit: SearchHitWire): RecentRecord | null {
  const path = hitPath(hit);
  if (hit.type === 'activity' || hit.type === 'note')
    return hit.record && { type: hit.record.type, id: hit.record.id, title: hit.record.name, path };
  return { type: hit.type, id: hit.id, title: hit.title || hit.snippet, path };
}

const RECENT_MAX = 10;
const recentKey = (orgId: string) => `relata.search.recent.${orgId}`;

/** The organisation's recently opened records, newest first (empty when storage is unavailable). */
export function recentRecords(orgId: string): RecentRecord[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(recentKey(orgId)) ?? '[]');
    return Array.isArray(parsed) ? (parsed as RecentRecord[]).slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

/** Puts `record` first in the organisation's recent records (at most 10, no repeats). */
export function rememberRecord(orgId: string, record: RecentRecord): void {
  const next = [record, ...recentRecords(orgId).filter((r) => r.id !== record.id)].slice(0, RECENT_MAX);
  try {
    localStorage.setItem(recentKey(orgId), JSON.stringify(next));
  } catch {
    // storage full or disabled: recents are a convenience
  }
}
