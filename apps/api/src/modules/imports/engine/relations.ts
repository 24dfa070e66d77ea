/**
 * Relations of a chunk of parsed rows, resolved set-based (one query per kind per chunk): owners
 * (members by name or email, in memory), tags by name, companies by domain then name, contacts by
 * email, pipelines and stages by name (won/lost names recognised). In a run, missing tags, companies
 * and stages are created when the options ask (and logged in `import_changes`, so a revert removes
 * them); a dry run only counts what it would create.
 */
import { sql } from 'drizzle-orm';
import { generateNKeysBetween } from 'fractional-indexing';
import { uuidv7 } from '../../../lib/ids.js';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import { createInactiveMembers } from '../../members/members.service.js';
import type { PipelineRef, RunContext, StageRef } from './context.js';
import { addIssue, type ParsedRow } from './parse.js';

const lower = (s: string) => s.trim().toLowerCase();

/** Logs rows created as side effects (companies, tags, stages) in the import's change log. */
export async function logCreated(tx: Tx, ctx: RunContext, entity: string, ids: string[]) {
  if (!ids.length) return;
  await tx.execute(sql`insert into import_changes (org_id, id, import_id, entity, record_id, action)
    select ${ctx.orgId}::uuid, x.id, ${ctx.importId}::uuid, ${entity}, x.record_id, 'created'
    from unnest(${sql.param(ids.map(() => uuidv7()))}::uuid[], ${sql.param(ids)}::uuid[]) as x(id, record_id)
    on conflict do nothing`);
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * The inactive member an unknown owner cell stands for: an address → that address (as written,
 * compared case-insensitively) with a name built from its local part ("jane.doe@x.com" → "Jane
 * Doe"); anything else → that name (trimmed, at most 200 characters) and no address.
 */
export function inactivePersonOf(text: string): { name: string; email: string | null } {
  const t = text.trim();
  if (t.length <= 254 && EMAIL.test(t)) {
    const local = t.slice(0, t.indexOf('@'));
    const words = local
      .split(/[._+-]+/)
      .filter(Boolean)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1));
    return { name: (words.join(' ') || local).slice(0, 200), email: t };
  }
  return { name: t.slice(0, 200), email: null };
}

/**
 * The owner (membership id) of each row: the `owner` cell matched by member name or email (active
 * members first, then inactive ones); no cell → the importing member; unknown, as `unknown_owners`
 * says: `unassigned` → null with a warning; `error` → the row fails; `create_inactive` → a dry run
 * warns "will create inactive member …" and leaves the row unassigned (nothing is written), a run
 * picks an id for one new inactive member per distinct value (queued in `ctx.pendingMembers`,
 * inserted by `createPendingOwners` in the chunk's transaction) and later rows reuse it.
 * Rule source: issue 6 ("unknown owners either created as inactive members … or left unassigned").
 */
export function resolveOwner(ctx: RunContext, r: ParsedRow): string | null {
  const text = r.values.owner as string | undefined;
  if (text === undefined) return ctx.actor.membershipId;
  const id = ctx.members.get(lower(text));
  if (id) return id;
  if (ctx.options.unknown_owners === 'error') {
    addIssue(r, 'owner', `Owner "${text}" is not a member of this organisation`);
    return null;
  }
  if (ctx.options.unknown_owners === 'create_inactive' && lower(text)) {
    const person = inactivePersonOf(text);
    if (ctx.dryRun) {
      const who = person.email ? `"${person.name}" <${person.email}>` : `"${person.name}"`;
      addIssue(
        r,
        'owner',
        `Owner "${text}" is not a member of this organisation: will create inactive member ${who}`,
        'warning',
      );
      // One member per distinct value, compared as the run does (case-insensitively).
      if (!ctx.wouldOwnerKeys.has(lower(text))) {
        ctx.wouldOwnerKeys.add(lower(text));
        ctx.would.owners.add(text);
      }
      return null;
    }
    const created = { id: uuidv7(), ...person };
    ctx.pendingMembers.push(created);
    ctx.members.set(lower(text), created.id);
    return created.id;
  }
  addIssue(r, 'owner', `Owner "${text}" is not a member of this organisation: left unassigned`, 'warning');
  ctx.would.owners.add(text);
  return null;
}

/**
 * Inserts the inactive members `resolveOwner` queued for this chunk (run only), in the chunk's
 * transaction, logs them in the import's change log (entity `members`, so a revert can remove
 * them) and audits each (`member.create_inactive`). Must run after the chunk's owners are resolved
 * and before its records are written (engine/chunk.ts and engine/linked.ts call it right after their
 * owner loop).
 */
export async function createPendingOwners(tx: Tx, ctx: RunContext): Promise<void> {
  if (!ctx.pendingMembers.length) return;
  const people = ctx.pendingMembers.splice(0);
  await createInactiveMembers(tx, {
    orgId: ctx.orgId,
    people,
    actor: { membershipId: ctx.actor.membershipId },
    source: { import_id: ctx.importId },
  });
  await logCreated(
    tx,
    ctx,
    'members',
    people.map((p) => p.id),
  );
}

