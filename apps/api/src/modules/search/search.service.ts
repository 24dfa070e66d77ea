/**
 * Global search (issue 7): one statement finds, ranks and counts matches of every requested type.
 *
 * Per type, the candidates are the union of (a) exact-key arms served by btree indexes (e-mail,
 * E.164 phone, domain) and (b) a text arm on the accent-folded `search_key` (migration 0018) served
 * by its pg_trgm GIN index: every query word within trigram word similarity ≥ 0.35 of a word of the
 * key (prefixes and typos: "acm" → Acme, "Jonh Smiht" → John Smith), or, for a phone-shaped query,
 * the digits (of the E.164 form when it parses) as a substring, for an e-mail address the address as
 * a substring — at most SEARCH_CANDIDATES_MAX per type (a query first takes the keys that contain
 * its words: see typeCtes). They are
 * ranked exact hits first, then by word similarity of the whole query plus the full-text rank
 * (`ts_rank` with the `relata_search` configuration: `simple` + unaccent, prefix terms). Facets
 * (type, owner, stage, tag) count the same candidates, so only records the caller may see are
 * counted. The statement is sent after one `set_config` of the similarity threshold (transaction
 * local).
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  SEARCH_CANDIDATES_MAX,
  SEARCH_LIMIT_MAX,
  SearchType,
  type LinkedRecord,
  type SearchFacetValue,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { escapeLike, queryRows } from '../../db/sql.js';
import type { Actor } from '../records/actor.js';
import { bestField, htmlText } from './search.highlight.js';
import { searchTerms, type SearchTerms } from './search.terms.js';
import { TYPE_SPECS, type TypeSpec } from './search.types.js';

/** pg_trgm word similarity each query word needs (0.35: "jonh" ~ "john" is 0.4). */
export const WORD_SIMILARITY_THRESHOLD = 0.35;

const norm = (v: SQL | string) => sql`public.relata_unaccent(lower(${v}))`;

/** The text arm of `table`: see the module comment. */
function textArm(table: string, terms: SearchTerms): SQL {
  const key = sql.raw(`"${table}"."search_key"`);
  if (terms.digits) return sql`${key} like ${`%${terms.digits}%`}`;
  // A whole e-mail address is one substring, not six similar words: its many trigrams make the GIN
  // scan read only the keys containing it (117 ms → a few ms at 1M contacts).
  if (terms.email) return sql`${key} like '%' || ${norm(escapeLike(terms.email))} || '%'`;
  if (terms.words.length)
    return sql.join(
      terms.words.map((w) => sql`${key} %> ${norm(w)}`),
      sql` and `,
    );
  return sql`${key} like '%' || ${norm(escapeLike(terms.q))} || '%'`;
}

/**
 * The words of a query whose matches are first looked for as substrings (see {@link typeCtes}):
 * those of 3 or more characters, so that LIKE has trigrams to give the GIN index; null for an
 * e-mail- or phone-shaped query (their own arms) or when no word is that long.
 */
export function substringWords(terms: SearchTerms): string[] | null {
  if (terms.digits || terms.email) return null;
  const long = terms.words.filter((w) => w.length >= 3);
  return long.length ? long : null;
}

/**
 * At most this many typo matches per type join the candidates (the largest `limit`,
 * SEARCH_LIMIT_MAX): they come in index order, so a larger set would be no better ranked.
 */
export const TYPO_HITS_MAX = SEARCH_LIMIT_MAX;

/** Conditions every candidate of `spec` meets: organisation, live, visible, facet filters. */
function baseConditions(spec: TypeSpec, actor: Actor, query: SearchQuery): SQL {
  const col = (c: string) => sql.raw(`"${spec.table}"."${c}"`);
  const conds: SQL[] = [sql`${col('org_id')} = ${actor.orgId}`];
  if (spec.soft) conds.push(sql`${col('deleted_at')} is null`);
  const vis = spec.visible(actor);
  if (vis) conds.push(vis);
  if (query.owner_id && spec.owner) {
    const owner = col(spec.owner);
    if (query.owner_id === 'none') conds.push(sql`${owner} is null`);
    else conds.push(sql`${owner} = ${query.owner_id === 'me' ? actor.membershipId : query.owner_id}::uuid`);
  }
  if (query.stage_id) conds.push(sql`${col('stage_id')} = ${query.stage_id}::uuid`);
  if (query.tag_id && spec.tags) {
    conds.push(
      sql`exists (select 1 from ${sql.raw(`"${spec.tags.table}"`)} tl where tl.org_id = ${col('org_id')} and tl.${sql.raw(spec.tags.column)} = ${col('id')} and tl.tag_id = ${query.tag_id}::uuid)`,
    );
  }
  return sql.join(conds, sql` and `);
}

