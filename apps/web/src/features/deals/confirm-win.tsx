import { Stack, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';

/**
 * Asks before closing a deal as won (a green confirm button), with an optional "Why was it won?"
 * (≤ 500 characters): `onConfirm` gets the trimmed reason, or undefined when left empty.
 */
export function confirmWin(name: string, onConfirm: (reason: string | undefined) => void) {
  let reason = '';
  modals.openConfirmModal({
    title: `Mark ${name} won?`,
    centered: true,
    children: (
      <Stack gap="sm">
        <Text size="sm">The deal closes as won today. You can reopen it later.</Text>
        <TextInput
          label="Why was it won?"
          description="Optional; shown on the deal and in the won/lost reasons report"
          maxLength={500}
          data-autofocus
          onChange={(e) => (reason = e.currentTarget.value)}
        />
      </Stack>
    ),
    labels: { confirm: 'Mark won', cancel: 'Cancel' },
    confirmProps: { color: 'teal' },
    onConfirm: () => onConfirm(reason.trim() || undefined),
  });
}
