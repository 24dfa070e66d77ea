import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, issuePaths, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function setup() {
  const { user } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const deal = (await api.post('/api/v1/deals', { name: 'D', amount: { amount: 500, currency: 'EUR' } })).json();
  const pipeline = (await api.get(`/api/v1/pipelines/${deal.pipeline_id}`)).json();
  const stage = (kind: string) => pipeline.stages.find((s: { kind: string }) => s.kind === kind) as { id: string };
  return { user, api, deal, stage };
}

describe('deal won reason', () => {
  it('stores an optional trimmed reason on win, returns it, and clears it on reopen', async () => {
    const { user, api, deal } = await setup();
    expect(deal.won_reason).toBeNull();

    expect(issuePaths(await api.post(`/api/v1/deals/${deal.id}/won`, { reason: '   ' }))).toEqual(['body.reason']);
    expect(issuePaths(await api.post(`/api/v1/deals/${deal.id}/won`, { reason: 'x'.repeat(501) }))).toEqual([
      'body.reason',
    ]);
    expect((await api.post(`/api/v1/deals/${deal.id}/won`, { reason: 'ok', extra: 1 })).statusCode).toBe(400);

    const won = await api.post(`/api/v1/deals/${deal.id}/won`, { reason: '  Best integration story ' });
    expect(won.statusCode).toBe(200);
    expect(won.json()).toMatchObject({ status: 'won', won_reason: 'Best integration story', lost_reason: null });
    expect((await api.get(`/api/v1/deals/${deal.id}`)).json().won_reason).toBe('Best integration story');
    const timeline = await api.get(`/api/v1/timeline?record_type=deal&record_id=${deal.id}&types=status_changed`);
    expect(timeline.json().data[0]).toMatchObject({
      type: 'status_changed',
      data: { from: 'open', to: 'won', reason: 'Best integration story' },
    });

    const reopened = (await api.post(`/api/v1/deals/${deal.id}/reopen`)).json();
    expect(reopened).toMatchObject({ status: 'open', won_reason: null, won_at: null });

    // No body at all (no content type) still wins, without a reason.
    const bare = await t.app.inject({
      method: 'POST',
      url: `/api/v1/deals/${deal.id}/won`,
      headers: { cookie: user.cookie },
    });
    expect(bare.statusCode).toBe(200);
    expect(bare.json()).toMatchObject({ status: 'won', won_reason: null });
  });

  it('takes won_reason on a move to a won stage only, and drops it when the deal is lost', async () => {
    const { api, deal, stage } = await setup();
    const wrong = await api.post(`/api/v1/deals/${deal.id}/move`, { stage_id: stage('open').id, won_reason: 'x' });
    expect(wrong.statusCode).toBe(422);

    const moved = await api.post(`/api/v1/deals/${deal.id}/move`, { stage_id: stage('won').id, won_reason: 'Price' });
    expect(moved.json()).toMatchObject({ status: 'won', won_reason: 'Price' });

    const lost = await api.post(`/api/v1/deals/${deal.id}/move`, { stage_id: stage('lost').id, lost_reason: 'Budget' });
    expect(lost.json()).toMatchObject({ status: 'lost', won_reason: null, lost_reason: 'Budget' });

    const again = (await api.post(`/api/v1/deals/${deal.id}/move`, { stage_id: stage('won').id })).json();
    expect(again).toMatchObject({ status: 'won', won_reason: null, lost_reason: null });
  });
});
