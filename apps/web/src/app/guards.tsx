import { Button, Center, Stack } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageLoader } from '../components/CenteredPage';
import { ErrorAlert } from '../components/ErrorAlert';
import { useMe } from '../components/session';

/**
 * Renders child routes for a signed-in user; otherwise sends them to /sign-in with the intended path
 * in `next`. With `needsOrg`, a user without an active organisation goes to /onboarding.
 */
export function RequireSession({ needsOrg }: { needsOrg: boolean }) {
  const location = useLocation();
  const { data: me, isPending, error, refetch } = useMe();
  if (isPending) return <FullPageLoader />;
  if (error && me === undefined) {
    return (
      <Center mih="100vh" p="md">
        <Stack maw={480} w="100%">
          <ErrorAlert error={error} title="Relata could not load your session" onRetry={() => refetch()} />
          <Button variant="subtle" component="a" href="/sign-in">
            Go to sign in
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!me) {
    const path = location.pathname + location.search;
    const next = path === '/' ? '' : `?next=${encodeURIComponent(path)}`;
    return <Navigate to={`/sign-in${next}`} replace />;
  }
  if (needsOrg && !me.org) return <Navigate to="/onboarding" replace />;
  return <Outlet />;
}
