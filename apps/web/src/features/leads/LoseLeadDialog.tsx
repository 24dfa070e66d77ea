import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { type LeadWire, useLoseLead } from './leads-api';

function LoseForm({
  lead,
  onClose,
  onLost,
}: {
  lead: { id: string; title: string };
  onClose: () => void;
  onLost?: (lead: LeadWire) => void;
}) {
  const lose = useLoseLead();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const text = reason.trim();
    if (!text) {
      setError('Give a reason: it feeds the loss analysis');
      return;
    }
    lose.mutate(
      { id: lead.id, reason: text },
      {
        onSuccess: (saved) => {
          notifySuccess(`${saved.title} marked lost`);
          onLost?.(saved);
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          <b>{lead.title}</b> moves to its pipeline&apos;s lost stage. You can reopen it later.
        </Text>
        <ErrorAlert error={lose.error} title="Could not mark the lead lost" />
        <Textarea
          label="Reason"
          required
          data-autofocus
          rows={3}
          maxLength={500}
          placeholder="No budget this year, chose a competitor…"
          value={reason}
          error={error}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={lose.isPending}>
            Mark lost
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Mark lead lost": a required reason, then `POST /leads/{id}/lose`. */
export function LoseLeadDialog({
  lead,
  onClose,
  onLost,
}: {
  /** The lead to lose; null closes the dialog. */
  lead: { id: string; title: string } | null;
  onClose: () => void;
  onLost?: (lead: LeadWire) => void;
}) {
  return (
    <Modal opened={lead !== null} onClose={onClose} title="Mark lead lost" centered>
      {lead && <LoseForm key={lead.id} lead={lead} onClose={onClose} onLost={onLost} />}
    </Modal>
  );
}
