/**
 * The quick-add forms of the record timeline: log a call, schedule a meeting, add a task, write a
 * note. Each builds the API body, checks it with the shared contract the server uses (so the
 * browser shows the same messages), creates the activity / note linked to the record, and puts the
 * server's 400 field issues on the matching inputs.
 */
import {
  Button,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Input,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { type FormErrors, useForm } from '@mantine/form';
import { ACTIVITY_PRIORITIES, type ActivityPriority, CreateActivityBody, CreateNoteBody } from '@relata/shared';
import dayjs from 'dayjs';
import { lazy, Suspense } from 'react';
import type { z } from 'zod';
import { ErrorAlert } from '../ErrorAlert';
import { formLevelError, setServerFieldErrors } from '../forms';
import { notifySuccess } from '../notify';
import { ACTIVITY_PRIORITY_LABELS } from './labels';
import { type TimelineRecord, useCreateActivity, useCreateNote } from './timeline-api';

// The rich-text editor (Tiptap/ProseMirror) loads only when a note is written (its own chunk).
const NoteEditor = lazy(() => import('./NoteEditor').then((m) => ({ default: m.NoteEditor })));

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Mantine's local "YYYY-MM-DD HH:mm:ss" → ISO 8601 UTC for the API; null when empty. */
export const toUtc = (local: string | null): string | null => (local ? dayjs(local).toISOString() : null);

const LOCAL = 'YYYY-MM-DD HH:mm:ss';

/**
 * Field errors of `body` against `schema` (the server's contract): the first issue of each
 * top-level field listed in `fields`, worded like the server's (capitalised).
 */
export function contractErrors(schema: z.ZodType, body: unknown, fields: readonly string[]): FormErrors {
  const result = schema.safeParse(body);
  if (result.success) return {};
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (fields.includes(field) && !errors[field]) errors[field] = capitalise(issue.message);
  }
  return errors;
}

interface FormProps {
  record: TimelineRecord;
  onDone: () => void;
}

const optionalText = (s: string) => (s.trim() ? s.trim() : null);
const optionalNumber = (n: number | string) => (typeof n === 'number' ? n : null);

function Actions({ label, busy, onCancel }: { label: string; busy: boolean; onCancel: () => void }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={busy}>
        {label}
      </Button>
    </Group>
  );
}

const CALL_FIELDS = ['subject', 'call_direction', 'due_at', 'duration_minutes', 'outcome'] as const;

interface CallValues {
  subject: string;
  call_direction: 'inbound' | 'outbound';
  due_at: string | null;
  duration_minutes: number | string;
  outcome: string;
}

