import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { ChangePasswordBody, REMINDER_MINUTES_MAX, ReminderMinutes, UpdateProfileBody } from '@relata/shared';
import { IconCalendarPlus, IconRefresh } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { confirmDanger } from '../../components/confirm';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { type MeWire, useMe } from '../../components/session';
import { ColorSchemeControl } from '../../components/ThemeToggle';
import {
  type CreatedCalendarFeed,
  useCalendarFeed,
  useChangePassword,
  useCreateCalendarFeed,
  useReminderSettings,
  useRevokeCalendarFeed,
  useUpdateProfile,
  useUpdateReminderSettings,
} from './profile-api';

function Section({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="lg" maw={620}>
      <Stack gap={2} mb="md">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      {children}
    </Paper>
  );
}

/** Profile: your name, password, reminder lead time, calendar feed URL and theme. */
export function ProfilePage() {
  const { data: me } = useMe();
  return (
    <>
      <PageHeader title="Profile" description="Your account, across every organisation you belong to." />
      <Stack gap="lg">
        {me && <NameForm key={me.user.name} me={me} />}
        <PasswordForm />
        <ReminderSection />
        <CalendarFeedSection />
        <Section title="Appearance" description="Light, dark, or follow your device. Remembered on this browser.">
          <ColorSchemeControl />
        </Section>
      </Stack>
    </>
  );
}

const NAME_FIELDS = ['name'] as const;

