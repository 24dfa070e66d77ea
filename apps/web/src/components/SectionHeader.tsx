import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A section inside a page: a level-2 title, one line of explanation and an optional action. */
export function SectionHeader({
  title,
  description,
  action,
}: {
  title: string;
  description: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Group justify="space-between">
      <Stack gap={2}>
        <Title order={2} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>
      {action}
    </Group>
  );
}
