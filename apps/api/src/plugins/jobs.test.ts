import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../lib/ids.js';
import { withTenant } from '../db/tenant.js';
import { createTestApp, ownerWithOrg, type TestApp } from '../../test/helpers.js';
import { jobDefinitions, VACUUM_JOB } from '../jobs/definitions.js';
import { defineJob, type JobDefinition } from './jobs.js';

const ran: Array<{ data: { marker: string }; retryCount: number }> = [];
const flaky = new Map<string, number>();

const definitions: JobDefinition[] = [
  defineJob<{ marker: string }>({
    name: 'test.record',
    handler: async (data, meta) => {
      ran.push({ data, retryCount: meta.retryCount });
    },
  }),
  defineJob<{ marker: string }>({
    name: 'test.flaky',
    retryLimit: 3,
    retryDelay: 1,
    handler: async (data, meta) => {
      const n = (flaky.get(data.marker) ?? 0) + 1;
      flaky.set(data.marker, n);
      if (n === 1) throw new Error('first attempt fails on purpose');
      ran.push({ data, retryCount: meta.retryCount });
    },
  }),
];

const logged: Array<{ msg: string; obj: Record<string, unknown> }> = [];
let t: TestApp;
let orgId: string;

async function until(check: () => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the job');
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  t = await createTestApp({
    jobs: definitions,
    jobLog: (level, obj, msg) => logged.push({ msg: `${level}: ${msg}`, obj }),
  });
  orgId = (await ownerWithOrg(t.app)).org.id;
});
afterAll(async () => t.close());

describe('background jobs (pg-boss)', () => {
  it('a job enqueued in a committed transaction runs; one from a rolled-back transaction never exists', async () => {
    const kept = uuidv7();
    const dropped = uuidv7();
    const jobs = t.app.jobs!;
    await withTenant(t.database.db, { orgId }, async (tx) => {
      await tx.execute(sql`select 1`);
      await jobs.send(tx, 'test.record', { marker: kept });
    });
    let droppedId: string | null = null;
    await expect(
      withTenant(t.database.db, { orgId }, async (tx) => {
        droppedId = await jobs.send(tx, 'test.record', { marker: dropped });
        throw new Error('business rule failed after enqueueing');
      }),
    ).rejects.toThrow('business rule failed');
    await until(() => ran.some((r) => r.data.marker === kept));
    expect(droppedId).not.toBeNull();
    expect(await jobs.getJob('test.record', droppedId!)).toBeNull();
    await new Promise((r) => setTimeout(r, 1500));
    expect(ran.some((r) => r.data.marker === dropped)).toBe(false);
  });

  it('retries a failed job and logs the failure', async () => {
    const marker = uuidv7();
    await t.app.jobs!.sendNow('test.flaky', { marker });
    await until(() => ran.some((r) => r.data.marker === marker));
    expect(flaky.get(marker)).toBe(2);
    expect(ran.find((r) => r.data.marker === marker)!.retryCount).toBe(1);
    expect(
      logged.some(
        (l) =>
          l.msg.startsWith('warn') && l.msg.includes('will retry') && (l.obj as { job?: string }).job === 'test.flaky',
      ),
    ).toBe(true);
  });
});

describe('PGlite maintenance', () => {
  it('schedules VACUUM (ANALYZE) on embedded PGlite only, on the configured cron, and its handler runs', async () => {
    const config = { ...t.config, vacuumCron: '5 4 * * *' };
    const vacuum = (kind: 'pglite' | 'postgres') =>
      jobDefinitions({ database: { ...t.database, kind }, config }).filter((d) => d.name === VACUUM_JOB);
    expect(vacuum('pglite')).toEqual([expect.objectContaining({ name: VACUUM_JOB, cron: '5 4 * * *' })]);
    expect(vacuum('postgres')).toEqual([]);
    await expect(vacuum('pglite')[0]!.handler({}, { id: 'manual', retryCount: 0 })).resolves.toBeUndefined();
  });
});
