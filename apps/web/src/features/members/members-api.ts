/** Members of the active organisation (`/api/v1/members`): list, change role, remove or leave. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Member, Role, Wire } from '@relata/shared';
import { api, ifMatch, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';
import { ME_KEY } from '../../components/session';

export type MemberWire = Wire<typeof Member>;
export type MemberSort = 'name' | '-name' | 'created_at' | '-created_at';
const MEMBERS_KEY = ['members'] as const;

/** `GET /api/v1/members` filtered by `q`, sorted, 25 per page with "load more". */
export function useMembers(params: { q: string; sort: MemberSort }) {
  return useInfiniteQuery({
    queryKey: [...MEMBERS_KEY, 'list', params],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<MemberWire>>(
        `/api/v1/members${query({ q: params.q.trim() || undefined, sort: params.sort, limit: 25, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    placeholderData: (prev) => prev,
  });
}

/** `PATCH /api/v1/members/{id}` with `If-Match` on the listed version. */
export function useChangeRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: { id: string; version: number; role: Role }) =>
      api<MemberWire>(`/api/v1/members/${m.id}`, {
        method: 'PATCH',
        body: { role: m.role },
        headers: ifMatch(m.version),
      }),
    onSettled: () => qc.invalidateQueries({ queryKey: MEMBERS_KEY }),
  });
}

/** `DELETE /api/v1/members/{id}`: removes a member, or leaves the organisation when it is you. */
export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (m: { id: string; self: boolean }) => api<void>(`/api/v1/members/${m.id}`, { method: 'DELETE' }),
    onSuccess: async (_r, m) => {
      if (m.self) await qc.invalidateQueries({ queryKey: ME_KEY });
      else await qc.invalidateQueries({ queryKey: MEMBERS_KEY });
    },
  });
}
