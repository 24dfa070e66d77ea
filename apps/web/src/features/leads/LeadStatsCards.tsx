import { Group, Paper, SimpleGrid, Skeleton, Text, ThemeIcon } from '@mantine/core';
import { IconSparkles, IconTargetArrow, IconUserQuestion, IconUsersGroup } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { FilterValues } from '../../components/records/types';
import { type LeadStatsWire, useLeadStats } from './leads-api';

const CARDS: Array<{ key: keyof LeadStatsWire; label: string; hint: string; icon: ReactNode; color: string }> = [
  {
    key: 'total',
    label: 'Total leads',
    hint: 'Every lead you can see',
    icon: <IconUsersGroup size={18} />,
    color: 'blue',
  },
  {
    key: 'new_this_week',
    label: 'New this week',
    hint: 'Created in the last 7 days',
    icon: <IconSparkles size={18} />,
    color: 'grape',
  },
  {
    key: 'qualified',
    label: 'Qualified',
    hint: 'Converted or in a won stage',
    icon: <IconTargetArrow size={18} />,
    color: 'teal',
  },
  {
    key: 'unassigned',
    label: 'Unassigned',
    hint: 'Waiting for an owner',
    icon: <IconUserQuestion size={18} />,
    color: 'orange',
  },
];

/** The statistics cards above the leads (`GET /api/v1/leads/stats`, with the page's filters). */
export function LeadStatsCards({ filters = {} }: { filters?: FilterValues }) {
  const stats = useLeadStats(filters);
  if (stats.error) {
    return (
      <ErrorAlert error={stats.error} title="Could not load the lead statistics" onRetry={() => stats.refetch()} />
    );
  }
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" role="list" aria-label="Lead statistics">
      {CARDS.map((c) => (
        <Paper key={c.key} withBorder radius="md" p="md" role="listitem" aria-label={c.label}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <div>
              <Text size="xs" c="dimmed" fw={700} tt="uppercase">
                {c.label}
              </Text>
              {stats.data ? (
                <Text
                  fz={28}
                  fw={700}
                  lh={1.2}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                  data-testid={`stat-${c.key}`}
                >
                  {stats.data[c.key].toLocaleString()}
                </Text>
              ) : (
                <Skeleton h={34} w={60} mt={2} />
              )}
              <Text size="xs" c="dimmed">
                {c.hint}
              </Text>
            </div>
            <ThemeIcon variant="light" color={c.color} radius="md" size="lg" aria-hidden>
              {c.icon}
            </ThemeIcon>
          </Group>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
