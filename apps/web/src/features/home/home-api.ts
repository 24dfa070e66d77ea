/** Figures for the home page from `GET /api/v1/org/stats` (exact counts computed by the server). */
import { useQuery } from '@tanstack/react-query';
import type { OrgStats, Wire } from '@relata/shared';
import { api } from '../../components/api';

/** Counts of members, teams, pending invitations (null below admin) and visible API keys. */
export function useOrgStats() {
  return useQuery({
    queryKey: ['org-stats'],
    queryFn: ({ signal }) => api<Wire<typeof OrgStats>>('/api/v1/org/stats', { signal }),
    // Other pages change these numbers; always re-read them when the home page opens.
    refetchOnMount: 'always',
  });
}
