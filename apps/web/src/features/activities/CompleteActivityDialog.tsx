import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { ActivityWire } from './activities-api';

/** Asks for an optional outcome before completing `activity`; `onComplete` gets it (null when blank). */
export function CompleteActivityDialog({
  activity,
  onClose,
  onComplete,
  loading,
}: {
  activity: ActivityWire | null;
  onClose: () => void;
  onComplete: (outcome: string | null) => void;
  loading?: boolean;
}) {
  const [outcome, setOutcome] = useState('');
  const tooLong = outcome.length > 5000;
  return (
    <Modal opened={Boolean(activity)} onClose={onClose} title="Complete activity" centered>
      {activity && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!tooLong) onComplete(outcome.trim() || null);
          }}
        >
          <Stack gap="md">
            <Text size="sm">
              Mark <b>{activity.subject}</b> completed.
            </Text>
            <Textarea
              label="Outcome"
              description="Optional: what happened, what was agreed"
              autosize
              minRows={3}
              maxRows={8}
              data-autofocus
              value={outcome}
              error={tooLong ? 'Must be at most 5000 characters' : undefined}
              onChange={(e) => setOutcome(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" color="teal" loading={loading}>
                Complete
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
