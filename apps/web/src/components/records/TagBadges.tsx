import { Badge, CloseButton, Group, Text } from '@mantine/core';
import type { TagWire } from './types';

type TagRefLike = Pick<TagWire, 'id' | 'name' | 'color'>;

/** One tag as a badge in its colour; with `onRemove`, a small button removes it. */
export function TagBadge({
  tag,
  onRemove,
  size = 'sm',
}: {
  tag: TagRefLike;
  onRemove?: () => void;
  size?: 'xs' | 'sm' | 'md';
}) {
  return (
    <Badge
      color={tag.color}
      variant="light"
      radius="sm"
      size={size}
      tt="none"
      leftSection={
        <span
          aria-hidden
          style={{ width: 8, height: 8, borderRadius: 4, background: tag.color, display: 'inline-block' }}
        />
      }
      rightSection={
        onRemove ? (
          <CloseButton size="xs" variant="transparent" aria-label={`Remove tag ${tag.name}`} onClick={onRemove} />
        ) : undefined
      }
      styles={{ root: { color: 'var(--mantine-color-text)' } }}
    >
      {tag.name}
    </Badge>
  );
}

/** A record's tags in a wrapping row ("—" when none). */
export function TagBadges({ tags, max }: { tags: TagRefLike[]; max?: number }) {
  if (tags.length === 0) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const shown = max ? tags.slice(0, max) : tags;
  return (
    <Group gap={4} wrap="wrap">
      {shown.map((t) => (
        <TagBadge key={t.id} tag={t} size="sm" />
      ))}
      {shown.length < tags.length && (
        <Text span size="xs" c="dimmed">
          +{tags.length - shown.length}
        </Text>
      )}
    </Group>
  );
}
