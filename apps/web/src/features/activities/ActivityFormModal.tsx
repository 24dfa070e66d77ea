import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { ACTIVITY_PRIORITIES, ACTIVITY_TYPES } from '@relata/shared';
import { IconTrash } from '@tabler/icons-react';
import { confirmDanger } from '../../components/confirm';
import { notifyError, notifySuccess } from '../../components/notify';
import { OWNER_ME, OWNER_NONE, OwnerSelect } from '../../components/records/OwnerSelect';
import { placeServerIssues, RecordFormError } from '../../components/records/record-form';
import { type ActivityWire, useCreateActivity, useDeleteActivity, useUpdateActivity } from './activities-api';
import {
  ACTIVITY_ALIASES,
  ACTIVITY_FIELDS,
  type ActivityDefaults,
  activityBody,
  type ActivityFormValues,
  activityFormValues,
  switchAllDay,
  validateActivity,
} from './activity-form';
import { ACTIVITY_PRIORITY_LABELS, ACTIVITY_TYPE_LABELS } from './labels';
import { LinkedRecordsPicker } from './LinkedRecordsPicker';

const typeOptions = ACTIVITY_TYPES.map((t) => ({ value: t, label: ACTIVITY_TYPE_LABELS[t] }));
const priorityOptions = ACTIVITY_PRIORITIES.map((p) => ({ value: p, label: ACTIVITY_PRIORITY_LABELS[p] }));

