import { Button, Checkbox, Divider, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconColumns3 } from '@tabler/icons-react';
import type { ColumnVisibility } from './column-visibility';

export interface ChoosableColumn {
  id: string;
  label: string;
}

/** "Columns" button: a checkbox per column to show or hide it, and "Reset to default". */
export function ColumnChooser({
  columns,
  visibility,
  onChange,
  onReset,
}: {
  columns: ChoosableColumn[];
  visibility: ColumnVisibility;
  onChange: (id: string, visible: boolean) => void;
  onReset: () => void;
}) {
  const visibleCount = columns.filter((c) => visibility[c.id] !== false).length;
  return (
    <Popover position="bottom-end" shadow="md" width={240} trapFocus>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns3 size={16} />}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" role="group" aria-label="Visible columns">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Visible columns
          </Text>
          <ScrollArea.Autosize mah={320} type="auto">
            <Stack gap={8}>
              {columns.map((c) => {
                const checked = visibility[c.id] !== false;
                return (
                  <Checkbox
                    key={c.id}
                    label={c.label}
                    checked={checked}
                    // Keep at least one column.
                    disabled={checked && visibleCount === 1}
                    onChange={(e) => onChange(c.id, e.currentTarget.checked)}
                  />
                );
              })}
            </Stack>
          </ScrollArea.Autosize>
          <Divider />
          <Button size="xs" variant="subtle" onClick={onReset}>
            Reset to default
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
