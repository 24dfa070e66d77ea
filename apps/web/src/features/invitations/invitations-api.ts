/** Invitations: list, create, resend, revoke (admins), preview and accept a link (anyone with the token). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedInvitation, CreateInvitationBody, Invitation, InvitationPreview, Wire } from '@relata/shared';
import type { z } from 'zod';
import { api, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';
import { type MeWire, resetSession } from '../../components/session';

export type InvitationWire = Wire<typeof Invitation>;
export type CreatedInvitationWire = Wire<typeof CreatedInvitation>;
export type InvitationPreviewWire = Wire<typeof InvitationPreview>;
const KEY = ['invitations'] as const;
const PREVIEW_KEY = 'invitation-preview';

/** `GET /api/v1/invitations`, newest first (admins only). */
export function useInvitations(enabled = true) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'list'],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<InvitationWire>>(`/api/v1/invitations${query({ limit: 20, cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
    enabled,
  });
}

/** `POST /api/v1/invitations`: returns the link once. */
export function useCreateInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateInvitationBody>) =>
      api<CreatedInvitationWire>('/api/v1/invitations', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/** `POST /api/v1/invitations/{id}/resend`: a new link and expiry; the old link stops working. */
export function useResendInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<CreatedInvitationWire>(`/api/v1/invitations/${id}/resend`, { method: 'POST' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/** `DELETE /api/v1/invitations/{id}`: the link stops working at once. */
export function useRevokeInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<InvitationWire>(`/api/v1/invitations/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/** `GET /api/v1/invitations/lookup?token=` (public): what the link is for; 404 unknown, 410 unusable. */
export function useInvitationPreview(token: string) {
  return useQuery({
    queryKey: [PREVIEW_KEY, token],
    queryFn: () => api<InvitationPreviewWire>(`/api/v1/invitations/lookup${query({ token })}`),
    retry: false,
  });
}

/** `POST /api/v1/invitations/accept`: joins the organisation and makes it the active one. */
export function useAcceptInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => api<MeWire>('/api/v1/invitations/accept', { method: 'POST', body: { token } }),
    // The invitation page stays as it is until the caller navigates away.
    onSuccess: (me) => resetSession(qc, me, [PREVIEW_KEY]),
  });
}
