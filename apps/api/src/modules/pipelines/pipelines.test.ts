import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import {
  addMember,
  as,
  createTestApp,
  errorOf,
  issuePaths,
  ownerWithOrg,
  type TestApp,
} from '../../../test/helpers.js';
import { insertDeal, insertLead } from '../../../test/board-fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type StageJson = {
  id: string;
  name: string;
  probability: number;
  kind: string;
  position: number;
  record_count: number;
};
type PipelineJson = {
  id: string;
  kind: string;
  name: string;
  is_default: boolean;
  version: number;
  stages: StageJson[];
};

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** A fresh organisation, its owner's API, and its default pipelines. */
async function setup() {
  const { user, org } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const list = (await api.get('/api/v1/pipelines')).json().data as PipelineJson[];
  const leadsP = list.find((p) => p.kind === 'leads')!;
  const dealsP = list.find((p) => p.kind === 'deals')!;
  const stage = (p: PipelineJson, name: string) => p.stages.find((s) => s.name === name)!.id;
  return { user, org, api, leadsP, dealsP, stage };
}

const threeStages = [
  { name: 'Open', probability: 30, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
];

describe('pipelines', () => {
  it('gives a new organisation its default lead and deal pipelines', async () => {
    const { api } = await setup();
    const res = await api.get('/api/v1/pipelines');
    expect(res.statusCode).toBe(200);
    const data = res.json().data as PipelineJson[];
    expect(data.map((p) => [p.kind, p.name, p.is_default])).toEqual([
      ['deals', 'Sales', true],
      ['leads', 'Leads', true],
    ]);
    const shape = (p: PipelineJson) => p.stages.map((s) => [s.position, s.name, s.probability, s.kind, s.record_count]);
    expect(shape(data.find((p) => p.kind === 'leads')!)).toEqual([
      [0, 'New', 10, 'open', 0],
      [1, 'Contacted', 20, 'open', 0],
      [2, 'Meeting', 40, 'open', 0],
      [3, 'Negotiation', 60, 'open', 0],
      [4, 'Qualified', 100, 'won', 0],
      [5, 'Disqualified', 0, 'lost', 0],
    ]);
    expect(shape(data.find((p) => p.kind === 'deals')!)).toEqual([
      [0, 'Qualification', 10, 'open', 0],
      [1, 'Needs analysis', 25, 'open', 0],
      [2, 'Proposal', 50, 'open', 0],
      [3, 'Negotiation', 80, 'open', 0],
      [4, 'Won', 100, 'won', 0],
      [5, 'Lost', 0, 'lost', 0],
    ]);
    const deals = await api.get('/api/v1/pipelines?kind=deals');
    expect((deals.json().data as PipelineJson[]).map((p) => p.name)).toEqual(['Sales']);
    const one = await api.get(`/api/v1/pipelines/${data[0]!.id}`);
    expect(one.json()).toMatchObject({ id: data[0]!.id, name: 'Sales' });
    expect(one.headers.etag).toBe(`"${data[0]!.version}"`);
    expect((await api.get('/api/v1/pipelines?kind=tickets')).statusCode).toBe(400);
  });

  it('creates, renames and switches the default pipeline (one default per kind, If-Match honoured)', async () => {
    const { api, dealsP } = await setup();
    const created = await api.post('/api/v1/pipelines', {
      kind: 'deals',
      name: 'Enterprise',
      stages: [{ name: 'Discovery', probability: 20, kind: 'open', color: '#AABBCC' }, ...threeStages.slice(1)],
    });
    expect(created.statusCode).toBe(201);
    const ent = created.json() as PipelineJson;
    expect(ent).toMatchObject({ kind: 'deals', name: 'Enterprise', is_default: false });
    expect(ent.stages.map((s) => [s.name, s.position])).toEqual([
      ['Discovery', 0],
      ['Won', 1],
      ['Lost', 2],
    ]);
    expect(created.json().stages[0].color).toBe('#aabbcc');
    expect(created.json().stages[1].color).toBe('#868e96');

    const made = await api.patch(`/api/v1/pipelines/${ent.id}`, { is_default: true });
    expect(made.statusCode).toBe(200);
    expect(made.json().is_default).toBe(true);
    const deals = (await api.get('/api/v1/pipelines?kind=deals')).json().data as PipelineJson[];
    expect(deals.map((p) => [p.name, p.is_default])).toEqual([
      ['Enterprise', true],
      ['Sales', false],
    ]);
    // The default cannot simply be unset, nor deleted.
    const unset = await api.patch(`/api/v1/pipelines/${ent.id}`, { is_default: false });
    expect(unset.statusCode).toBe(422);
    expect((await api.del(`/api/v1/pipelines/${ent.id}`)).statusCode).toBe(422);

    // Rename with If-Match: a stale version → 412; the current one passes.
    const version = made.json().version as number;
    const stale = await api.patch(`/api/v1/pipelines/${ent.id}`, { name: 'X' }, { 'if-match': `"${version - 1}"` });
    expect(stale.statusCode).toBe(412);
    const renamed = await api.patch(
      `/api/v1/pipelines/${ent.id}`,
      { name: 'Key accounts' },
      { 'if-match': `"${version}"` },
    );
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Key accounts', version: version + 1 });
    expect(renamed.headers.etag).toBe(`"${version + 1}"`);
    const taken = await api.patch(`/api/v1/pipelines/${ent.id}`, { name: 'sales' });
    expect(taken.statusCode).toBe(409);

    // The old default can go now; a leads pipeline of the same name is fine.
    expect((await api.del(`/api/v1/pipelines/${dealsP.id}`)).statusCode).toBe(204);
    expect((await api.get(`/api/v1/pipelines/${dealsP.id}`)).statusCode).toBe(404);
    expect(
      (await api.post('/api/v1/pipelines', { kind: 'leads', name: 'Sales', stages: threeStages })).statusCode,
    ).toBe(201);
  });

  it('validates input with field paths, refuses duplicate stage names and broken rules', async () => {
    const { api } = await setup();
    for (const [payload, path] of [
      [{ kind: 'deals', name: 'P', stages: [{ ...threeStages[0], color: 'red' }] }, 'body.stages.0.color'],
      [{ kind: 'deals', name: 'P', stages: [{ ...threeStages[0], probability: 101 }] }, 'body.stages.0.probability'],
      [{ kind: 'deals', name: 'P', stages: [{ ...threeStages[0], kind: 'maybe' }] }, 'body.stages.0.kind'],
      [{ kind: 'deals', name: 'P', stages: [] }, 'body.stages'],
      [{ kind: 'boards', name: 'P', stages: threeStages }, 'body.kind'],
      [{ kind: 'deals', name: ' ', stages: threeStages }, 'body.name'],
      [{ kind: 'deals', name: 'P', stages: threeStages, org_id: 'x' }, 'body.org_id'],
    ] as const) {
      const res = await api.post('/api/v1/pipelines', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(issuePaths(res)).toContain(path);
    }
    const dup = await api.post('/api/v1/pipelines', {
      kind: 'deals',
      name: 'P',
      stages: [...threeStages, { name: 'open', probability: 1, kind: 'open' }],
    });
    expect(dup.statusCode).toBe(409);
    expect(issuePaths(dup)).toEqual(['body.stages.3.name']);
    for (const stages of [
      [threeStages[1], threeStages[2]], // no open stage
      [threeStages[0], threeStages[2]], // no won stage
      [threeStages[0], threeStages[1]], // no lost stage
      [...threeStages, { name: 'Won again', probability: 100, kind: 'won' }], // two won stages
    ]) {
      const res = await api.post('/api/v1/pipelines', { kind: 'leads', name: 'Broken', stages });
      expect(res.statusCode, JSON.stringify(stages)).toBe(422);
    }
    expect((await api.get('/api/v1/pipelines')).json().data).toHaveLength(2);
  });

  it('keeps the stage rules on every stage change', async () => {
    const { api, dealsP, stage } = await setup();
    const base = `/api/v1/pipelines/${dealsP.id}/stages`;
    // Removing the only won stage of a deals pipeline → 422.
    const noWon = await api.del(`${base}/${stage(dealsP, 'Won')}`);
    expect(noWon.statusCode).toBe(422);
    expect(errorOf(noWon).details).toMatchObject({ rule: 'one_won_stage' });
    // A second won stage → 422, by creating one or by changing a kind.
    expect((await api.post(base, { name: 'Won 2', probability: 100, kind: 'won' })).statusCode).toBe(422);
    expect((await api.patch(`${base}/${stage(dealsP, 'Proposal')}`, { kind: 'won' })).statusCode).toBe(422);
    // The last lost stage cannot become open.
    expect((await api.patch(`${base}/${stage(dealsP, 'Lost')}`, { kind: 'open' })).statusCode).toBe(422);

    // Removing the last open stage → 422 (a pipeline with a single open stage).
    const small = (await api.post('/api/v1/pipelines', { kind: 'deals', name: 'Small', stages: threeStages })).json();
    const lastOpen = await api.del(`/api/v1/pipelines/${small.id}/stages/${small.stages[0].id}`);
    expect(lastOpen.statusCode).toBe(422);
    expect(errorOf(lastOpen).details).toMatchObject({ rule: 'open_stage' });

    // A stage added at a position shifts the others; names stay unique (409).
    const added = await api.post(base, { name: 'Demo', probability: 40, kind: 'open', position: 2, color: '#123456' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      name: 'Demo',
      position: 2,
      probability: 40,
      color: '#123456',
      record_count: 0,
    });
    const after = (await api.get(`/api/v1/pipelines/${dealsP.id}`)).json() as PipelineJson;
    expect(after.stages.map((s) => s.name)).toEqual([
      'Qualification',
      'Needs analysis',
      'Demo',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
    expect(after.stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const dupName = await api.post(base, { name: 'demo', probability: 40, kind: 'open' });
    expect(dupName.statusCode).toBe(409);
    expect((await api.patch(`${base}/${added.json().id}`, { name: 'PROPOSAL' })).statusCode).toBe(409);

    // Change a stage; If-Match is the stage's version.
    const demoId = added.json().id as string;
    const changed = await api.patch(`${base}/${demoId}`, { name: 'Demo call', probability: 45, color: '#FF0000' });
    expect(changed.json()).toMatchObject({ name: 'Demo call', probability: 45, color: '#ff0000', version: 2 });
    expect((await api.patch(`${base}/${demoId}`, { probability: 50 }, { 'if-match': '"1"' })).statusCode).toBe(412);
    const badProb = await api.patch(`${base}/${demoId}`, { probability: -1 });
    expect(issuePaths(badProb)).toEqual(['body.probability']);
    // An empty open stage can be deleted; positions stay dense.
    expect((await api.del(`${base}/${demoId}`)).statusCode).toBe(204);
    const final = (await api.get(`/api/v1/pipelines/${dealsP.id}`)).json() as PipelineJson;
    expect(final.stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reorders the stages in one call, which must list exactly the pipeline stages', async () => {
    const { api, user, leadsP, dealsP } = await setup();
    const ids = leadsP.stages.map((s) => s.id);
    const reversed = [...ids].reverse();
    const url = `/api/v1/pipelines/${leadsP.id}/stages/order`;
    const send = (payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'PUT', url, payload: payload as object, headers: { cookie: user.cookie, ...headers } });
    const ok = await send({ stage_ids: reversed });
    expect(ok.statusCode).toBe(200);
    expect((ok.json() as PipelineJson).stages.map((s) => s.id)).toEqual(reversed);
    expect((ok.json() as PipelineJson).stages.map((s) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect((await api.get(`/api/v1/pipelines/${leadsP.id}`)).json().stages.map((s: StageJson) => s.id)).toEqual(
      reversed,
    );
    // Stale pipeline version → 412.
    expect((await send({ stage_ids: ids }, { 'if-match': `"${leadsP.version}"` })).statusCode).toBe(412);
    // Missing, repeated or foreign ids → 400 naming the entries.
    const missing = await send({ stage_ids: ids.slice(1) });
    expect(missing.statusCode).toBe(400);
    expect(issuePaths(missing)).toEqual(['body.stage_ids']);
    const repeated = await send({ stage_ids: [...ids.slice(0, 5), ids[0]] });
    expect(issuePaths(repeated)).toEqual(['body.stage_ids.5', 'body.stage_ids']);
    const foreign = await send({ stage_ids: [...ids.slice(0, 5), dealsP.stages[0]!.id] });
    expect(issuePaths(foreign)).toEqual(['body.stage_ids.5', 'body.stage_ids']);
    expect((await send({ stage_ids: ['nope'] })).statusCode).toBe(400);
  });

  it('deletes a stage in use only by moving its records (same pipeline and kind), with history', async () => {
    const { api, org, user, dealsP, leadsP, stage } = await setup();
    const proposal = stage(dealsP, 'Proposal');
    const negotiation = stage(dealsP, 'Negotiation');
    const existing = await insertDeal(t.database, org.id, {
      pipelineId: dealsP.id,
      stageId: negotiation,
      name: 'Already there',
    });
    let prev: string | undefined;
    const moving: string[] = [];
    for (let i = 0; i < 4; i++) {
      prev = await insertDeal(t.database, org.id, {
        pipelineId: dealsP.id,
        stageId: proposal,
        name: `Deal ${i}`,
        afterId: prev,
        stageEnteredAt: new Date('2020-01-01T00:00:00Z'),
      });
      moving.push(prev);
    }
    const trashed = await insertDeal(t.database, org.id, {
      pipelineId: dealsP.id,
      stageId: proposal,
      name: 'Trashed',
      deleted: true,
    });
    const base = `/api/v1/pipelines/${dealsP.id}/stages`;

    const counts = (await api.get(`/api/v1/pipelines/${dealsP.id}`)).json() as PipelineJson;
    expect(counts.stages.find((s) => s.id === proposal)!.record_count).toBe(4);

    const refused = await api.del(`${base}/${proposal}`);
    expect(refused.statusCode).toBe(409);
    expect(errorOf(refused).details).toMatchObject({ records: 5, live: 4, deleted: 1 });
    // A stage of another pipeline, of another kind, the stage itself or no stage → 422.
    for (const target of [
      leadsP.stages[0]!.id,
      stage(dealsP, 'Won'),
      proposal,
      '0190a000-0000-7000-8000-000000000000',
    ]) {
      const res = await api.del(`${base}/${proposal}?move_to=${target}`);
      expect(res.statusCode, target).toBe(422);
      expect(issuePaths(res)).toEqual(['query.move_to']);
    }
    // A stage holding records cannot change kind either.
    expect((await api.patch(`${base}/${proposal}`, { kind: 'lost' })).statusCode).toBe(409);

    const done = await api.del(`${base}/${proposal}?move_to=${negotiation}`);
    expect(done.statusCode).toBe(204);
    const after = (await api.get(`/api/v1/pipelines/${dealsP.id}`)).json() as PipelineJson;
    expect(after.stages.map((s) => s.name)).not.toContain('Proposal');
    expect(after.stages.find((s) => s.id === negotiation)!.record_count).toBe(5);

    await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
      const column = rowsOf<{ id: string; stage_id: string; entered: boolean; version: number }>(
        await tx.execute(sql`select id, stage_id, stage_entered_at > now() - interval '1 hour' as entered, version
          from deals where org_id = ${org.id} and deleted_at is null and pipeline_id = ${dealsP.id}
          order by position, id`),
      );
      // Appended below the target's card, in their previous order, just entered the stage.
      expect(column.map((r) => r.id)).toEqual([existing, ...moving]);
      expect(column.every((r) => r.stage_id === negotiation)).toBe(true);
      expect(column.slice(1).every((r) => r.entered && r.version === 2)).toBe(true);
      const [bin] = rowsOf<{ stage_id: string }>(
        await tx.execute(sql`select stage_id from deals where id = ${trashed}`),
      );
      expect(bin!.stage_id).toBe(negotiation);
      const history = rowsOf<{
        deal_id: string;
        from_stage_id: string;
        to_stage_id: string;
        from_status: string;
        to_status: string;
        changed_by: string;
      }>(
        await tx.execute(sql`select deal_id, from_stage_id, to_stage_id, from_status, to_status, changed_by
          from stage_history where org_id = ${org.id} order by deal_id`),
      );
      expect(history).toHaveLength(5);
      expect(history.map((h) => h.deal_id).sort()).toEqual([...moving, trashed].sort());
      for (const h of history) {
        expect(h).toMatchObject({
          from_stage_id: proposal,
          to_stage_id: negotiation,
          from_status: 'open',
          to_status: 'open',
          changed_by: user.id,
        });
      }
    });

    // Leads move the same way.
    const meeting = stage(leadsP, 'Meeting');
    const lead = await insertLead(t.database, org.id, { pipelineId: leadsP.id, stageId: meeting, title: 'L' });
    expect((await api.del(`/api/v1/pipelines/${leadsP.id}/stages/${meeting}`)).statusCode).toBe(409);
    const contacted = stage(leadsP, 'Contacted');
    expect((await api.del(`/api/v1/pipelines/${leadsP.id}/stages/${meeting}?move_to=${contacted}`)).statusCode).toBe(
      204,
    );
    const leadHistory = await withTenant(t.database.db, { orgId: org.id }, (tx) =>
      tx.execute(sql`select to_stage_id from stage_history where lead_id = ${lead}`),
    );
    expect(rowsOf<{ to_stage_id: string }>(leadHistory)).toEqual([{ to_stage_id: contacted }]);

    // A pipeline holding records (even only in the recycle bin) cannot be deleted.
    const other = (
      await api.post('/api/v1/pipelines', { kind: 'deals', name: 'Other', stages: threeStages })
    ).json() as PipelineJson;
    await insertDeal(t.database, org.id, {
      pipelineId: other.id,
      stageId: other.stages[0]!.id,
      name: 'Binned',
      deleted: true,
    });
    const held = await api.del(`/api/v1/pipelines/${other.id}`);
    expect(held.statusCode).toBe(409);
    expect(errorOf(held).details).toMatchObject({ records: 1 });
  });

  it('lets managers change pipelines, members and viewers only read them', async () => {
    const { api, user, dealsP } = await setup();
    const member = as(t.app, await addMember(t.app, user, 'member'));
    const viewer = as(t.app, await addMember(t.app, user, 'viewer'));
    const manager = as(t.app, await addMember(t.app, user, 'manager'));
    for (const reader of [member, viewer]) {
      expect((await reader.get('/api/v1/pipelines')).statusCode).toBe(200);
      expect((await reader.get(`/api/v1/pipelines/${dealsP.id}`)).statusCode).toBe(200);
      expect((await reader.get(`/api/v1/boards/${dealsP.id}`)).statusCode).toBe(200);
      expect(
        (await reader.post('/api/v1/pipelines', { kind: 'deals', name: 'Mine', stages: threeStages })).statusCode,
      ).toBe(403);
      expect((await reader.patch(`/api/v1/pipelines/${dealsP.id}`, { name: 'Mine' })).statusCode).toBe(403);
      expect((await reader.del(`/api/v1/pipelines/${dealsP.id}`)).statusCode).toBe(403);
      expect((await reader.post(`/api/v1/pipelines/${dealsP.id}/stages`, threeStages[0])).statusCode).toBe(403);
      expect(
        (await reader.patch(`/api/v1/pipelines/${dealsP.id}/stages/${dealsP.stages[0]!.id}`, { probability: 1 }))
          .statusCode,
      ).toBe(403);
      expect((await reader.del(`/api/v1/pipelines/${dealsP.id}/stages/${dealsP.stages[0]!.id}`)).statusCode).toBe(403);
    }
    expect((await manager.patch(`/api/v1/pipelines/${dealsP.id}`, { name: 'Renamed by manager' })).statusCode).toBe(
      200,
    );
    expect(
      (await manager.post('/api/v1/pipelines', { kind: 'deals', name: 'Mgr', stages: threeStages })).statusCode,
    ).toBe(201);
    expect((await api.get(`/api/v1/pipelines/${dealsP.id}`)).json().name).toBe('Renamed by manager');
  });

  it("answers 404 for another organisation's pipelines and stages", async () => {
    const a = await setup();
    const b = await setup();
    const bStage = b.dealsP.stages[0]!.id;
    const aStage = a.dealsP.stages[0]!.id;
    const calls = [
      a.api.get(`/api/v1/pipelines/${b.dealsP.id}`),
      a.api.patch(`/api/v1/pipelines/${b.dealsP.id}`, { name: 'Hijack' }),
      a.api.del(`/api/v1/pipelines/${b.dealsP.id}`),
      a.api.post(`/api/v1/pipelines/${b.dealsP.id}/stages`, { name: 'X', probability: 1, kind: 'open' }),
      a.api.patch(`/api/v1/pipelines/${b.dealsP.id}/stages/${bStage}`, { name: 'Hijack' }),
      a.api.patch(`/api/v1/pipelines/${a.dealsP.id}/stages/${bStage}`, { name: 'Hijack' }),
      a.api.del(`/api/v1/pipelines/${b.dealsP.id}/stages/${bStage}`),
      a.api.del(`/api/v1/pipelines/${a.dealsP.id}/stages/${bStage}`),
      a.api.get(`/api/v1/boards/${b.dealsP.id}`),
      a.api.get(`/api/v1/boards/${a.dealsP.id}?stage_id=${bStage}`),
      // A stage of the caller's other pipeline is not a stage of this one either.
      a.api.patch(`/api/v1/pipelines/${a.leadsP.id}/stages/${aStage}`, { name: 'Wrong pipeline' }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.body).not.toContain('Sales');
    }
    const [bAfter] = (await b.api.get('/api/v1/pipelines?kind=deals')).json().data as PipelineJson[];
    expect(bAfter!.name).toBe('Sales');
    expect(bAfter!.stages[0]!.name).toBe('Qualification');
  });
});
