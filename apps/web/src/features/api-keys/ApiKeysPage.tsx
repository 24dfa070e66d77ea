import { ActionIcon, Anchor, Badge, Button, Code, Group, Stack, Switch, Table, Text, Tooltip } from '@mantine/core';
import { IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { confirmDanger } from '../../components/confirm';
import { EmptyBlock } from '../../components/EmptyBlock';
import { formatDate, formatDateTime } from '../../components/format';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { ListBody } from '../../components/ListBody';
import { flatten, LoadMore } from '../../components/pagination';
import { useRole } from '../../components/session';
import { type ApiKeyWire, type CreatedApiKeyWire, useApiKeys, useRevokeApiKey } from './api-keys-api';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import { CreatedKeyDialog } from './CreatedKeyDialog';

function status(k: ApiKeyWire): { label: string; color: string } {
  if (k.revoked_at) return { label: 'Revoked', color: 'gray' };
  if (k.expires_at && new Date(k.expires_at).getTime() <= Date.now()) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'teal' };
}

/** Settings → API keys: keys of the organisation (admins: all, others: their own), create and revoke. */
export function ApiKeysPage() {
  const role = useRole();
  const [params, setParams] = useSearchParams();
  const creating = params.get('create') === '1';
  const setCreating = (open: boolean) =>
    setParams(
      (p) => {
        if (open) p.set('create', '1');
        else p.delete('create');
        return p;
      },
      { replace: true },
    );
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [created, setCreated] = useState<CreatedApiKeyWire | null>(null);
  const keys = useApiKeys(includeRevoked);
  const revoke = useRevokeApiKey();
  const rows = flatten(keys.data);

  const onRevoke = (k: ApiKeyWire) =>
    confirmDanger({
      title: `Revoke “${k.name}”?`,
      message: 'Anything using this key loses access immediately. This cannot be undone.',
      confirmLabel: 'Revoke key',
      onConfirm: () =>
        revoke.mutate(k.id, {
          onSuccess: () => notifySuccess(`Key “${k.name}” revoked`),
          onError: (err) => notifyError(err, 'Could not revoke the key'),
        }),
    });

  const createButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      Create API key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys let scripts and integrations call the API as you, limited to their scopes. Send them as{' '}
            <Code>Authorization: Bearer &lt;key&gt;</Code>. See the{' '}
            <Anchor href="/api/docs" target="_blank" rel="noopener">
              API reference
            </Anchor>
            .
          </>
        }
        actions={createButton}
      />
      <Stack gap="md">
        <Switch
          label="Show revoked keys"
          checked={includeRevoked}
          onChange={(e) => setIncludeRevoked(e.currentTarget.checked)}
        />
        <ListBody
          query={keys}
          isEmpty={rows.length === 0}
          errorTitle="Could not load API keys"
          skeletonHeight={140}
          empty={
            <EmptyBlock
              icon={<IconKey size={24} />}
              title="No API keys yet"
              description="Create a key to connect a script, a form or another tool to Relata."
              action={createButton}
            />
          }
        >
          <DataTable
            label="API keys"
            minWidth={820}
            columns={[
              'Name',
              'Key',
              'Scopes',
              'Created',
              'Last used',
              'Expires',
              'Status',
              { label: 'Actions', width: 50, hidden: true },
            ]}
          >
            {rows.map((k) => {
              const st = status(k);
              return (
                <Table.Tr key={k.id} opacity={k.revoked_at ? 0.6 : 1}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {k.name}
                    </Text>
                    {k.created_by && (
                      <Text size="xs" c="dimmed">
                        by {k.created_by.name}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {k.scopes.map((s) => (
                        <Badge key={s} size="sm" variant="outline">
                          {s}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDate(k.created_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{k.last_used_at ? formatDateTime(k.last_used_at) : 'Never'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{k.expires_at ? formatDate(k.expires_at) : 'Never'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={st.color} variant="light">
                      {st.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {!k.revoked_at && (
                      <Tooltip label="Revoke" withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Revoke ${k.name}`}
                          onClick={() => onRevoke(k)}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </DataTable>
        </ListBody>
        <LoadMore {...keys} />
      </Stack>
      {role && (
        <CreateApiKeyModal
          opened={creating}
          onClose={() => setCreating(false)}
          role={role}
          onCreated={(key) => setCreated(key)}
        />
      )}
      <CreatedKeyDialog apiKey={created} onClose={() => setCreated(null)} />
    </>
  );
}
