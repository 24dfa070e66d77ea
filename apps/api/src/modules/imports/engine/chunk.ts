/**
 * One chunk of rows (≤ 1,000), validated and — in a run — written, in the caller's transaction:
 * parse → relations (owners, tags, companies, contacts, stages) → match existing records by the
 * upsert key → per row create / update (only changed columns) / skip (nothing changed, or a
 * repeat of an earlier row's key in the chunk) / fail → set-based writes (write.ts) with the change
 * log a revert replays. A dry run stops before the writes (and creates no relation).
 *
 * A row fails (error issue) on a cell that does not parse, a required field left empty on create,
 * a unique value (email, domain, external id) held by another record, or a match the importer may
 * not see. Records of companies, contacts, deals and leads; activities and notes go to linked.ts;
 * leads' person columns (title, status words, primary contact) are lead-person.ts; a dry run's
 * duplicate warnings are duplicates.ts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '../../../lib/ids.js';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import { IMPORT_FIELDS } from '../fields.js';
import type { SourceRow } from '../files/source.js';
import { parsePhone } from '../values/index.js';
import type { PipelineRef, RunContext } from './context.js';
import { plainColumns, SPECS, type RecordEntity, type TableSpec } from './entities.js';
import { historyOfCreated, historyOfUpdated, insertHistory, placementColumns } from './history.js';
import { warnDuplicates } from './duplicates.js';
import { buildLeadTitles, leadSourceRow, linkLeadContacts } from './lead-person.js';
import { processLinkedChunk } from './linked.js';
import { addIssue, parseRow, type ParsedRow, type RowIssue } from './parse.js';
import {
  contactsByEmail,
  createPendingOwners,
  resolveCompanies,
  resolveOwner,
  resolveStage,
  resolveTags,
  topPositions,
} from './relations.js';
import { insertCreated, linkTags, logChanges, updateRecords } from './write.js';

export interface ChunkResult {
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  warnings: number;
  issues: RowIssue[];
}

type Existing = Record<string, unknown> & { id: string; owner_id: string | null };

/** SQL expression and row value of the upsert key (null: the row has none → it creates). */
function keyOf(spec: TableSpec, key: string) {
  if (key === 'none') return null;
  if (key === 'name') return { expr: 'name_key', value: (c: Record<string, unknown>) => lower(c.name) };
  if (key.startsWith('cf.')) {
    const k = key.slice(3).replace(/[^a-z0-9_]/g, '');
    return {
      expr: `custom_fields->>'${k}'`,
      value: (c: Record<string, unknown>) => {
        const v = (c.custom_fields as Record<string, unknown> | undefined)?.[k];
        return v === undefined || v === null ? null : String(v);
      },
    };
  }
  return { expr: key, value: (c: Record<string, unknown>) => (c[key] == null ? null : String(c[key])) };
}
const lower = (v: unknown) => (typeof v === 'string' && v ? v.toLowerCase() : null);

/**
 * The JSON object of a matched record: id, owner, every column an import writes (the change check
 * compares them) and `name_key` where the key is the name — not `to_jsonb(t)` of the whole row
 * (generated search columns, versions, …), which a re-import read and parsed for every row.
 */
function matchObject(spec: TableSpec): SQL {
  const cols = ['id', 'owner_id', ...Object.keys(spec.columns).filter((c) => c !== 'owner_id')];
  if (spec.table === 'companies') cols.push('name_key');
  return sql.raw(`jsonb_build_object(${cols.map((c) => `'${c}', t.${c}`).join(', ')})`);
}

/** Live (or, for leads' external ids, any) records whose `expr` is one of `values`. */
async function findBy(tx: Tx, ctx: RunContext, spec: TableSpec, expr: string, values: string[], live = true) {
  if (!values.length) return [];
  return queryRows<{ rec: Existing }>(
    tx,
    sql`select ${matchObject(spec)} as rec from ${sql.raw(spec.table)} t where t.org_id = ${ctx.orgId}::uuid
          ${live ? sql`and t.deleted_at is null` : sql``} and ${sql.raw(`t.${expr}`)} = any(${sql.param(values)}::text[])`,
  ).then((rows) => rows.map((r) => r.rec));
}

