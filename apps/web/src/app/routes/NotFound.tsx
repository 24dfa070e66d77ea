import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { usePageTitle } from '../../components/PageHeader';

/** Any unknown path inside the app. */
export function NotFound() {
  usePageTitle('Not found');
  return (
    <Stack align="flex-start" gap="sm" py="xl">
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text c="dimmed">There is nothing at this address. It may have moved, or the link is incomplete.</Text>
      <Button component={Link} to="/">
        Go home
      </Button>
    </Stack>
  );
}
