import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Label / value pairs of a record, in a responsive grid (a description list for assistive tech). */
export function DetailList({ items, cols = 2 }: { items: Array<{ label: string; value: ReactNode }>; cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: cols }} spacing="lg" verticalSpacing="md" m={0}>
      {items.map((it) => (
        <Stack key={it.label} gap={2} style={{ minWidth: 0 }}>
          <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
            {it.label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {it.value ?? '—'}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

/** A value or a dimmed dash. */
export function orDash(v: ReactNode): ReactNode {
  return v === null || v === undefined || v === '' ? (
    <Text span c="dimmed" size="sm">
      —
    </Text>
  ) : (
    v
  );
}
