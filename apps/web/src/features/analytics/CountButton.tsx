import { Button, Text } from '@mantine/core';
import { formatFigure } from './analytics-format';

/**
 * A count that opens the records behind it (`onOpen`), with `label` as its accessible name; a plain
 * "0" when there is nothing to open.
 */
export function CountButton({
  count,
  label,
  onOpen,
  testId,
}: {
  count: number;
  label: string;
  onOpen: () => void;
  testId?: string;
}) {
  if (count === 0) {
    return (
      <Text span size="sm" c="dimmed" px={8} data-testid={testId}>
        0
      </Text>
    );
  }
  return (
    <Button variant="subtle" size="compact-sm" onClick={onOpen} aria-label={label} data-testid={testId}>
      {formatFigure(count, 'count')}
    </Button>
  );
}
