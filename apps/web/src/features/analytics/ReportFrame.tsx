import { Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';

/**
 * A report's panel: heading, description and actions (Export CSV, switches), then a skeleton while
 * the first answer loads, the error with a retry, an empty message (`isEmpty`), or the report.
 */
export function ReportFrame({
  title,
  description,
  actions,
  query,
  isEmpty,
  emptyText,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  query: { isPending: boolean; error: unknown; refetch: () => unknown; isPlaceholderData?: boolean; data?: unknown };
  isEmpty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  return (
    <Stack gap="md" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 300px' }}>
          <Title order={2} size="h3">
            {title}
          </Title>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </Stack>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {query.isPending ? (
        <Stack>
          <Skeleton h={260} radius="md" />
          <Skeleton h={140} radius="md" />
        </Stack>
      ) : query.error && !query.data ? (
        <ErrorAlert
          error={query.error}
          title={`Could not load the ${title.toLowerCase()}`}
          onRetry={() => void query.refetch()}
        />
      ) : isEmpty ? (
        <Paper withBorder radius="md" p="xl">
          <Text c="dimmed" ta="center" data-testid="report-empty">
            {emptyText}
          </Text>
        </Paper>
      ) : (
        <Stack gap="md" style={{ opacity: query.isPlaceholderData ? 0.6 : 1 }}>
          {children}
        </Stack>
      )}
    </Stack>
  );
}
