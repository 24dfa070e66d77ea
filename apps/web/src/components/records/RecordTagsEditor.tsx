import { Button, Group, Popover, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { TagBadge } from './TagBadges';
import { TagPicker } from './TagPicker';
import type { TagWire } from './types';

type TagRefLike = Pick<TagWire, 'id' | 'name' | 'color'>;

/**
 * A record's tags, edited in place: × on a tag removes it, "Add tag" picks or creates more.
 * `onChange` receives the whole new set of tag ids (the API replaces the set).
 */
export function RecordTagsEditor({
  tags,
  onChange,
  canEdit,
  busy = false,
}: {
  tags: TagRefLike[];
  onChange: (ids: string[]) => void;
  canEdit: boolean;
  busy?: boolean;
}) {
  const [opened, setOpened] = useState(false);
  const ids = tags.map((t) => t.id);
  // Picking (or creating) a tag adds it at once and closes the picker.
  const add = (picked: string[]) => {
    const next = [...new Set([...ids, ...picked])];
    setOpened(false);
    if (next.length !== ids.length) onChange(next);
  };
  return (
    <Group gap={6} wrap="wrap" aria-label="Tags" role="group">
      {tags.length === 0 && (
        <Text size="sm" c="dimmed">
          No tags
        </Text>
      )}
      {tags.map((t) => (
        <TagBadge
          key={t.id}
          tag={t}
          onRemove={canEdit && !busy ? () => onChange(ids.filter((id) => id !== t.id)) : undefined}
        />
      ))}
      {canEdit && (
        <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" width={280} trapFocus>
          <Popover.Target>
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={<IconPlus size={12} />}
              onClick={() => setOpened((o) => !o)}
              loading={busy}
            >
              Add tag
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <TagPicker
              label="Add a tag"
              placeholder="Search or create a tag"
              value={[]}
              exclude={ids}
              onChange={add}
              comboboxProps={{ withinPortal: false }}
              data-autofocus
            />
          </Popover.Dropdown>
        </Popover>
      )}
    </Group>
  );
}
