import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../ErrorAlert';
import { notifySuccess } from '../notify';
import { useActivityTransition } from './timeline-api';

/** Longest outcome the server accepts (`CompleteActivityBody.outcome`, after trimming). */
export const OUTCOME_MAX_LENGTH = 5000;

/**
 * The activity being completed. With `version` (the Activities page) the move is sent with
 * `If-Match`; without it (a timeline entry carries no version) it is sent unconditionally.
 */
export interface CompletingActivity {
  id: string;
  subject: string;
  version?: number;
}

function CompleteForm({
  activity,
  onClose,
  onCompleted,
}: {
  activity: CompletingActivity;
  onClose: () => void;
  onCompleted?: () => void;
}) {
  const transition = useActivityTransition();
  const [outcome, setOutcome] = useState('');
  const tooLong = outcome.trim().length > OUTCOME_MAX_LENGTH;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (tooLong || transition.isPending) return;
    transition.mutate(
      { activity: { id: activity.id, version: activity.version }, transition: 'complete', outcome },
      {
        onSuccess: () => {
          notifySuccess(`${activity.subject} completed`);
          onCompleted?.();
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
          description="Optional: what happened, what was agreed"
          data-autofocus
          autosize
          minRows={3}
          maxRows={8}
          value={outcome}
          error={tooLong ? `Must be at most ${OUTCOME_MAX_LENGTH.toLocaleString('en')} characters` : undefined}
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

/**
 * "Complete activity", the one dialog for it (record timelines and the Activities page): an optional
 * outcome (≤ 5,000 characters, checked before anything is sent), then
 * `POST /api/v1/activities/{id}/complete` — with `If-Match` when `activity.version` is given. Open
 * while `activity` is not null. On success it toasts, calls `onCompleted` and then `onClose`; on
 * failure (e.g. 422 illegal move, 412 stale version) it stays open with the server's message. The
 * form starts empty for each activity.
 */
export function CompleteActivityDialog({
  activity,
  onClose,
  onCompleted,
}: {
  activity: CompletingActivity | null;
  onClose: () => void;
  onCompleted?: () => void;
}) {
  return (
    <Modal opened={activity !== null} onClose={onClose} title="Complete activity" centered>
      {activity && <CompleteForm key={activity.id} activity={activity} onClose={onClose} onCompleted={onCompleted} />}
    </Modal>
  );
}
