import { Box, Center, Container, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from './Brand';
import { usePageTitle } from './PageHeader';
import { ThemeToggle } from './ThemeToggle';

/** Full-screen layout for pages outside the app shell (sign-in, sign-up, invitations, onboarding). */
export function CenteredPage({
  title,
  subtitle,
  children,
  width = 440,
  documentTitle,
}: {
  title: string;
  /** The browser tab's title when it should differ from `title`. */
  documentTitle?: string;
  subtitle?: ReactNode;
  children: ReactNode;
  width?: number;
}) {
  usePageTitle(documentTitle ?? title);
  return (
    <Box mih="100vh" bg="var(--mantine-color-body)" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="space-between" px="lg" py="md">
        <Brand />
        <ThemeToggle />
      </Group>
      <Center style={{ flex: 1 }} px="md" pb="xl">
        <Container size={width} w="100%" px={0}>
          <Stack gap="lg">
            <Stack gap={6} align="center" ta="center">
              <Title order={1} size="h2">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              )}
            </Stack>
            <Paper withBorder shadow="sm" radius="md" p="xl">
              {children}
            </Paper>
          </Stack>
        </Container>
      </Center>
    </Box>
  );
}

/** A centred spinner filling the viewport, while the session loads. */
export function FullPageLoader() {
  return (
    <Center mih="100vh" aria-busy="true">
      <Stack align="center" gap="xs">
        <Brand size="lg" />
        <Loader size="sm" type="dots" aria-label="Loading" />
      </Stack>
    </Center>
  );
}
