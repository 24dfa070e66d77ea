import { Group, Progress, SimpleGrid, type SimpleGridProps, Stack, Text } from '@mantine/core';
import type { ImportWire } from './imports-api';

/** A count with its label (used for the dry-run and run summaries). */
export function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0} role="group" aria-label={label}>
      <Text size="xl" fw={700} c={color}>
        {value.toLocaleString()}
      </Text>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
    </Stack>
  );
}

/** What a run did so far: created / updated / skipped / failed (failures in red). */
export function RunCounts({
  progress: p,
  cols = 4,
}: {
  progress: ImportWire['progress'];
  cols?: SimpleGridProps['cols'];
}) {
  return (
    <SimpleGrid cols={cols} spacing="sm">
      <Stat label="Created" value={p.created} color="teal" />
      <Stat label="Updated" value={p.updated} color="blue" />
      <Stat label="Skipped" value={p.skipped} />
      <Stat label="Failed" value={p.failed} color={p.failed ? 'red' : undefined} />
    </SimpleGrid>
  );
}

/**
 * The live progress of a dry run, run or revert: a bar of rows done / total (striped and animated
 * while it works; full when `indeterminate`) and, for a run, created / updated / skipped / failed.
 */
export function ProgressPanel({
  imp,
  label,
  counts = true,
  indeterminate = false,
}: {
  imp: ImportWire;
  label: string;
  counts?: boolean;
  /** No row count to show yet (queued) or none kept (revert): a full, moving bar. */
  indeterminate?: boolean;
}) {
  const p = imp.progress;
  const total = p.rows_total || imp.file.row_count;
  const pct = total ? Math.min(100, Math.round((p.rows_done / total) * 100)) : 0;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="sm" c="dimmed" data-testid="import-rows-done">
          {p.rows_done.toLocaleString()} / {total.toLocaleString()} rows
        </Text>
      </Group>
      <Progress value={indeterminate ? 100 : pct} size="lg" striped animated aria-label={label} />
      {counts && <RunCounts progress={p} />}
    </Stack>
  );
}