function NameForm({ me }: { me: MeWire }) {
  const update = useUpdateProfile();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: me.user.name },
    validate: contractResolver(UpdateProfileBody),
  });
  const submit = form.onSubmit((values) =>
    update.mutate(values, {
      onSuccess: () => notifySuccess('Profile saved'),
      onError: (err) => setServerFieldErrors(form, err, NAME_FIELDS),
    }),
  );
  return (
    <Section title="Personal details" description="Your name is shown to colleagues.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={formLevelError(update.error, NAME_FIELDS)} title="Could not save" />
          <TextInput label="Name" required autoComplete="name" key={form.key('name')} {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            value={me.user.email}
            readOnly
            variant="filled"
            description="Your sign-in address; it cannot be changed here"
          />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

const PASSWORD_FIELDS = ['current_password', 'new_password', 'revoke_other_sessions'] as const;

function PasswordForm() {
  const change = useChangePassword();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { current_password: '', new_password: '', revoke_other_sessions: true },
    validate: contractResolver(ChangePasswordBody),
  });
  const submit = form.onSubmit((values) =>
    change.mutate(values, {
      onSuccess: () => {
        form.reset();
        notifySuccess(
          values.revoke_other_sessions ? 'Password changed; other sessions were signed out' : 'Password changed',
        );
      },
      onError: (err) => setServerFieldErrors(form, err, PASSWORD_FIELDS),
    }),
  );
  return (
    <Section title="Password" description="At least 8 characters. A long passphrase is best.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={formLevelError(change.error, PASSWORD_FIELDS)} title="Could not change the password" />
          <PasswordInput
            label="Current password"
            required
            autoComplete="current-password"
            key={form.key('current_password')}
            {...form.getInputProps('current_password')}
          />
          <PasswordInput
            label="New password"
            required
            autoComplete="new-password"
            key={form.key('new_password')}
            {...form.getInputProps('new_password')}
          />
          <Checkbox
            label="Sign out my other sessions"
            key={form.key('revoke_other_sessions')}
            {...form.getInputProps('revoke_other_sessions', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

const REMINDER_CHOICES = [
  { value: '0', label: 'At the due time' },
  { value: '5', label: '5 minutes before' },
  { value: '10', label: '10 minutes before' },
  { value: '15', label: '15 minutes before' },
  { value: '30', label: '30 minutes before' },
  { value: '60', label: '1 hour before' },
  { value: '120', label: '2 hours before' },
  { value: '1440', label: '1 day before' },
  { value: '2880', label: '2 days before' },
  { value: '10080', label: '1 week before' },
  { value: 'custom', label: 'Custom…' },
];
const REMINDER_FIELDS = ['reminder_minutes'] as const;

function ReminderForm({ current }: { current: number }) {
  const update = useUpdateReminderSettings();
  const preset = REMINDER_CHOICES.some((c) => c.value === String(current));
  const [choice, setChoice] = useState(preset ? String(current) : 'custom');
  const form = useForm<{ reminder_minutes: number | string }>({
    mode: 'controlled',
    initialValues: { reminder_minutes: current },
    validate: (values) => {
      const parsed = ReminderMinutes.safeParse(
        values.reminder_minutes === '' ? undefined : Number(values.reminder_minutes),
      );
      if (parsed.success) return {};
      return { reminder_minutes: 'Enter whole minutes from 0 to 10080 (one week)' };
    },
  });
  const submit = form.onSubmit((values) =>
    update.mutate(
      { reminder_minutes: Number(values.reminder_minutes) },
      {
        onSuccess: () => notifySuccess('Reminder lead time saved'),
        onError: (err) => setServerFieldErrors(form, err, REMINDER_FIELDS),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={formLevelError(update.error, REMINDER_FIELDS)} title="Could not save" />
        <Group align="flex-start" gap="md" wrap="wrap">
          <Select
            label="Remind me"
            data={REMINDER_CHOICES}
            value={choice}
            allowDeselect={false}
            w={220}
            onChange={(v) => {
              const next = v ?? '15';
              setChoice(next);
              if (next !== 'custom') form.setFieldValue('reminder_minutes', Number(next));
            }}
          />
          {choice === 'custom' && (
            <NumberInput
              label="Minutes before"
              min={0}
              max={REMINDER_MINUTES_MAX}
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              w={160}
              {...form.getInputProps('reminder_minutes')}
            />
          )}
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Reminder lead time: how long before an activity's due time its assignee gets an in-app reminder. */
function ReminderSection() {
  const settings = useReminderSettings();
  return (
    <Section
      title="Reminders"
      description="When to remind you of the activities assigned to you, in the bell at the top of the page."
    >
      {settings.isPending ? (
        <Skeleton h={60} />
      ) : settings.error ? (
        <ErrorAlert
          error={settings.error}
          title="Could not load your reminder setting"
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <ReminderForm key={settings.data.reminder_minutes} current={settings.data.reminder_minutes} />
      )}
    </Section>
  );
}

/** Personal calendar feed: create, regenerate (old URL dies) or revoke the secret iCalendar URL. */
function CalendarFeedSection() {
  const feed = useCalendarFeed();
  const create = useCreateCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [created, setCreated] = useState<CreatedCalendarFeed | null>(null);
  const make = () =>
    create.mutate(undefined, {
      onSuccess: (f) => setCreated(f),
      onError: (err) => notifyError(err, 'Could not create the calendar URL'),
    });
  const askRegenerate = () =>
    confirmDanger({
      title: 'Regenerate the calendar URL?',
      message:
        'The current URL stops working at once: calendars subscribed to it stop updating until you subscribe to the new one.',
      confirmLabel: 'Regenerate',
      onConfirm: make,
    });
  const askRevoke = () =>
    confirmDanger({
      title: 'Revoke the calendar URL?',
      message: 'The URL stops working at once and calendars subscribed to it stop updating.',
      confirmLabel: 'Revoke',
      onConfirm: () =>
        revoke.mutate(undefined, {
          onSuccess: () => {
            setCreated(null);
            notifySuccess('Calendar URL revoked');
          },
          onError: (err) => notifyError(err, 'Could not revoke the calendar URL'),
        }),
    });
  return (
    <Section
      title="Calendar feed"
      description="A private iCalendar URL with your activities, for Google Calendar, Outlook or Apple Calendar."
    >
      {feed.isPending ? (
        <Skeleton h={60} />
      ) : feed.error ? (
        <ErrorAlert error={feed.error} title="Could not load your calendar feed" onRetry={() => void feed.refetch()} />
      ) : (
        <Stack gap="md">
          <Group gap="xs">
            <Badge color={feed.data.active ? 'teal' : 'gray'} variant="light">
              {feed.data.active ? 'Active' : 'Off'}
            </Badge>
            <Text size="sm" c="dimmed">
              {feed.data.active && feed.data.created_at
                ? `URL created ${dayjs(feed.data.created_at).format('D MMM YYYY HH:mm')}`
                : 'No calendar URL yet'}
            </Text>
          </Group>
          {created && (
            <Alert color="yellow" variant="light" title="Copy your calendar URL now" role="status">
              <Stack gap="xs">
                <Text size="sm">It is shown only once. Anyone with this URL can read your activities.</Text>
                <CopyField value={created.url} copyLabel="Copy calendar URL" />
              </Stack>
            </Alert>
          )}
          <Group gap="sm">
            {feed.data.active ? (
              <>
                <Button
                  variant="default"
                  leftSection={<IconRefresh size={16} />}
                  onClick={askRegenerate}
                  loading={create.isPending}
                >
                  Regenerate
                </Button>
                <Button variant="subtle" color="red" onClick={askRevoke} loading={revoke.isPending}>
                  Revoke
                </Button>
              </>
            ) : (
              <Button leftSection={<IconCalendarPlus size={16} />} onClick={make} loading={create.isPending}>
                Create URL
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Google Calendar: Other calendars → + → From URL, paste the URL. Outlook: Add calendar → Subscribe from web.
            Apple Calendar: File → New Calendar Subscription. Calendar apps refresh subscriptions on their own schedule
            (Google can take several hours).
          </Text>
        </Stack>
      )}
    </Section>
  );
}
