import { Anchor, Badge, Center, Loader, Table, Text } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyBlock } from '../../components/EmptyBlock';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../components/format';
import { flatten, LoadMore } from '../../components/pagination';
import { useImports } from './imports-api';
import { ENTITY_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels';

/** Past imports, newest first: file (opens the import), entity, status, counts, who and when. */
export function ImportHistory() {
  const q = useImports();
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading the imports" />
      </Center>
    );
  if (q.error)
    return <ErrorAlert error={q.error} title="Could not load the imports" onRetry={() => void q.refetch()} />;
  const items = flatten(q.data);
  if (!items.length)
    return (
      <EmptyBlock
        icon={<IconFileImport size={24} />}
        title="No imports yet"
        description="Files you import show up here with what they created, so you can review or revert them."
      />
    );
  return (
    <>
      <Table.ScrollContainer minWidth={760}>
        <Table aria-label="Past imports" striped highlightOnHover verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Records</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Created</Table.Th>
              <Table.Th ta="right">Updated</Table.Th>
              <Table.Th ta="right">Skipped</Table.Th>
              <Table.Th ta="right">Failed</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/settings/import?id=${i.id}`} size="sm" fw={600}>
                    {i.file.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{ENTITY_LABELS[i.entity]}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[i.status]} variant="light" tt="none" miw="max-content">
                    {STATUS_LABELS[i.status]}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{i.progress.created.toLocaleString()}</Table.Td>
                <Table.Td ta="right">{i.progress.updated.toLocaleString()}</Table.Td>
                <Table.Td ta="right">{i.progress.skipped.toLocaleString()}</Table.Td>
                <Table.Td ta="right">
                  <Text span size="sm" c={i.progress.failed ? 'red' : undefined}>
                    {i.progress.failed.toLocaleString()}
                  </Text>
                </Table.Td>
                <Table.Td>{i.created_by?.name ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.created_at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore hasNextPage={q.hasNextPage} isFetchingNextPage={q.isFetchingNextPage} fetchNextPage={q.fetchNextPage} />
    </>
  );
}