/** The types searched: requested (default all) and able to meet the facet filters. */
export function searchedTypes(query: SearchQuery): TypeSpec[] {
  return (query.types ?? SearchType.options)
    .map((t) => TYPE_SPECS[t])
    .filter((s) => (!query.owner_id || s.owner) && (!query.stage_id || s.stage) && (!query.tag_id || s.tags));
}

/**
 * `cand_<type>` and `r_<type>` CTEs: the candidates with what ranking and facets need (id, org,
 * owner, stage, exact flag, search key: read once, where the arm finds the row), then type, id,
 * owner, stage, exact, score.
 *
 * A query with words of 3+ characters ({@link substringWords}) first takes the keys that contain
 * every such word and match each word (`sub_<type>`): LIKE '%word%' needs every trigram of the word,
 * so the GIN scan reads only those keys, where `%>` at threshold 0.35 accepts any key sharing 2 of a
 * word's 5 padded trigrams — at 1M contacts the prefix "feli" drew 27,362 index hits for 500
 * candidates, "José Jones" 23,750. (The similarity is checked there as a filter,
 * `word_similarity(…) >= threshold`, the meaning of `%>`, so the index is asked for the substrings
 * only.) The typo-tolerant arm runs only when no record of any searched type contains the words
 * (`no_substring_hit`, a one-time filter: the scan is never started otherwise), and its first
 * TYPO_HITS_MAX hits join the candidates: typo matches are the fallback for a query that finds
 * nothing as typed — Algolia's `typoTolerance: "min"` ("if you have one or more records that match,
 * you'll only receive those") and Typesense's default `typo_tokens_threshold` of 1 (look for typos
 * while fewer than 1 result is found). Before, the arm also ran while fewer than 50 records of the
 * type contained the words: bench/search, 1M contacts, "Barbara Flores" (44 contacts contain both
 * words) spent 12 of its 22 ms finding the same 44 again by similarity, and "cynt" ran the arm on
 * companies and deals (none contain it) for ~6 ms each.
 */
function typeCtes(
  spec: TypeSpec,
  actor: Actor,
  query: SearchQuery,
  terms: SearchTerms,
): { sub: SQL | null; rest: SQL } {
  const table = sql.raw(`"${spec.table}"`);
  const base = baseConditions(spec, actor, query);
  const t = spec.type;
  const words = substringWords(terms);
  const sub = sql.raw(`sub_${t}`);
  const cols = sql`${table}.id, ${table}.org_id,
      ${spec.owner ? sql.raw(`"${spec.table}"."${spec.owner}"`) : sql`null::uuid`} as owner_id,
      ${spec.stage ? sql`${table}.stage_id` : sql`null::uuid`} as stage_id,
      ${spec.exactFlag(terms)} as exact, ${table}.search_key`;
  const names = sql`id, org_id, owner_id, stage_id, exact, search_key`;
  const fuzzyUpTo = (n: number) =>
    sql`(select ${cols} from ${table} where ${base} and ${textArm(spec.table, terms)} limit ${n})`;
  const fuzzy = fuzzyUpTo(SEARCH_CANDIDATES_MAX);
  const text = words
    ? sql`(select ${names} from (select distinct on (id) ${names}, p from (
          select ${names}, 0 as p from ${sub}
          union all select ${names}, 1 from ${fuzzyUpTo(TYPO_HITS_MAX)} f where (select yes from no_substring_hit)) u
        order by id, p) d order by p limit ${SEARCH_CANDIDATES_MAX})`
    : fuzzy;
  const arms = [
    ...spec.exactArms(terms).map((c) => sql`(select ${cols} from ${table} where ${base} and ${c} limit 20)`),
    text,
  ];
  const tsRank = terms.tsquery
    ? sql`ts_rank(to_tsvector('public.relata_search', c.search_key), to_tsquery('public.relata_search', ${terms.tsquery}))`
    : sql`0`;
  const subCte = words
    ? sql`${sub} as (select ${cols} from ${table} where ${base}
        and ${sql.join(
          words.map((w) => sql`${table}.search_key like '%' || ${norm(escapeLike(w))} || '%'`),
          sql` and `,
        )}
        and ${sql.join(
          terms.words.map((w) => sql`word_similarity(${norm(w)}, ${table}.search_key) >= ${WORD_SIMILARITY_THRESHOLD}`),
          sql` and `,
        )}
        limit ${SEARCH_CANDIDATES_MAX})`
    : null;
  const rest = sql`${sql.raw(`cand_${t}`)} as (${sql.join(arms, sql` union `)}),
  ${sql.raw(`r_${t}`)} as (
    select ${t}::text as type, c.id, c.org_id, c.owner_id, c.stage_id, c.exact,
      word_similarity(${norm(terms.q)}, c.search_key) + ${tsRank} as score
    from ${sql.raw(`cand_${t}`)} c)`;
  return { sub: subCte, rest };
}