/** Equal for the change check: times by instant, money/ints by value, arrays and objects by JSON. */
function same(type: string, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  if (type === 'timestamptz') return Date.parse(String(a)) === Date.parse(String(b));
  if (type === 'bigint' || type === 'integer') return Number(a) === Number(b);
  if (type === 'text[]') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** Columns of `cols` that differ from `rec`, with the values before (custom fields: the whole object). */
function diff(spec: TableSpec, rec: Existing, cols: Record<string, unknown>) {
  const changed: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const [c, v] of Object.entries(cols)) {
    if (c === 'created_at' || c === 'position') continue;
    if (c === 'custom_fields') {
      const cur = (rec.custom_fields ?? {}) as Record<string, unknown>;
      const next = v as Record<string, unknown>;
      if (Object.entries(next).some(([k, x]) => JSON.stringify(cur[k] ?? null) !== JSON.stringify(x ?? null))) {
        changed.custom_fields = next;
        before.custom_fields = cur;
      }
      continue;
    }
    if (!same(spec.columns[c] ?? 'text', rec[c], v)) {
      changed[c] = v;
      before[c] = rec[c] ?? null;
    }
  }
  return { changed, before };
}

const UNIQUE_LABEL: Record<string, string> = { email: 'email', domain: 'domain', external_id: 'external ID' };

/**
 * A chunk after its database-free work: the source rows, and (records) each row parsed with its
 * plain columns. Made by {@link prepareChunk}, written by {@link writeChunk}.
 */
export interface PreparedChunk {
  src: SourceRow[];
  /** Parsed rows (companies, contacts, deals, leads); null for activities and notes (linked.ts parses). */
  rows: ParsedRow[] | null;
  /** plainColumns() of each row that parsed, by row number. */
  plain: Map<number, Record<string, unknown>>;
}

/**
 * The CPU part of a chunk that needs no database: cells parsed and validated (parse.ts), lead
 * statuses, phones and titles, plain columns. Pure (reads only `ctx.settings`), so the runner
 * prepares the next chunk while the database writes the current one (bench/import: parsing is
 * ~36 µs of JS per bench contact row in a probe of parseRow, much of it libphonenumber).
 */
export function prepareChunk(ctx: RunContext, src: SourceRow[]): PreparedChunk {
  if (ctx.entity === 'activities' || ctx.entity === 'notes') return { src, rows: null, plain: new Map() };
  const entity = ctx.entity as RecordEntity;
  const rows = src.map((s) => parseRow(ctx.settings, entity === 'leads' ? leadSourceRow(ctx, s) : s));
  if (entity === 'leads') normalisePhones(ctx, rows);
  if (entity === 'leads') buildLeadTitles(rows);
  const plain = new Map<number, Record<string, unknown>>();
  for (const r of rows) if (!r.failed) plain.set(r.row, plainColumns(entity, r));
  return { src, rows, plain };
}

/** Validates (and in a run writes) one chunk; see the module comment. */
export async function processChunk(tx: Tx, ctx: RunContext, src: SourceRow[]): Promise<ChunkResult> {
  return writeChunk(tx, ctx, prepareChunk(ctx, src));
}

/** A chunk's relations, by row number: the owner, the tag ids and the company (or parent company). */
export interface ChunkRelations {
  owners: Map<number, string | null>;
  tags: Map<number, string[]>;
  companies: Map<number, string | null>;
}

/**
 * The relations of a prepared chunk (records, not activities or notes), in `tx`: owners (pending
 * inactive members inserted), tags and companies — in a run, missing ones created as the options
 * ask. {@link writeChunk} calls it in the chunk's own transaction; the runner's parallel writers
 * (imports.runner.ts) call it in a transaction of its own, one chunk after another, so a later
 * chunk finds what an earlier one created.
 */
