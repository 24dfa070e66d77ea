import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { flatten, LoadMore } from '../../components/pagination';
import { useCompanyChildren } from './companies-api';
import { COMPANY_TYPE_COLORS, COMPANY_TYPE_LABELS } from './labels';

/** The direct subsidiaries of a company, linked. */
export function CompanyChildren({ companyId, count }: { companyId: string; count: number }) {
  const children = useCompanyChildren(companyId);
  const rows = flatten(children.data);
  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="sm">
        <Title order={2} size="h5">
          Subsidiaries ({count})
        </Title>
        <ErrorAlert error={children.error} title="Could not load subsidiaries" onRetry={() => children.refetch()} />
        {children.isPending ? (
          <Skeleton h={40} />
        ) : rows.length === 0 && !children.error ? (
          <Text size="sm" c="dimmed">
            No subsidiaries. Set this company as the parent of another to build the hierarchy.
          </Text>
        ) : (
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {rows.map((c) => (
              <Group key={c.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`/companies/${c.id}`} size="sm" truncate>
                  {c.name}
                </Anchor>
                {c.type && (
                  <Badge size="xs" variant="light" color={COMPANY_TYPE_COLORS[c.type]} tt="none">
                    {COMPANY_TYPE_LABELS[c.type]}
                  </Badge>
                )}
              </Group>
            ))}
          </Stack>
        )}
        <LoadMore {...children} />
      </Stack>
    </Paper>
  );
}
