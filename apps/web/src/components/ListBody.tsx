import { Skeleton } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert';

/**
 * The body of a list backed by a query: the error (with Retry), a skeleton while the first page
 * loads, the empty state when there is nothing, otherwise the list itself (`children`).
 */
export function ListBody({
  query,
  isEmpty,
  errorTitle,
  empty,
  skeletonHeight = 120,
  children,
}: {
  query: { error: unknown; isPending: boolean; refetch: () => unknown };
  isEmpty: boolean;
  errorTitle: string;
  empty: ReactNode;
  skeletonHeight?: number;
  children: ReactNode;
}) {
  return (
    <>
      <ErrorAlert error={query.error} title={errorTitle} onRetry={() => query.refetch()} />
      {query.isPending ? <Skeleton h={skeletonHeight} radius="md" /> : isEmpty ? query.error ? null : empty : children}
    </>
  );
}
