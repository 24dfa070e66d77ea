import { EmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

/** An empty list: icon, what is missing, and the first action to take. */
export function EmptyBlock({
  icon,
  title,
  description,
  action,
}: {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="xl">
      <EmptyState icon={icon} title={title} description={description} variant="light">
        {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
      </EmptyState>
    </Paper>
  );
}
