import { Button, Group, Tooltip } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';

export interface PathStage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  color?: string;
  probability?: number;
}

/**
 * The stages of a record's pipeline as a row of buttons, in board order: stages before the current
 * one are marked done, the current one is filled (`aria-current="step"`). Clicking another stage
 * calls `onSelect` (the page decides: move, or open the won / lost dialog).
 */
export function StagePath({
  stages,
  currentId,
  onSelect,
  disabled = false,
  busyId = null,
  label = 'Stages',
}: {
  stages: PathStage[];
  currentId: string;
  onSelect: (stage: PathStage) => void;
  disabled?: boolean;
  /** The stage a move is on its way to (shows a spinner). */
  busyId?: string | null;
  label?: string;
}) {
  const currentIndex = stages.findIndex((s) => s.id === currentId);
  return (
    <Group component="nav" aria-label={label} gap={6} wrap="wrap">
      {stages.map((s, i) => {
        const current = s.id === currentId;
        const done = currentIndex >= 0 && i < currentIndex && s.kind === 'open';
        const color = s.kind === 'won' ? 'teal' : s.kind === 'lost' ? 'red' : undefined;
        const button = (
          <Button
            key={s.id}
            size="compact-sm"
            radius="xl"
            variant={current ? 'filled' : done ? 'light' : 'default'}
            color={current || done ? color : undefined}
            leftSection={done ? <IconCheck size={14} aria-hidden /> : undefined}
            aria-current={current ? 'step' : undefined}
            disabled={disabled && !current}
            loading={busyId === s.id}
            onClick={() => {
              if (!current) onSelect(s);
            }}
          >
            {s.name}
          </Button>
        );
        return s.probability !== undefined ? (
          <Tooltip key={s.id} label={`${s.probability}% probability`} withArrow openDelay={400}>
            {button}
          </Tooltip>
        ) : (
          button
        );
      })}
    </Group>
  );
}
