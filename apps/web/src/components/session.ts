/**
 * The signed-in session as seen by the browser: `GET /api/v1/me` cached under `['me']`. `null` means
 * "not signed in" (a 401), so guards can redirect without treating it as an error.
 */
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import type { Me, Role, Wire } from '@relata/shared';
import { api, isUnauthorized } from './api';

export type MeWire = Wire<typeof Me>;
export const ME_KEY = ['me'] as const;

/** Query options for the current user; resolves to null when nobody is signed in. */
export const meQuery = queryOptions({
  queryKey: ME_KEY,
  queryFn: async (): Promise<MeWire | null> => {
    try {
      return await api<MeWire>('/api/v1/me');
    } catch (err) {
      if (isUnauthorized(err)) return null;
      throw err;
    }
  },
  staleTime: 60_000,
});

/** The current user, active organisation, role and memberships (data is null when signed out). */
export function useMe() {
  return useQuery(meQuery);
}

/** The caller's role in the active organisation, or null outside one. */
export function useRole(): Role | null {
  return useMe().data?.role ?? null;
}

/**
 * Starts over after the identity or organisation changed (sign-in, sign-up, switch, accept):
 * drops every other cached answer and sets or refetches `me`.
 */
export async function resetSession(
  qc: QueryClient,
  me?: MeWire | null,
  /** Query-key roots to leave alone (e.g. the page the user is still looking at). */
  keep: readonly string[] = [],
): Promise<void> {
  await qc.cancelQueries();
  if (me !== undefined) qc.setQueryData(ME_KEY, me);
  const spared = new Set<unknown>([ME_KEY[0], ...keep]);
  await qc.resetQueries({ predicate: (q) => !spared.has(q.queryKey[0]) });
  if (me === undefined) await qc.fetchQuery({ ...meQuery, staleTime: 0 });
}

/** A safe in-app path to return to after signing in (`next` query parameter), or null. */
export function safeNext(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}
