import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell, IconBellCheck, IconChecks } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifyError } from '../../components/notify';
import {
  type NotificationWire,
  useMarkAllRead,
  useMarkRead,
  useNotifications,
  useUnreadCount,
} from './notifications-api';

/** "just now", "5 min ago", "3 h ago", else the local date and time. */
export function ago(iso: string, now = dayjs()): string {
  const minutes = now.diff(dayjs(iso), 'minute');
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return dayjs(iso).format('D MMM HH:mm');
}

function Item({ n, onOpen }: { n: NotificationWire; onOpen: (n: NotificationWire) => void }) {
  const unread = !n.read_at;
  return (
    <UnstyledButton
      onClick={() => onOpen(n)}
      px="sm"
      py={8}
      data-unread={unread || undefined}
      aria-label={`${unread ? 'Unread: ' : ''}${n.title}`}
      style={{
        display: 'block',
        width: '100%',
        borderRadius: 'var(--mantine-radius-sm)',
        background: unread ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box
          w={8}
          h={8}
          mt={6}
          style={{
            borderRadius: '50%',
            flex: 'none',
            background: unread ? 'var(--mantine-primary-color-filled)' : 'transparent',
          }}
          aria-hidden
        />
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={unread ? 600 : 400} lineClamp={2}>
            {n.title}
          </Text>
          {/* A reminder's body repeats the due time in UTC; the local due line below replaces it. */}
          {n.body && !n.activity?.due_at && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {n.body}
            </Text>
          )}
          {n.activity?.due_at && (
            <Text size="xs" c="dimmed">
              Due {dayjs(n.activity.due_at).format('ddd D MMM HH:mm')}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            <time dateTime={n.created_at}>{ago(n.created_at)}</time>
          </Text>
        </Stack>
      </Group>
    </UnstyledButton>
  );
}

/**
 * The header bell: the unread count as a badge (polled every 30 s and on window focus), and a
 * popover with the newest notifications (unread highlighted). Clicking one marks it read and opens
 * its activity on the Activities page; "Mark all read" clears the badge.
 */
export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const list = useNotifications(opened);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const count = unread.data ?? 0;
  const label = count > 0 ? `Notifications, ${count} unread` : 'Notifications';

  const open = (n: NotificationWire) => {
    setOpened(false);
    if (!n.read_at) markRead.mutate(n.id, { onError: (err) => notifyError(err, 'Could not mark it read') });
    navigate(n.activity_id ? `/activities?activity=${n.activity_id}` : '/activities');
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" trapFocus>
      <Popover.Target>
        <Indicator
          label={count > 99 ? '99+' : count}
          size={18}
          offset={4}
          color="red"
          disabled={count === 0}
          data-testid="unread-badge"
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={label}
            aria-haspopup="dialog"
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py="xs">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconChecks size={14} />}
            disabled={count === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate(undefined, { onError: (err) => notifyError(err, 'Could not mark all read') })}
          >
            Mark all read
          </Button>
        </Group>
        <Divider />
        <ScrollArea.Autosize mah={420} type="auto">
          <Box p={4}>
            {list.error ? (
              <Box p="xs">
                <ErrorAlert
                  error={list.error}
                  title="Could not load notifications"
                  onRetry={() => void list.refetch()}
                />
              </Box>
            ) : list.isPending ? (
              <Stack gap={6} p="xs" aria-busy="true" aria-label="Loading notifications">
                <Skeleton h={44} />
                <Skeleton h={44} />
                <Skeleton h={44} />
              </Stack>
            ) : list.data.length === 0 ? (
              <Stack align="center" gap={4} py="lg" c="dimmed">
                <IconBellCheck size={28} />
                <Text size="sm">You are all caught up</Text>
                <Text size="xs">Activity reminders show here.</Text>
              </Stack>
            ) : (
              <Stack gap={2}>
                {list.data.map((n) => (
                  <Item key={n.id} n={n} onOpen={open} />
                ))}
              </Stack>
            )}
          </Box>
        </ScrollArea.Autosize>
        <Divider />
        <Group justify="center" py={6}>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => {
              setOpened(false);
              navigate('/activities');
            }}
          >
            Open activities
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
