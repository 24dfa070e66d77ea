import { Button, Group, Skeleton, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api';
import { ErrorAlert } from '../ErrorAlert';

/**
 * The loading and error states of a record's detail page around its query:
 * - pending: a skeleton of the page;
 * - 404: "This <noun> does not exist or was deleted." (no retry), "Back to <plural>" (`/<plural>`)
 *   and "Open the recycle bin" (`/recycle-bin?tab=<plural>`);
 * - any other error: the error with "Try again" (refetches) and "Back to <plural>";
 * - loaded: `children(data)`.
 *
 * `noun` is the singular as users read it (`company`), `plural` both the list's path segment and the
 * recycle bin's tab (`companies`).
 */
export function RecordDetailGate<T>({
  query,
  noun,
  plural,
  children,
}: {
  query: UseQueryResult<T>;
  noun: string;
  plural: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <Stack>
        <Skeleton h={20} w={240} />
        <Skeleton h={40} w="50%" />
        <Skeleton h={200} />
      </Stack>
    );
  }
  if (query.isError) {
    const gone = query.error instanceof ApiError && query.error.status === 404;
    return (
      <Stack>
        <ErrorAlert
          error={gone ? new Error(`This ${noun} does not exist or was deleted.`) : query.error}
          title={`Could not load the ${noun}`}
          onRetry={gone ? undefined : () => void query.refetch()}
        />
        <Group>
          <Button component={Link} to={`/${plural}`} variant="default">
            {`Back to ${plural}`}
          </Button>
          {gone && (
            <Button component={Link} to={`/recycle-bin?tab=${plural}`} variant="subtle">
              Open the recycle bin
            </Button>
          )}
        </Group>
      </Stack>
    );
  }
  return children(query.data);
}
