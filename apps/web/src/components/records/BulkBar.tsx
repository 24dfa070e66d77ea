import { Anchor, Button, Group, Paper, Popover, Stack, Text } from '@mantine/core';
import { IconTag, IconTagOff, IconTrash, IconUserShare, IconX } from '@tabler/icons-react';
import { RESTORE_DAYS } from '@relata/shared';
import { type ReactNode, useState } from 'react';
import { confirmDanger } from '../confirm';
import { notifyError, notifySuccess } from '../notify';
import { OWNER_NONE, OwnerSelect } from './OwnerSelect';
import { type BulkTarget, type BulkVars, useBulkAction } from './records-api';
import { TagPicker } from './TagPicker';
import type { BulkResultWire, FilterValues, RecordResource } from './types';

/** Singular and plural nouns of the records ("company", "companies"). */
export interface Nouns {
  one: string;
  many: string;
}

const plural = (n: number, nouns: Nouns) => `${n.toLocaleString()} ${n === 1 ? nouns.one : nouns.many}`;

function ActionPopover({
  label,
  icon,
  children,
}: {
  label: string;
  icon: ReactNode;
  children: (close: () => void) => ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" shadow="md" width={300} trapFocus>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={icon} onClick={() => setOpened((o) => !o)}>
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>{children(() => setOpened(false))}</Popover.Dropdown>
    </Popover>
  );
}

function TagsForm({
  action,
  busy,
  onApply,
}: {
  action: 'add_tags' | 'remove_tags';
  busy: boolean;
  onApply: (ids: string[]) => void;
}) {
  const [ids, setIds] = useState<string[]>([]);
  return (
    <Stack gap="sm">
      <TagPicker
        label={action === 'add_tags' ? 'Tags to add' : 'Tags to remove'}
        placeholder="Search tags"
        canCreate={action === 'add_tags'}
        value={ids}
        onChange={setIds}
        comboboxProps={{ withinPortal: false }}
      />
      <Button size="xs" disabled={ids.length === 0} loading={busy} onClick={() => onApply(ids)}>
        {action === 'add_tags' ? 'Add tags' : 'Remove tags'}
      </Button>
    </Stack>
  );
}

function OwnerForm({ busy, onApply }: { busy: boolean; onApply: (owner: string | null) => void }) {
  const [owner, setOwner] = useState<string | null>(null);
  return (
    <Stack gap="sm">
      <OwnerSelect
        label="New owner"
        placeholder="Choose a member"
        withNone
        value={owner}
        onChange={setOwner}
        comboboxProps={{ withinPortal: false }}
      />
      <Button size="xs" disabled={!owner} loading={busy} onClick={() => onApply(owner === OWNER_NONE ? null : owner)}>
        Assign owner
      </Button>
    </Stack>
  );
}

/**
 * Actions on the selected rows of a record list: assign owner, add or remove tags, delete (asks
 * first). When every loaded row is selected and more match, "Select all N matching" switches the
 * target from the listed ids to the list's filter.
 */
export function BulkBar({
  resource,
  nouns,
  selectedIds,
  loadedCount,
  total,
  totalCapped,
  moreToLoad,
  allMatching,
  filter,
  onSelectAllMatching,
  onClear,
}: {
  resource: RecordResource;
  nouns: Nouns;
  selectedIds: string[];
  loadedCount: number;
  total: number | null;
  totalCapped: boolean;
  /** More records match than are loaded. */
  moreToLoad: boolean;
  allMatching: boolean;
  /** The list's filters, sent instead of ids when `allMatching`. */
  filter: FilterValues;
  onSelectAllMatching: () => void;
  onClear: () => void;
}) {
  const bulk = useBulkAction(resource);
  if (selectedIds.length === 0 && !allMatching) return null;
  const totalText = total === null ? 'all' : totalCapped ? `${total.toLocaleString()}+` : total.toLocaleString();
  const target: BulkTarget = allMatching ? { filter } : { ids: selectedIds };
  const count = allMatching ? (total ?? selectedIds.length) : selectedIds.length;
  const what = allMatching ? `all ${totalText} matching ${nouns.many}` : plural(count, nouns);

  const run = (vars: Omit<BulkVars, 'target'>, done: string, close?: () => void) =>
    bulk.mutate(
      { ...vars, target },
      {
        onSuccess: (r: BulkResultWire) => {
          close?.();
          if (r.failed > 0) {
            const first = r.results.find((x) => !x.ok)?.error?.message;
            notifyError(
              new Error(
                `${plural(r.succeeded, nouns)} ${done}; ${r.failed} could not be changed${first ? `: ${first}` : ''}.`,
              ),
              'Some records were not changed',
            );
          } else {
            notifySuccess(`${plural(r.succeeded, nouns)} ${done}`);
          }
          onClear();
        },
        onError: (err) => notifyError(err, 'The bulk action failed'),
      },
    );

  const onDelete = () =>
    confirmDanger({
      title: `Delete ${what}?`,
      message: `They move to the recycle bin, where they can be restored for ${RESTORE_DAYS} days.`,
      confirmLabel: `Delete ${allMatching ? nouns.many : plural(count, nouns)}`,
      onConfirm: () => run({ action: 'delete' }, 'deleted'),
    });

  return (
    <Paper
      withBorder
      radius="md"
      px="md"
      py="xs"
      bg="var(--mantine-primary-color-light)"
      role="region"
      aria-label="Bulk actions"
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600} aria-live="polite">
            {allMatching ? `All ${totalText} matching ${nouns.many} selected` : `${plural(count, nouns)} selected`}
          </Text>
          {!allMatching && selectedIds.length === loadedCount && moreToLoad && (
            <Anchor component="button" type="button" size="sm" onClick={onSelectAllMatching}>
              Select all {totalText} matching {nouns.many}
            </Anchor>
          )}
        </Group>
        <Group gap="xs" wrap="wrap">
          <ActionPopover label="Assign owner" icon={<IconUserShare size={14} />}>
            {(close) => (
              <OwnerForm
                busy={bulk.isPending}
                onApply={(owner_id) => run({ action: 'assign_owner', owner_id }, 'reassigned', close)}
              />
            )}
          </ActionPopover>
          <ActionPopover label="Add tags" icon={<IconTag size={14} />}>
            {(close) => (
              <TagsForm
                action="add_tags"
                busy={bulk.isPending}
                onApply={(tag_ids) => run({ action: 'add_tags', tag_ids }, 'tagged', close)}
              />
            )}
          </ActionPopover>
          <ActionPopover label="Remove tags" icon={<IconTagOff size={14} />}>
            {(close) => (
              <TagsForm
                action="remove_tags"
                busy={bulk.isPending}
                onApply={(tag_ids) => run({ action: 'remove_tags', tag_ids }, 'untagged', close)}
              />
            )}
          </ActionPopover>
          <Button
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconTrash size={14} />}
            onClick={onDelete}
            loading={bulk.isPending && bulk.variables?.action === 'delete'}
          >
            Delete
          </Button>
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
