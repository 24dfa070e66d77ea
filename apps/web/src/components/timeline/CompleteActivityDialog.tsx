import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../ErrorAlert';
import { notifySuccess } from '../notify';
import { useActivityTransition } from './timeline-api';

/** The activity being completed from the timeline. */
export interface CompletingActivity {
  id: string;
  subject: string;
}

function CompleteForm({ activity, onClose }: { activity: CompletingActivity; onClose: () => void }) {
  const transition = useActivityTransition();
  const [outcome, setOutcome] = useState('');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    transition.mutate(
      { id: activity.id, action: 'complete', outcome: outcome.trim() || null },
      {
        onSuccess: () => {
          notifySuccess(`${activity.subject} completed`);
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          <b>{activity.subject}</b> is marked completed now. You can reopen it later.
        </Text>
        <ErrorAlert error={transition.error} title="Could not complete the activity" />
        <Textarea
          label="Outcome"
          description="Optional: what came of it"
          data-autofocus
          rows={3}
          maxLength={5000}
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="teal" loading={transition.isPending}>
            Complete
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Complete activity": an optional outcome, then `POST /activities/{id}/complete`. */
export function CompleteActivityDialog({
  activity,
  onClose,
}: {
  activity: CompletingActivity | null;
  onClose: () => void;
}) {
  return (
    <Modal opened={activity !== null} onClose={onClose} title="Complete activity" centered>
      {activity && <CompleteForm key={activity.id} activity={activity} onClose={onClose} />}
    </Modal>
  );
}
