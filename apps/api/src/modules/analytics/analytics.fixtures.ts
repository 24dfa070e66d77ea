/**
 * Test fixtures of the analytics correctness tests (issue 8): an organisation with an owner, a
 * manager and a member, two teams, two deal pipelines with known stages, a rate table (all through
 * the API), and helpers that rewrite a record's dates and `stage_history` with direct SQL (as superuser, outside RLS), so
 * every figure of a report is known in advance. Not part of the API.
 */
import { expect } from 'vitest';
import { uuidv7 } from '../../lib/ids.js';
import type { Database } from '../../db/client.js';
import { addMember, as, ownerWithOrg, type TestApp, type TestUser } from '../../../test/helpers.js';

/** Stage of a test pipeline: id, kind and probability (0–100). */
export interface TestStage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  probability: number;
  position: number;
}

export interface TestPipeline {
  id: string;
  name: string;
  stages: TestStage[];
}

export type Role = 'O' | 'M' | 'U';

/** The organisation of the analytics tests: users, membership ids, teams and pipelines. */
export interface AnalyticsOrg {
  orgId: string;
  users: Record<Role, TestUser & { membershipId: string }>;
  /** Team A = manager + member; team B = owner + member (the member is in both). */
  teams: { A: string; B: string };
  /** P1 "New business" (made the default deals pipeline): Qualify 10, Propose 40, Negotiate 70, Won, Lost; P2 "Renewals": Review 50, Commit 80, Won, Lost. */
  pipelines: { P1: TestPipeline; P2: TestPipeline };
  leadPipeline: { id: string; stageId: string };
}

