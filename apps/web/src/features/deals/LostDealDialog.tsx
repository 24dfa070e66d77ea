import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { notifySuccess } from '../../components/notify';
import { type DealWire, useLoseDeal, useMoveDeal } from './deals-api';

export interface LosingDeal {
  id: string;
  name: string;
  /** A lost stage to move to (a board drop or a stage click); else the pipeline's first lost stage. */
  stageId?: string;
  version?: number;
}

function LostForm({
  deal,
  onClose,
  onLost,
}: {
  deal: LosingDeal;
  onClose: () => void;
  onLost?: (d: DealWire) => void;
}) {
  const lose = useLoseDeal();
  const move = useMoveDeal();
  const mutation = deal.stageId ? move : lose;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const text = reason.trim();
    if (!text) {
      setError('Give a reason: it feeds the loss analysis');
      return;
    }
    const handlers = {
      onSuccess: (saved: DealWire) => {
        notifySuccess(`${saved.name} marked lost`);
        onLost?.(saved);
        onClose();
      },
    };
    if (deal.stageId)
      move.mutate({ id: deal.id, stageId: deal.stageId, lostReason: text, version: deal.version }, handlers);
    else lose.mutate({ id: deal.id, reason: text, version: deal.version }, handlers);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          <b>{deal.name}</b> is closed as lost. You can reopen it later.
        </Text>
        <ErrorAlert error={mutation.error} title="Could not mark the deal lost" />
        <Textarea
          label="Reason"
          required
          data-autofocus
          rows={3}
          maxLength={500}
          placeholder="Price, timing, chose a competitor…"
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
          <Button type="submit" color="red" loading={mutation.isPending}>
            Mark lost
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Mark deal lost": a required reason, then `POST /deals/{id}/lost` (or a move to the chosen lost stage). */
export function LostDealDialog({
  deal,
  onClose,
  onLost,
}: {
  deal: LosingDeal | null;
  onClose: () => void;
  onLost?: (d: DealWire) => void;
}) {
  return (
    <Modal opened={deal !== null} onClose={onClose} title="Mark deal lost" centered>
      {deal && <LostForm key={deal.id} deal={deal} onClose={onClose} onLost={onLost} />}
    </Modal>
  );
}
