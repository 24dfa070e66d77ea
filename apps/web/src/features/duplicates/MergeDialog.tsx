import { Alert, Button, Group, Modal, Radio, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { MERGE_FIELD_LABELS, type DuplicateType } from '@relata/shared';
import { useMemo, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { formatMoney } from '../../components/records/money';
import { useMerge, type DuplicateGroupWire } from './duplicates-api';

type RecordWire = DuplicateGroupWire['records'][number];

/** A field value as text (money in the currency's units, addresses joined). */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('amount' in o && 'currency' in o)
      return formatMoney({ amount: Number(o.amount), currency: String(o.currency) });
    return Object.values(o)
      .filter((x) => x !== null && x !== '')
      .join(', ');
  }
  return String(v);
}

const labelOf = (field: string) =>
  field.startsWith('custom_fields.') ? field.slice('custom_fields.'.length) : (MERGE_FIELD_LABELS[field] ?? field);

/** Fields whose values differ between the records (only those need a choice). */
function differing(records: RecordWire[]): string[] {
  const fields = [...new Set(records.flatMap((r) => Object.keys(r.fields)))];
  return fields.filter((f) => new Set(records.map((r) => JSON.stringify(r.fields[f] ?? null))).size > 1);
}

/**
 * The merge dialog: the group's records side by side, a radio per column for the survivor, a radio
 * per differing field for the value to keep (default: the survivor's, or the first non-empty one),
 * then a confirmation step before `POST /api/v1/merge`. Closes and notifies on success.
 */
export function MergeDialog({
  type,
  group,
  onClose,
}: {
  type: DuplicateType;
  group: DuplicateGroupWire | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={!!group} onClose={onClose} title="Merge records" size="xl">
      {group && <MergeForm type={type} group={group} onClose={onClose} />}
    </Modal>
  );
}

function MergeForm({ type, group, onClose }: { type: DuplicateType; group: DuplicateGroupWire; onClose: () => void }) {
  const records = group.records;
  const [survivor, setSurvivor] = useState(records[0]!.id);
  const fields = useMemo(() => differing(records), [records]);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const merge = useMerge();
  const pick = (field: string) => {
    if (chosen[field]) return chosen[field];
    const own = records.find((r) => r.id === survivor)!;
    const v = own.fields[field];
    if (v !== null && v !== '' && v !== undefined) return survivor;
    return records.find((r) => r.id !== survivor && r.fields[field] != null && r.fields[field] !== '')?.id ?? survivor;
  };
  const submit = () =>
    merge.mutate(
      {
        type,
        survivor_id: survivor,
        merged_ids: records.filter((r) => r.id !== survivor).map((r) => r.id),
        fields: Object.fromEntries(fields.map((f) => [f, pick(f)])),
        versions: Object.fromEntries(records.map((r) => [r.id, r.version])),
      },
      {
        onSuccess: () => {
          notifySuccess(`${records.length} records merged into ${records.find((r) => r.id === survivor)!.name}`);
          onClose();
        },
      },
    );
  return (
    <Stack gap="md">
      <ErrorAlert error={merge.error} title="Could not merge" />
      <ScrollArea>
        <Table withTableBorder withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Keep</Table.Th>
              {records.map((r) => (
                <Table.Th key={r.id}>
                  <Radio
                    name="survivor"
                    label={survivor === r.id ? `${r.name} (survivor)` : r.name}
                    aria-label={`Keep ${r.name} as the survivor`}
                    checked={survivor === r.id}
                    onChange={() => {
                      setSurvivor(r.id);
                      setConfirming(false);
                    }}
                  />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f}>
                <Table.Th scope="row">{labelOf(f)}</Table.Th>
                {records.map((r) => (
                  <Table.Td key={r.id}>
                    <Radio
                      name={`field-${f}`}
                      label={showValue(r.fields[f])}
                      aria-label={`${labelOf(f)}: ${showValue(r.fields[f])} from ${r.name}`}
                      checked={pick(f) === r.id}
                      onChange={() => setChosen((c) => ({ ...c, [f]: r.id }))}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {fields.length === 0 && (
        <Text size="sm" c="dimmed">
          The records hold the same values.
        </Text>
      )}
      {confirming && (
        <Alert color="red" variant="light" title="Merge these records?">
          The other {records.length - 1} {records.length === 2 ? 'record goes' : 'records go'} to the recycle bin, and
          their activities, notes, deals, tags and links move to the survivor.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        {confirming ? (
          <Button color="red" loading={merge.isPending} onClick={submit}>
            Confirm merge
          </Button>
        ) : (
          <Button onClick={() => setConfirming(true)}>Merge {records.length} records</Button>
        )}
      </Group>
    </Stack>
  );
}