export async function resolveChunkRelations(tx: Tx, ctx: RunContext, prepared: PreparedChunk): Promise<ChunkRelations> {
  const entity = ctx.entity as RecordEntity;
  const live = () => prepared.rows!.filter((r) => !r.failed);
  const owners = new Map<number, string | null>();
  for (const r of live()) owners.set(r.row, resolveOwner(ctx, r));
  await createPendingOwners(tx, ctx);
  const tags = await resolveTags(tx, ctx, live());
  let companies = new Map<number, string | null>();
  if (entity === 'contacts' || entity === 'deals') {
    companies = await resolveCompanies(tx, ctx, live(), {
      name: 'company',
      domain: 'company_domain',
      create: ctx.options.create_missing_companies,
    });
  } else if (entity === 'companies') {
    companies = await resolveCompanies(tx, ctx, live(), { name: 'parent', create: false });
  }
  return { owners, tags, companies };
}

/**
 * The values by which a prepared chunk's rows find or claim records: the upsert key's and the
 * unique columns' (email, domain, external id), as `column:value`. Two chunks whose sets are
 * disjoint neither match nor create the same record (imports.runner.ts writes them in parallel).
 */
export function chunkKeys(ctx: RunContext, prepared: PreparedChunk): Set<string> {
  const spec = SPECS[ctx.entity as RecordEntity];
  const key = keyOf(spec, ctx.options.upsert_key);
  const out = new Set<string>();
  for (const c of prepared.plain.values()) {
    const k = key?.value(c);
    if (k) out.add(`key:${k.toLowerCase()}`);
    for (const u of spec.unique) if (typeof c[u] === 'string') out.add(`${u}:${(c[u] as string).toLowerCase()}`);
  }
  return out;
}

/**
 * The database part of a chunk prepared by {@link prepareChunk}, in the caller's transaction:
 * relations (unless given: resolved beforehand by {@link resolveChunkRelations}), matching, and
 * (run) the writes; returns the chunk's counts and issues.
 */
