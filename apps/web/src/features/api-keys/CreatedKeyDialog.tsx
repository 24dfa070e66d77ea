import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { CopyField } from '../../components/CopyField';
import type { CreatedApiKeyWire } from './api-keys-api';

/** Shows a just-created key once, with a copy button, a warning and a curl example. */
export function CreatedKeyDialog({ apiKey, onClose }: { apiKey: CreatedApiKeyWire | null; onClose: () => void }) {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <Modal
      opened={apiKey !== null}
      onClose={onClose}
      title={apiKey ? `API key “${apiKey.name}” created` : 'API key created'}
      size="lg"
      closeOnClickOutside={false}
    >
      {apiKey && (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title="Copy it now">
            This key will not be shown again. Store it somewhere safe, such as a password manager or your
            integration&apos;s secret settings.
          </Alert>
          <CopyField value={apiKey.key} copyLabel="Copy API key" />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Try it
            </Text>
            <CopyField
              value={`curl -H "Authorization: Bearer ${apiKey.key}" ${origin}/api/v1/me`}
              copyLabel="Copy curl command"
            />
          </Stack>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have copied it</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
