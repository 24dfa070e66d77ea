import { ActionIcon, Avatar, Badge, Group, Menu, Paper, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowsExchange, IconCheck, IconGripVertical, IconUser } from '@tabler/icons-react';
import type { DraggableAttributes, DraggableSyntheticListeners } from '@dnd-kit/core';
import type { CSSProperties, PointerEventHandler } from 'react';
import { MoneyText } from '../records/MoneyText';
import { TagBadges } from '../records/TagBadges';
import type { BoardCardWire, StageWire } from './types';

/** Everything a card needs to be dragged (absent on the drag overlay and for read-only viewers). */
export interface CardDrag {
  setNode: (node: HTMLElement | null) => void;
  setActivator: (node: HTMLElement | null) => void;
  attributes: DraggableAttributes;
  listeners: DraggableSyntheticListeners;
  style: CSSProperties;
  isDragging: boolean;
}

function daysLabel(days: number): string {
  if (days <= 0) return 'Today';
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * One lead or deal on the board: an `article` named after the record, its name opening the record,
 * company, amount, owner initials, primary contact, tags and days in stage, plus a "Move to stage"
 * menu (the keyboard's way across columns) and a drag handle.
 */
export function BoardCardView({
  card,
  stages,
  onOpen,
  onMoveTo,
  drag,
  dropIndicator,
  overlay = false,
}: {
  card: BoardCardWire;
  stages: StageWire[];
  onOpen: (card: BoardCardWire) => void;
  /** Absent: the card cannot be moved (viewer, or a closed lead). */
  onMoveTo?: (stage: StageWire) => void;
  drag?: CardDrag;
  /** A line where a card dragged from another column would land. */
  dropIndicator?: 'before' | 'after' | null;
  overlay?: boolean;
}) {
  const company = card.company?.name ?? card.company_name;
  const setNode = drag?.setNode;
  const setActivator = drag?.setActivator;
  const dragAttributes = drag?.attributes;
  const dragListeners = drag?.listeners;
  const dragStyle = drag?.style;
  const isDragging = drag?.isDragging ?? false;
  const draggable = drag !== undefined;
  const indicator = (
    <div aria-hidden style={{ height: 3, borderRadius: 2, background: 'var(--mantine-primary-color-filled)' }} />
  );
  return (
    <Stack gap={4}>
      {dropIndicator === 'before' && indicator}
      <Paper
        ref={setNode}
        component="article"
        aria-label={card.name}
        withBorder
        radius="md"
        p="xs"
        shadow={overlay ? 'lg' : undefined}
        onPointerDown={dragListeners?.onPointerDown as PointerEventHandler<HTMLElement> | undefined}
        style={{
          ...dragStyle,
          opacity: isDragging ? 0.4 : 1,
          cursor: draggable ? 'grab' : undefined,
          touchAction: draggable ? 'manipulation' : undefined,
          background: 'var(--mantine-color-body)',
        }}
      >
        <Group gap={4} wrap="nowrap" align="flex-start">
          {draggable && (
            <ActionIcon
              ref={setActivator}
              variant="subtle"
              color="gray"
              size="sm"
              {...dragAttributes}
              {...dragListeners}
              aria-label={`Drag ${card.name}`}
              style={{ cursor: 'grab' }}
            >
              <IconGripVertical size={14} />
            </ActionIcon>
          )}
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <UnstyledButton
              onClick={() => onOpen(card)}
              style={{ fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)', lineHeight: 1.3 }}
            >
              <Text span inherit lineClamp={2}>
                {card.name}
              </Text>
            </UnstyledButton>
            {company && (
              <Text size="xs" c="dimmed" truncate>
                {company}
              </Text>
            )}
          </Stack>
          {onMoveTo && (
            <Menu position="bottom-end" withinPortal shadow="md" width={220}>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  aria-label={`Move ${card.name} to stage`}
                  onPointerDown={(e) => e.stopPropagation()}
                >
                  <IconArrowsExchange size={14} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>Move to stage</Menu.Label>
                {stages.map((s) => {
                  const current = s.id === card.stage_id;
                  return (
                    <Menu.Item
                      key={s.id}
                      disabled={current}
                      onClick={() => onMoveTo(s)}
                      leftSection={
                        <span
                          aria-hidden
                          style={{ width: 10, height: 10, borderRadius: 5, background: s.color, display: 'block' }}
                        />
                      }
                      rightSection={current ? <IconCheck size={14} aria-label="current stage" /> : undefined}
                    >
                      {s.name}
                    </Menu.Item>
                  );
                })}
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
        <Group justify="space-between" mt={6} gap={6} wrap="nowrap">
          {card.amount ? <MoneyText value={card.amount} fw={600} /> : <span />}
          <Group gap={6} wrap="nowrap">
            {card.status !== 'open' && (
              <Badge
                size="xs"
                variant="light"
                color={card.status === 'won' || card.status === 'converted' ? 'teal' : 'red'}
              >
                {card.status}
              </Badge>
            )}
            <Tooltip label={`In this stage since ${new Date(card.stage_entered_at).toLocaleDateString()}`} withArrow>
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {daysLabel(card.days_in_stage)}
              </Text>
            </Tooltip>
            <Tooltip label={card.owner ? `Owner: ${card.owner.name}` : 'Unassigned'} withArrow>
              {card.owner ? (
                <Avatar
                  size={22}
                  radius="xl"
                  name={card.owner.name}
                  color="initials"
                  aria-label={`Owner ${card.owner.name}`}
                />
              ) : (
                <Avatar size={22} radius="xl" aria-label="Unassigned">
                  <IconUser size={12} />
                </Avatar>
              )}
            </Tooltip>
          </Group>
        </Group>
        {card.primary_contact && (
          <Text size="xs" mt={4} truncate>
            {card.primary_contact.name}
          </Text>
        )}
        {card.tags.length > 0 && (
          <div style={{ marginTop: 6 }}>
            <TagBadges tags={card.tags} max={3} />
          </div>
        )}
      </Paper>
      {dropIndicator === 'after' && indicator}
    </Stack>
  );
}
