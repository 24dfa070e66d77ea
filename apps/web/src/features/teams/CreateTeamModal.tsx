import { Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CreateTeamBody } from '@relata/shared';
import { ErrorAlert } from '../../components/ErrorAlert';
import { contractResolver, formLevelError, setServerFieldErrors } from '../../components/forms';
import { notifySuccess } from '../../components/notify';
import { type TeamDetailWire, useCreateTeam } from './teams-api';

const FIELDS = ['name', 'description'] as const;

/** "New team": name and description, validated with `CreateTeamBody`; `onCreated` gets the new team. */
export function CreateTeamModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (team: TeamDetailWire) => void;
}) {
  const create = useCreateTeam();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '', description: '' },
    validate: contractResolver(CreateTeamBody),
  });
  const close = () => {
    onClose();
    form.reset();
    create.reset();
  };
  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name, description: values.description.trim() || null },
      {
        onSuccess: (team) => {
          notifySuccess(`Team ${team.name} created`);
          close();
          onCreated(team);
        },
        onError: (err) => setServerFieldErrors(form, err, FIELDS),
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={close} title="New team">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <ErrorAlert error={formLevelError(create.error, FIELDS)} title="Could not create the team" />
          <TextInput
            label="Name"
            placeholder="Inbound"
            required
            data-autofocus
            key={form.key('name')}
            {...form.getInputProps('name')}
          />
          <Textarea
            label="Description"
            placeholder="What this team works on"
            autosize
            minRows={2}
            key={form.key('description')}
            {...form.getInputProps('description')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create team
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