export async function writeChunk(
  tx: Tx,
  ctx: RunContext,
  prepared: PreparedChunk,
  relations?: ChunkRelations,
): Promise<ChunkResult> {
  if (!prepared.rows) return processLinkedChunk(tx, ctx, prepared.src);
  const entity = ctx.entity as RecordEntity;
  const spec = SPECS[entity];
  const now = new Date().toISOString();
  const rows = prepared.rows;
  const live = () => rows.filter((r) => !r.failed);
  const { owners, tags, companies } = relations ?? (await resolveChunkRelations(tx, ctx, prepared));
  const contactOf =
    entity === 'deals'
      ? await contactsByEmail(tx, ctx, [
          ...new Set(
            live()
              .map((r) => r.values.contact_email as string)
              .filter(Boolean),
          ),
        ])
      : new Map<string, string>();
  const placed = new Map<number, PipelineRef>();
  const cols = new Map<number, Record<string, unknown>>();
  for (const r of live()) {
    const c = { ...(prepared.plain.get(r.row) ?? plainColumns(entity, r)) };
    c.owner_id = owners.get(r.row) ?? null;
    if (companies.has(r.row)) c[entity === 'companies' ? 'parent_id' : 'company_id'] = companies.get(r.row);
    if (entity === 'deals' || entity === 'leads') {
      const at = await resolveStage(tx, ctx, r);
      if (!at) continue;
      Object.assign(c, placementColumns(entity, r, at.pipeline, at.stage, now));
      placed.set(r.row, at.pipeline);
      if (entity === 'deals' && c.currency === undefined) c.currency = ctx.options.default_currency ?? 'USD';
    }
    if (entity === 'leads' && r.values.phones) c.phones = r.values.phones;
    const email = r.values.contact_email as string | undefined;
    if (email && !contactOf.has(email))
      addIssue(r, 'contact_email', `No contact with email ${email}: not linked`, 'warning');
    cols.set(r.row, c);
  }
  // Match by the upsert key, and find holders of unique values.
  const key = keyOf(spec, ctx.options.upsert_key);
  const byKey = new Map<string, Existing>();
  if (key) {
    const values = [
      ...new Set(
        live()
          .map((r) => key.value(cols.get(r.row) ?? {}))
          .filter((v): v is string => !!v),
      ),
    ];
    for (const rec of await findBy(tx, ctx, spec, key.expr, values)) {
      const k =
        key.expr === 'name_key' ? String(rec.name_key) : keyOf(spec, ctx.options.upsert_key)!.value(rec as never);
      if (k && !byKey.has(k)) byKey.set(k, rec);
    }
  }
  const holders = new Map<string, Map<string, string>>();
  for (const u of spec.unique) {
    const values = [
      ...new Set(
        live()
          .map((r) => cols.get(r.row)?.[u])
          .filter((v): v is string => typeof v === 'string'),
      ),
    ];
    const m = new Map<string, string>();
    const liveOnly = !(entity === 'leads' && u === 'external_id');
    if (key && key.expr === u && liveOnly) {
      // The upsert key is this unique column: the key lookup above found the holders already.
      for (const [k, rec] of byKey) m.set(k, rec.id);
    } else {
      for (const rec of await findBy(tx, ctx, spec, u, values, liveOnly)) m.set(String(rec[u]), rec.id);
    }
    holders.set(u, m);
  }
  const required = IMPORT_FIELDS[entity].filter((f) => f.required).map((f) => f.key);
  const seenKeys = new Map<string, number>();
  const seenUnique = new Map<string, number>();
  const creates: Array<{ id: string; row: ParsedRow; cols: Record<string, unknown> }> = [];
  const updates: Array<{ id: string; row: ParsedRow; cols: Record<string, unknown>; before: Record<string, unknown> }> =
    [];
  const matchedTags: Array<{ id: string; row: ParsedRow }> = [];
  let skipped = 0;
  for (const r of rows) {
    const c = cols.get(r.row);
    if (r.failed || !c) continue;
    const k = key?.value(c) ?? null;
    if (k !== null) {
      const first = seenKeys.get(k);
      if (first !== undefined) {
        addIssue(r, null, `Same ${ctx.options.upsert_key} as row ${first}: skipped`, 'warning');
        skipped++;
        continue;
      }
      seenKeys.set(k, r.row);
    }
    const rec = k !== null ? byKey.get(k) : undefined;
    if (rec && ctx.actor.role === 'member' && ctx.actor.visibility === 'private') {
      if (rec.owner_id && rec.owner_id !== ctx.actor.membershipId) {
        addIssue(r, null, 'Matches a record you cannot see');
        continue;
      }
    }
    for (const u of spec.unique) {
      const v = c[u];
      if (typeof v !== 'string') continue;
      const holder = holders.get(u)?.get(v);
      if (holder && holder !== rec?.id) {
        addIssue(r, u, `Another ${spec.recordType} already has this ${UNIQUE_LABEL[u]} (likely duplicate)`);
      }
      const prev = seenUnique.get(`${u}:${v}`);
      if (prev !== undefined) addIssue(r, u, `Row ${prev} has the same ${UNIQUE_LABEL[u]}`);
      else seenUnique.set(`${u}:${v}`, r.row);
    }
    if (r.failed) continue;
    if (rec) {
      const { changed, before } = diff(spec, rec, c);
      if (changed.stage_id !== undefined) changed.position = c.position ?? null;
      if (Object.keys(changed).length) updates.push({ id: rec.id, row: r, cols: changed, before });
      else matchedTags.push({ id: rec.id, row: r });
      continue;
    }
    const missing = required.filter((f) => r.values[f] === undefined);
    if (missing.length) {
      addIssue(r, null, `Cannot create: ${missing.join(', ')} is empty`);
      continue;
    }
    if (entity === 'companies' && !c.name) continue;
    creates.push({ id: uuidv7(), row: r, cols: c });
  }
  // Tag-only changes of matched records count as updates.
  const tagLinks = [...creates, ...updates, ...matchedTags].flatMap((x) =>
    (tags.get(x.row.row) ?? []).map((tag) => ({ record: x.id, tag })),
  );
  let tagOnly: number;
  if (!ctx.dryRun) {
    await positions(tx, ctx, entity, creates, updates);
    // Created records with their change-log and timeline entries: one statement.
    await insertCreated(tx, ctx, spec, creates);
    await updateRecords(tx, ctx, spec, updates);
    const added = await linkTags(tx, ctx, spec, tagLinks);
    const tagUpdated = matchedTags.filter((m) => added.has(m.id));
    tagOnly = tagUpdated.length;
    await logChanges(
      tx,
      ctx,
      entity,
      [...updates, ...tagUpdated.map((m) => ({ ...m, before: {} as Record<string, unknown> }))].map((x) => ({
        id: x.id,
        action: 'updated' as const,
        before: { ...x.before, ...(added.has(x.id) ? { _tags_added: added.get(x.id) } : {}) },
      })),
    );
    if (entity === 'deals' || entity === 'leads') {
      await insertHistory(tx, ctx, entity, [
        ...creates.flatMap((x) => historyOfCreated(x.id, x.cols, placed.get(x.row.row)!, now)),
        ...updates.flatMap((x) => historyOfUpdated(x.id, cols.get(x.row.row)!, x.cols, x.before, now)),
      ]);
    }
    if (entity === 'deals') await linkDealContacts(tx, ctx, creates, contactOf);
    if (entity === 'leads') await linkLeadContacts(tx, ctx, creates);
  } else {
    tagOnly = matchedTags.filter((m) => (tags.get(m.row.row) ?? []).length > 0).length;
    await warnDuplicates(tx, ctx, creates);
  }
  const issues = rows.flatMap((r) => r.issues);
  const failed = rows.filter((r) => r.failed).length;
  return {
    created: creates.length,
    updated: updates.length + tagOnly,
    skipped: skipped + matchedTags.length - tagOnly,
    failed,
    warnings: issues.filter((i) => i.severity === 'warning').length,
    issues,
  };
}

