import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { deal, pipeline } from '../../test/sales';
import { DealDetailPage } from './DealDetailPage';

const SALES = pipeline(2, 'deals', 'Sales', ['Qualification', 'Proposal', 'Negotiation', 'Won', 'Lost']);
const DEAL = deal(1, 'Globex renewal', SALES);
const [, , NEGOTIATION, WON, LOST] = SALES.stages;

function setup() {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/custom-fields': { body: { data: [] } },
    'GET /api/v1/members': { body: { data: [], next_cursor: null } },
    [`GET /api/v1/deals/${DEAL.id}`]: { body: DEAL },
    [`POST /api/v1/deals/${DEAL.id}/move`]: {
      body: (b: unknown) => {
        const to = SALES.stages.find((s) => s.id === (b as { stage_id: string }).stage_id)!;
        return {
          ...DEAL,
          stage_id: to.id,
          stage: { id: to.id, name: to.name, kind: to.kind },
          status: to.kind === 'open' ? 'open' : to.kind,
          version: DEAL.version + 1,
        };
      },
    },
  });
}

describe('DealDetailPage stage path', () => {
  it('moves the deal when an open stage is clicked (If-Match on the shown version)', async () => {
    const seen = setup();
    renderPage(<DealDetailPage id={DEAL.id} pipelines={[SALES]} />, { path: `/deals/${DEAL.id}` });
    const path = await screen.findByRole('navigation', { name: 'Deal stages' });
    expect(within(path).getByRole('button', { name: 'Qualification' })).toHaveAttribute('aria-current', 'step');
    await userEvent.setup().click(within(path).getByRole('button', { name: 'Negotiation' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/api/v1/deals/${DEAL.id}/move`);
    expect(post.body).toEqual({ stage_id: NEGOTIATION!.id });
    expect(post.headers['if-match']).toBe(`"${DEAL.version}"`);
    await waitFor(() =>
      expect(within(path).getByRole('button', { name: 'Negotiation' })).toHaveAttribute('aria-current', 'step'),
    );
  });

  it('asks for a reason before moving to a lost stage, and confirms before the won stage', async () => {
    const seen = setup();
    renderPage(<DealDetailPage id={DEAL.id} pipelines={[SALES]} />, { path: `/deals/${DEAL.id}` });
    const path = await screen.findByRole('navigation', { name: 'Deal stages' });
    const user = userEvent.setup();
    await user.click(within(path).getByRole('button', { name: 'Lost' }));
    const dialog = await screen.findByRole('dialog', { name: 'Mark deal lost' });
    await user.click(within(dialog).getByRole('button', { name: 'Mark lost' }));
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);
    await user.type(within(dialog).getByRole('textbox', { name: /Reason/ }), 'Chose a competitor');
    await user.click(within(dialog).getByRole('button', { name: 'Mark lost' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({
      stage_id: LOST!.id,
      lost_reason: 'Chose a competitor',
    });

    await user.click(within(path).getByRole('button', { name: 'Won' }));
    const confirm = await screen.findByRole('dialog', { name: /Mark Globex renewal won/ });
    await user.click(within(confirm).getByRole('button', { name: 'Mark won' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect(seen.filter((r) => r.method === 'POST')[1]!.body).toEqual({ stage_id: WON!.id });
  });
});

describe('DealDetailPage won reason', () => {
  it('sends the optional "Why was it won?" with the Won button and shows the won reason', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/custom-fields': { body: { data: [] } },
      'GET /api/v1/members': { body: { data: [], next_cursor: null } },
      [`GET /api/v1/deals/${DEAL.id}`]: { body: DEAL },
      [`POST /api/v1/deals/${DEAL.id}/won`]: {
        body: (b: unknown) => ({
          ...DEAL,
          stage_id: WON!.id,
          stage: { id: WON!.id, name: WON!.name, kind: 'won' },
          status: 'won',
          won_at: '2026-03-01T10:00:00.000Z',
          won_reason: (b as { reason?: string } | undefined)?.reason ?? null,
          version: DEAL.version + 1,
        }),
      },
    });
    renderPage(<DealDetailPage id={DEAL.id} pipelines={[SALES]} />, { path: `/deals/${DEAL.id}` });
    const user = userEvent.setup();
    const path = await screen.findByRole('navigation', { name: 'Deal stages' });
    await waitFor(() => expect(screen.getAllByRole('button', { name: /^Won$/ })).toHaveLength(2));
    const headerWon = screen.getAllByRole('button', { name: /^Won$/ }).find((b) => !path.contains(b))!;
    await user.click(headerWon);
    const confirm = await screen.findByRole('dialog', { name: /Mark Globex renewal won/ });
    await user.type(within(confirm).getByRole('textbox', { name: /Why was it won/ }), '  Fast onboarding ');
    await user.click(within(confirm).getByRole('button', { name: 'Mark won' }));
    await waitFor(() => expect(seen.filter((r) => r.method === 'POST')).toHaveLength(1));
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/api/v1/deals/${DEAL.id}/won`);
    expect(post.body).toEqual({ reason: 'Fast onboarding' });
    expect(await screen.findByText(/Fast onboarding · Won on/)).toBeInTheDocument();
  });
});
