import { ActionIcon, Anchor, Badge, Group, Text } from '@mantine/core';
import { IconFilter, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Segment, Wire } from '@relata/shared';
import { Link } from 'react-router';
import { api } from '../api';

/**
 * The segment a list is narrowed to (`segment_id` in the URL), named — GET /api/v1/segments/{id} — with a
 * button that removes it. A segment that no longer exists (404) is named as such so the user can drop it.
 */
export function SegmentChip({ segmentId, onRemove }: { segmentId: string; onRemove: () => void }) {
  const segment = useQuery({
    queryKey: ['segments', segmentId],
    queryFn: ({ signal }) => api<Wire<typeof Segment>>(`/api/v1/segments/${segmentId}`, { signal }),
    staleTime: 60_000,
    retry: false,
  });
  const name = segment.data?.name ?? (segment.error ? 'a segment that no longer exists' : '…');
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" c="dimmed">
        In segment
      </Text>
      <Badge
        size="lg"
        variant="light"
        leftSection={<IconFilter size={12} />}
        rightSection={
          <ActionIcon size="xs" variant="transparent" aria-label="Remove the segment filter" onClick={onRemove}>
            <IconX size={12} />
          </ActionIcon>
        }
        styles={{ label: { textTransform: 'none' } }}
      >
        {segment.data ? (
          <Anchor component={Link} to="/segments" size="sm" inherit>
            {name}
          </Anchor>
        ) : (
          name
        )}
      </Badge>
    </Group>
  );
}