/** Tag ids of the candidates of the types with tags. */
function tagRows(specs: TypeSpec[], orgId: string): SQL {
  const parts = specs
    .filter((s) => s.tags)
    .map(
      (s) =>
        sql`select tl.tag_id from ${sql.raw(`"${s.tags!.table}"`)} tl join m on m.type = ${s.type} and m.id = tl.${sql.raw(s.tags!.column)} where tl.org_id = ${orgId}`,
    );
  return parts.length ? sql.join(parts, sql` union all `) : sql`select null::uuid as tag_id where false`;
}

/** The whole search statement (exported for the plan test and the bench). */
export function searchStatement(actor: Actor, query: SearchQuery, terms: SearchTerms): SQL {
  const specs = searchedTypes(query);
  const org = actor.orgId;
  const parts = specs.map((s) => typeCtes(s, actor, query, terms));
  const subs = parts.flatMap((p, i) => (p.sub ? [{ cte: p.sub, name: sql.raw(`sub_${specs[i]!.type}`) }] : []));
  // Every type's substring CTE first, then whether none of them found a record (typeCtes).
  const ctes = subs.length
    ? [
        ...subs.map((s) => s.cte),
        sql`no_substring_hit as (select not (${sql.join(
          subs.map((s) => sql`exists (select 1 from ${s.name})`),
          sql` or `,
        )}) as yes)`,
        ...parts.map((p) => p.rest),
      ]
    : parts.map((p) => p.rest);
  const union = specs.map((s) => sql`select * from ${sql.raw(`r_${s.type}`)}`);
  const display = sql`case top.type ${sql.join(
    specs.map((s) => sql`when ${s.type} then ${s.display(actor)}`),
    sql` `,
  )} end`;
  return sql`with ${sql.join(ctes, sql`, `)},
  m as (${sql.join(union, sql` union all `)}),
  top as (select * from (select m.*, row_number() over (partition by m.type order by m.exact desc, m.score desc, m.id) as rn from m) ranked where rn <= ${query.limit})
  select
    (select coalesce(json_agg(json_build_object('type', top.type, 'id', top.id, 'exact', top.exact, 'd', ${display}) order by top.type, top.rn), '[]')
       from top) as hits,
    (select coalesce(json_agg(json_build_object('type', s.type, 'count', s.n)), '[]')
       from (select type, count(*)::int as n from m group by type) s) as types,
    (select coalesce(json_agg(json_build_object('id', o.owner_id, 'name', coalesce(u.name, ms.name), 'count', o.n)
                              order by o.n desc, coalesce(u.name, ms.name)), '[]')
       from (select owner_id, count(*)::int as n from m where owner_id is not null group by owner_id) o
       join memberships ms on ms.org_id = ${org} and ms.id = o.owner_id left join users u on u.id = ms.user_id) as owners,
    (select count(*)::int from m where owner_id is null and type <> 'note') as unassigned,
    (select coalesce(json_agg(json_build_object('id', st.id, 'name', st.name, 'color', st.color, 'count', s.n) order by s.n desc, st.name), '[]')
       from (select stage_id, count(*)::int as n from m where stage_id is not null group by stage_id) s
       join stages st on st.org_id = ${org} and st.id = s.stage_id) as stages,
    (select coalesce(json_agg(json_build_object('id', tg.id, 'name', tg.name, 'color', tg.color, 'count', s.n) order by s.n desc, tg.name), '[]')
       from (select tag_id, count(*)::int as n from (${tagRows(specs, org)}) tr group by tag_id) s
       join tags tg on tg.org_id = ${org} and tg.id = s.tag_id) as tags`;
}

