import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconAddressBook } from '@tabler/icons-react';

/** The Relata logo mark and name. */
export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon size={size === 'lg' ? 36 : 30} radius="md" variant="filled">
        <IconAddressBook size={size === 'lg' ? 22 : 18} />
      </ThemeIcon>
      <Text fw={700} size={size === 'lg' ? 'xl' : 'lg'}>
        Relata
      </Text>
    </Group>
  );
}
