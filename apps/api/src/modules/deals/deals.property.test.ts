/**
 * Property-based test of the deal board and status machine: random sequences of creates, moves
 * (random anchors, across stages), wins, losses, abandons and reopens through the HTTP API, checked
 * against a small model and against the database after each run:
 *  - each column's order (position, id) is the model's order and positions are strictly increasing
 *    (no duplicate key within a stage);
 *  - `stage_history` (by changed_at, id) is a chain from nothing to each deal's current stage and
 *    status;
 *  - per-stage counts and amount sums from a direct SQL aggregate equal what the list API reports,
 *    and the trigger-kept board totals (`stage_totals`) equal the same aggregate per group.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant.js';
import { as, createTestApp, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

type Cmd =
  | { op: 'create'; amount: number; currency: 'EUR' | 'USD'; stage: number | null }
  | { op: 'move'; deal: number; stage: number; anchor: 'none' | 'before' | 'after'; pick: number }
  | { op: 'won' | 'lost' | 'abandon' | 'reopen'; deal: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    amount: fc.integer({ min: 0, max: 10_000_000 }),
    currency: fc.constantFrom('EUR' as const, 'USD' as const),
    stage: fc.option(fc.nat({ max: 5 }), { nil: null }),
  }),
  fc.record({
    op: fc.constant('move' as const),
    deal: fc.nat(),
    stage: fc.nat({ max: 5 }),
    anchor: fc.constantFrom('none' as const, 'before' as const, 'after' as const),
    pick: fc.nat(),
  }),
  fc.record({
    op: fc.constantFrom('won' as const, 'lost' as const, 'abandon' as const, 'reopen' as const),
    deal: fc.nat(),
  }),
);

interface Stage {
  id: string;
  kind: 'open' | 'won' | 'lost';
}

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe('deal board and status machine (property)', () => {
  it('keeps columns ordered, history replayable and list figures equal to SQL', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 25 }), async (cmds) => {
        const { user, org } = await ownerWithOrg(t.app);
        const api = as(t.app, user);
        const stages = await withTenant(t.database.db, { orgId: org.id }, async (tx) =>
          rowsOf<Stage>(
            await tx.execute(sql`select s.id, s.kind from stages s join pipelines p
              on p.org_id = s.org_id and p.id = s.pipeline_id
              where s.org_id = ${org.id}::uuid and p.kind = 'deals' and p.is_default order by s.position`),
          ),
        );
        const lastOpen = stages.filter((s) => s.kind === 'open').pop()!;
        // The model: each deal's stage and status, each column's order top → bottom.
        const status = new Map<string, string>();
        const stageOf = new Map<string, string>();
        const columns = new Map<string, string[]>(stages.map((s) => [s.id, []]));
        const dealIds: string[] = [];
        const place = (id: string, stageId: string, at: { before?: string; after?: string } = {}) => {
          const old = stageOf.get(id);
          if (old)
            columns.set(
              old,
              columns.get(old)!.filter((x) => x !== id),
            );
          const col = columns.get(stageId)!;
          if (at.before) col.splice(col.indexOf(at.before), 0, id);
          else if (at.after) col.splice(col.indexOf(at.after) + 1, 0, id);
          else col.unshift(id);
          stageOf.set(id, stageId);
        };
        const kindOf = (stageId: string) => stages.find((s) => s.id === stageId)!.kind;
        const statusOfKind = (kind: Stage['kind']) => (kind === 'open' ? 'open' : kind);

        for (const cmd of cmds) {
          if (cmd.op === 'create' || !dealIds.length) {
            const c = cmd.op === 'create' ? cmd : { amount: 100, currency: 'EUR', stage: null };
            const stage = c.stage === null ? undefined : stages[c.stage]!;
            const res = await api.post('/api/v1/deals', {
              name: `D${dealIds.length}`,
              amount: { amount: c.amount, currency: c.currency },
              ...(stage ? { stage_id: stage.id } : {}),
            });
            expect(res.statusCode, res.body).toBe(201);
            const id = res.json().id as string;
            dealIds.push(id);
            const target = stage ?? stages[0]!;
            place(id, target.id);
            status.set(id, statusOfKind(target.kind));
            expect(res.json().status).toBe(status.get(id));
            continue;
          }
          const id = dealIds[cmd.deal % dealIds.length]!;
          const was = status.get(id)!;
          if (cmd.op === 'move') {
            const target = stages[cmd.stage]!;
            const others = columns.get(target.id)!.filter((x) => x !== id);
            const anchor = cmd.anchor !== 'none' && others.length ? others[cmd.pick % others.length] : undefined;
            const body = { stage_id: target.id, ...(anchor ? { [`${cmd.anchor}_id`]: anchor } : {}) };
            const res = await api.post(`/api/v1/deals/${id}/move`, body);
            expect(res.statusCode, res.body).toBe(200);
            // A stage change sets the status from the stage kind; a reorder keeps it.
            if (stageOf.get(id) !== target.id) status.set(id, statusOfKind(target.kind));
            place(id, target.id, anchor ? { [cmd.anchor]: anchor } : {});
            expect(res.json().status).toBe(status.get(id));
            continue;
          }
          const res = await api.post(`/api/v1/deals/${id}/${cmd.op}`, cmd.op === 'lost' ? { reason: 'r' } : {});
          const legal = cmd.op === 'reopen' ? was !== 'open' : was === 'open';
          expect(res.statusCode, `${cmd.op} from ${was}: ${res.body}`).toBe(legal ? 200 : 422);
          if (!legal) continue;
          if (cmd.op === 'won') place(id, stages.find((s) => s.kind === 'won')!.id);
          if (cmd.op === 'lost') place(id, stages.find((s) => s.kind === 'lost')!.id);
          if (cmd.op === 'reopen' && kindOf(stageOf.get(id)!) !== 'open') place(id, lastOpen.id);
          status.set(id, { won: 'won', lost: 'lost', abandon: 'abandoned', reopen: 'open' }[cmd.op]);
          expect(res.json()).toMatchObject({ status: status.get(id), stage_id: stageOf.get(id) });
        }

        const agg = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
          const deals = rowsOf<{ id: string; stage_id: string; status: string; position: string; amount: string }>(
            await tx.execute(sql`select id, stage_id, status, position, amount from deals
              where org_id = ${org.id}::uuid and deleted_at is null order by stage_id, position, id`),
          );
          // Column order = the model's, with strictly increasing keys.
          for (const s of stages) {
            const col = deals.filter((d) => d.stage_id === s.id);
            expect(col.map((d) => d.id)).toEqual(columns.get(s.id));
            for (let i = 1; i < col.length; i++) expect(col[i - 1]!.position < col[i]!.position).toBe(true);
          }
          // History replays to the current stage and status.
          const hist = rowsOf<{
            deal_id: string;
            from_stage_id: string | null;
            to_stage_id: string;
            from_status: string | null;
            to_status: string;
          }>(
            await tx.execute(sql`select deal_id, from_stage_id, to_stage_id, from_status, to_status from stage_history
              where org_id = ${org.id}::uuid order by changed_at, id`),
          );
          for (const d of deals) {
            let at: { stage: string | null; status: string | null } = { stage: null, status: null };
            for (const h of hist.filter((x) => x.deal_id === d.id)) {
              expect([h.from_stage_id, h.from_status]).toEqual([at.stage, at.status]);
              at = { stage: h.to_stage_id, status: h.to_status };
            }
            expect(at).toEqual({ stage: d.stage_id, status: d.status });
            expect(d.status).toBe(status.get(d.id));
          }
          // Counts and sums per stage: SQL aggregate = list API.
          return rowsOf<{ stage_id: string; n: number; total: string }>(
            await tx.execute(sql`select stage_id, count(*)::int as n, sum(amount)::text as total from deals
              where org_id = ${org.id}::uuid and deleted_at is null group by stage_id`),
          );
        });
        for (const s of stages) {
          const row = agg.find((a) => a.stage_id === s.id);
          const count = (await api.get(`/api/v1/deals/count?stage_id=${s.id}`)).json();
          expect(count).toEqual({ total: row?.n ?? 0, total_capped: false });
          let sum = 0;
          let url = `/api/v1/deals?stage_id=${s.id}&limit=100`;
          for (;;) {
            const page = (await api.get(url)).json();
            for (const d of page.data as Array<{ amount: { amount: number } }>) sum += d.amount.amount;
            if (!page.next_cursor) break;
            url = `/api/v1/deals?stage_id=${s.id}&limit=100&cursor=${page.next_cursor}`;
          }
          expect(String(sum)).toBe(row?.total ?? '0');
        }
        // The trigger-kept board totals (stage_totals, migration 0010) equal the records themselves.
        const [kept, actual] = await withTenant(t.database.db, { orgId: org.id }, async (tx) => {
          const groups = (q: ReturnType<typeof sql>) =>
            tx.execute(q).then((r) =>
              rowsOf<Record<string, unknown>>(r)
                .map((x) => JSON.stringify(x))
                .sort(),
            );
          return Promise.all([
            groups(sql`select stage_id, owner_id, currency, status, n, amount_sum::bigint::text as amount,
                override_weighted::bigint::text as weighted, default_amount::bigint::text as plain
              from stage_totals where org_id = ${org.id}::uuid and (n <> 0 or amount_sum <> 0)`),
            groups(sql`select stage_id, owner_id, currency, status, count(*)::int as n, sum(amount)::text as amount,
                coalesce(sum(amount * probability) filter (where probability is not null), 0)::text as weighted,
                coalesce(sum(amount) filter (where probability is null), 0)::text as plain
              from deals where org_id = ${org.id}::uuid and deleted_at is null
              group by stage_id, owner_id, currency, status`),
          ]);
        });
        expect(kept).toEqual(actual);
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
