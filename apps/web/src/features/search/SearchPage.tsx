import { Badge, Card, Chip, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { SearchType } from '@relata/shared';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMe } from '../../components/session';
import { Highlighted } from './Highlighted';
import { hitPath, recentOf, rememberRecord, TYPE_LABELS, TYPE_SINGULAR, useSearch } from './search-api';

/**
 * `/search?q=&type=`: every group's best 20 hits with their marked snippets, type facets with
 * counts ("200+" when capped) that narrow the page to one type, loading, error and empty states.
 */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const type = (params.get('type') as SearchType | null) ?? null;
  const [input, setInput] = useState(q);
  // The URL changed from elsewhere (the spotlight's "See all results"): show its query.
  const [shownQ, setShownQ] = useState(q);
  if (shownQ !== q) {
    setShownQ(q);
    if (input.trim() !== q) setInput(q);
  }
  const [debounced] = useDebouncedValue(input, 300);
  useEffect(() => {
    if (debounced.trim() !== q) {
      setParams((p) => {
        const next = new URLSearchParams(p);
        if (debounced.trim()) next.set('q', debounced.trim());
        else next.delete('q');
        return next;
      });
    }
  }, [debounced, q, setParams]);
  const all = useSearch(q, { limit: 20 });
  const orgId = useMe().data?.org?.id ?? '';
  const facets = all.data?.facets.types ?? [];
  const groups = (all.data?.groups ?? []).filter((g) => g.hits.length > 0 && (!type || g.type === type));

  return (
    <Stack>
      <Title order={1}>Search</Title>
      <TextInput
        aria-label="Search query"
        placeholder="Names, e-mails, phones, domains, tax ids, notes…"
        value={input}
        onChange={(e) => setInput(e.currentTarget.value)}
        rightSection={all.isFetching ? <Loader size="xs" aria-label="Searching" /> : null}
      />
      {q.trim() && facets.length > 0 && (
        <Chip.Group
          value={type ?? 'all'}
          onChange={(v) =>
            setParams((p) => {
              const next = new URLSearchParams(p);
              if (v === 'all') next.delete('type');
              else next.set('type', String(v));
              return next;
            })
          }
        >
          <Group gap="xs" role="group" aria-label="Result types">
            <Chip value="all">All</Chip>
            {facets.map((f) => (
              <Chip key={f.type} value={f.type} disabled={f.count === 0}>
                {TYPE_LABELS[f.type]} ({f.count}
                {f.capped ? '+' : ''})
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
      {!q.trim() && <Text c="dimmed">Type something to search every record, note and activity.</Text>}
      {all.isError && <ErrorAlert error={all.error} title="Could not search" onRetry={() => void all.refetch()} />}
      {q.trim() && all.isPending && <Loader aria-label="Loading results" />}
      {all.data && groups.length === 0 && !all.isPlaceholderData && <Text c="dimmed">Nothing found for “{q}”.</Text>}
      {groups.map((g) => (
        <Stack key={g.type} gap="xs" component="section" aria-label={TYPE_LABELS[g.type]}>
          <Title order={2} size="h4">
            {TYPE_LABELS[g.type]}{' '}
            <Text span c="dimmed" size="sm">
              {g.count}
              {g.capped ? '+' : ''}
            </Text>
          </Title>
          {g.hits.map((hit) => (
            <Card
              key={hit.id}
              withBorder
              padding="sm"
              component={Link}
              to={hitPath(hit)}
              onClick={() => {
                const recent = recentOf(hit);
                if (orgId && recent) rememberRecord(orgId, recent);
              }}
            >
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500} truncate>
                  {hit.title || TYPE_SINGULAR[hit.type]}
                </Text>
                {hit.exact && <Badge variant="light">Exact match</Badge>}
              </Group>
              <Text size="sm" c="dimmed">
                {hit.field.replaceAll('_', ' ')}: <Highlighted hit={hit} />
              </Text>
              {hit.record && (
                <Text size="xs" c="dimmed">
                  on {TYPE_SINGULAR[hit.record.type]} {hit.record.name}
                </Text>
              )}
            </Card>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
