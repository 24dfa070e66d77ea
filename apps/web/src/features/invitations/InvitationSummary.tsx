import { Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconMailOpened } from '@tabler/icons-react';
import { ROLE_LABELS } from '@relata/shared';
import { formatDate } from '../../components/format';
import type { InvitationPreviewWire } from './invitations-api';

/** Who invited whom to which organisation, with which role, until when. */
export function InvitationSummary({ preview }: { preview: InvitationPreviewWire }) {
  return (
    <Group gap="md" wrap="nowrap" align="flex-start">
      <ThemeIcon size={42} radius="xl" variant="light">
        <IconMailOpened size={22} />
      </ThemeIcon>
      <Stack gap={4}>
        <Text>
          {preview.invited_by_name ? <b>{preview.invited_by_name}</b> : 'You'} invited <b>{preview.email}</b> to join{' '}
          <b>{preview.org_name}</b> as {ROLE_LABELS[preview.role].toLowerCase()}.
        </Text>
        <Text size="sm" c="dimmed">
          The invitation is valid until {formatDate(preview.expires_at)}.
        </Text>
      </Stack>
    </Group>
  );
}
