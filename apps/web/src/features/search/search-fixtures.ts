/** Wire-shaped search answers for the search component tests. */
import type { SearchHitWire, SearchResultWire } from './search-api';

export const JOHN_ID = '01900000-0000-7000-8000-900000000001';
export const ACME_ID = '01900000-0000-7000-8000-900000000002';
export const NOTE_ID = '01900000-0000-7000-8000-900000000003';

export const JOHN: SearchHitWire = {
  type: 'contact',
  id: JOHN_ID,
  title: 'John Smith',
  subtitle: 'john@acme.example',
  field: 'name',
  snippet: 'John Smith',
  highlights: [
    { start: 0, end: 4 },
    { start: 5, end: 10 },
  ],
  exact: false,
  record: null,
};

export const NOTE: SearchHitWire = {
  type: 'note',
  id: NOTE_ID,
  title: 'Call John about pricing',
  subtitle: null,
  field: 'body',
  snippet: 'Call John about <b>pricing</b>',
  highlights: [{ start: 5, end: 9 }],
  exact: false,
  record: { type: 'company', id: ACME_ID, name: 'Acme' },
};

/** A result with John among contacts and one note; the other types empty. */
export function result(q: string, hits: SearchHitWire[] = [JOHN, NOTE]): SearchResultWire {
  const types = ['contact', 'company', 'lead', 'deal', 'activity', 'note'] as const;
  const groups = types.map((type) => {
    const of = hits.filter((h) => h.type === type);
    return { type, count: of.length, capped: false, hits: of };
  });
  return {
    q,
    groups,
    facets: {
      types: groups.map((g) => ({ type: g.type, count: g.count, capped: false })),
      owners: [],
      unassigned: 0,
      stages: [],
      tags: [],
    },
  };
}
