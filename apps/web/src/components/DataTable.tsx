import { Paper, Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column heading: its text, and optionally a fixed width or a heading read only by screen readers. */
export type Column = string | { label: string; width?: number; hidden?: boolean };

/**
 * A bordered, horizontally scrollable table with a header row built from `columns`; `children`
 * are the body rows (`Table.Tr`). `label` names the table for assistive technology (and tests).
 */
export function DataTable({
  label,
  columns,
  minWidth,
  highlightOnHover = false,
  children,
}: {
  label: string;
  columns: Column[];
  minWidth: number;
  highlightOnHover?: boolean;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={minWidth} type="native">
        <Table verticalSpacing="sm" highlightOnHover={highlightOnHover} aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => {
                const col = typeof c === 'string' ? { label: c } : c;
                return (
                  <Table.Th key={col.label} w={col.width}>
                    {col.hidden ? <VisuallyHidden>{col.label}</VisuallyHidden> : col.label}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
