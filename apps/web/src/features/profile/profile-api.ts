/** The signed-in user's own profile (`PATCH /api/v1/me`) and password (`POST /api/v1/auth/change-password`). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordBody } from '@relata/shared';
import type { z } from 'zod';
import { api } from '../../components/api';
import { ME_KEY, type MeWire } from '../../components/session';

/** `PATCH /api/v1/me {name}`; updates the cached session. */
export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api<MeWire>('/api/v1/me', { method: 'PATCH', body }),
    onSuccess: (me) => qc.setQueryData(ME_KEY, me),
  });
}

/** `POST /api/v1/auth/change-password`; optionally signs out every other session. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: z.input<typeof ChangePasswordBody>) =>
      api<{ ok: true }>('/api/v1/auth/change-password', { method: 'POST', body }),
  });
}
