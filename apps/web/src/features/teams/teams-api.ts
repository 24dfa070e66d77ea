/** Teams (`/api/v1/teams`): list, detail with members, create, edit, delete, add/remove members and leads. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateTeamBody, Member, Team, TeamDetail, UpdateTeamBody, Wire } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';

export type TeamWire = Wire<typeof Team>;
export type TeamDetailWire = Wire<typeof TeamDetail>;
type MemberWire = Wire<typeof Member>;
const KEY = ['teams'] as const;

/** `GET /api/v1/teams` by name. */
export function useTeams() {
  return useInfiniteQuery({
    queryKey: [...KEY, 'list'],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<TeamWire>>(`/api/v1/teams${query({ limit: 20, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

/** `GET /api/v1/teams/{id}` with its members. */
export function useTeam(id: string | null) {
  return useQuery({
    queryKey: [...KEY, 'detail', id],
    queryFn: () => api<TeamDetailWire>(`/api/v1/teams/${id}`),
    enabled: Boolean(id),
  });
}

/**
 * Active members of the organisation matching `q`, to pick from when adding someone to a team (an
 * inactive member — no user yet — cannot join a team: the API answers 422).
 */
export function useMemberOptions(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['members', 'options', q],
    queryFn: ({ signal }) =>
      api<PageOf<MemberWire>>(`/api/v1/members${query({ q: q.trim() || undefined, status: 'active', limit: 20 })}`, {
        signal,
      }),
    enabled,
    placeholderData: (prev) => prev,
  });
}

function useTeamMutation<V>(fn: (v: V) => Promise<TeamDetailWire>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (team) => {
      qc.setQueryData([...KEY, 'detail', team.id], team);
      await qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
    },
  });
}

/** `POST /api/v1/teams` (managers and above). */
export function useCreateTeam() {
  return useTeamMutation((body: z.input<typeof CreateTeamBody>) =>
    api<TeamDetailWire>('/api/v1/teams', { method: 'POST', body }),
  );
}

/** `PATCH /api/v1/teams/{id}` with `If-Match` on the loaded version. */
export function useUpdateTeam() {
  return useTeamMutation(({ id, version, ...body }: z.input<typeof UpdateTeamBody> & { id: string; version: number }) =>
    api<TeamDetailWire>(`/api/v1/teams/${id}`, { method: 'PATCH', body, headers: ifMatch(version) }),
  );
}

/** `DELETE /api/v1/teams/{id}`; its members stay in the organisation. */
export function useDeleteTeam() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/v1/teams/${id}`, { method: 'DELETE' }),
    onSuccess: async (_r, id) => {
      qc.removeQueries({ queryKey: [...KEY, 'detail', id] });
      await qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
    },
  });
}

/**
 * `PUT /api/v1/teams/{id}/members/{membership_id}`: adds a member or sets their lead flag. A lead
 * change shows at once and is rolled back if the server refuses it.
 */
export function usePutTeamMember() {
  const qc = useQueryClient();
  type Vars = { teamId: string; membershipId: string; isLead: boolean };
  return useMutation({
    mutationFn: (v: Vars) =>
      api<TeamDetailWire>(`/api/v1/teams/${v.teamId}/members/${v.membershipId}`, {
        method: 'PUT',
        body: { is_lead: v.isLead },
      }),
    onMutate: async (v: Vars) => {
      const key = [...KEY, 'detail', v.teamId];
      await qc.cancelQueries({ queryKey: key });
      const before = qc.getQueryData<TeamDetailWire>(key);
      if (before?.members.some((m) => m.membership_id === v.membershipId)) {
        qc.setQueryData<TeamDetailWire>(key, {
          ...before,
          members: before.members.map((m) => (m.membership_id === v.membershipId ? { ...m, is_lead: v.isLead } : m)),
        });
      }
      return { before };
    },
    onError: (_err, v, ctx) => {
      if (ctx?.before) qc.setQueryData([...KEY, 'detail', v.teamId], ctx.before);
    },
    onSuccess: async (team) => {
      qc.setQueryData([...KEY, 'detail', team.id], team);
      await qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
    },
  });
}

/** `DELETE /api/v1/teams/{id}/members/{membership_id}`. */
export function useRemoveTeamMember() {
  return useTeamMutation((v: { teamId: string; membershipId: string }) =>
    api<TeamDetailWire>(`/api/v1/teams/${v.teamId}/members/${v.membershipId}`, { method: 'DELETE' }),
  );
}
