/** Organisations: create (`POST /orgs`), switch (`POST /me/active-org`), read and edit the active one (`/org`). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOrgBody, CreatedOrg, Org, UpdateOrgBody, Wire } from '@relata/shared';
import type { z } from 'zod';
import { api, ifMatch } from '../../components/api';
import { ME_KEY, type MeWire, resetSession } from '../../components/session';

export type OrgWire = Wire<typeof Org>;
const ORG_KEY = ['org'] as const;

/** `POST /api/v1/orgs`: the caller becomes owner and the new organisation becomes active. */
export function useCreateOrg() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrgBody) =>
      api<Wire<typeof CreatedOrg>>('/api/v1/orgs', { method: 'POST', body: withoutEmpty(body) }),
    onSuccess: () => resetSession(qc),
  });
}

/** `POST /api/v1/me/active-org`: switches organisation and refetches everything for the new one. */
export function useSwitchOrg() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (orgId: string) => api<MeWire>('/api/v1/me/active-org', { method: 'POST', body: { org_id: orgId } }),
    onSuccess: (me) => resetSession(qc, me),
  });
}

/** `GET /api/v1/org`: the active organisation with its `version`. */
export function useOrg() {
  return useQuery({ queryKey: ORG_KEY, queryFn: () => api<OrgWire>('/api/v1/org') });
}

/** `PATCH /api/v1/org` with `If-Match` on the version the form was loaded from (412 when stale). */
export function useUpdateOrg() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ version, ...body }: z.input<typeof UpdateOrgBody> & { version: number }) =>
      api<OrgWire>('/api/v1/org', { method: 'PATCH', body, headers: ifMatch(version) }),
    onSuccess: async (org) => {
      qc.setQueryData(ORG_KEY, org);
      await qc.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

/** Drops an empty optional `slug` so the server derives one from the name. */
function withoutEmpty(body: CreateOrgBody): CreateOrgBody {
  return body.slug ? body : { name: body.name };
}
