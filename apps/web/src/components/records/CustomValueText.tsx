import { Anchor, Badge, Group, Text } from '@mantine/core';
import { formatDate, formatDateTime } from '../format';
import { MoneyText } from './MoneyText';
import type { CustomFieldWire } from './types';

const dash = (
  <Text span size="sm" c="dimmed">
    —
  </Text>
);

/** A custom field's stored value, shown the way its type reads best. */
export function CustomValueText({ def, value }: { def: Pick<CustomFieldWire, 'type'>; value: unknown }) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return dash;
  }
  switch (def.type) {
    case 'money':
      return <MoneyText value={value as { amount: number; currency: string }} />;
    case 'number':
      return (
        <Text span size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {typeof value === 'number' ? value.toLocaleString() : String(value)}
        </Text>
      );
    case 'date':
      return (
        <Text span size="sm">
          {formatDate(`${String(value)}T00:00:00`)}
        </Text>
      );
    case 'datetime':
      return (
        <Text span size="sm">
          {formatDateTime(String(value))}
        </Text>
      );
    case 'boolean':
      return (
        <Text span size="sm">
          {value ? 'Yes' : 'No'}
        </Text>
      );
    case 'multi_select':
      return (
        <Group gap={4} wrap="wrap">
          {(value as string[]).map((v) => (
            <Badge key={v} size="sm" variant="default" radius="sm" tt="none">
              {v}
            </Badge>
          ))}
        </Group>
      );
    case 'url':
      return (
        <Anchor href={String(value)} target="_blank" rel="noopener noreferrer" size="sm">
          {String(value).replace(/^https?:\/\//, '')}
        </Anchor>
      );
    case 'email':
      return (
        <Anchor href={`mailto:${String(value)}`} size="sm">
          {String(value)}
        </Anchor>
      );
    default:
      return (
        <Text span size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {String(value)}
        </Text>
      );
  }
}
