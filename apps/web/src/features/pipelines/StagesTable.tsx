import { ActionIcon, Badge, Button, Group, Paper, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  type Modifier,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { notifyError } from '../../components/notify';
import type { PipelineWire, StageWire } from '../../components/board/types';
import { DeleteStageModal } from './DeleteStageModal';
import { STAGE_KIND_LABELS } from './pipeline-defaults';
import { useReorderStages } from './pipelines-api';
import { StageFormModal } from './StageFormModal';

/** Rows move up and down only. */
const restrictToVerticalAxis: Modifier = ({ transform }) => ({ ...transform, x: 0 });

const KIND_COLORS = { open: 'blue', won: 'teal', lost: 'red' } as const;

function StageRow({
  stage,
  index,
  count,
  canEdit,
  busy,
  noun,
  onMove,
  onEdit,
  onDelete,
}: {
  stage: StageWire;
  index: number;
  count: number;
  canEdit: boolean;
  busy: boolean;
  noun: string;
  onMove: (from: number, to: number) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const sortable = useSortable({ id: stage.id, disabled: !canEdit || busy });
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = sortable;
  return (
    <Table.Tr
      ref={setNodeRef}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        position: 'relative',
        zIndex: isDragging ? 1 : undefined,
        background: isDragging ? 'var(--mantine-color-body)' : undefined,
        boxShadow: isDragging ? 'var(--mantine-shadow-md)' : undefined,
      }}
    >
      {canEdit && (
        <Table.Td>
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              ref={setActivatorNodeRef}
              variant="subtle"
              color="gray"
              {...attributes}
              {...listeners}
              aria-label={`Drag ${stage.name}`}
              style={{ cursor: 'grab' }}
            >
              <IconGripVertical size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move ${stage.name} up`}
              disabled={index === 0 || busy}
              onClick={() => onMove(index, index - 1)}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={`Move ${stage.name} down`}
              disabled={index === count - 1 || busy}
              onClick={() => onMove(index, index + 1)}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
          </Group>
        </Table.Td>
      )}
      <Table.Td>
        <Group gap={8} wrap="nowrap">
          <span
            aria-hidden
            style={{ width: 12, height: 12, borderRadius: 6, background: stage.color, flex: '0 0 12px' }}
          />
          <Text size="sm" fw={600}>
            {stage.name}
          </Text>
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" c="dimmed">
          {stage.color}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {stage.probability}%
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={KIND_COLORS[stage.kind]} tt="none">
          {STAGE_KIND_LABELS[stage.kind]}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c={stage.record_count ? undefined : 'dimmed'}>
          {stage.record_count.toLocaleString()} {noun}
        </Text>
      </Table.Td>
      {canEdit && (
        <Table.Td>
          <Group gap={2} wrap="nowrap" justify="flex-end">
            <Tooltip label={`Edit ${stage.name}`} withArrow>
              <ActionIcon variant="subtle" aria-label={`Edit ${stage.name}`} onClick={onEdit}>
                <IconPencil size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={`Delete ${stage.name}`} withArrow>
              <ActionIcon variant="subtle" color="red" aria-label={`Delete ${stage.name}`} onClick={onDelete}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/**
 * A pipeline's stages in board order: managers reorder them by dragging a row (or with the up/down
 * buttons — one `PUT …/stages/order` either way), edit, add and delete them; others only read.
 */
export function StagesTable({ pipeline, canEdit, noun }: { pipeline: PipelineWire; canEdit: boolean; noun: string }) {
  const reorder = useReorderStages(pipeline.kind);
  const [editing, setEditing] = useState<StageWire | 'new' | null>(null);
  const [deleting, setDeleting] = useState<StageWire | null>(null);
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const move = (from: number, to: number) => {
    if (from === to || to < 0 || to >= stages.length) return;
    const ids = arrayMove(
      stages.map((s) => s.id),
      from,
      to,
    );
    reorder.mutate(
      { pipeline, stageIds: ids },
      { onError: (err) => notifyError(err, `Could not reorder the stages of ${pipeline.name}`) },
    );
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    move(
      stages.findIndex((s) => s.id === active.id),
      stages.findIndex((s) => s.id === over.id),
    );
  };

  return (
    <>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={680} type="native">
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            modifiers={[restrictToVerticalAxis]}
            onDragEnd={onDragEnd}
          >
            <Table verticalSpacing="xs" aria-label={`Stages of ${pipeline.name}`}>
              <Table.Thead>
                <Table.Tr>
                  {canEdit && <Table.Th w={120}>Order</Table.Th>}
                  <Table.Th>Stage</Table.Th>
                  <Table.Th w={110}>Colour</Table.Th>
                  <Table.Th w={110}>Probability</Table.Th>
                  <Table.Th w={90}>Kind</Table.Th>
                  <Table.Th w={130}>Records</Table.Th>
                  {canEdit && (
                    <Table.Th w={90}>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <SortableContext items={stages.map((s) => s.id)} strategy={verticalListSortingStrategy}>
                  {stages.map((stage, index) => (
                    <StageRow
                      key={stage.id}
                      stage={stage}
                      index={index}
                      count={stages.length}
                      canEdit={canEdit}
                      busy={reorder.isPending}
                      noun={noun}
                      onMove={move}
                      onEdit={() => setEditing(stage)}
                      onDelete={() => setDeleting(stage)}
                    />
                  ))}
                </SortableContext>
              </Table.Tbody>
            </Table>
          </DndContext>
        </Table.ScrollContainer>
      </Paper>
      {canEdit && (
        <Group mt="xs">
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
            Add stage
          </Button>
        </Group>
      )}
      <StageFormModal
        opened={editing !== null}
        pipeline={pipeline}
        stage={editing && editing !== 'new' ? editing : undefined}
        onClose={() => setEditing(null)}
      />
      <DeleteStageModal pipeline={pipeline} stage={deleting} noun={noun} onClose={() => setDeleting(null)} />
    </>
  );
}
