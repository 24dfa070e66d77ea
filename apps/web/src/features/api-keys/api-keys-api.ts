/** API keys (`/api/v1/api-keys`): list (admins see all), create (secret shown once), revoke. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiKey, CreateApiKeyBody, CreatedApiKey, Wire } from '@relata/shared';
import { api, query } from '../../components/api';
import { nextCursor, type PageOf } from '../../components/pagination';

export type ApiKeyWire = Wire<typeof ApiKey>;
export type CreatedApiKeyWire = Wire<typeof CreatedApiKey>;
const KEY = ['api-keys'] as const;

/** `GET /api/v1/api-keys`, optionally including revoked keys. */
export function useApiKeys(includeRevoked: boolean) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'list', { includeRevoked }],
    queryFn: ({ pageParam, signal }) =>
      api<PageOf<ApiKeyWire>>(
        `/api/v1/api-keys${query({ include_revoked: includeRevoked, limit: 20, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursor,
  });
}

/** `POST /api/v1/api-keys`: the response carries the secret `key`, the only time it is available. */
export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => api<CreatedApiKeyWire>('/api/v1/api-keys', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/** `DELETE /api/v1/api-keys/{id}`: the key stops working at once. */
export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ApiKeyWire>(`/api/v1/api-keys/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