/**
 * Tag ids of every row (by row number); missing tags created (run) or counted (dry run) or warned.
 */
export async function resolveTags(tx: Tx, ctx: RunContext, rows: ParsedRow[]): Promise<Map<number, string[]>> {
  const missing = new Map<string, string>();
  for (const r of rows) {
    for (const name of (r.values.tags as string[] | undefined) ?? []) {
      const k = lower(name);
      if (k && !ctx.tags.has(k)) missing.set(k, name.trim().slice(0, 50));
    }
  }
  if (missing.size && ctx.options.create_missing_tags) {
    if (ctx.dryRun) for (const n of missing.values()) ctx.would.tags.add(n);
    else {
      const names = [...missing.values()];
      const created = await queryRows<{ id: string; name: string }>(
        tx,
        sql`insert into tags (org_id, id, name)
            select ${ctx.orgId}::uuid, x.id, x.name
            from unnest(${sql.param(names.map(() => uuidv7()))}::uuid[], ${sql.param(names)}::text[]) as x(id, name)
            on conflict (org_id, name) do nothing returning id, name::text as name`,
      );
      await logCreated(
        tx,
        ctx,
        'tags',
        created.map((c) => c.id),
      );
      const all = await queryRows<{ id: string; name: string }>(
        tx,
        sql`select id, name::text as name from tags where org_id = ${ctx.orgId}::uuid and name = any(${sql.param(names)}::text[]::citext[])`,
      );
      for (const t of all) ctx.tags.set(t.name.toLowerCase(), t.id);
    }
  }
  const out = new Map<number, string[]>();
  for (const r of rows) {
    const ids: string[] = [];
    for (const name of (r.values.tags as string[] | undefined) ?? []) {
      const id = ctx.tags.get(lower(name));
      if (id) {
        if (!ids.includes(id)) ids.push(id);
      } else if (!ctx.options.create_missing_tags) {
        addIssue(r, 'tags', `Tag "${name}" does not exist: not added`, 'warning');
      }
    }
    out.set(r.row, ids);
  }
  return out;
}

/**
 * The company of each row (`company` name / `company_domain`, or `nameKey`/`domainKey` for other
 * targets such as a company's `parent`): by domain first, then by name (case-insensitive, oldest
 * first). Missing ones are created when `create` (run; logged as created) or counted (dry run),
 * else the row gets a warning and no company.
 */
export async function resolveCompanies(
  tx: Tx,
  ctx: RunContext,
  rows: ParsedRow[],
  keys: { name: string; domain?: string; create: boolean },
): Promise<Map<number, string | null>> {
  const names = new Set<string>();
  const domains = new Set<string>();
  for (const r of rows) {
    const n = r.values[keys.name] as string | undefined;
    const d = keys.domain ? (r.values[keys.domain] as string | undefined) : undefined;
    if (n) names.add(lower(n));
    if (d) domains.add(d);
  }
  const out = new Map<number, string | null>();
  if (!names.size && !domains.size) return out;
  const found = await queryRows<{ id: string; name_key: string; domain: string | null }>(
    tx,
    sql`select id, name_key, domain from companies
        where org_id = ${ctx.orgId}::uuid and deleted_at is null
          and (name_key = any(${sql.param([...names])}::text[]) or domain = any(${sql.param([...domains])}::text[]))
        order by created_at, id`,
  );
  const byDomain = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const c of found) {
    if (c.domain && !byDomain.has(c.domain)) byDomain.set(c.domain, c.id);
    if (!byName.has(c.name_key)) byName.set(c.name_key, c.id);
  }
  const toCreate = new Map<string, { id: string; name: string; domain: string | null }>();
  for (const r of rows) {
    const n = r.values[keys.name] as string | undefined;
    const d = keys.domain ? (r.values[keys.domain] as string | undefined) : undefined;
    if (!n && !d) continue;
    let id = (d && byDomain.get(d)) || (n && byName.get(lower(n))) || null;
    if (!id) {
      const k = d ?? lower(n!);
      if (keys.create) {
        if (ctx.dryRun) ctx.would.companies.add(k);
        else {
          let c = toCreate.get(k);
          if (!c) {
            c = { id: uuidv7(), name: (n ?? d!).slice(0, 200), domain: d ?? null };
            toCreate.set(k, c);
          }
          id = c.id;
          if (d) byDomain.set(d, id);
          if (n) byName.set(lower(n), id);
        }
      } else {
        addIssue(
          r,
          d && !n ? (keys.domain ?? keys.name) : keys.name,
          `Company "${n ?? d}" not found: left empty`,
          'warning',
        );
      }
    }
    out.set(r.row, id);
  }
  if (toCreate.size) {
    const list = [...toCreate.values()];
    await tx.execute(sql`insert into companies (org_id, id, name, domain, owner_id, created_by)
      select ${ctx.orgId}::uuid, x.id, x.name, x.domain, ${ctx.actor.membershipId}::uuid, ${ctx.actor.userId}::uuid
      from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, name text, domain text)`);
    await logCreated(
      tx,
      ctx,
      'companies',
      list.map((c) => c.id),
    );
    await tx.execute(sql`insert into timeline_entries (org_id, id, event_id, company_id, type, occurred_at, actor_id, data)
      select ${ctx.orgId}::uuid, x.id, x.id, x.id, 'created', now(), ${ctx.actor.userId}::uuid, jsonb_build_object('name', x.name)
      from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(id uuid, name text)`);
  }
  return out;
}

