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
import { type FormErrors, useForm, type UseFormReturnType } from '@mantine/form';
import type { UseMutationResult } from '@tanstack/react-query';
import { ACTIVITY_PRIORITIES, type ActivityPriority, CreateActivityBody, CreateNoteBody } from '@relata/shared';
import dayjs from 'dayjs';
import { lazy, type ReactNode, Suspense } from 'react';
import type { z } from 'zod';
import { ErrorAlert } from '../ErrorAlert';
import { contractErrors, formLevelError, setServerFieldErrors } from '../forms';
import { notifySuccess } from '../notify';
import { ACTIVITY_PRIORITY_LABELS } from './labels';
import { type TimelineRecord, useCreateActivity, useCreateNote } from './timeline-api';

// The rich-text editor (Tiptap/ProseMirror) loads only when a note is written (its own chunk).
const NoteEditor = lazy(() => import('./NoteEditor').then((m) => ({ default: m.NoteEditor })));

/** Mantine's local "YYYY-MM-DD HH:mm:ss" → ISO 8601 UTC for the API; null when empty. */
export const toUtc = (local: string | null): string | null => (local ? dayjs(local).toISOString() : null);

const LOCAL = 'YYYY-MM-DD HH:mm:ss';

interface FormProps {
  record: TimelineRecord;
  onDone: () => void;
}

const optionalText = (s: string) => (s.trim() ? s.trim() : null);
const optionalNumber = (n: number | string) => (typeof n === 'number' ? n : null);

/** What every quick-add form has: its form, the create mutation, and the submit that runs it. */
interface QuickAdd<Values extends Record<string, unknown>> {
  form: UseFormReturnType<Values>;
  submit: (event?: React.FormEvent<HTMLFormElement>) => void;
  busy: boolean;
  error: Error | null;
}

/**
 * A quick-add form's state: `initialValues`, `body` (the API body of the values), validation against
 * the shared `schema` on `fields` plus `validate` (checks the contract cannot make, e.g. a missing
 * meeting time), and a submit that creates with `create`, toasts `success` and calls `onDone`, or
 * puts the server's 400 issues on the inputs (anything else shows above the form).
 */
function useQuickAdd<Values extends Record<string, unknown>, Body>(params: {
  create: UseMutationResult<unknown, Error, Body>;
  schema: z.ZodType;
  fields: readonly string[];
  initialValues: Values;
  body: (values: Values) => Body;
  validate?: (values: Values) => FormErrors;
  success: string;
  onDone: () => void;
}): QuickAdd<Values> {
  const { create, fields } = params;
  const form = useForm<Values>({
    initialValues: params.initialValues,
    validate: (v) => ({ ...contractErrors(params.schema, params.body(v), { fields }), ...params.validate?.(v) }),
  });
  const submit = form.onSubmit((v) =>
    create.mutate(params.body(v), {
      onSuccess: () => {
        notifySuccess(params.success);
        params.onDone();
      },
      onError: (err) => setServerFieldErrors(form, err, fields),
    }),
  );
  return { form, submit, busy: create.isPending, error: formLevelError(create.error, fields) };
}

