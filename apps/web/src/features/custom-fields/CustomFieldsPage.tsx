import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Tooltip,
} from '@mantine/core';
import {
  IconArchive,
  IconArchiveOff,
  IconArrowDown,
  IconArrowUp,
  IconBuildingSkyscraper,
  IconForms,
  IconLock,
  IconPencil,
  IconPlus,
  IconUsers,
} from '@tabler/icons-react';
import { CUSTOM_FIELD_TYPE_LABELS, type CustomFieldEntity, roleAtLeast } from '@relata/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { EmptyBlock } from '../../components/EmptyBlock';
import { ListBody } from '../../components/ListBody';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { useCustomFieldDefs } from '../../components/records/records-api';
import type { CustomFieldWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { useReorderCustomFields, useUpdateCustomField } from './custom-fields-api';
import { CustomFieldModal } from './CustomFieldModal';

function FieldsPanel({ entity, canEdit }: { entity: CustomFieldEntity; canEdit: boolean }) {
  const defs = useCustomFieldDefs(entity, true);
  const update = useUpdateCustomField();
  const reorder = useReorderCustomFields();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<CustomFieldWire | 'new' | null>(null);
  const all = [...(defs.data ?? [])].sort((a, b) => a.position - b.position);
  const active = all.filter((f) => !f.archived);
  const archived = all.filter((f) => f.archived);
  const rows = showArchived ? [...active, ...archived] : active;
  const noun = entity === 'company' ? 'companies' : 'contacts';

  const move = (index: number, by: -1 | 1) => {
    const ids = active.map((f) => f.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    reorder.mutate(
      { entity, ids: [...ids, ...archived.map((f) => f.id)] },
      { onError: (err) => notifyError(err, 'Could not reorder the fields') },
    );
  };
  const setArchived = (f: CustomFieldWire, value: boolean) =>
    update.mutate(
      { id: f.id, version: f.version, archived: value },
      {
        onSuccess: () =>
          notifySuccess(
            value ? `${f.label} archived: hidden from forms and lists, values kept` : `${f.label} restored`,
          ),
        onError: (err) => notifyError(err, value ? 'Could not archive the field' : 'Could not restore the field'),
      },
    );
  const newButton = canEdit && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
      New field
    </Button>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Switch
          label={`Show archived (${archived.length})`}
          checked={showArchived}
          onChange={(e) => setShowArchived(e.currentTarget.checked)}
          disabled={archived.length === 0}
        />
        {newButton}
      </Group>
      <ListBody
        query={defs}
        isEmpty={rows.length === 0}
        errorTitle="Could not load the custom fields"
        empty={
          <EmptyBlock
            icon={<IconForms size={24} />}
            title={`No custom fields for ${noun}`}
            description={`Add fields such as “Renewal date” or “Account tier” to record what matters to your team about ${noun}.`}
            action={newButton || undefined}
          />
        }
      >
        <DataTable
          label={`Custom fields of ${noun}`}
          minWidth={760}
          columns={[
            { label: 'Order', width: 90 },
            'Label',
            'Key',
            'Type',
            'Options',
            { label: 'Actions', width: 100, hidden: true },
          ]}
        >
          {rows.map((f) => {
            const index = active.indexOf(f);
            return (
              <Table.Tr key={f.id} style={f.archived ? { opacity: 0.6 } : undefined}>
                <Table.Td>
                  {!f.archived && canEdit && (
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${f.label} up`}
                        disabled={index === 0 || reorder.isPending}
                        onClick={() => move(index, -1)}
                      >
                        <IconArrowUp size={16} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Move ${f.label} down`}
                        disabled={index === active.length - 1 || reorder.isPending}
                        onClick={() => move(index, 1)}
                      >
                        <IconArrowDown size={16} />
                      </ActionIcon>
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {f.label}
                    </Text>
                    {f.required && (
                      <Badge size="xs" variant="light" color="red" tt="none">
                        Required
                      </Badge>
                    )}
                    {f.archived && (
                      <Badge size="xs" variant="default" tt="none">
                        Archived
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Code>{f.key}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{CUSTOM_FIELD_TYPE_LABELS[f.type]}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={f.options.length ? undefined : 'dimmed'} lineClamp={2}>
                    {f.options.length ? f.options.join(', ') : '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Group gap={2} wrap="nowrap" justify="flex-end">
                      <Tooltip label={`Edit ${f.label}`} withArrow>
                        <ActionIcon variant="subtle" aria-label={`Edit ${f.label}`} onClick={() => setEditing(f)}>
                          <IconPencil size={16} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={f.archived ? `Restore ${f.label}` : `Archive ${f.label}`} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color={f.archived ? 'teal' : 'gray'}
                          aria-label={f.archived ? `Restore ${f.label}` : `Archive ${f.label}`}
                          onClick={() => setArchived(f, !f.archived)}
                          loading={update.isPending && update.variables?.id === f.id}
                        >
                          {f.archived ? <IconArchiveOff size={16} /> : <IconArchive size={16} />}
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </DataTable>
      </ListBody>
      <CustomFieldModal
        opened={editing !== null}
        entity={entity}
        field={editing && editing !== 'new' ? editing : undefined}
        onClose={() => setEditing(null)}
      />
    </Stack>
  );
}

/** Settings → Custom fields: the fields of companies and of contacts; admins add, edit, reorder and archive them. */
export function CustomFieldsPage() {
  const role = useRole();
  const canEdit = role !== null && roleAtLeast(role, 'admin');
  const [params, setParams] = useSearchParams();
  const entity: CustomFieldEntity = params.get('entity') === 'contact' ? 'contact' : 'company';
  return (
    <>
      <PageHeader
        title="Custom fields"
        description="Extra fields on companies and contacts: shown in forms and detail pages, filterable and sortable in lists."
      />
      {!canEdit && (
        <Alert variant="light" color="gray" icon={<IconLock size={18} />} mb="md">
          Only admins and owners can change custom fields.
        </Alert>
      )}
      <Tabs
        value={entity}
        onChange={(v) => setParams(v === 'contact' ? { entity: 'contact' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="company" leftSection={<IconBuildingSkyscraper size={16} />}>
            Company fields
          </Tabs.Tab>
          <Tabs.Tab value="contact" leftSection={<IconUsers size={16} />}>
            Contact fields
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="company">
          <FieldsPanel entity="company" canEdit={canEdit} />
        </Tabs.Panel>
        <Tabs.Panel value="contact">
          <FieldsPanel entity="contact" canEdit={canEdit} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
