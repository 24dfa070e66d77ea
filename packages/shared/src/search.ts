/**
 * Global search (issue 7, `GET /api/v1/search`): one query across companies, contacts, leads,
 * deals, notes and activities — names, e-mails, domains, phones (any format of the E.164 number),
 * tax ids, deal names, note and activity text; prefix-, typo- and accent-tolerant, exact e-mail /
 * phone / domain hits first. Results come grouped by type with a plain-text snippet and highlight
 * ranges (offsets into the snippet, in UTF-16 code units as JavaScript counts them); facets count the
 * matches by type, owner, stage and tag. Names are prefixed `Search…`.
 */
import { z } from 'zod';
import { Id } from './common.js';
import { LinkedRecord } from './linked-records.js';
import { OwnerFilter } from './records.js';

/** The kinds of thing global search finds, in the order groups are returned. */
export const SearchType = z.enum(['contact', 'company', 'lead', 'deal', 'activity', 'note']);
export type SearchType = z.infer<typeof SearchType>;

/** Longest `q` accepted, in characters after trimming (more → 400 `query.q`). */
export const SEARCH_Q_MAX = 200;
/** Most hits returned per type (`limit`). */
export const SEARCH_LIMIT_MAX = 50;
/**
 * Most matches of one type the server ranks and counts: a broader query reports this many with
 * `capped: true` (its count is "at least").
 */
export const SEARCH_CANDIDATES_MAX = 200;

/** `types=contact,deal`: a comma-separated subset of SearchType (unknown names → 400). */
const TypesParam = z.string().transform((s, ctx) => {
  const parts = [
    ...new Set(
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
  const bad = parts.filter((p) => !SearchType.options.includes(p as SearchType));
  if (!parts.length || bad.length) {
    ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${SearchType.options.join(', ')}` });
    return z.NEVER;
  }
  return parts as SearchType[];
});

/**
 * `GET /api/v1/search`. `q`: trimmed, 1–200 characters (empty or longer → 400 `query.q`). `types`:
 * which groups (default all). `limit`: hits per type, 1–50 (default 5). Facet filters:
 * `owner_id` (membership id, `me`, `none`; activities by assignee), `stage_id` (leads and deals),
 * `tag_id` (companies, contacts, leads, deals) — a filter leaves out the types it does not apply to.
 */
export const SearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1, { error: 'is required' })
    .max(SEARCH_Q_MAX, { error: `must be at most ${SEARCH_Q_MAX} characters` }),
  types: TypesParam.optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(5),
  owner_id: OwnerFilter.optional(),
  stage_id: Id.optional(),
  tag_id: Id.optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** A highlighted stretch of a snippet: `[start, end)` offsets into `snippet`. */
export const SearchHighlight = z.object({ start: z.number().int(), end: z.number().int() });
export type SearchHighlight = z.infer<typeof SearchHighlight>;

/**
 * One hit. `title`: the record's display name (an activity's subject; a note's first words);
 * `subtitle`: secondary text (e-mail, company, stage …) or null. `field`: which field matched
 * (`name`, `email`, `phone`, `mobile`, `domain`, `tax_id`, `company_name`, `subject`,
 * `description`, `body`); `snippet` is plain text from that field (a window around the match for
 * long text) and `highlights` the matched words in it — render them as text, never as HTML.
 * `exact`: an exact e-mail, phone or domain hit (ranked first). `record`: for notes and activities,
 * a linked live record the caller may see (where the hit opens), else null.
 */
export const SearchHit = z.object({
  type: SearchType,
  id: Id,
  title: z.string(),
  subtitle: z.string().nullable(),
  field: z.string(),
  snippet: z.string(),
  highlights: z.array(SearchHighlight),
  exact: z.boolean(),
  record: LinkedRecord.nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** The hits of one type, best first; `count` matches in all (at least, when `capped`). */
export const SearchGroup = z.object({
  type: SearchType,
  count: z.number().int(),
  capped: z.boolean(),
  hits: z.array(SearchHit),
});
export type SearchGroup = z.infer<typeof SearchGroup>;

/** A facet value with its number of matches (`name` of the owner, stage or tag). */
export const SearchFacetValue = z.object({
  id: Id,
  name: z.string(),
  count: z.number().int(),
  color: z.string().nullable(),
});
export type SearchFacetValue = z.infer<typeof SearchFacetValue>;

/**
 * The response: one group per requested type (also when empty, so facets can show 0), and facets
 * over every match the caller may see (unassigned records are counted under `unassigned`).
 */
export const SearchResult = z.object({
  q: z.string(),
  groups: z.array(SearchGroup),
  facets: z.object({
    types: z.array(z.object({ type: SearchType, count: z.number().int(), capped: z.boolean() })),
    owners: z.array(SearchFacetValue),
    unassigned: z.number().int(),
    stages: z.array(SearchFacetValue),
    tags: z.array(SearchFacetValue),
  }),
});
export type SearchResult = z.infer<typeof SearchResult>;
