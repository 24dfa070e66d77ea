/** Sign up, sign in and sign out (`/api/v1/auth/*`); each resets the cached session. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuthResult, SignInBody, SignUpBody, Wire } from '@relata/shared';
import { api } from '../../components/api';
import { ME_KEY, resetSession } from '../../components/session';

type AuthResultWire = Wire<typeof AuthResult>;

/** `POST /api/v1/auth/sign-in`; on success the session is reloaded (guards then move on). */
export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => api<AuthResultWire>('/api/v1/auth/sign-in', { method: 'POST', body }),
    onSuccess: () => resetSession(qc),
  });
}

/** `POST /api/v1/auth/sign-up`: creates the account and signs in. */
export function useSignUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUpBody) => api<AuthResultWire>('/api/v1/auth/sign-up', { method: 'POST', body }),
    onSuccess: () => resetSession(qc),
  });
}

/** `POST /api/v1/auth/sign-out`: ends the session and forgets everything cached. */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('/api/v1/auth/sign-out', { method: 'POST' }),
    onSettled: async () => {
      await qc.cancelQueries();
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, null);
    },
  });
}
