import { Button, Group, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { UpdateTeamBody } from '@relata/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import { type TeamDetailWire, useUpdateTeam } from './teams-api';

const FIELDS = ['name', 'description'] as const;

/** Rename or describe a team (validated with `UpdateTeamBody`, sent with If-Match). */
export function TeamEditForm({ team, onDone }: { team: TeamDetailWire; onDone: () => void }) {
  const update = useUpdateTeam();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: team.name, description: team.description ?? '' },
    validate: contractResolver(UpdateTeamBody),
  });
  const submit = form.onSubmit((values) =>
    update.mutate(
      { id: team.id, version: team.version, name: values.name, description: values.description.trim() || null },
      {
        onSuccess: () => {
          notifySuccess('Team updated');
          onDone();
        },
        onError: (err) => setServerFieldErrors(form, err, FIELDS),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ErrorAlert error={formLevelError(update.error, FIELDS)} title="Could not save" />
        <TextInput label="Name" required key={form.key('name')} {...form.getInputProps('name')} />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          key={form.key('description')}
          {...form.getInputProps('description')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
