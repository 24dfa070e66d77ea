import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Menu,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import {
  IconArrowBackUp,
  IconCheck,
  IconChecklist,
  IconDots,
  IconPencil,
  IconPlayerPlay,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { confirmDanger } from '../../components/confirm';
import { EmptyBlock } from '../../components/EmptyBlock';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError, notifySuccess } from '../../components/notify';
import { LoadMore } from '../../components/pagination';
import { CompleteActivityDialog } from '../../components/timeline';
import { type ActivityTransition, type ActivityWire, useActivityTransition, useDeleteActivity } from './activities-api';
import {
  ACTIVITY_PRIORITY_COLORS,
  ACTIVITY_PRIORITY_LABELS,
  ACTIVITY_STATUS_COLORS,
  ACTIVITY_STATUS_LABELS,
  ACTIVITY_TYPE_COLORS,
  ACTIVITY_TYPE_ICONS,
  ACTIVITY_TYPE_LABELS,
  formatDue,
  isOverdue,
  linkHref,
  LINK_TYPE_LABELS,
} from './labels';

/** The moves run straight from a row; `complete` goes through the dialog (it asks for an outcome). */
type DirectMove = Exclude<ActivityTransition, 'complete'>;

const DONE_MESSAGES: Record<DirectMove, string> = {
  start: 'Activity started',
  cancel: 'Activity cancelled',
  reopen: 'Activity reopened',
};

/**
 * The status moves and delete of activity rows: `run` sends start / cancel / reopen with `If-Match`
 * (toast on success, the server's message — e.g. a 422 naming both states — on failure);
 * `complete` opens the shared "Complete activity" dialog, which asks for an outcome and sends the
 * move with the activity's version as `If-Match`; `askDelete` confirms before deleting. Returns the
 * actions and the dialog element to render.
 */
export function useActivityActions() {
  const transition = useActivityTransition();
  const remove = useDeleteActivity();
  const [completing, setCompleting] = useState<ActivityWire | null>(null);
  const run = (activity: ActivityWire, move: DirectMove) =>
    transition.mutate(
      { activity, transition: move },
      {
        onSuccess: () => notifySuccess(DONE_MESSAGES[move]),
        onError: (err) => notifyError(err, `Could not ${move} the activity`),
      },
    );
  const askDelete = (activity: ActivityWire) =>
    confirmDanger({
      title: 'Delete this activity?',
      message: `“${activity.subject}” is deleted for good, with its reminder and timeline entries.`,
      confirmLabel: 'Delete activity',
      onConfirm: () =>
        remove.mutate(activity.id, {
          onSuccess: () => notifySuccess('Activity deleted'),
          onError: (err) => notifyError(err, 'Could not delete the activity'),
        }),
    });
  const dialog = <CompleteActivityDialog activity={completing} onClose={() => setCompleting(null)} />;
  return { run, complete: setCompleting, askDelete, dialog, pending: transition.isPending };
}

type Actions = ReturnType<typeof useActivityActions>;

/** The type icon of an activity in its colour, labelled for screen readers. */
export function ActivityTypeIcon({ type, size = 32 }: { type: ActivityWire['type']; size?: number }) {
  const Icon = ACTIVITY_TYPE_ICONS[type];
  return (
    <Tooltip label={ACTIVITY_TYPE_LABELS[type]} withArrow>
      <ThemeIcon
        variant="light"
        color={ACTIVITY_TYPE_COLORS[type]}
        size={size}
        radius="md"
        role="img"
        aria-label={ACTIVITY_TYPE_LABELS[type]}
      >
        <Icon size={size * 0.55} />
      </ThemeIcon>
    </Tooltip>
  );
}

