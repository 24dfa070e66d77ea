import { ActionIcon, Button, Grid, Menu, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconCopy, IconDots, IconFilter, IconList, IconPlus, IconTrash } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { confirmDanger } from '../../components/confirm';
import { EmptyBlock } from '../../components/EmptyBlock';
import { ListBody } from '../../components/ListBody';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { useRole } from '../../components/session';
import { SegmentBuilder } from './SegmentBuilder';
import { useDeleteSegment, useDuplicateSegment, useSegments, type SegmentWire } from './segments-api';

/**
 * Segments: the organisation's saved segments (entity, cached count) with open-as-list, duplicate
 * and delete (confirmed); the builder for a new or the selected segment beside them.
 */
export function SegmentsPage() {
  const role = useRole();
  const canWrite = role !== null && roleAtLeast(role, 'member');
  const navigate = useNavigate();
  const segments = useSegments();
  const duplicate = useDuplicateSegment();
  const del = useDeleteSegment();
  const [editing, setEditing] = useState<SegmentWire | 'new'>('new');
  const [builderKey, setBuilderKey] = useState(0);
  const edit = (s: SegmentWire | 'new') => {
    setEditing(s);
    setBuilderKey((k) => k + 1);
  };

  const onDelete = (s: SegmentWire) =>
    confirmDanger({
      title: `Delete segment ${s.name}?`,
      message: 'Saved views that use it keep their other settings. The records stay.',
      confirmLabel: 'Delete segment',
      onConfirm: () =>
        del.mutate(s.id, {
          onSuccess: () => {
            notifySuccess(`Segment ${s.name} deleted`);
            if (editing !== 'new' && editing.id === s.id) edit('new');
          },
          onError: (err) => notifyError(err, 'Could not delete the segment'),
        }),
    });
  const openAsList = (s: SegmentWire) => void navigate(`/${s.entity}?segment_id=${s.id}`);

  const rows = segments.data ?? [];
  return (
    <>
      <PageHeader
        title="Segments"
        description="Groups of records defined by criteria, evaluated whenever they are used."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => edit('new')}>
              New segment
            </Button>
          )
        }
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ListBody
            query={segments}
            isEmpty={rows.length === 0}
            errorTitle="Could not load the segments"
            empty={
              <EmptyBlock
                icon={<IconFilter size={24} />}
                title="No segments yet"
                description="Build one on the right and save it."
              />
            }
          >
            <Paper withBorder radius="md">
              <Table highlightOnHover aria-label="Segments">
                <Table.Tbody>
                  {rows.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <UnstyledButton onClick={() => edit(s)} w="100%">
                          <Text size="sm" fw={600}>
                            {s.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {s.entity}
                            {s.count !== null ? ` · ${s.count.toLocaleString()}${s.count_capped ? '+' : ''}` : ''}
                          </Text>
                        </UnstyledButton>
                      </Table.Td>
                      <Table.Td w={40}>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" aria-label={`Actions for ${s.name}`}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconList size={14} />} onClick={() => openAsList(s)}>
                              Open as list
                            </Menu.Item>
                            {canWrite && (
                              <Menu.Item
                                leftSection={<IconCopy size={14} />}
                                onClick={() =>
                                  duplicate.mutate(s.id, {
                                    onSuccess: (copy) => {
                                      notifySuccess(`Segment ${copy.name} created`);
                                      edit(copy);
                                    },
                                    onError: (err) => notifyError(err, 'Could not duplicate the segment'),
                                  })
                                }
                              >
                                Duplicate
                              </Menu.Item>
                            )}
                            {canWrite && (
                              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => onDelete(s)}>
                                Delete
                              </Menu.Item>
                            )}
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          </ListBody>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <SegmentBuilder
              key={builderKey}
              segment={editing === 'new' ? undefined : editing}
              onSaved={(s) => edit(s)}
            />
            {editing !== 'new' && (
              <Button
                variant="light"
                leftSection={<IconList size={16} />}
                onClick={() => openAsList(editing)}
                w="fit-content"
              >
                Open as list
              </Button>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
