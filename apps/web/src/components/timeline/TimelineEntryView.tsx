import { Anchor, Badge, Button, Group, Stack, Text, ThemeIcon, Typography } from '@mantine/core';
import {
  ActivityStatus,
  ActivityType,
  TimelineConvertedData,
  TimelineCreatedData,
  TimelineFieldChangedData,
  type TimelineFieldChange,
  TimelineStageChangedData,
  TimelineStatusChangedData,
} from '@relata/shared';
import { IconArrowBackUp, IconCheck, IconPin } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { formatMoney } from '../records/money';
import {
  ACTIVITY_STATUS_COLORS,
  ACTIVITY_STATUS_LABELS,
  ACTIVITY_TYPE_ICONS,
  ACTIVITY_TYPE_LABELS,
  ENTRY_LOOKS,
  RECORD_STATUS_COLORS,
  RECORD_STATUS_LABELS,
} from './labels';
import type { TimelineEntryWire, TimelineRecord } from './timeline-api';
import { formatTime, formatWhen, RECORD_TYPE_LABELS, recordPath } from './timeline-model';

/** What the entry's buttons ask of the timeline. */
export interface EntryActions {
  /** Null when the user may not change activities (viewers). */
  onComplete: ((activityId: string, subject: string) => void) | null;
  onReopen: ((activityId: string) => void) | null;
  /** The activity whose transition is running, if any. */
  busyId: string | null;
}

const statusLabel = (s: string) => RECORD_STATUS_LABELS[s] ?? s;

function Arrow({ from, to }: { from: ReactNode; to: ReactNode }) {
  return (
    <Group gap={6} wrap="wrap" component="span">
      {from}
      <Text span c="dimmed" aria-label="to">
        →
      </Text>
      {to}
    </Group>
  );
}

function fieldChangeText(c: TimelineFieldChange): { label: string; from: string; to: string } {
  switch (c.field) {
    case 'owner':
      return { label: 'Owner', from: c.from?.name ?? 'Unassigned', to: c.to?.name ?? 'Unassigned' };
    case 'amount':
      return { label: 'Amount', from: formatMoney(c.from), to: formatMoney(c.to) };
    case 'expected_revenue':
      return { label: 'Expected revenue', from: formatMoney(c.from), to: formatMoney(c.to) };
    case 'expected_close_date':
      return { label: 'Expected close', from: c.from ?? '—', to: c.to ?? '—' };
  }
}

