/**
 * The facts stored on `stage_history` and `deals` by the trigger of migration 0025 (issue 8,
 * analytics speed): `next_changed_at`, `prior_same_stage_at`, `later_stage_ids` and
 * `deals.first_history_at` stay equal to what the record's whole history says — recomputed here in
 * TypeScript from the rows — after inserts in and out of time order (ties included), deletes, updates
 * of `changed_at` and `to_stage_id`, a purge, stage moves and a stage delete with `move_to` through
 * the API, lead moves, and an import of deals with dated history. The funnel reads them, so it must
 * not depend on stage positions at write time: reordering a pipeline changes "advanced" at once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { defineJob } from '../../plugins/jobs.js';
import { as, createTestApp, ownerWithOrg, type TestApp, type TestUser } from '../../../test/helpers.js';
import { IMPORT_JOB, processImportJob } from '../imports/imports.jobs.js';
import type { ImportJobPayload } from '../imports/imports.runner.js';
import { purgeRecycleBins } from '../records/purge.js';
import { getJson, insertHistory, withPut, type TestPipeline } from './analytics.fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ jobs: [defineJob({ name: IMPORT_JOB, handler: async () => {} })] });
});
afterAll(async () => t?.close());

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
const DAY = 86_400_000;
const BASE = Date.parse('2025-03-03T09:00:00Z');
/** The instant `d` days after BASE (ISO). */
const at = (d: number) => new Date(BASE + d * DAY).toISOString();

interface Stored {
  id: string;
  record: string;
  stage: string;
  at: number;
  next: number | null;
  prior: number | null;
  later: string[];
}

/** Every stage_history row of the organisation with its stored facts (epoch ms; arrays as sorted text). */
async function stored(orgId: string): Promise<Stored[]> {
  const res = await t.database.query<Omit<Stored, 'later'> & { later: string }>(
    `select id::text, coalesce(deal_id, lead_id)::text as record, to_stage_id::text as stage,
            (extract(epoch from changed_at) * 1000)::float8 as at,
            (extract(epoch from next_changed_at) * 1000)::float8 as next,
            (extract(epoch from prior_same_stage_at) * 1000)::float8 as prior,
            array_to_string(later_stage_ids, ',') as later
       from stage_history where org_id = $1 order by record, changed_at, id`,
    [orgId],
  );
  return res.rows.map((r) => ({ ...r, later: r.later ? r.later.split(',') : [] }));
}

/**
 * Asserts that every row's stored facts equal the ones computed from the rows themselves (order:
 * `changed_at`, then `id`; "later" = at least 1 ms later), and that every deal's `first_history_at`
 * is its earliest entry. Returns the rows for further checks.
 */
async function expectSpansRight(orgId: string): Promise<Stored[]> {
  const all = await stored(orgId);
  const byRecord = new Map<string, Stored[]>();
  for (const r of all) byRecord.set(r.record, [...(byRecord.get(r.record) ?? []), r]);
  for (const list of byRecord.values()) {
    list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    list.forEach((r, i) => {
      const prior = list.slice(0, i).filter((x) => x.stage === r.stage);
      const want = {
        next: list[i + 1]?.at ?? null,
        prior: prior.length ? prior[prior.length - 1]!.at : null,
        later: [...new Set(list.filter((x) => x.at > r.at).map((x) => x.stage))].sort(),
      };
      expect({ next: r.next, prior: r.prior, later: r.later }, `row ${r.id}`).toEqual(want);
    });
  }
  const deals = await t.database.query<{ id: string; first: number | null; want: number | null }>(
    `select d.id::text, (extract(epoch from d.first_history_at) * 1000)::float8 as first,
            (select (extract(epoch from min(h.changed_at)) * 1000)::float8 from stage_history h
              where h.org_id = d.org_id and h.deal_id = d.id) as want
       from deals d where d.org_id = $1`,
    [orgId],
  );
  for (const d of deals.rows) expect(d.first, `deal ${d.id} first_history_at`).toBe(d.want);
  return all;
}

interface Setup {
  owner: TestUser;
  orgId: string;
  pipe: TestPipeline;
  stage: (name: string) => string;
}

