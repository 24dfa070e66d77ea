import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isNoActiveOrg, isUnauthorized } from '../components/api';
import { ME_KEY } from '../components/session';

/**
 * The app's QueryClient. Any 401 marks the session as signed out (guards redirect to sign-in, keeping
 * the path); a 403 `no_active_organization` refetches `me` (guards redirect to onboarding). Client
 * errors are not retried.
 */
export function createQueryClient(): QueryClient {
  const onError = (err: unknown) => {
    if (isUnauthorized(err)) client.setQueryData(ME_KEY, null);
    else if (isNoActiveOrg(err)) void client.invalidateQueries({ queryKey: ME_KEY });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (failures, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && failures < 2,
        refetchOnWindowFocus: true,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
  return client;
}
