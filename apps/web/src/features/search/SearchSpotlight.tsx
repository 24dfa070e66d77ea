import '@mantine/spotlight/styles.css';
import { Group, Kbd, Loader, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight } from '@mantine/spotlight';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { notifyError, notifySuccess } from '../../components/notify';
import { useMe } from '../../components/session';
import { Highlighted } from './Highlighted';
import {
  hitPath,
  recentOf,
  recentRecords,
  rememberRecord,
  type SearchHitWire,
  TYPE_LABELS,
  TYPE_SINGULAR,
  useCreateContactNamed,
  useSearch,
} from './search-api';

/**
 * A group of results with its visible heading (`heading`, default `label`). Not Spotlight.ActionsGroup:
 * its label is CSS content, invisible to assistive technology, and printed "undefined" when left out.
 */
function ResultGroup({ label, heading, children }: { label: string; heading?: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label} style={{ marginTop: 'var(--mantine-spacing-xs)' }}>
      <Text size="xs" fw={700} c="dimmed" px="sm" pt="xs" pb={4} aria-hidden>
        {heading ?? label}
      </Text>
      {children}
    </div>
  );
}

/** The app's one spotlight store: the header button and Ctrl/Cmd+K open it. */
export const [searchStore, searchSpotlight] = createSpotlight();

/** Milliseconds the spotlight waits after the last keystroke before it searches. */
export const SEARCH_DEBOUNCE_MS = 200;

/**
 * Global search on Ctrl/Cmd+K from every signed-in page (mounted once by the app layout): debounced
 * query, results grouped by type with the matched words marked, the last opened records when empty,
 * arrow keys + Enter (Mantine Spotlight), "Create contact named …" and "See all results" (→
 * `/search?q=`). Opening a hit remembers it as a recent record of the organisation.
 */
export function SearchSpotlight() {
  const navigate = useNavigate();
  const orgId = useMe().data?.org?.id ?? '';
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), SEARCH_DEBOUNCE_MS);
  const search = useSearch(debounced, { limit: 5 });
  const create = useCreateContactNamed();
  const result = debounced ? search.data : undefined;
  const open = (path: string, recent?: Parameters<typeof rememberRecord>[1]) => {
    if (recent && orgId) rememberRecord(orgId, recent);
    navigate(path);
  };
  const openHit = (hit: SearchHitWire) => open(hitPath(hit), recentOf(hit) ?? undefined);
  // New results replace the list: arrow keys start again from its top.
  useEffect(() => searchStore.updateState((s) => ({ ...s, selected: -1 })), [result]);
  const recents = q.trim() ? [] : recentRecords(orgId);
  const groups = result?.groups.filter((g) => g.hits.length > 0) ?? [];
  const name = q.trim();

  return (
    <Spotlight.Root
      store={searchStore}
      query={q}
      onQueryChange={setQ}
      onSpotlightClose={() => setQ('')}
      shortcut={['mod + K']}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder="Search contacts, companies, leads, deals, notes…"
        aria-label="Search"
        rightSection={search.isFetching && debounced ? <Loader size="xs" aria-label="Searching" /> : null}
      />
      <Spotlight.ActionsList aria-label="Search results">
        {recents.length > 0 && (
          <ResultGroup label="Recent">
            {recents.map((r) => (
              <Spotlight.Action
                key={`recent-${r.id}`}
                label={r.title}
                description={TYPE_SINGULAR[r.type]}
                onClick={() => open(r.path, r)}
              />
            ))}
          </ResultGroup>
        )}
        {groups.map((g) => (
          <ResultGroup
            key={g.type}
            label={TYPE_LABELS[g.type]}
            heading={`${TYPE_LABELS[g.type]} (${g.count}${g.capped ? '+' : ''})`}
          >
            {g.hits.map((hit) => (
              <Spotlight.Action key={hit.id} onClick={() => openHit(hit)} aria-label={hit.title || hit.snippet}>
                <Group wrap="nowrap" w="100%" gap="xs" justify="space-between">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" truncate>
                      {hit.field === 'name' || hit.field === 'subject' ? <Highlighted hit={hit} /> : hit.title}
                    </Text>
                    {hit.field !== 'name' && hit.field !== 'subject' && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        <Highlighted hit={hit} />
                      </Text>
                    )}
                  </div>
                  {hit.subtitle && (
                    <Text size="xs" c="dimmed" truncate style={{ flexShrink: 0, maxWidth: '40%' }}>
                      {hit.subtitle}
                    </Text>
                  )}
                </Group>
              </Spotlight.Action>
            ))}
          </ResultGroup>
        ))}
        {name && (
          <ResultGroup label="Actions">
            <Spotlight.Action
              label={`See all results for “${name}”`}
              onClick={() => navigate(`/search?q=${encodeURIComponent(name)}`)}
            />
            <Spotlight.Action
              label={`Create contact named “${name}”`}
              disabled={create.isPending}
              onClick={() =>
                create.mutate(name, {
                  onSuccess: (id) => {
                    notifySuccess(`Contact ${name} created`);
                    open(`/contacts/${id}`, { type: 'contact', id, title: name, path: `/contacts/${id}` });
                  },
                  onError: (err) => notifyError(err, 'Could not create the contact'),
                })
              }
            />
          </ResultGroup>
        )}
        {debounced && result && groups.length === 0 && (
          <Spotlight.Empty>Nothing found for “{debounced}”</Spotlight.Empty>
        )}
        {!name && recents.length === 0 && (
          <Spotlight.Empty>Type to search; recently opened records show here</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}

/** The header's search box: opens the spotlight (shows the shortcut). */
export function SearchButton() {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return (
    <UnstyledButton
      onClick={() => searchSpotlight.open()}
      aria-label="Search (Ctrl+K)"
      px="sm"
      py={6}
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}
    >
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed" visibleFrom="md">
          Search…
        </Text>
        <Text size="sm" c="dimmed" hiddenFrom="md">
          Search
        </Text>
        <Kbd size="xs" visibleFrom="md">
          {mac ? '⌘' : 'Ctrl'} K
        </Kbd>
      </Group>
    </UnstyledButton>
  );
}