/** "Log a call": a completed call with its direction, time, duration and outcome. */
export function LogCallForm({ record, onDone }: FormProps) {
  const create = useCreateActivity();
  const body = (v: CallValues): z.input<typeof CreateActivityBody> => ({
    type: 'call',
    status: 'completed',
    subject: v.subject,
    call_direction: v.call_direction,
    due_at: toUtc(v.due_at),
    duration_minutes: optionalNumber(v.duration_minutes),
    outcome: optionalText(v.outcome),
    links: [{ type: record.type, id: record.id }],
  });
  const form = useForm<CallValues>({
    initialValues: {
      subject: 'Call',
      call_direction: 'outbound',
      due_at: dayjs().second(0).format(LOCAL),
      duration_minutes: '',
      outcome: '',
    },
    validate: (v) => contractErrors(CreateActivityBody, body(v), CALL_FIELDS),
  });
  const submit = form.onSubmit((v) =>
    create.mutate(body(v), {
      onSuccess: () => {
        notifySuccess('Call logged');
        onDone();
      },
      onError: (err) => setServerFieldErrors(form, err, CALL_FIELDS),
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(create.error, CALL_FIELDS)} title="Could not log the call" />
        <TextInput label="Subject" required data-autofocus maxLength={300} {...form.getInputProps('subject')} />
        <Input.Wrapper label="Direction" error={form.errors.call_direction}>
          <SegmentedControl
            fullWidth
            data={[
              { value: 'outbound', label: 'Outbound' },
              { value: 'inbound', label: 'Inbound' },
            ]}
            {...form.getInputProps('call_direction')}
          />
        </Input.Wrapper>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimePicker label="When" valueFormat="D MMM YYYY HH:mm" {...form.getInputProps('due_at')} />
          <NumberInput
            label="Duration (minutes)"
            min={0}
            max={1440}
            allowDecimal={false}
            {...form.getInputProps('duration_minutes')}
          />
        </SimpleGrid>
        <Textarea label="Outcome" rows={2} maxLength={5000} {...form.getInputProps('outcome')} />
        <Actions label="Log call" busy={create.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

const MEETING_FIELDS = ['subject', 'due_at', 'duration_minutes', 'location'] as const;

interface MeetingValues {
  subject: string;
  due_at: string | null;
  duration_minutes: number | string;
  location: string;
}

/** "Schedule a meeting": subject, start (date-time), duration and location. */
export function ScheduleMeetingForm({ record, onDone }: FormProps) {
  const create = useCreateActivity();
  const body = (v: MeetingValues): z.input<typeof CreateActivityBody> => ({
    type: 'meeting',
    subject: v.subject,
    due_at: toUtc(v.due_at),
    duration_minutes: optionalNumber(v.duration_minutes),
    location: optionalText(v.location),
    links: [{ type: record.type, id: record.id }],
  });
  const form = useForm<MeetingValues>({
    initialValues: {
      subject: '',
      due_at: dayjs().add(1, 'hour').startOf('hour').format(LOCAL),
      duration_minutes: 30,
      location: '',
    },
    validate: (v) => ({
      ...contractErrors(CreateActivityBody, body(v), MEETING_FIELDS),
      ...(v.due_at ? {} : { due_at: 'Pick the date and time of the meeting' }),
    }),
  });
  const submit = form.onSubmit((v) =>
    create.mutate(body(v), {
      onSuccess: () => {
        notifySuccess('Meeting scheduled');
        onDone();
      },
      onError: (err) => setServerFieldErrors(form, err, MEETING_FIELDS),
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(create.error, MEETING_FIELDS)} title="Could not schedule the meeting" />
        <TextInput label="Subject" required data-autofocus maxLength={300} {...form.getInputProps('subject')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimePicker label="Starts" required valueFormat="D MMM YYYY HH:mm" {...form.getInputProps('due_at')} />
          <NumberInput
            label="Duration (minutes)"
            min={0}
            max={1440}
            allowDecimal={false}
            {...form.getInputProps('duration_minutes')}
          />
        </SimpleGrid>
        <TextInput label="Location" maxLength={500} {...form.getInputProps('location')} />
        <Actions label="Schedule meeting" busy={create.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

const TASK_FIELDS = ['subject', 'due_at', 'priority'] as const;

interface TaskValues {
  subject: string;
  due_at: string | null;
  priority: ActivityPriority;
}

/** "Add a task": subject, due date-time and priority. */
export function AddTaskForm({ record, onDone }: FormProps) {
  const create = useCreateActivity();
  const body = (v: TaskValues): z.input<typeof CreateActivityBody> => ({
    type: 'task',
    subject: v.subject,
    due_at: toUtc(v.due_at),
    priority: v.priority,
    links: [{ type: record.type, id: record.id }],
  });
  const form = useForm<TaskValues>({
    initialValues: {
      subject: '',
      due_at: dayjs().add(1, 'day').hour(9).minute(0).second(0).format(LOCAL),
      priority: 'medium',
    },
    validate: (v) => contractErrors(CreateActivityBody, body(v), TASK_FIELDS),
  });
  const submit = form.onSubmit((v) =>
    create.mutate(body(v), {
      onSuccess: () => {
        notifySuccess('Task added');
        onDone();
      },
      onError: (err) => setServerFieldErrors(form, err, TASK_FIELDS),
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(create.error, TASK_FIELDS)} title="Could not add the task" />
        <TextInput label="Subject" required data-autofocus maxLength={300} {...form.getInputProps('subject')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimePicker label="Due" clearable valueFormat="D MMM YYYY HH:mm" {...form.getInputProps('due_at')} />
          <Select
            label="Priority"
            allowDeselect={false}
            data={ACTIVITY_PRIORITIES.map((p) => ({ value: p, label: ACTIVITY_PRIORITY_LABELS[p] }))}
            {...form.getInputProps('priority')}
          />
        </SimpleGrid>
        <Actions label="Add task" busy={create.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

const NOTE_FIELDS = ['body', 'pinned'] as const;

interface NoteValues {
  body: string;
  pinned: boolean;
}

/** "Write a note": rich text (saved as HTML, sanitised by the server) and a pinned flag. */
export function WriteNoteForm({ record, onDone }: FormProps) {
  const create = useCreateNote();
  const body = (v: NoteValues): z.input<typeof CreateNoteBody> => ({
    body: v.body,
    pinned: v.pinned,
    links: [{ type: record.type, id: record.id }],
  });
  const form = useForm<NoteValues>({
    initialValues: { body: '', pinned: false },
    validate: (v) =>
      v.body ? contractErrors(CreateNoteBody, body(v), NOTE_FIELDS) : { body: 'Write something first' },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(body(v), {
      onSuccess: () => {
        notifySuccess('Note saved');
        onDone();
      },
      onError: (err) => setServerFieldErrors(form, err, NOTE_FIELDS),
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(create.error, NOTE_FIELDS)} title="Could not save the note" />
        <Suspense fallback={<Skeleton height={160} radius="sm" aria-label="Loading the editor" />}>
          <NoteEditor
            label="Note"
            autoFocus
            error={form.errors.body as string | undefined}
            onChange={(html) => form.setFieldValue('body', html)}
          />
        </Suspense>
        <Checkbox label="Pin to the top of the record" {...form.getInputProps('pinned', { type: 'checkbox' })} />
        <Actions label="Save note" busy={create.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
