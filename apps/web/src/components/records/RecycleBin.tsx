import { Button, Group, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconRestore, IconSearch, IconTrashOff } from '@tabler/icons-react';
import { RESTORE_DAYS } from '@relata/shared';
import { useMemo, useState } from 'react';
import { DataTable } from '../DataTable';
import { EmptyBlock } from '../EmptyBlock';
import { formatDate, formatDateTime } from '../format';
import { ListBody } from '../ListBody';
import { notifyError, notifySuccess } from '../notify';
import { flatten, LoadMore } from '../pagination';
import type { Nouns } from './BulkBar';
import { useDeletedRecords, useRestoreRecord } from './records-api';
import type { RecordBase, RecordResource } from './types';

/**
 * Deleted records of one type, most recent first, with when they will be purged and a Restore
 * button (`POST /{id}/restore`). `describe` gives the second line under the name (email, domain).
 */
export function RecycleBin<T extends RecordBase>({
  resource,
  nouns,
  describe,
  canRestore,
  toRow,
}: {
  resource: RecordResource;
  nouns: Nouns;
  describe: (record: T) => string | null;
  canRestore: boolean;
  /** Maps a row as the API sends it to `T` (a lead's `title` → `name`); keep the function stable. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  toRow?: (raw: any) => T;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const deleted = useDeletedRecords<T>(resource, q);
  const restore = useRestoreRecord(resource);
  const rows = useMemo(() => {
    const raw = flatten(deleted.data);
    return toRow ? raw.map(toRow) : raw;
  }, [deleted.data, toRow]);
  const onRestore = (r: T) =>
    restore.mutate(r.id, {
      onSuccess: () => notifySuccess(`${r.name} was restored`),
      onError: (err) => notifyError(err, `Could not restore ${r.name}`),
    });
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm" c="dimmed">
          Deleted {nouns.many} stay here for {RESTORE_DAYS} days, then they are purged for good.
        </Text>
        <TextInput
          aria-label={`Search deleted ${nouns.many}`}
          placeholder="Search by name"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
      </Group>
      <ListBody
        query={deleted}
        isEmpty={rows.length === 0}
        errorTitle={`Could not load deleted ${nouns.many}`}
        empty={
          <EmptyBlock
            icon={<IconTrashOff size={24} />}
            title={q ? `No deleted ${nouns.many} match` : `No deleted ${nouns.many}`}
            description={
              q ? `Nothing deleted is called “${q}”.` : `When ${nouns.many} are deleted, they wait here to be restored.`
            }
          />
        }
      >
        <DataTable
          label={`Deleted ${nouns.many}`}
          minWidth={620}
          highlightOnHover
          columns={['Name', 'Deleted', 'Purged on', { label: 'Actions', width: 120, hidden: true }]}
        >
          {rows.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {r.name}
                </Text>
                {describe(r) && (
                  <Text size="xs" c="dimmed">
                    {describe(r)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(r.deleted_at)}</Text>
              </Table.Td>
              <Table.Td>
                <Tooltip label="After this date the record cannot be restored" withArrow>
                  <Text size="sm" span>
                    {formatDate(r.purge_at)}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td>
                {canRestore && (
                  <Button
                    size="xs"
                    variant="light"
                    leftSection={<IconRestore size={14} />}
                    onClick={() => onRestore(r)}
                    loading={restore.isPending && restore.variables === r.id}
                    aria-label={`Restore ${r.name}`}
                  >
                    Restore
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </ListBody>
      <LoadMore {...deleted} />
    </Stack>
  );
}