/** Board keys for created and moved cards, one run of keys per stage. */
async function positions(
  tx: Tx,
  ctx: RunContext,
  entity: RecordEntity,
  creates: Array<{ cols: Record<string, unknown> }>,
  updates: Array<{ cols: Record<string, unknown> }>,
) {
  if (entity !== 'deals' && entity !== 'leads') return;
  const byStage = new Map<string, Array<Record<string, unknown>>>();
  for (const x of [...creates, ...updates]) {
    const stage = x.cols.stage_id as string | undefined;
    if (stage) byStage.set(stage, [...(byStage.get(stage) ?? []), x.cols]);
  }
  for (const [stage, list] of byStage) {
    const keys = await topPositions(tx, ctx, entity, stage, list.length);
    list.forEach((c, i) => (c.position = keys[i]));
  }
}

/** The primary contact of each created deal (`contact_email`). */
async function linkDealContacts(
  tx: Tx,
  ctx: RunContext,
  creates: Array<{ id: string; row: ParsedRow }>,
  contactOf: Map<string, string>,
) {
  const links = creates.flatMap((x) => {
    const id = contactOf.get(x.row.values.contact_email as string);
    return id ? [{ id: uuidv7(), deal: x.id, contact: id }] : [];
  });
  if (!links.length) return;
  await tx.execute(sql`insert into deal_contacts (org_id, id, deal_id, contact_id, is_primary)
    select ${ctx.orgId}::uuid, x.id, x.deal, x.contact, true
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as x(id uuid, deal uuid, contact uuid)`);
}

/**
 * A lead's `phones` (multi-value) → E.164 numbers. A number that is not valid in the organisation's
 * region is read once more as international (`+` and its digits: exports such as Salesforce's drop
 * the `+`, e.g. `886-2-25474189`); still invalid → left out with a warning (the lead is created).
 */
function normalisePhones(ctx: RunContext, rows: ParsedRow[]) {
  for (const r of rows) {
    const list = r.values.phones as string[] | undefined;
    if (!list) continue;
    const out: string[] = [];
    for (const p of list) {
      let res = parsePhone(p, ctx.settings.region);
      if (!res.ok && !p.trim().startsWith('+')) res = parsePhone(`+${p.replace(/\D/g, '')}`, ctx.settings.region);
      if (res.ok) out.push(res.value);
      else addIssue(r, 'phones', `${p}: is not a valid phone number: left out`, 'warning');
    }
    r.values.phones = out;
  }
}
