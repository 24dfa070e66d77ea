import { Button, Center, Stack } from '@mantine/core';
import { useRouteError } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';

/** Shown when rendering a page throws: the message and a reload button instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Center mih="60vh" p="md">
      <Stack maw={520} w="100%">
        <ErrorAlert error={error instanceof Error ? error : new Error('Unexpected error')} title="This page crashed" />
        <Button variant="default" onClick={() => window.location.reload()}>
          Reload the page
        </Button>
      </Stack>
    </Center>
  );
}
