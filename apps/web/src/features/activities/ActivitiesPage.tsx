import { Button, Group, SegmentedControl, Select, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { roleAtLeast } from '@relata/shared';
import { IconCalendar, IconList, IconPlus } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { notifyError } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { useOwnerOptions } from '../../components/records/records-api';
import { useRole } from '../../components/session';
import { type ActivityWire, useActivity } from './activities-api';
import { ActivityFormModal } from './ActivityFormModal';
import { ActivityList } from './ActivityList';
import type { ActivityDefaults } from './activity-form';
import { ACTIVITY_TABS, type ActivityTab, UPCOMING_DAYS, useActivityTab } from './activity-tabs';

// FullCalendar (~200 KB) loads only when the calendar view is opened (vite.config.ts keeps it in its own chunk).
const ActivityCalendar = lazy(() => import('./ActivityCalendar').then((m) => ({ default: m.ActivityCalendar })));

/** Where the list / calendar choice is remembered. */
export const ACTIVITIES_VIEW_KEY = 'relata-activities-view';

const TAB_LABELS: Record<ActivityTab, string> = {
  today: 'Today',
  overdue: 'Overdue',
  upcoming: 'Upcoming',
  done: 'Done',
};

const EMPTY: Record<ActivityTab, { title: string; description: string }> = {
  today: { title: 'Nothing due today', description: 'Activities due today show here, done or not.' },
  overdue: { title: 'Nothing overdue', description: 'Open activities whose due time has passed show here.' },
  upcoming: {
    title: 'Nothing coming up',
    description: `Open activities due in the next ${UPCOMING_DAYS} days show here.`,
  },
  done: { title: 'Nothing completed yet', description: 'Completed activities show here, latest first.' },
};

/** Managers and up pick whose work to see: me, everyone, unassigned, or any member. */
function AssigneeFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const members = useOwnerOptions();
  const data = [
    { value: 'me', label: 'My activities' },
    { value: 'all', label: 'Everyone' },
    { value: 'none', label: 'Unassigned' },
    ...(members.data ?? []).map((m) => ({ value: m.id, label: m.name })),
  ];
  return (
    <Select
      aria-label="Assignee"
      searchable
      data={data}
      value={value}
      allowDeselect={false}
      onChange={(v) => onChange(v ?? 'me')}
      nothingFoundMessage={members.isPending ? 'Loading…' : 'Nobody matches'}
      w={220}
    />
  );
}

function ListView({
  tab,
  onTab,
  assignee,
  canWrite,
  onEdit,
  onNew,
}: {
  tab: ActivityTab;
  onTab: (t: ActivityTab) => void;
  assignee: string;
  canWrite: boolean;
  onEdit: (a: ActivityWire) => void;
  onNew: () => void;
}) {
  // "Now" is fixed while the tab is shown (the parent remounts this per tab and assignee), so the
  // query keys stay stable.
  const [now] = useState(() => dayjs().startOf('minute'));
  const list = useActivityTab(tab, assignee, now);
  return (
    <Tabs value={tab} onChange={(v) => v && onTab(v as ActivityTab)} keepMounted={false}>
      <Tabs.List mb="md">
        {ACTIVITY_TABS.map((t) => (
          <Tabs.Tab key={t} value={t}>
            {TAB_LABELS[t]}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <Tabs.Panel value={tab}>
        <ActivityList
          items={list.items}
          isPending={list.isPending}
          error={list.error}
          onRetry={list.refetch}
          hasNextPage={list.hasNextPage}
          isFetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={list.fetchNextPage}
          showAssignee={assignee !== 'me'}
          canWrite={canWrite}
          onEdit={onEdit}
          empty={{
            ...EMPTY[tab],
            action:
              canWrite && tab !== 'done' ? (
                <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
                  New activity
                </Button>
              ) : undefined,
          }}
        />
      </Tabs.Panel>
    </Tabs>
  );
}

/**
 * `/activities`: my work in tabs (Today, Overdue, Upcoming, Done) or as a month / week / day
 * calendar with drag to reschedule (the choice is remembered); managers and up can look at anyone's
 * work. `?tab=`, `?assignee=` are kept in the URL; `?activity=<id>` opens that activity (the
 * notification bell links here).
 */
export function ActivitiesPage() {
  const role = useRole();
  const canWrite = role ? roleAtLeast(role, 'member') : false;
  const isManager = role ? roleAtLeast(role, 'manager') : false;
  const [params, setParams] = useSearchParams();
  const [view, setView] = useLocalStorage<'list' | 'calendar'>({
    key: ACTIVITIES_VIEW_KEY,
    defaultValue: 'list',
    getInitialValueInEffect: false,
  });
  const tabParam = params.get('tab');
  const tab: ActivityTab = (ACTIVITY_TABS as readonly string[]).includes(tabParam ?? '')
    ? (tabParam as ActivityTab)
    : 'today';
  const assignee = isManager ? (params.get('assignee') ?? 'me') : 'me';
  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const [editing, setEditing] = useState<ActivityWire | null>(null);
  const [creating, setCreating] = useState<ActivityDefaults | null>(null);

  const linkedId = params.get('activity');
  const linked = useActivity(linkedId);
  useEffect(() => {
    if (linkedId && linked.error) {
      notifyError(linked.error, 'Could not open the activity');
      setParam('activity', null);
    }
    // setParam changes with the URL; this reacts to the failed lookup only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linkedId, linked.error]);
  const shown = editing ?? (linkedId ? (linked.data ?? null) : null);
  const close = () => {
    setEditing(null);
    setCreating(null);
    if (linkedId) setParam('activity', null);
  };

  return (
    <>
      <PageHeader
        title="Activities"
        description="Calls, meetings, emails and tasks — yours, or your team's."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating({})}>
              New activity
            </Button>
          )
        }
      />
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="sm">
          <SegmentedControl
            aria-label="View"
            value={view}
            onChange={(v) => setView(v as 'list' | 'calendar')}
            data={[
              {
                value: 'list',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconList size={16} />
                    <Text size="sm">List</Text>
                  </Group>
                ),
              },
              {
                value: 'calendar',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconCalendar size={16} />
                    <Text size="sm">Calendar</Text>
                  </Group>
                ),
              },
            ]}
          />
          {isManager && (
            <AssigneeFilter value={assignee} onChange={(v) => setParam('assignee', v === 'me' ? null : v)} />
          )}
        </Group>
        {view === 'calendar' ? (
          <Suspense fallback={<Skeleton height={480} radius="md" aria-label="Loading the calendar" />}>
            <ActivityCalendar
              assignee={assignee === 'all' ? null : assignee}
              canWrite={canWrite}
              onOpen={setEditing}
              onCreateAt={(d) => setCreating(d)}
            />
          </Suspense>
        ) : (
          <ListView
            key={`${tab}:${assignee}`}
            tab={tab}
            onTab={(t) => setParam('tab', t === 'today' ? null : t)}
            assignee={assignee}
            canWrite={canWrite}
            onEdit={setEditing}
            onNew={() => setCreating({})}
          />
        )}
      </Stack>
      <ActivityFormModal
        opened={Boolean(shown) || Boolean(creating)}
        activity={shown ?? undefined}
        defaults={creating ?? undefined}
        readOnly={!canWrite}
        onClose={close}
      />
    </>
  );
}