/** Contact ids by lower-cased email (live contacts). */
export async function contactsByEmail(tx: Tx, ctx: RunContext, emails: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!emails.length) return out;
  for (const c of await queryRows<{ id: string; email: string }>(
    tx,
    sql`select id, email from contacts where org_id = ${ctx.orgId}::uuid and deleted_at is null
          and email = any(${sql.param(emails)}::text[])`,
  )) {
    out.set(c.email, c.id);
  }
  return out;
}

const WON = /\b(won|converted|closed[\s-]*won|success)/i;
const LOST = /\b(lost|closed[\s-]*lost|disqualified|unqualified)/i;

/** The kind a stage name suggests: "Closed Won", "Won", "Closed - Converted" → won; "Lost" → lost. */
export function kindOfStageName(name: string): 'open' | 'won' | 'lost' {
  if (LOST.test(name)) return 'lost';
  if (WON.test(name)) return 'won';
  return 'open';
}

/** Status of a record in a stage of `kind` (deals: open/won/lost; leads: open/converted/lost). */
export function statusOfKind(entity: 'deals' | 'leads', kind: StageRef['kind']): string {
  if (kind === 'won') return entity === 'deals' ? 'won' : 'converted';
  return kind;
}

/**
 * The pipeline and stage of a deal or lead row: `pipeline` by name (else the import's pipeline),
 * `stage` by name within it; a missing won/lost name maps to the pipeline's won / first lost stage;
 * another missing name is created as an open stage (run, `create_missing_stages`), counted (dry
 * run), or fails the row. Without a stage: the first stage of the `status`'s kind, else the first
 * open stage.
 */
export async function resolveStage(
  tx: Tx,
  ctx: RunContext,
  r: ParsedRow,
): Promise<{ pipeline: PipelineRef; stage: StageRef } | null> {
  const pname = r.values.pipeline as string | undefined;
  const pipeline = pname ? ctx.pipelines.find((p) => lower(p.name) === lower(pname)) : ctx.pipeline;
  if (!pipeline) {
    addIssue(r, pname ? 'pipeline' : null, pname ? `Pipeline "${pname}" not found` : 'No pipeline to import into');
    return null;
  }
  const sname = r.values.stage as string | undefined;
  const status = r.values.status as string | undefined;
  const firstOf = (kind: StageRef['kind']) => pipeline.stages.find((s) => s.kind === kind) ?? null;
  if (!sname) {
    const kind = status === 'won' || status === 'converted' ? 'won' : status === 'lost' ? 'lost' : 'open';
    const stage = firstOf(kind) ?? firstOf('open');
    if (!stage) addIssue(r, null, `Pipeline "${pipeline.name}" has no stage to import into`);
    return stage ? { pipeline, stage } : null;
  }
  const hit = pipeline.stages.find((s) => lower(s.name) === lower(sname));
  if (hit) return { pipeline, stage: hit };
  const kind = kindOfStageName(sname);
  if (kind !== 'open') {
    const stage = firstOf(kind);
    if (stage) return { pipeline, stage };
  }
  if (!ctx.options.create_missing_stages) {
    addIssue(r, 'stage', `Stage "${sname}" is not a stage of pipeline "${pipeline.name}"`);
    return null;
  }
  if (ctx.dryRun) {
    ctx.would.stages.add(sname);
    // A placeholder so the rest of the row validates; nothing is written in a dry run.
    return { pipeline, stage: { id: '00000000-0000-0000-0000-000000000000', name: sname, kind: 'open', position: 0 } };
  }
  const position = Math.max(-1, ...pipeline.stages.map((s) => s.position)) + 1;
  const stage: StageRef = { id: uuidv7(), name: sname.trim().slice(0, 100), kind: 'open', position };
  await tx.execute(sql`insert into stages (org_id, id, pipeline_id, name, position, kind)
    values (${ctx.orgId}::uuid, ${stage.id}::uuid, ${pipeline.id}::uuid, ${stage.name}, ${position}, 'open')`);
  await logCreated(tx, ctx, 'stages', [stage.id]);
  pipeline.stages.push(stage);
  return { pipeline, stage };
}

/** `n` fresh board keys above the current top card of `stageId` (imported cards go on top, in file order). */
export async function topPositions(tx: Tx, ctx: RunContext, table: 'deals' | 'leads', stageId: string, n: number) {
  const [top] = await queryRows<{ p: string | null }>(
    tx,
    sql`select min(position) as p from ${sql.raw(table)} where org_id = ${ctx.orgId}::uuid
          and stage_id = ${stageId}::uuid and deleted_at is null`,
  );
  // One run of keys between the top and nothing: the file's first row ends up first.
  return generateNKeysBetween(null, top?.p ?? null, n);
}