const P1_STAGES = [
  { name: 'Qualify', probability: 10, kind: 'open' },
  { name: 'Propose', probability: 40, kind: 'open' },
  { name: 'Negotiate', probability: 70, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
] as const;
const P2_STAGES = [
  { name: 'Review', probability: 50, kind: 'open' },
  { name: 'Commit', probability: 80, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
] as const;

/**
 * Rates into the reporting currency USD: EUR 1.10 from 2025-01-01 and 1.20 from 2026-02-15, GBP 1.25
 * from 2025-06-01; CHF has none (it shows up in `missing_rates`).
 */
export const RATES = [
  { currency: 'EUR', rate: '1.10', valid_from: '2025-01-01' },
  { currency: 'EUR', rate: '1.20', valid_from: '2026-02-15' },
  { currency: 'GBP', rate: '1.25', valid_from: '2025-06-01' },
] as const;

/** Creates the organisation through the API: members, teams, pipelines, reporting currency USD and {@link RATES}. */
export async function createAnalyticsOrg(t: TestApp): Promise<AnalyticsOrg> {
  const { user: owner, org } = await ownerWithOrg(t.app);
  const api = as(t.app, owner);
  const manager = await addMember(t.app, owner, 'manager');
  const member = await addMember(t.app, owner, 'member');
  const me = await api.get('/api/v1/members?q=' + encodeURIComponent(owner.email));
  const users = {
    O: { ...owner, membershipId: me.json().data[0].id as string },
    M: manager,
    U: member,
  };
  const names = { O: 'Olivia Owner', M: 'Mark Manager', U: 'Uma Member' };
  for (const r of ['O', 'M', 'U'] as const) {
    const res = await as(t.app, users[r]).patch('/api/v1/me', { name: names[r] });
    expect(res.statusCode, res.body).toBe(200);
    users[r].name = names[r];
  }

  const team = async (name: string, members: Role[]) => {
    const res = await api.post('/api/v1/teams', { name });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    for (const r of members) {
      const put = await withPut(t, owner).put(`/api/v1/teams/${id}/members/${users[r].membershipId}`, {
        is_lead: r === 'M',
      });
      expect(put.statusCode, put.body).toBeLessThan(300);
    }
    return id;
  };
  const teams = { A: await team('Team A', ['M', 'U']), B: await team('Team B', ['O', 'U']) };

  const pipeline = async (name: string, stages: readonly object[], isDefault: boolean): Promise<TestPipeline> => {
    const res = await api.post('/api/v1/pipelines', { kind: 'deals', name, is_default: isDefault, stages });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as TestPipeline;
    return { id: body.id, name: body.name, stages: body.stages.map((s) => ({ ...s })) };
  };
  const pipelines = {
    P1: await pipeline('New business', P1_STAGES, true),
    P2: await pipeline('Renewals', P2_STAGES, false),
  };
  const leadList = await api.get('/api/v1/pipelines?kind=leads');
  const lp = (leadList.json().data as Array<TestPipeline & { is_default: boolean }>).find((p) => p.is_default)!;

  const reporting = await withPut(t, owner).put('/api/v1/currencies/reporting', { currency: 'USD' });
  expect(reporting.statusCode, reporting.body).toBe(200);
  for (const r of RATES) {
    const res = await api.post('/api/v1/currencies/rates', r);
    expect(res.statusCode, res.body).toBe(201);
  }
  return {
    orgId: org.id,
    users,
    teams,
    pipelines,
    leadPipeline: { id: lp.id, stageId: lp.stages.find((s) => s.kind === 'open')!.id },
  };
}

/** `as()` plus PUT, which the shared helper does not offer. */
export function withPut(t: TestApp, user: { cookie: string }) {
  return {
    put: (url: string, payload: unknown) =>
      t.app.inject({
        method: 'PUT',
        url,
        headers: { cookie: user.cookie },
        payload: payload as Record<string, unknown>,
      }),
  };
}

/** One `stage_history` entry: the stage entered, when (ISO UTC), and the status after it (default: the stage's kind). */
export interface HistoryEntry {
  stageId: string;
  at: string;
  status?: string;
}

/**
 * Rewrites a deal's dates and history: `created_at`, `won_at`, `closed_at`, the reasons,
 * `stage_entered_at` (the last entry) and its `stage_history` (deleted and re-inserted as the given
 * chain; the first entry has no from-stage).
 */
export async function rewriteDeal(
  database: Database,
  p: {
    orgId: string;
    dealId: string;
    pipelineId: string;
    stages: TestStage[];
    createdAt: string;
    wonAt: string | null;
    closedAt: string | null;
    wonReason?: string | null;
    lostReason?: string | null;
    history: HistoryEntry[];
  },
): Promise<void> {
  const last = p.history[p.history.length - 1]!;
  await database.query(
    `update deals set created_at = $3, won_at = $4, closed_at = $5, won_reason = $6, lost_reason = $7,
       stage_entered_at = $8 where org_id = $1 and id = $2`,
    [p.orgId, p.dealId, p.createdAt, p.wonAt, p.closedAt, p.wonReason ?? null, p.lostReason ?? null, last.at],
  );
  await database.query('delete from stage_history where org_id = $1 and deal_id = $2', [p.orgId, p.dealId]);
  await insertHistory(database, {
    orgId: p.orgId,
    pipelineId: p.pipelineId,
    stages: p.stages,
    dealId: p.dealId,
    history: p.history,
  });
}

/** Inserts a deal's `stage_history` chain (one statement). */
export async function insertHistory(
  database: Database,
  p: { orgId: string; pipelineId: string; stages: TestStage[]; dealId: string; history: HistoryEntry[] },
): Promise<void> {
  if (!p.history.length) return;
  const kindOf = (id: string) => p.stages.find((s) => s.id === id)!.kind;
  const values: unknown[] = [p.orgId];
  const rows: string[] = [];
  let prev: { stageId: string; status: string } | null = null;
  for (const h of p.history) {
    const status = h.status ?? kindOf(h.stageId);
    const base = values.length;
    values.push(uuidv7(), p.dealId, p.pipelineId, prev?.stageId ?? null, h.stageId, prev?.status ?? null, status, h.at);
    rows.push(`($1, ${Array.from({ length: 8 }, (_, i) => `$${base + i + 1}`).join(', ')})`);
    prev = { stageId: h.stageId, status };
  }
  await database.query(
    `insert into stage_history (org_id, id, deal_id, pipeline_id, from_stage_id, to_stage_id, from_status, to_status, changed_at)
     values ${rows.join(', ')}`,
    values,
  );
}

/** Sets a lead's `created_at`, status and conversion / loss time. */
export async function rewriteLead(
  database: Database,
  p: { orgId: string; leadId: string; createdAt: string; status: 'open' | 'converted' | 'lost'; at?: string },
): Promise<void> {
  await database.query(
    `update leads set created_at = $3, status = $4,
       converted_at = case when $4 = 'converted' then $5::timestamptz end,
       lost_at = case when $4 = 'lost' then $5::timestamptz end
     where org_id = $1 and id = $2`,
    [p.orgId, p.leadId, p.createdAt, p.status, p.at ?? null],
  );
}

/** Days between two ISO instants (decimal). */
export const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** A response body as the tests read it (shapes are checked field by field). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** GET as `user`, asserting 200, returning the JSON body. */
export async function getJson<T = Json>(t: TestApp, user: { cookie: string }, url: string): Promise<T> {
  const res = await as(t.app, user).get(url);
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json() as T;
}
