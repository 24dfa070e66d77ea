import { Badge, Button, Card, Center, Group, Loader, Stack, Tabs, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import type { DuplicateType } from '@relata/shared';
import { useState } from 'react';
import { EmptyBlock } from '../../components/EmptyBlock';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { flatten, LoadMore } from '../../components/pagination';
import { useDuplicates, type DuplicateGroupWire } from './duplicates-api';
import { MergeDialog } from './MergeDialog';

const REASON_LABELS: Record<string, string> = {
  email: 'Same email',
  phone: 'Same phone',
  name: 'Similar name',
  domain: 'Same domain',
};

function GroupCard({ group, onMerge }: { group: DuplicateGroupWire; onMerge: () => void }) {
  const names = group.records.map((r) => r.name).join(', ');
  return (
    <Card withBorder radius="md" component="article" aria-label={`Possible duplicates: ${names}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <Badge color={group.score >= 85 ? 'red' : group.score >= 65 ? 'orange' : 'yellow'} variant="light">
              {group.score}% match
            </Badge>
            {group.reasons.map((r) => (
              <Badge key={`${r.kind}:${r.value}`} variant="outline" color="gray" tt="none">
                {REASON_LABELS[r.kind] ?? r.kind}: {r.value}
              </Badge>
            ))}
          </Group>
          {group.records.map((r) => (
            <Text key={r.id} size="sm">
              <b>{r.name}</b>
              {[r.email, r.phone, r.domain, r.company?.name].filter(Boolean).map((x) => ` · ${x}`)}
            </Text>
          ))}
        </Stack>
        <Button variant="light" onClick={onMerge}>
          Review and merge
        </Button>
      </Group>
    </Card>
  );
}

function GroupList({ type }: { type: DuplicateType }) {
  const q = useDuplicates(type);
  const [merging, setMerging] = useState<DuplicateGroupWire | null>(null);
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader aria-label="Loading duplicates" />
      </Center>
    );
  if (q.error)
    return <ErrorAlert error={q.error} title="Could not load the duplicates" onRetry={() => void q.refetch()} />;
  const groups = flatten(q.data);
  if (!groups.length)
    return (
      <EmptyBlock
        icon={<IconCopy />}
        title={`No duplicate ${type} found`}
        description="Records sharing an email, a phone or a domain, or with very similar names, show up here."
      />
    );
  return (
    <Stack gap="sm">
      {groups.map((g) => (
        <GroupCard key={g.records.map((r) => r.id).join()} group={g} onMerge={() => setMerging(g)} />
      ))}
      <LoadMore hasNextPage={q.hasNextPage} isFetchingNextPage={q.isFetchingNextPage} fetchNextPage={q.fetchNextPage} />
      <MergeDialog type={type} group={merging} onClose={() => setMerging(null)} />
    </Stack>
  );
}

/**
 * Settings → Duplicates: candidate groups of likely duplicate contacts and companies (tabs), each
 * with its score and reasons, and a merge dialog per group.
 */
export function DuplicatesPage() {
  const [tab, setTab] = useState<DuplicateType>('contacts');
  return (
    <>
      <PageHeader
        title="Duplicates"
        description="Likely duplicate records, highest confidence first. Merging keeps one record and moves everything to it."
      />
      <Tabs value={tab} onChange={(v) => v && setTab(v as DuplicateType)} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="contacts">Contacts</Tabs.Tab>
          <Tabs.Tab value="companies">Companies</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="contacts">
          <GroupList type="contacts" />
        </Tabs.Panel>
        <Tabs.Panel value="companies">
          <GroupList type="companies" />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
