import { Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { CUSTOM_FIELD_TYPE_LABELS, CUSTOM_FIELD_TYPES, type CustomFieldType } from '@relata/shared';
import { useState } from 'react';
import type { ImportTargetWire } from './imports-api';
import { addNewField, type Draft, NEW_FIELD, setTarget, SKIP, targetGroups } from './mapping-model';

/** Custom field types an import can create (choice lists need their options defined first). */
const NEW_FIELD_TYPES = CUSTOM_FIELD_TYPES.filter((t) => t !== 'select' && t !== 'multi_select').map((t) => ({
  value: t,
  label: CUSTOM_FIELD_TYPE_LABELS[t],
}));

function NewFieldForm({
  header,
  onAdd,
  onCancel,
}: {
  header: string;
  onAdd: (label: string, type: CustomFieldType) => void;
  onCancel: () => void;
}) {
  const [label, setLabel] = useState(header);
  const [type, setType] = useState<CustomFieldType>('text');
  return (
    <Group gap="xs" align="flex-end" mt={6} wrap="nowrap">
      <TextInput
        size="xs"
        label="New field label"
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
        error={label.trim() ? undefined : 'Is required'}
        data-autofocus
      />
      <Select
        size="xs"
        label="Type"
        data={NEW_FIELD_TYPES}
        value={type}
        onChange={(v) => v && setType(v as CustomFieldType)}
        allowDeselect={false}
        w={130}
      />
      <Button size="xs" disabled={!label.trim()} onClick={() => onAdd(label.trim(), type)}>
        Add field
      </Button>
      <Button size="xs" variant="default" onClick={onCancel}>
        Cancel
      </Button>
    </Group>
  );
}

/**
 * One row per file column: its header, up to three sample values and a searchable target select
 * (fields / relations / custom fields, "Don't import", "Create custom field…" with label + type).
 * `errors` are the API's messages per column index.
 */
export function ColumnMappingTable({
  headers,
  sampleRows,
  targets,
  draft,
  onChange,
  errors,
  suggested,
}: {
  headers: string[];
  sampleRows: string[][];
  targets: ImportTargetWire[];
  draft: Draft;
  onChange: (d: Draft) => void;
  errors: Map<number, string[]>;
  suggested: Record<string, string | null>;
}) {
  const [creatingFor, setCreatingFor] = useState<number | null>(null);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs" aria-label="Column mapping" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="22%">Column in file</Table.Th>
            <Table.Th w="33%">Sample values</Table.Th>
            <Table.Th>Import into</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {headers.map((header, col) => {
            const samples = sampleRows
              .map((r) => r[col] ?? '')
              .filter((v) => v.trim() !== '')
              .slice(0, 3);
            const target = draft.mapping[String(col)] ?? null;
            const wasSuggested = target !== null && suggested[String(col)] === target;
            const name = header || `Column ${col + 1}`;
            return (
              <Table.Tr key={col} data-testid={`mapping-row-${col}`}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {name}
                  </Text>
                  {wasSuggested && (
                    <Text size="xs" c="dimmed">
                      Suggested
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {samples.length ? (
                    <Text size="xs" c="dimmed" lineClamp={2} title={samples.join(' · ')}>
                      {samples.join(' · ')}
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed" fs="italic">
                      empty in the first rows
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Import column ${name} into`}
                    data={targetGroups(targets, draft, col)}
                    value={target ?? SKIP}
                    searchable
                    allowDeselect={false}
                    nothingFoundMessage="No such field"
                    maxDropdownHeight={320}
                    comboboxProps={{ withinPortal: true }}
                    error={errors.get(col)?.join('; ')}
                    onChange={(v) => {
                      if (v === NEW_FIELD) setCreatingFor(col);
                      else {
                        setCreatingFor(null);
                        onChange(setTarget(draft, col, v === SKIP || v === null ? null : v));
                      }
                    }}
                  />
                  {creatingFor === col && (
                    <NewFieldForm
                      header={header}
                      onCancel={() => setCreatingFor(null)}
                      onAdd={(label, type) => {
                        setCreatingFor(null);
                        onChange(addNewField(draft, col, label, type));
                      }}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