function ActivityForm({
  activity,
  defaults,
  readOnly,
  onClose,
  onSaved,
}: {
  activity?: ActivityWire;
  defaults?: ActivityDefaults;
  readOnly: boolean;
  onClose: () => void;
  onSaved: (activity: ActivityWire) => void;
}) {
  const editing = Boolean(activity);
  const create = useCreateActivity();
  const update = useUpdateActivity();
  const remove = useDeleteActivity();
  const mutation = activity ? update : create;
  const form = useForm<ActivityFormValues>({
    mode: 'controlled',
    initialValues: activityFormValues(activity, defaults),
    validate: (values) => validateActivity(values, editing),
  });
  const submit = form.onSubmit((values) => {
    const handlers = {
      onSuccess: (saved: ActivityWire) => {
        notifySuccess(activity ? 'Activity saved' : `${ACTIVITY_TYPE_LABELS[saved.type]} “${saved.subject}” created`);
        onSaved(saved);
      },
      onError: (err: unknown) => placeServerIssues(form, err, ACTIVITY_FIELDS, ACTIVITY_ALIASES),
    };
    const body = activityBody(values, editing);
    if (activity) update.mutate({ id: activity.id, version: activity.version, body }, handlers);
    else create.mutate(body as Parameters<typeof create.mutate>[0], handlers);
  });
  const input = (path: keyof ActivityFormValues) => form.getInputProps(path);
  const { values } = form;

  const askDelete = () =>
    activity &&
    confirmDanger({
      title: 'Delete this activity?',
      message: `“${activity.subject}” is deleted for good, with its reminder and timeline entries.`,
      confirmLabel: 'Delete activity',
      onConfirm: () =>
        remove.mutate(activity.id, {
          onSuccess: () => {
            notifySuccess('Activity deleted');
            onClose();
          },
          onError: (err) => notifyError(err, 'Could not delete the activity'),
        }),
    });

  return (
    <form onSubmit={submit} noValidate>
      {/* Viewers see the activity without being able to change it. */}
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="md">
          <RecordFormError
            error={mutation.error}
            what="activity"
            fields={ACTIVITY_FIELDS}
            aliases={ACTIVITY_ALIASES}
            onReload={onClose}
            duplicate={() => ({ label: 'This value', href: '/activities', name: 'another activity' })}
          />
          <SegmentedControl
            aria-label="Type"
            data={typeOptions}
            value={values.type}
            onChange={(v) => form.setFieldValue('type', v as ActivityFormValues['type'])}
            fullWidth
            size="xs"
          />
          <TextInput
            label="Subject"
            required
            data-autofocus
            placeholder="Call Globex about the renewal"
            {...input('subject')}
          />
          <LinkedRecordsPicker
            label="Linked records"
            description="At least one lead, deal, contact or company"
            required
            value={values.links}
            error={form.errors.links}
            onChange={(links) => form.setFieldValue('links', links)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
            {values.all_day ? (
              <DatePickerInput
                label="Due date"
                clearable
                valueFormat="ddd D MMM YYYY"
                placeholder="Pick a day"
                {...input('due')}
              />
            ) : (
              <DateTimePicker
                label="Due"
                description="Your time zone"
                clearable
                valueFormat="ddd D MMM YYYY HH:mm"
                placeholder="Pick a date and time"
                {...input('due')}
              />
            )}
            <NumberInput
              label="Duration (minutes)"
              min={0}
              max={1440}
              step={15}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              disabled={values.all_day}
              {...input('duration_minutes')}
            />
            <Switch
              label="All day"
              checked={values.all_day}
              onChange={(e) => {
                const allDay = e.currentTarget.checked;
                form.setFieldValue('all_day', allDay);
                form.setFieldValue('due', switchAllDay(values.due, allDay));
              }}
            />
            <span />
            <Select label="Priority" data={priorityOptions} allowDeselect={false} {...input('priority')} />
            <OwnerSelect
              label="Assignee"
              withMe={!editing}
              withNone
              current={activity?.assignee ?? null}
              error={form.errors.assignee_id}
              value={values.assignee_id}
              onChange={(v) => form.setFieldValue('assignee_id', v ?? (editing ? OWNER_NONE : OWNER_ME))}
            />
            {values.type === 'meeting' && (
              <TextInput label="Location" placeholder="Room 2 or a video link" {...input('location')} />
            )}
            {values.type === 'call' && (
              <>
                <Select
                  label="Direction"
                  clearable
                  placeholder="Choose…"
                  data={[
                    { value: 'outbound', label: 'Outbound' },
                    { value: 'inbound', label: 'Inbound' },
                  ]}
                  {...input('call_direction')}
                />
                <TextInput label="Recording URL" placeholder="https://…" {...input('recording_url')} />
              </>
            )}
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={2} maxRows={8} {...input('description')} />
          {activity && (activity.status === 'completed' || activity.outcome) && (
            <Textarea label="Outcome" autosize minRows={2} maxRows={6} {...input('outcome')} />
          )}
          {readOnly ? (
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={onClose} disabled={false}>
                Close
              </Button>
            </Group>
          ) : (
            <Group justify="space-between" mt="xs">
              {activity ? (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={16} />}
                  onClick={askDelete}
                  loading={remove.isPending}
                >
                  Delete
                </Button>
              ) : (
                <span />
              )}
              <Group gap="sm">
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button type="submit" loading={mutation.isPending}>
                  {activity ? 'Save changes' : 'Create activity'}
                </Button>
              </Group>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

/**
 * "New activity" / "Edit activity": type, subject, linked records (searching leads, deals, contacts
 * and companies), due date-time in the user's zone or all-day, duration, priority, assignee, and the
 * call / meeting fields. Validated with the shared contract; the server's 400 issues land on the
 * inputs, a 412 asks to reload. Editing also offers Delete (after a confirmation).
 */
export function ActivityFormModal({
  opened,
  onClose,
  activity,
  defaults,
  onSaved,
  readOnly = false,
}: {
  opened: boolean;
  onClose: () => void;
  activity?: ActivityWire;
  /** New activity: where it starts (e.g. the clicked calendar day). */
  defaults?: ActivityDefaults;
  onSaved?: (activity: ActivityWire) => void;
  /** Show without Save / Delete and with every input disabled (viewers). */
  readOnly?: boolean;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={readOnly ? 'Activity' : activity ? 'Edit activity' : 'New activity'}
      size="lg"
    >
      {opened && (
        <ActivityForm
          key={activity ? `${activity.id}:${activity.version}` : `new:${defaults?.due ?? ''}`}
          activity={activity}
          defaults={defaults}
          readOnly={readOnly}
          onClose={onClose}
          onSaved={(a) => {
            onSaved?.(a);
            onClose();
          }}
        />
      )}
    </Modal>
  );
}
