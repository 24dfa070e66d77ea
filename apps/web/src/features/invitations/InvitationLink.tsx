import { Stack, Text } from '@mantine/core';
import { CopyField } from '../../components/CopyField';
import { formatDateTime } from '../../components/format';

/** The invitation link, shown once, with a copy button and what to do with it. */
export function InvitationLink({ url, expiresAt }: { url: string; expiresAt: string }) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Send this link to them
      </Text>
      <CopyField value={url} copyLabel="Copy invitation link" />
      <Text size="xs" c="dimmed">
        It is shown only now and works until {formatDateTime(expiresAt)}. Anyone with the link can see the invitation;
        only the invited email address can accept it.
      </Text>
    </Stack>
  );
}