/** The headline and details of a non-activity, non-note entry. */
function changeContent(entry: TimelineEntryWire, record: TimelineRecord): { title: string; body?: ReactNode } {
  const what = RECORD_TYPE_LABELS[entry.record.type];
  switch (entry.type) {
    case 'created': {
      const d = TimelineCreatedData.safeParse(entry.data);
      return { title: `Created the ${what} ${d.success ? d.data.name : entry.record.name}` };
    }
    case 'stage_changed': {
      const d = TimelineStageChangedData.safeParse(entry.data);
      if (!d.success) return { title: 'Stage changed' };
      return {
        title: 'Stage changed',
        body: (
          <Arrow
            from={
              <Badge variant="light" color="gray" tt="none">
                {d.data.from.name}
              </Badge>
            }
            to={
              <Badge variant="light" tt="none">
                {d.data.to.name}
              </Badge>
            }
          />
        ),
      };
    }
    case 'status_changed': {
      const d = TimelineStatusChangedData.safeParse(entry.data);
      if (!d.success) return { title: 'Status changed' };
      const { from, to, reason } = d.data;
      const title =
        to === 'open'
          ? `Reopened the ${what}`
          : to === 'won'
            ? `Marked ${what} won`
            : `Marked ${what} ${statusLabel(to).toLowerCase()}`;
      return {
        title,
        body: (
          <Stack gap={4}>
            <Arrow
              from={
                <Badge variant="light" color={RECORD_STATUS_COLORS[from] ?? 'gray'} tt="none">
                  {statusLabel(from)}
                </Badge>
              }
              to={
                <Badge variant="light" color={RECORD_STATUS_COLORS[to] ?? 'gray'} tt="none">
                  {statusLabel(to)}
                </Badge>
              }
            />
            {reason && (
              <Text size="sm">
                <Text span c="dimmed">
                  Reason:
                </Text>{' '}
                {reason}
              </Text>
            )}
          </Stack>
        ),
      };
    }
    case 'field_changed': {
      const d = TimelineFieldChangedData.safeParse(entry.data);
      if (!d.success) return { title: 'Fields changed' };
      return {
        title:
          d.data.changes.length === 1
            ? `Changed the ${fieldChangeText(d.data.changes[0]!).label.toLowerCase()}`
            : 'Changed fields',
        body: (
          <Stack gap={2}>
            {d.data.changes.map((c) => {
              const t = fieldChangeText(c);
              return (
                <Text size="sm" key={c.field}>
                  <Text span c="dimmed">
                    {t.label}:
                  </Text>{' '}
                  {t.from} → {t.to}
                </Text>
              );
            })}
          </Stack>
        ),
      };
    }
    case 'converted': {
      const d = TimelineConvertedData.safeParse(entry.data);
      if (!d.success) return { title: 'Lead converted' };
      const { lead_id, company_id, company_created, contact_ids, deal_id } = d.data;
      // Links to the records the conversion touched, except the one whose timeline this is.
      const here = (type: TimelineRecord['type'], id: string) => record.type === type && record.id === id;
      return {
        title: 'Lead converted',
        body: (
          <Group gap="md" wrap="wrap">
            {!here('lead', lead_id) && (
              <Anchor component={Link} to={recordPath('lead', lead_id)} size="sm">
                The lead
              </Anchor>
            )}
            {!here('company', company_id) && (
              <Anchor component={Link} to={recordPath('company', company_id)} size="sm">
                {company_created ? 'New company' : 'Linked company'}
              </Anchor>
            )}
            {deal_id && !here('deal', deal_id) && (
              <Anchor component={Link} to={recordPath('deal', deal_id)} size="sm">
                New deal
              </Anchor>
            )}
            {contact_ids
              .filter((id) => !here('contact', id))
              .map((id, i) => (
                <Anchor key={id} component={Link} to={recordPath('contact', id)} size="sm">
                  {contact_ids.length === 1 ? 'Contact' : `Contact ${i + 1}`}
                </Anchor>
              ))}
          </Group>
        ),
      };
    }
    case 'merged': {
      // data: { count, merged: [{ id, name }] } (modules/merge/merge.service.ts); the merged
      // records are in the recycle bin, so they are named, not linked.
      const d = entry.data as { count?: unknown; merged?: unknown };
      const names = Array.isArray(d.merged)
        ? d.merged.flatMap((m: unknown) =>
            m && typeof (m as { name?: unknown }).name === 'string' ? [(m as { name: string }).name] : [],
          )
        : [];
      const count = typeof d.count === 'number' ? d.count : names.length;
      const title = `Merged ${count} ${count === 1 ? 'record' : 'records'} into this one`;
      return { title: names.length ? `${title}: ${names.join(', ')}` : title };
    }
    default:
      return { title: entry.type };
  }
}

