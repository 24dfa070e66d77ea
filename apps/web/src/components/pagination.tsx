import { Button, Center } from '@mantine/core';
import type { InfiniteData } from '@tanstack/react-query';

/** One keyset page of a list as the API returns it. */
export interface PageOf<T> {
  data: T[];
  next_cursor: string | null;
}

/** The cursor to ask for after `last` (undefined at the end, which stops useInfiniteQuery). */
export const nextCursor = <T,>(last: PageOf<T>): string | undefined => last.next_cursor ?? undefined;

/** All items loaded so far, in order. */
export function flatten<T>(data: InfiniteData<PageOf<T>> | undefined): T[] {
  return data ? data.pages.flatMap((p) => p.data) : [];
}

/** "Load more" under a keyset-paginated list; hidden at the end of the list. */
export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}) {
  if (!hasNextPage) return null;
  return (
    <Center mt="md">
      <Button variant="default" onClick={() => fetchNextPage()} loading={isFetchingNextPage}>
        Load more
      </Button>
    </Center>
  );
}