/** A quick-add form's frame: the error above, the inputs, then Cancel and the submit button. */
function QuickAddFrame({
  quickAdd,
  errorTitle,
  submitLabel,
  onCancel,
  children,
}: {
  quickAdd: Pick<QuickAdd<Record<string, unknown>>, 'submit' | 'busy' | 'error'>;
  errorTitle: string;
  submitLabel: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form onSubmit={quickAdd.submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={quickAdd.error} title={errorTitle} />
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={quickAdd.busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Subject input, focused when the form opens. */
const SubjectInput = (props: ReturnType<UseFormReturnType<{ subject: string }>['getInputProps']>) => (
  <TextInput label="Subject" required data-autofocus maxLength={300} {...props} />
);

/** Duration in whole minutes, 0–1440 (the contract's range). */
const DurationInput = (
  props: ReturnType<UseFormReturnType<{ duration_minutes: number | string }>['getInputProps']>,
) => <NumberInput label="Duration (minutes)" min={0} max={1440} allowDecimal={false} {...props} />;

const CALL_FIELDS = ['subject', 'call_direction', 'due_at', 'duration_minutes', 'outcome'] as const;

type CallValues = {
  subject: string;
  call_direction: 'inbound' | 'outbound';
  due_at: string | null;
  duration_minutes: number | string;
  outcome: string;
};

/** "Log a call": a completed call with its direction, time, duration and outcome. */
export function LogCallForm({ record, onDone }: FormProps) {
  const quickAdd = useQuickAdd({
    create: useCreateActivity(),
    schema: CreateActivityBody,
    fields: CALL_FIELDS,
    initialValues: {
      subject: 'Call',
      call_direction: 'outbound',
      due_at: dayjs().second(0).format(LOCAL),
      duration_minutes: '',
      outcome: '',
    } as CallValues,
    body: (v): z.input<typeof CreateActivityBody> => ({
      type: 'call',
      status: 'completed',
      subject: v.subject,
      call_direction: v.call_direction,
      due_at: toUtc(v.due_at),
      duration_minutes: optionalNumber(v.duration_minutes),
      outcome: optionalText(v.outcome),
      links: [{ type: record.type, id: record.id }],
    }),
    success: 'Call logged',
    onDone,
  });
  const { form } = quickAdd;
  return (
    <QuickAddFrame quickAdd={quickAdd} errorTitle="Could not log the call" submitLabel="Log call" onCancel={onDone}>
      <SubjectInput {...form.getInputProps('subject')} />
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
        <DurationInput {...form.getInputProps('duration_minutes')} />
      </SimpleGrid>
      <Textarea label="Outcome" rows={2} maxLength={5000} {...form.getInputProps('outcome')} />
    </QuickAddFrame>
  );
}

const MEETING_FIELDS = ['subject', 'due_at', 'duration_minutes', 'location'] as const;

type MeetingValues = {
  subject: string;
  due_at: string | null;
  duration_minutes: number | string;
  location: string;
};

/** "Schedule a meeting": subject, start (date-time), duration and location. */
export function ScheduleMeetingForm({ record, onDone }: FormProps) {
  const quickAdd = useQuickAdd({
    create: useCreateActivity(),
    schema: CreateActivityBody,
    fields: MEETING_FIELDS,
    initialValues: {
      subject: '',
      due_at: dayjs().add(1, 'hour').startOf('hour').format(LOCAL),
      duration_minutes: 30,
      location: '',
    } as MeetingValues,
    body: (v): z.input<typeof CreateActivityBody> => ({
      type: 'meeting',
      subject: v.subject,
      due_at: toUtc(v.due_at),
      duration_minutes: optionalNumber(v.duration_minutes),
      location: optionalText(v.location),
      links: [{ type: record.type, id: record.id }],
    }),
    validate: (v): FormErrors => (v.due_at ? {} : { due_at: 'Pick the date and time of the meeting' }),
    success: 'Meeting scheduled',
    onDone,
  });
  const { form } = quickAdd;
  return (
    <QuickAddFrame
      quickAdd={quickAdd}
      errorTitle="Could not schedule the meeting"
      submitLabel="Schedule meeting"
      onCancel={onDone}
    >
      <SubjectInput {...form.getInputProps('subject')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateTimePicker label="Starts" required valueFormat="D MMM YYYY HH:mm" {...form.getInputProps('due_at')} />
        <DurationInput {...form.getInputProps('duration_minutes')} />
      </SimpleGrid>
      <TextInput label="Location" maxLength={500} {...form.getInputProps('location')} />
    </QuickAddFrame>
  );
}

const TASK_FIELDS = ['subject', 'due_at', 'priority'] as const;

type TaskValues = {
  subject: string;
  due_at: string | null;
  priority: ActivityPriority;
};

/** "Add a task": subject, due date-time and priority. */
export function AddTaskForm({ record, onDone }: FormProps) {
  const quickAdd = useQuickAdd({
    create: useCreateActivity(),
    schema: CreateActivityBody,
    fields: TASK_FIELDS,
    initialValues: {
      subject: '',
      due_at: dayjs().add(1, 'day').hour(9).minute(0).second(0).format(LOCAL),
      priority: 'medium',
    } as TaskValues,
    body: (v): z.input<typeof CreateActivityBody> => ({
      type: 'task',
      subject: v.subject,
      due_at: toUtc(v.due_at),
      priority: v.priority,
      links: [{ type: record.type, id: record.id }],
    }),
    success: 'Task added',
    onDone,
  });
  const { form } = quickAdd;
  return (
    <QuickAddFrame quickAdd={quickAdd} errorTitle="Could not add the task" submitLabel="Add task" onCancel={onDone}>
      <SubjectInput {...form.getInputProps('subject')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateTimePicker label="Due" clearable valueFormat="D MMM YYYY HH:mm" {...form.getInputProps('due_at')} />
        <Select
          label="Priority"
          allowDeselect={false}
          data={ACTIVITY_PRIORITIES.map((p) => ({ value: p, label: ACTIVITY_PRIORITY_LABELS[p] }))}
          {...form.getInputProps('priority')}
        />
      </SimpleGrid>
    </QuickAddFrame>
  );
}

const NOTE_FIELDS = ['body', 'pinned'] as const;

type NoteValues = {
  body: string;
  pinned: boolean;
};

/** "Write a note": rich text (saved as HTML, sanitised by the server) and a pinned flag. */
export function WriteNoteForm({ record, onDone }: FormProps) {
  const quickAdd = useQuickAdd({
    create: useCreateNote(),
    schema: CreateNoteBody,
    fields: NOTE_FIELDS,
    initialValues: { body: '', pinned: false } as NoteValues,
    body: (v): z.input<typeof CreateNoteBody> => ({
      body: v.body,
      pinned: v.pinned,
      links: [{ type: record.type, id: record.id }],
    }),
    // An empty editor: say so plainly rather than the contract's length message.
    validate: (v): FormErrors => (v.body ? {} : { body: 'Write something first' }),
    success: 'Note saved',
    onDone,
  });
  const { form } = quickAdd;
  return (
    <QuickAddFrame quickAdd={quickAdd} errorTitle="Could not save the note" submitLabel="Save note" onCancel={onDone}>
      <Suspense fallback={<Skeleton height={160} radius="sm" aria-label="Loading the editor" />}>
        <NoteEditor
          label="Note"
          autoFocus
          error={form.errors.body as string | undefined}
          onChange={(html) => form.setFieldValue('body', html)}
        />
      </Suspense>
      <Checkbox label="Pin to the top of the record" {...form.getInputProps('pinned', { type: 'checkbox' })} />
    </QuickAddFrame>
  );
}