function ActivityContent({ entry, actions }: { entry: TimelineEntryWire; actions: EntryActions }) {
  const a = entry.activity!;
  const status = ActivityStatus.safeParse(a.status);
  const s = status.success ? status.data : null;
  const open = s === 'planned' || s === 'in_progress';
  const busy = actions.busyId === a.id;
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="wrap">
        <Badge variant="light" color={s ? ACTIVITY_STATUS_COLORS[s] : 'gray'} tt="none">
          {s ? ACTIVITY_STATUS_LABELS[s] : a.status}
        </Badge>
        {a.due_at && (
          <Text size="sm" c="dimmed">
            {s === 'completed' ? 'Scheduled' : 'Due'} {formatWhen(a.due_at)}
          </Text>
        )}
        {a.completed_at && (
          <Text size="sm" c="dimmed">
            Completed {formatWhen(a.completed_at)}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          Assignee: {a.assignee?.name ?? 'Unassigned'}
        </Text>
      </Group>
      {a.outcome && (
        <Text size="sm">
          <Text span c="dimmed">
            Outcome:
          </Text>{' '}
          {a.outcome}
        </Text>
      )}
      {open && actions.onComplete && (
        <Group>
          <Button
            size="xs"
            variant="light"
            color="teal"
            leftSection={<IconCheck size={14} />}
            loading={busy}
            onClick={() => actions.onComplete?.(a.id, a.subject)}
            aria-label={`Complete ${a.subject}`}
          >
            Complete
          </Button>
        </Group>
      )}
      {!open && s !== null && actions.onReopen && (
        <Group>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconArrowBackUp size={14} />}
            loading={busy}
            onClick={() => actions.onReopen?.(a.id)}
            aria-label={`Reopen ${a.subject}`}
          >
            Reopen
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function NoteContent({ entry }: { entry: TimelineEntryWire }) {
  const n = entry.note!;
  return (
    <Typography fz="sm" data-testid="note-body">
      {/*
        The note body is HTML sanitised by the server with an allow-list (sanitize-html: no scripts,
        event handlers, javascript:/data: URLs, iframes or SVG). Inserting it with
        dangerouslySetInnerHTML never runs <script> elements, and nothing executable survives the
        server's sanitising, so rendering it here is safe.
      */}
      <div dangerouslySetInnerHTML={{ __html: n.body }} />
    </Typography>
  );
}

/**
 * One timeline entry: an icon for its type, who did it and when (the user's time zone), what
 * happened (stage from → to, won / lost with the reason, field changes, conversion links, an
 * activity with its status, due time and outcome plus Complete / Reopen, or a note's HTML body), and
 * the contact or deal it happened on when that is not the timeline's own record (company roll-up).
 */
export function TimelineEntryView({
  entry,
  record,
  actions,
}: {
  entry: TimelineEntryWire;
  record: TimelineRecord;
  actions: EntryActions;
}) {
  let icon: ReactNode;
  let title: ReactNode;
  let label: string;
  let body: ReactNode;
  let extra: ReactNode = null;
  if (entry.type === 'activity' && entry.activity) {
    const type = ActivityType.safeParse(entry.activity.type);
    const TypeIcon = type.success ? ACTIVITY_TYPE_ICONS[type.data] : ACTIVITY_TYPE_ICONS.other;
    icon = (
      <ThemeIcon variant="light" radius="xl" color="cyan" aria-hidden>
        <TypeIcon size={16} />
      </ThemeIcon>
    );
    title = (
      <>
        <Text span size="sm" c="dimmed">
          {type.success ? ACTIVITY_TYPE_LABELS[type.data] : entry.activity.type}:
        </Text>{' '}
        {entry.activity.subject}
      </>
    );
    label = `${type.success ? ACTIVITY_TYPE_LABELS[type.data] : entry.activity.type}: ${entry.activity.subject}`;
    body = <ActivityContent entry={entry} actions={actions} />;
  } else if (entry.type === 'note' && entry.note) {
    const Look = ENTRY_LOOKS.note;
    icon = (
      <ThemeIcon variant="light" radius="xl" color={Look.color} aria-hidden>
        <Look.icon size={16} />
      </ThemeIcon>
    );
    title = 'Note';
    label = entry.note.pinned ? 'Pinned note' : 'Note';
    if (entry.note.pinned)
      extra = (
        <Badge size="xs" variant="light" color="yellow" leftSection={<IconPin size={10} />} tt="none">
          Pinned
        </Badge>
      );
    body = <NoteContent entry={entry} />;
  } else {
    const look = ENTRY_LOOKS[entry.type as keyof typeof ENTRY_LOOKS] ?? ENTRY_LOOKS.field_changed;
    icon = (
      <ThemeIcon variant="light" radius="xl" color={look.color} aria-hidden>
        <look.icon size={16} />
      </ThemeIcon>
    );
    const c = changeContent(entry, record);
    title = c.title;
    label = c.title;
    body = c.body ?? null;
  }
  const elsewhere = entry.record.type !== record.type || entry.record.id !== record.id;
  const who = entry.type === 'note' ? (entry.note?.author?.name ?? entry.actor?.name) : entry.actor?.name;
  return (
    <Group
      component="article"
      align="flex-start"
      wrap="nowrap"
      gap="sm"
      py="xs"
      px="sm"
      aria-label={`${label}, ${formatWhen(entry.occurred_at)}`}
      data-entry-type={entry.type}
    >
      {icon}
      <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={600}>
              {title}
            </Text>
            {extra}
          </Group>
          <Text size="xs" c="dimmed" title={formatWhen(entry.occurred_at)}>
            <time dateTime={entry.occurred_at}>{formatTime(entry.occurred_at)}</time>
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {who ?? 'System'}
          {elsewhere && (
            <>
              {' · on the '}
              {RECORD_TYPE_LABELS[entry.record.type]}{' '}
              <Anchor component={Link} to={recordPath(entry.record.type, entry.record.id)} size="xs">
                {entry.record.name}
              </Anchor>
            </>
          )}
        </Text>
        {body}
      </Stack>
    </Group>
  );
}
