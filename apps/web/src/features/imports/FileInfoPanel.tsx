import { Badge, Group, Select, Stack, Table, Text } from '@mantine/core';
import type { ImportEncoding, ImportOptionsInput } from '@relata/shared';
import type { ImportWire } from './imports-api';
import { DELIMITER_LABELS, ENCODING_LABELS, formatBytes } from './labels';

const DETECTED = 'detected';

/**
 * What inspection found (format, encoding, delimiter, sheet, rows) with overrides that re-read the
 * file (`onOverride` sends them: PATCH options), and the first sample rows as read.
 */
export function FileInfoPanel({
  imp,
  onOverride,
  busy,
  errors,
}: {
  imp: ImportWire;
  onOverride: (o: Pick<ImportOptionsInput, 'encoding' | 'delimiter' | 'sheet'>) => void;
  busy: boolean;
  errors: Map<string, string[]>;
}) {
  const f = imp.file;
  const o = imp.options;
  const csv = f.format === 'csv';
  const delimiters = {
    ...DELIMITER_LABELS,
    ...(f.delimiter && !DELIMITER_LABELS[f.delimiter] ? { [f.delimiter]: f.delimiter } : {}),
  };
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge variant="light" tt="uppercase">
          {f.format}
        </Badge>
        <Text size="sm">
          <b>{f.name}</b> · {formatBytes(f.size_bytes)} · {f.row_count.toLocaleString()} rows · {f.headers.length}{' '}
          columns
        </Text>
      </Group>
      {csv && (
        <Group gap="sm" align="flex-start">
          <Select
            label="Encoding"
            description={`Detected: ${f.encoding ?? 'unknown'}`}
            data={[
              { value: DETECTED, label: `As detected (${f.encoding ?? '?'})` },
              ...Object.entries(ENCODING_LABELS).map(([value, label]) => ({ value, label })),
            ]}
            value={o.encoding ?? DETECTED}
            onChange={(v) => onOverride({ encoding: v === DETECTED || !v ? null : (v as ImportEncoding) })}
            allowDeselect={false}
            disabled={busy}
            error={errors.get('encoding')?.join('; ')}
            w={240}
          />
          <Select
            label="Delimiter"
            description={`Detected: ${DELIMITER_LABELS[f.delimiter ?? ''] ?? f.delimiter ?? '?'}`}
            data={[
              { value: DETECTED, label: 'As detected' },
              ...Object.entries(delimiters).map(([value, label]) => ({ value, label })),
            ]}
            value={o.delimiter ?? DETECTED}
            onChange={(v) => onOverride({ delimiter: v === DETECTED || !v ? null : v })}
            allowDeselect={false}
            disabled={busy}
            error={errors.get('delimiter')?.join('; ')}
            w={200}
          />
        </Group>
      )}
      {f.format === 'xlsx' && (
        <Select
          label="Sheet"
          description={f.sheets.length > 1 ? `${f.sheets.length} sheets in the workbook` : 'The only sheet'}
          data={f.sheets}
          value={f.sheet}
          onChange={(v) => v && v !== f.sheet && onOverride({ sheet: v })}
          allowDeselect={false}
          disabled={busy || f.sheets.length < 2}
          error={errors.get('sheet')?.join('; ')}
          w={280}
        />
      )}
      <Table.ScrollContainer minWidth={600} maxHeight={260}>
        <Table aria-label="First rows of the file" withTableBorder withColumnBorders fz="xs" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              {f.headers.map((h, i) => (
                <Table.Th key={i} style={{ whiteSpace: 'nowrap' }}>
                  {h || `Column ${i + 1}`}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imp.sample_rows.map((r, n) => (
              <Table.Tr key={n}>
                <Table.Td c="dimmed">{n + 2}</Table.Td>
                {f.headers.map((_h, i) => (
                  <Table.Td
                    key={i}
                    style={{ whiteSpace: 'nowrap', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis' }}
                  >
                    {r[i] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
