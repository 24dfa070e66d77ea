import { ActionIcon, Alert, Badge, Button, Group, Menu, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconDotsVertical,
  IconFilter,
  IconLayoutKanban,
  IconLock,
  IconPencil,
  IconPlus,
  IconStar,
  IconTrash,
} from '@tabler/icons-react';
import { type PipelineKind, roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../components/api';
import type { PipelineWire } from '../../components/board/types';
import { confirmDanger } from '../../components/confirm';
import { EmptyBlock } from '../../components/EmptyBlock';
import { ListBody } from '../../components/ListBody';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { useRole } from '../../components/session';
import { FormErrorAlert } from './FormErrorAlert';
import { PipelineFormModal } from './PipelineFormModal';
import { useDeletePipeline, usePipelines, useUpdatePipeline } from './pipelines-api';
import { StagesTable } from './StagesTable';

function PipelineCard({ pipeline, canEdit, noun }: { pipeline: PipelineWire; canEdit: boolean; noun: string }) {
  const update = useUpdatePipeline();
  const remove = useDeletePipeline();
  const [renaming, setRenaming] = useState(false);
  const records = pipeline.stages.reduce((n, s) => n + s.record_count, 0);

  const makeDefault = () =>
    update.mutate(
      { id: pipeline.id, version: pipeline.version, body: { is_default: true } },
      {
        onSuccess: () => notifySuccess(`${pipeline.name} is now the default pipeline`),
        onError: (err) => notifyError(err, `Could not make ${pipeline.name} the default`),
      },
    );
  const askDelete = () =>
    confirmDanger({
      title: `Delete ${pipeline.name}?`,
      message:
        records > 0
          ? `It holds ${records} ${noun}: move them to another pipeline (or purge them) first.`
          : `The pipeline and its ${pipeline.stages.length} stages are deleted. This cannot be undone.`,
      confirmLabel: 'Delete pipeline',
      onConfirm: () =>
        remove.mutate(pipeline.id, { onSuccess: () => notifySuccess(`Pipeline ${pipeline.name} deleted`) }),
    });

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={pipeline.name}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap="xs">
          <Title order={2} size="h4">
            {pipeline.name}
          </Title>
          {pipeline.is_default && (
            <Badge variant="light" leftSection={<IconStar size={12} />} tt="none">
              Default
            </Badge>
          )}
          <Text size="sm" c="dimmed">
            {pipeline.stages.length} stages · {records.toLocaleString()} {noun}
          </Text>
        </Group>
        {canEdit && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${pipeline.name}`}>
                <IconDotsVertical size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setRenaming(true)}>
                Rename
              </Menu.Item>
              <Menu.Item leftSection={<IconStar size={14} />} disabled={pipeline.is_default} onClick={makeDefault}>
                Make default
              </Menu.Item>
              <Menu.Divider />
              <Menu.Item
                color="red"
                leftSection={<IconTrash size={14} />}
                disabled={pipeline.is_default}
                onClick={askDelete}
              >
                {pipeline.is_default ? 'Delete (make another default first)' : 'Delete'}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {remove.error instanceof Error && (
        <Stack mb="sm">
          <FormErrorAlert
            error={
              remove.error instanceof ApiError && remove.error.status === 409
                ? new Error(`${pipeline.name} cannot be deleted: ${remove.error.message}`)
                : remove.error
            }
            fields={[]}
          />
        </Stack>
      )}
      <StagesTable pipeline={pipeline} canEdit={canEdit} noun={noun} />
      <PipelineFormModal
        opened={renaming}
        kind={pipeline.kind}
        pipeline={pipeline}
        onClose={() => setRenaming(false)}
      />
    </Paper>
  );
}

function KindPanel({ kind, canEdit }: { kind: PipelineKind; canEdit: boolean }) {
  const pipelines = usePipelines(kind);
  const [creating, setCreating] = useState(false);
  const noun = kind === 'leads' ? 'leads' : 'deals';
  const list = pipelines.data ?? [];
  const newButton = canEdit && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New pipeline
    </Button>
  );
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {kind === 'leads'
            ? 'Lead pipelines take prospects from first touch to qualified or disqualified.'
            : 'Deal pipelines take opportunities to won or lost; stage probabilities weight the forecast.'}
        </Text>
        {newButton}
      </Group>
      <ListBody
        query={pipelines}
        isEmpty={list.length === 0}
        errorTitle="Could not load the pipelines"
        empty={
          <EmptyBlock
            icon={<IconLayoutKanban size={24} />}
            title={`No ${noun} pipelines`}
            description={`Create one to put ${noun} on a board.`}
            action={newButton || undefined}
          />
        }
      >
        {list.map((p) => (
          <PipelineCard key={p.id} pipeline={p} canEdit={canEdit} noun={noun} />
        ))}
      </ListBody>
      <PipelineFormModal opened={creating} kind={kind} onClose={() => setCreating(false)} />
    </Stack>
  );
}

/**
 * Settings → Pipelines: the lead and deal pipelines with their stages. Managers and above create,
 * rename, make default and delete pipelines and add, edit, reorder and delete stages; everyone else reads.
 */
export function PipelinesSettingsPage() {
  const role = useRole();
  const canEdit = role !== null && roleAtLeast(role, 'manager');
  const [params, setParams] = useSearchParams();
  const kind: PipelineKind = params.get('kind') === 'deals' ? 'deals' : 'leads';
  return (
    <>
      <PageHeader
        title="Pipelines"
        description="The stages leads and deals move through on their boards: order, colour, probability and whether a stage means won or lost."
      />
      {!canEdit && (
        <Alert variant="light" color="gray" icon={<IconLock size={18} />} mb="md">
          Only managers, admins and owners can change pipelines.
        </Alert>
      )}
      <Tabs
        value={kind}
        onChange={(v) => setParams(v === 'deals' ? { kind: 'deals' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="leads" leftSection={<IconFilter size={16} />}>
            Leads
          </Tabs.Tab>
          <Tabs.Tab value="deals" leftSection={<IconLayoutKanban size={16} />}>
            Deals
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="leads">
          <KindPanel kind="leads" canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="deals">
          <KindPanel kind="deals" canEdit={canEdit} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
