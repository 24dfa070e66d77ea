import { Button, Group, Popover, Select, Stack, TextInput } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError } from '../../components/api';
import { notifyError, notifySuccess } from '../../components/notify';
import { type ImportWire, useImportMappings, useSaveMapping } from './imports-api';
import { type Draft, mappingByHeader, savableOptions } from './mapping-model';

/**
 * A picker of the entity's saved mappings (`onApply(mappingId)`: PATCH `mapping_id`, applied by
 * header name) and "Save this mapping" (the draft by header name, with its reusable options).
 */
export function SavedMappings({
  imp,
  draft,
  onApply,
  busy,
}: {
  imp: ImportWire;
  draft: Draft;
  onApply: (mappingId: string) => void;
  busy: boolean;
}) {
  const saved = useImportMappings(imp.entity);
  const save = useSaveMapping(imp.entity);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = () =>
    save.mutate(
      {
        name: name.trim(),
        entity: imp.entity,
        mapping: mappingByHeader(imp.file.headers, draft.mapping),
        options: savableOptions(draft.options),
      },
      {
        onSuccess: (m) => {
          setOpen(false);
          setName('');
          notifySuccess(`Mapping "${m.name}" saved`);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.status < 500) setError(err.message);
          else notifyError(err, 'Could not save the mapping');
        },
      },
    );

  return (
    <Group gap="sm" align="flex-end">
      <Select
        label="Saved mapping"
        placeholder={saved.isPending ? 'Loading…' : saved.data?.length ? 'Apply a saved mapping' : 'None saved yet'}
        data={(saved.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
        value={null}
        onChange={(v) => v && onApply(v)}
        disabled={busy || !saved.data?.length}
        error={saved.error ? 'Could not load the saved mappings' : undefined}
        w={260}
      />
      <Popover opened={open} onChange={setOpen} trapFocus position="bottom-start" withArrow shadow="md">
        <Popover.Target>
          <Button
            variant="default"
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={() => {
              setError(null);
              setOpen((o) => !o);
            }}
          >
            Save this mapping
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs" w={260}>
            <TextInput
              label="Mapping name"
              value={name}
              onChange={(e) => {
                setName(e.currentTarget.value);
                setError(null);
              }}
              onKeyDown={(e) => e.key === 'Enter' && name.trim() && submit()}
              error={error}
              data-autofocus
            />
            <Button size="xs" onClick={submit} loading={save.isPending} disabled={!name.trim()}>
              Save mapping
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