/** An organisation with a deals pipeline "Spans": A, B, C (open, in that order), Won, Lost. */
async function setup(): Promise<Setup> {
  const { user: owner, org } = await ownerWithOrg(t.app);
  const res = await as(t.app, owner).post('/api/v1/pipelines', {
    kind: 'deals',
    name: 'Spans',
    is_default: true,
    stages: [
      { name: 'A', probability: 10, kind: 'open' },
      { name: 'B', probability: 40, kind: 'open' },
      { name: 'C', probability: 70, kind: 'open' },
      { name: 'Won', probability: 100, kind: 'won' },
      { name: 'Lost', probability: 0, kind: 'lost' },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  const pipe = res.json() as TestPipeline;
  const stage = (name: string) => pipe.stages.find((s) => s.name === name)!.id;
  return { owner, orgId: org.id, pipe, stage };
}

async function createDeal(s: Setup, name: string, stage = 'A'): Promise<string> {
  const res = await as(t.app, s.owner).post('/api/v1/deals', {
    name,
    pipeline_id: s.pipe.id,
    stage_id: s.stage(stage),
    amount: { amount: 1000, currency: 'USD' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Replaces a deal's history by `chain` (stage name, day offset) inserted in one statement. */
async function setChain(s: Setup, dealId: string, chain: Array<[string, number]>) {
  await t.database.query('delete from stage_history where org_id = $1 and deal_id = $2', [s.orgId, dealId]);
  await insertHistory(t.database, {
    orgId: s.orgId,
    pipelineId: s.pipe.id,
    stages: s.pipe.stages,
    dealId,
    history: chain.map(([name, d]) => ({ stageId: s.stage(name), at: at(d), status: 'open' })),
  });
}

/** The stored facts of one record, in order, with stage names and day offsets. */
async function chainOf(s: Setup, recordId: string) {
  const names = new Map(s.pipe.stages.map((x) => [x.id, x.name]));
  const day = (ms: number | null) => (ms === null ? null : (ms - BASE) / DAY);
  return (await stored(s.orgId))
    .filter((r) => r.record === recordId)
    .map((r) => ({
      stage: names.get(r.stage) ?? r.stage,
      at: day(r.at),
      next: day(r.next),
      prior: day(r.prior),
      later: r.later.map((id) => names.get(id) ?? id).sort(),
    }));
}

const firstHistoryAt = async (orgId: string, dealId: string) =>
  (
    await t.database.query<{ first: string | null }>(
      `select to_char(first_history_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as first
         from deals where org_id = $1 and id = $2`,
      [orgId, dealId],
    )
  ).rows[0]?.first ?? null;

describe('stage_history spans kept by the trigger', () => {
  it('an API-created deal has its first entry as first_history_at', async () => {
    const s = await setup();
    const id = await createDeal(s, 'Fresh');
    const [row] = await expectSpansRight(s.orgId);
    expect(row).toMatchObject({ record: id, next: null, prior: null, later: [] });
    expect(await firstHistoryAt(s.orgId, id)).toBe(new Date(row!.at).toISOString());
  });

  it('inserts in order, out of order and at the same instant; deletes; updates of changed_at and to_stage_id', async () => {
    const s = await setup();
    const id = await createDeal(s, 'Chain');
    const other = await createDeal(s, 'Neighbour');
    await setChain(s, id, [
      ['A', 1],
      ['B', 3],
      ['A', 5],
      ['C', 7],
    ]);
    await setChain(s, other, [['B', 2]]);
    expect(await chainOf(s, id)).toEqual([
      { stage: 'A', at: 1, next: 3, prior: null, later: ['A', 'B', 'C'] },
      { stage: 'B', at: 3, next: 5, prior: null, later: ['A', 'C'] },
      { stage: 'A', at: 5, next: 7, prior: 1, later: ['C'] },
      { stage: 'C', at: 7, next: null, prior: null, later: [] },
    ]);
    expect(await firstHistoryAt(s.orgId, id)).toBe(at(1));
    await expectSpansRight(s.orgId);

    // Out of order: an entry between existing ones, then one before all of them (a new first time).
    await insertHistory(t.database, {
      orgId: s.orgId,
      pipelineId: s.pipe.id,
      stages: s.pipe.stages,
      dealId: id,
      history: [{ stageId: s.stage('B'), at: at(2), status: 'open' }],
    });
    await insertHistory(t.database, {
      orgId: s.orgId,
      pipelineId: s.pipe.id,
      stages: s.pipe.stages,
      dealId: id,
      history: [{ stageId: s.stage('Lost'), at: at(0), status: 'lost' }],
    });
    expect(await chainOf(s, id)).toEqual([
      { stage: 'Lost', at: 0, next: 1, prior: null, later: ['A', 'B', 'C'] },
      { stage: 'A', at: 1, next: 2, prior: null, later: ['A', 'B', 'C'] },
      { stage: 'B', at: 2, next: 3, prior: null, later: ['A', 'B', 'C'] },
      { stage: 'B', at: 3, next: 5, prior: 2, later: ['A', 'C'] },
      { stage: 'A', at: 5, next: 7, prior: 1, later: ['C'] },
      { stage: 'C', at: 7, next: null, prior: null, later: [] },
    ]);
    expect(await firstHistoryAt(s.orgId, id)).toBe(at(0));

    // Two entries at the same instant: ordered by id, neither is "later" than the other.
    await insertHistory(t.database, {
      orgId: s.orgId,
      pipelineId: s.pipe.id,
      stages: s.pipe.stages,
      dealId: id,
      history: [
        { stageId: s.stage('Won'), at: at(7), status: 'won' },
        { stageId: s.stage('C'), at: at(7), status: 'open' },
      ],
    });
    const tie = (await chainOf(s, id)).filter((r) => r.at === 7);
    expect(tie.map((r) => r.later)).toEqual([[], [], []]);
    expect(tie.map((r) => r.next)).toEqual([7, 7, null]);
    expect((await chainOf(s, id)).find((r) => r.at === 5)!.later).toEqual(['C', 'Won']);
    await expectSpansRight(s.orgId);

    // Deleting the first entry moves first_history_at; the neighbour deal is untouched.
    await t.database.query(
      `delete from stage_history where org_id = $1 and deal_id = $2 and changed_at = $3::timestamptz`,
      [s.orgId, id, at(0)],
    );
    expect(await firstHistoryAt(s.orgId, id)).toBe(at(1));
    await expectSpansRight(s.orgId);

    // Updates that reorder the history (row-level trigger).
    await t.database.query(
      `update stage_history set changed_at = $3::timestamptz
        where org_id = $1 and deal_id = $2 and changed_at = $4::timestamptz`,
      [s.orgId, id, at(9), at(1)],
    );
    expect(await firstHistoryAt(s.orgId, id)).toBe(at(2));
    expect((await chainOf(s, id)).at(-1)).toEqual({ stage: 'A', at: 9, next: null, prior: 5, later: [] });
    await t.database.query(
      `update stage_history set to_stage_id = $3 where org_id = $1 and deal_id = $2 and changed_at = $4::timestamptz`,
      [s.orgId, id, s.stage('C'), at(2)],
    );
    expect((await chainOf(s, id))[0]).toEqual({
      stage: 'C',
      at: 2,
      next: 3,
      prior: null,
      later: ['A', 'B', 'C', 'Won'],
    });
    await expectSpansRight(s.orgId);

    // A record's whole history deleted: first_history_at becomes null.
    await t.database.query('delete from stage_history where org_id = $1 and deal_id = $2', [s.orgId, id]);
    expect(await firstHistoryAt(s.orgId, id)).toBeNull();
    expect(await chainOf(s, other)).toEqual([{ stage: 'B', at: 2, next: null, prior: null, later: [] }]);
  });

  it('moves, won and reopen through the API, and a stage delete with move_to (one set-based insert)', async () => {
    const s = await setup();
    const api = as(t.app, s.owner);
    const d1 = await createDeal(s, 'Mover');
    const d2 = await createDeal(s, 'Stayer', 'B');
    expect((await api.post(`/api/v1/deals/${d1}/move`, { stage_id: s.stage('B') })).statusCode).toBe(200);
    expect((await api.post(`/api/v1/deals/${d1}/won`, {})).statusCode).toBe(200);
    const moved = await chainOf(s, d1);
    expect(moved.map((r) => [r.stage, r.later])).toEqual([
      ['A', ['B', 'Won']],
      ['B', ['Won']],
      ['Won', []],
    ]);
    expect(moved[0]!.next).toBe(moved[1]!.at);
    expect(moved[1]!.next).toBe(moved[2]!.at);
    // Reopening a won deal moves it to the last open stage (C): a fourth entry.
    expect((await api.post(`/api/v1/deals/${d1}/reopen`)).statusCode).toBe(200);
    const reopened = await chainOf(s, d1);
    expect(reopened.map((r) => r.stage)).toEqual(['A', 'B', 'Won', 'C']);
    expect(reopened[2]!.next).toBe(reopened[3]!.at);
    // Same-millisecond API calls leave "later" empty between them; otherwise C is later than Won.
    expect(reopened[2]!.later).toEqual(reopened[3]!.at! > reopened[2]!.at! ? ['C'] : []);
    const del = await api.del(`/api/v1/pipelines/${s.pipe.id}/stages/${s.stage('B')}?move_to=${s.stage('C')}`);
    expect(del.statusCode, del.body).toBeLessThan(300);
    const stayer = await chainOf(s, d2);
    expect(stayer.map((r) => [r.stage, r.later])).toEqual([
      ['B', ['C']],
      ['C', []],
    ]);
    expect(stayer[0]!.next).toBe(stayer[1]!.at);
    await expectSpansRight(s.orgId);
  });

  it('lead moves keep the facts of lead history', async () => {
    const { user: owner, org } = await ownerWithOrg(t.app);
    const api = as(t.app, owner);
    const pipes = await getJson(t, owner, '/api/v1/pipelines?kind=leads');
    const lp = (pipes.data as Array<TestPipeline & { is_default: boolean }>).find((p) => p.is_default)!;
    const open = lp.stages.filter((x) => x.kind === 'open');
    expect(open.length).toBeGreaterThanOrEqual(2);
    const lead = (await api.post('/api/v1/leads', { title: 'Inbound', stage_id: open[0]!.id })).json();
    expect(lead.id).toBeTruthy();
    expect((await api.post(`/api/v1/leads/${lead.id}/move`, { stage_id: open[1]!.id })).statusCode).toBe(200);
    expect((await api.post(`/api/v1/leads/${lead.id}/move`, { stage_id: open[0]!.id })).statusCode).toBe(200);
    const rowsOf = (await expectSpansRight(org.id)).filter((r) => r.record === lead.id);
    expect(rowsOf.map((r) => r.stage)).toEqual([open[0]!.id, open[1]!.id, open[0]!.id]);
    expect(rowsOf[2]!.prior).toBe(rowsOf[0]!.at);
    expect(rowsOf[0]!.later.length).toBeGreaterThanOrEqual(1);
  });

  it('a purge removes the history of purged records without touching others', async () => {
    const s = await setup();
    const api = as(t.app, s.owner);
    const gone = await createDeal(s, 'Gone');
    const kept = await createDeal(s, 'Kept');
    await setChain(s, gone, [
      ['A', 1],
      ['B', 2],
    ]);
    await setChain(s, kept, [
      ['A', 1],
      ['C', 4],
    ]);
    expect((await api.del(`/api/v1/deals/${gone}`)).statusCode).toBe(204);
    await withTenant(t.database.db, { orgId: s.orgId }, (tx) =>
      tx.execute(sql`update deals set deleted_at = now() - interval '31 days' where id = ${gone}::uuid`),
    );
    const purged = await purgeRecycleBins(t.database.db);
    expect(purged.deal).toBeGreaterThanOrEqual(1);
    const left = await expectSpansRight(s.orgId);
    expect(left.filter((r) => r.record === gone)).toEqual([]);
    expect(await chainOf(s, kept)).toEqual([
      { stage: 'A', at: 1, next: 4, prior: null, later: ['C'] },
      { stage: 'C', at: 4, next: null, prior: null, later: [] },
    ]);
  });

  it('imported history (dated from the file) gets its facts, and first_history_at the file time', async () => {
    const { user, org } = await ownerWithOrg(t.app);
    const api = as(t.app, user);
    const mapping = { '0': 'external_id', '1': 'name', '2': 'stage', '3': 'created_at', '4': 'closed_at' };
    const options = { upsert_key: 'external_id', date_order: 'ymd' };
    const run = async (csv: string) => {
      const up = await t.app.inject({
        method: 'POST',
        url: `/api/v1/imports?entity=deals&file_name=deals.csv`,
        headers: { cookie: user.cookie, 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(up.statusCode, up.body).toBe(201);
      const id = up.json().id as string;
      expect((await api.patch(`/api/v1/imports/${id}`, { mapping, options })).statusCode).toBe(200);
      expect((await api.post(`/api/v1/imports/${id}/run`)).statusCode).toBe(202);
      const job = await t.database.db.execute(sql`select data from pgboss.job where name = ${IMPORT_JOB}
        and data->>'importId' = ${id} order by created_on desc limit 1`);
      await processImportJob(t.database.db, rows<{ data: ImportJobPayload }>(job)[0]!.data);
      return (await api.get(`/api/v1/imports/${id}`)).json().progress;
    };
    const header = 'Deal ID,Deal name,Stage,Created,Close date';
    expect(await run(`${header}\nd9,Moving deal,Proposal,2021-02-01 00:00,\n`)).toMatchObject({ created: 1 });
    expect(await run(`${header}\nd9,Moving deal,Closed Won,2021-02-01 00:00,2021-04-01 10:00\n`)).toMatchObject({
      updated: 1,
    });
    const all = await expectSpansRight(org.id);
    expect(all).toHaveLength(2);
    expect(all.map((r) => [new Date(r.at).toISOString(), r.next && new Date(r.next).toISOString()])).toEqual([
      ['2021-02-01T00:00:00.000Z', '2021-04-01T10:00:00.000Z'],
      ['2021-04-01T10:00:00.000Z', null],
    ]);
    expect(all[0]!.later).toEqual([all[1]!.stage]);
    expect(await firstHistoryAt(org.id, all[0]!.record)).toBe('2021-02-01T00:00:00.000Z');
  });
});

describe('funnel reads the stored facts under current stage positions', () => {
  it('reordering the pipeline changes who "advanced" at once', async () => {
    const s = await setup();
    const d = await createDeal(s, 'Path');
    // A (day 1) → C (day 4): advanced from A (C is further on), nothing from C.
    await setChain(s, d, [
      ['A', 1],
      ['C', 4],
    ]);
    const url = `/api/v1/analytics/funnel?period=custom&from=2025-03-01&to=2025-03-31&pipeline_id=${s.pipe.id}`;
    const before = await getJson(t, s.owner, url);
    const row = (b: typeof before, name: string) =>
      (b.stages as Array<{ name: string; entered: number; advanced: number | null; avg_days: number | null }>).find(
        (x) => x.name === name,
      )!;
    expect([row(before, 'A').entered, row(before, 'A').advanced, row(before, 'A').avg_days]).toEqual([1, 1, 3]);
    expect([row(before, 'C').entered, row(before, 'C').advanced, row(before, 'C').avg_days]).toEqual([1, 0, null]);
    // C moves before A: now the deal went backwards from A, and forward from… nothing (C is first).
    const order = ['C', 'A', 'B', 'Won', 'Lost'].map(s.stage);
    const put = await withPut(t, s.owner).put(`/api/v1/pipelines/${s.pipe.id}/stages/order`, { stage_ids: order });
    expect(put.statusCode, put.body).toBe(200);
    const after = await getJson(t, s.owner, url);
    expect(row(after, 'A').advanced).toBe(0);
    expect(row(after, 'C').advanced).toBe(0);
    expect(row(after, 'A').entered).toBe(1);
    // An entry into the won stage later counts as advanced from every open stage entered before it.
    await insertHistory(t.database, {
      orgId: s.orgId,
      pipelineId: s.pipe.id,
      stages: s.pipe.stages,
      dealId: d,
      history: [{ stageId: s.stage('Won'), at: at(6), status: 'won' }],
    });
    const won = await getJson(t, s.owner, url);
    expect([row(won, 'A').advanced, row(won, 'C').advanced, row(won, 'Won').entered]).toEqual([1, 1, 1]);
    expect(row(won, 'C').avg_days).toBe(2);
  });
});