interface Row {
  hits: Array<{
    type: SearchType;
    id: string;
    exact: boolean;
    d: {
      title: string | null;
      subtitle: string | null;
      fields: Array<[string, string | null]>;
      record?: LinkedRecord | null;
    } | null;
  }>;
  types: Array<{ type: SearchType; count: number }>;
  owners: SearchFacetValue[];
  unassigned: number;
  stages: SearchFacetValue[];
  tags: SearchFacetValue[];
}

/**
 * Sets, for the rest of the (request) transaction, the trigram threshold the text arm relies on,
 * and turns plain index scans off: seeing `LIMIT`, the planner would otherwise walk the
 * organisation's btree and filter every row (fine on a small table, a scan of the whole
 * organisation when a query matches little), where the GIN bitmap scan reads only the matches.
 * Bitmap scans still serve every lookup by key. Sequential scans are discouraged for the same reason
 * (pg_trgm's selectivity estimate of `%>` is far too high, so the planner expects the first 500
 * matches early in a scan: at 1M contacts a prefix like "andr" read 7,500 leads row by row in 440 ms,
 * where the GIN bitmap took 50 ms); tables with no usable index still get one. JIT is turned off too: the statement's estimated
 * cost (per-type display sub-plans) crosses `jit_above_cost`, and compiling its ~450 functions took
 * 1.7 s of a 2.6 s search at 1M contacts (bench/search, PostgreSQL 15) for a statement that reads a
 * few thousand rows at most.
 */
export async function prepareSearch(tx: Tx): Promise<void> {
  await tx.execute(
    sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY_THRESHOLD)}, true),
               set_config('enable_indexscan', 'off', true),
               set_config('enable_seqscan', 'off', true),
               set_config('jit', 'off', true)`,
  );
}

/**
 * `GET /api/v1/search` for `actor`: groups (one per searched type, requested order), hits with
 * snippet and highlights, facets. Raises nothing itself (the contract bounds `q`, `types`, `limit`).
 */
export async function search(tx: Tx, params: { actor: Actor; query: SearchQuery }): Promise<SearchResult> {
  const { actor, query } = params;
  const terms = searchTerms(query.q, actor.region);
  const specs = searchedTypes(query);
  const empty = { types: [], owners: [], unassigned: 0, stages: [], tags: [] };
  const row = specs.length
    ? (await prepareSearch(tx), (await queryRows<Row>(tx, searchStatement(actor, query, terms)))[0]!)
    : { hits: [], ...empty };
  const counts = new Map(row.types.map((t) => [t.type, t.count]));
  const hitsOf = (type: SearchType): SearchHit[] =>
    row.hits
      .filter((h) => h.type === type && h.d)
      .map((h) => {
        const d = h.d!;
        const match = bestField(d.fields, terms);
        const title = d.title ?? (type === 'note' ? htmlText(d.fields[0]?.[1] ?? '').slice(0, 80) : '');
        return {
          type,
          id: h.id,
          title,
          subtitle: d.subtitle ?? null,
          ...match,
          exact: h.exact,
          record: d.record ?? null,
        };
      });
  const types = specs.map((s) => {
    const count = counts.get(s.type) ?? 0;
    return { type: s.type, count, capped: count >= SEARCH_CANDIDATES_MAX };
  });
  return {
    q: query.q,
    groups: types.map((t) => ({ ...t, hits: hitsOf(t.type) })),
    facets: {
      types,
      owners: row.owners.map((o) => ({ ...o, color: null })),
      unassigned: row.unassigned,
      stages: row.stages,
      tags: row.tags,
    },
  };
}
