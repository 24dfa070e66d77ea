import { Badge, Button, Center, Group, Loader, Table, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useImportIssues } from './imports-api';

/**
 * The row issues of an import (row, column, value, message, severity), `pageSize` per page, paged
 * with the API's keyset cursor (a stack of cursors gives "Previous").
 */
export function IssuesTable({ importId, pageSize = 50 }: { importId: string; pageSize?: number }) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const q = useImportIssues(importId, cursor, pageSize);
  if (q.isPending)
    return (
      <Center py="md">
        <Loader size="sm" aria-label="Loading the issues" />
      </Center>
    );
  if (q.error) return <ErrorAlert error={q.error} title="Could not load the issues" onRetry={() => void q.refetch()} />;
  const rows = q.data.data;
  if (!rows.length && cursors.length === 1)
    return (
      <Text size="sm" c="dimmed">
        No problems found: every row can be imported as it is.
      </Text>
    );
  const page = cursors.length;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table
          aria-label="Row issues"
          striped
          verticalSpacing={6}
          fz="sm"
          style={{ opacity: q.isPlaceholderData ? 0.6 : 1 }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>Row</Table.Th>
              <Table.Th w={160}>Column</Table.Th>
              <Table.Th w={180}>Value</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th w={100}>Severity</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.row}</Table.Td>
                <Table.Td>{i.column_name ?? (i.column === null ? '—' : `Column ${i.column + 1}`)}</Table.Td>
                <Table.Td
                  style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  title={i.value ?? ''}
                >
                  {i.value ?? '—'}
                </Table.Td>
                <Table.Td>{i.message}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={i.severity === 'error' ? 'red' : 'yellow'} tt="none">
                    {i.severity === 'error' ? 'Error' : 'Warning'}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {(page > 1 || q.data.next_cursor) && (
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed">
            Page {page}
          </Text>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconChevronLeft size={14} />}
              disabled={page === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous
            </Button>
            <Button
              size="xs"
              variant="default"
              rightSection={<IconChevronRight size={14} />}
              disabled={!q.data.next_cursor || q.isFetching}
              onClick={() => setCursors((c) => [...c, q.data.next_cursor ?? undefined])}
            >
              Next
            </Button>
          </Group>
        </Group>
      )}
    </>
  );
}
