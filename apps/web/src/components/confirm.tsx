import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import type { ReactNode } from 'react';

/** Asks before a destructive action; `onConfirm` runs only when the red button is pressed. */
export function confirmDanger(opts: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
}) {
  modals.openConfirmModal({
    title: opts.title,
    centered: true,
    children: <Text size="sm">{opts.message}</Text>,
    labels: { confirm: opts.confirmLabel, cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: opts.onConfirm,
  });
}
