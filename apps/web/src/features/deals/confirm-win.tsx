import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';

/** Asks before closing a deal as won (a green confirm button). */
export function confirmWin(name: string, onConfirm: () => void) {
  modals.openConfirmModal({
    title: `Mark ${name} won?`,
    centered: true,
    children: <Text size="sm">The deal closes as won today. You can reopen it later.</Text>,
    labels: { confirm: 'Mark won', cancel: 'Cancel' },
    confirmProps: { color: 'teal' },
    onConfirm,
  });
}
