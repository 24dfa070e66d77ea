import { Paper, Stack, Title } from '@mantine/core';
import type { CustomFieldWire } from './types';
import { CustomValueText } from './CustomValueText';
import { DetailList } from './DetailList';

/**
 * The "Custom fields" panel of a record's detail page: each definition's label and the record's
 * value (`values[key]`, shown by its type); nothing at all when `defs` is empty.
 */
export function CustomFieldsPanel({
  defs,
  values,
  cols,
}: {
  defs: CustomFieldWire[];
  values: Record<string, unknown>;
  cols?: number;
}) {
  if (!defs.length) return null;
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        <Title order={2} size="h5">
          Custom fields
        </Title>
        <DetailList
          {...(cols ? { cols } : {})}
          items={defs.map((d) => ({ label: d.label, value: <CustomValueText def={d} value={values[d.key]} /> }))}
        />
      </Stack>
    </Paper>
  );
}