function Row({
  activity,
  showAssignee,
  canWrite,
  onEdit,
  actions,
}: {
  activity: ActivityWire;
  showAssignee: boolean;
  canWrite: boolean;
  onEdit: (a: ActivityWire) => void;
  actions: Actions;
}) {
  const a = activity;
  const open = a.status === 'planned' || a.status === 'in_progress';
  const overdue = isOverdue(a);
  const done = a.status === 'completed' || a.status === 'cancelled';
  return (
    <Paper withBorder radius="md" p="sm" data-testid="activity-row">
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <ActivityTypeIcon type={a.type} />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <UnstyledButton onClick={() => onEdit(a)} aria-label={`Open ${a.subject}`}>
              <Text fw={600} td={done ? 'line-through' : undefined} c={done ? 'dimmed' : undefined} lineClamp={1}>
                {a.subject}
              </Text>
            </UnstyledButton>
            <Badge size="sm" variant="light" color={ACTIVITY_STATUS_COLORS[a.status]}>
              {ACTIVITY_STATUS_LABELS[a.status]}
            </Badge>
            <Badge size="sm" variant="outline" color={ACTIVITY_PRIORITY_COLORS[a.priority]}>
              {ACTIVITY_PRIORITY_LABELS[a.priority]}
            </Badge>
          </Group>
          <Group gap="md" wrap="wrap">
            <Text size="sm" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : undefined}>
              <time
                dateTime={a.due_at ?? undefined}
                title={a.due_at ? dayjs(a.due_at).format('dddd D MMMM YYYY HH:mm') : undefined}
              >
                {overdue ? 'Overdue · ' : ''}
                {formatDue(a)}
              </time>
              {a.duration_minutes && !a.all_day ? ` · ${a.duration_minutes} min` : ''}
            </Text>
            {showAssignee && (
              <Text size="sm" c="dimmed">
                {a.assignee ? a.assignee.name : 'Unassigned'}
              </Text>
            )}
          </Group>
          {a.links.length > 0 && (
            <Group gap="xs" wrap="wrap">
              {a.links.map((l) => (
                <Anchor key={`${l.type}:${l.id}`} component={Link} to={linkHref(l)} size="sm">
                  {LINK_TYPE_LABELS[l.type]}: {l.name}
                </Anchor>
              ))}
            </Group>
          )}
          {a.outcome && (
            <Text size="sm" c="dimmed" lineClamp={2}>
              Outcome: {a.outcome}
            </Text>
          )}
        </Stack>
        {canWrite && (
          <Group gap={4} wrap="nowrap">
            {open ? (
              <Button
                size="xs"
                variant="light"
                color="teal"
                leftSection={<IconCheck size={14} />}
                onClick={() => actions.complete(a)}
                aria-label={`Complete ${a.subject}`}
              >
                Complete
              </Button>
            ) : (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconArrowBackUp size={14} />}
                onClick={() => actions.run(a, 'reopen')}
                aria-label={`Reopen ${a.subject}`}
              >
                Reopen
              </Button>
            )}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${a.subject}`}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onEdit(a)}>
                  Edit
                </Menu.Item>
                {a.status === 'planned' && (
                  <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={() => actions.run(a, 'start')}>
                    Start
                  </Menu.Item>
                )}
                {open && (
                  <Menu.Item leftSection={<IconX size={16} />} onClick={() => actions.run(a, 'cancel')}>
                    Cancel activity
                  </Menu.Item>
                )}
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => actions.askDelete(a)}>
                  Delete
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
    </Paper>
  );
}

/**
 * A list of activity rows: type icon, subject (opens the editor), status, priority, due time in the
 * user's zone (red when overdue), assignee (team views), linked records (links to their pages),
 * outcome, and the status actions. Skeletons while loading, the error with a retry, an empty state.
 */
export function ActivityList({
  items,
  isPending,
  error,
  onRetry,
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  showAssignee,
  canWrite,
  onEdit,
  empty,
}: {
  items: ActivityWire[];
  isPending: boolean;
  error: unknown;
  onRetry: () => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  showAssignee: boolean;
  canWrite: boolean;
  onEdit: (a: ActivityWire) => void;
  empty: { title: string; description: ReactNode; action?: ReactNode };
}) {
  const actions = useActivityActions();
  if (error) return <ErrorAlert error={error} title="Could not load the activities" onRetry={onRetry} />;
  if (isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading activities">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={72} radius="md" />
        ))}
      </Stack>
    );
  }
  if (items.length === 0) return <EmptyBlock icon={<IconChecklist size={28} />} {...empty} />;
  return (
    <>
      <Stack gap="sm">
        {items.map((a) => (
          <Row
            key={a.id}
            activity={a}
            showAssignee={showAssignee}
            canWrite={canWrite}
            onEdit={onEdit}
            actions={actions}
          />
        ))}
      </Stack>
      <LoadMore hasNextPage={hasNextPage} isFetchingNextPage={isFetchingNextPage} fetchNextPage={fetchNextPage} />
      {actions.dialog}
    </>
  );
}
