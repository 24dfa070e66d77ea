import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { formatMoney } from '../records/money';
import { PipelineBoard } from './PipelineBoard';
import type { BoardCardWire, BoardWire, StageWire } from './types';

const PIPELINE = '01900000-0000-7000-8000-a00000000001';
const sid = (n: number) => `01900000-0000-7000-8000-b0000000000${n}`;
const cid = (n: number) => `01900000-0000-7000-8000-c000000000${String(n).padStart(2, '0')}`;

function stage(n: number, name: string, kind: StageWire['kind'] = 'open', probability = 20 * n): StageWire {
  return {
    id: sid(n),
    pipeline_id: PIPELINE,
    name,
    position: n,
    color: '#228be6',
    probability,
    kind,
    record_count: 0,
    version: 1,
  };
}

function card(n: number, name: string, stageId: string, extra: Partial<BoardCardWire> = {}): BoardCardWire {
  return {
    id: cid(n),
    entity: 'deal',
    stage_id: stageId,
    name,
    company: { id: cid(90), name: 'Globex' },
    company_name: null,
    amount: { amount: 125000, currency: 'EUR' },
    probability: 20,
    owner_id: null,
    owner: { id: cid(91), name: 'Casey Kim' },
    primary_contact: { id: cid(92), name: 'Ada Lovelace' },
    tags: [],
    stage_entered_at: '2026-01-05T10:00:00.000Z',
    days_in_stage: 3,
    status: 'open',
    position: `a${n}`,
    version: 4,
    expected_close_date: null,
    next_follow_up_at: null,
    ...extra,
  };
}

const PROPOSAL = stage(1, 'Proposal');
const NEGOTIATION = stage(2, 'Negotiation');
const WON = stage(3, 'Won', 'won', 100);
const ROCKET = card(1, 'Rocket deal', PROPOSAL.id);
const SLED = card(2, 'Sled deal', PROPOSAL.id, { amount: { amount: 5000, currency: 'USD' } });

/** The board after Rocket moved to Negotiation, as the refetch answers. */
function movedBoard(): BoardWire {
  const b = board();
  b.columns[0] = { ...b.columns[0]!, count: 1, cards: [SLED], amounts: [b.columns[0]!.amounts[1]!] };
  b.columns[1] = {
    ...b.columns[1]!,
    count: 1,
    cards: [{ ...ROCKET, stage_id: NEGOTIATION.id, version: 5 }],
    amounts: [{ currency: 'EUR', sum: 125000, weighted_sum: 50000 }],
  };
  return b;
}

function board(): BoardWire {
  return {
    pipeline: { id: PIPELINE, name: 'Sales', kind: 'deals' },
    entity: 'deal',
    columns: [
      {
        stage: PROPOSAL,
        count: 2,
        amounts: [
          { currency: 'EUR', sum: 125000, weighted_sum: 25000 },
          { currency: 'USD', sum: 5000, weighted_sum: 1000 },
        ],
        cards: [ROCKET, SLED],
        next_cursor: null,
      },
      { stage: NEGOTIATION, count: 0, amounts: [], cards: [], next_cursor: null },
      { stage: WON, count: 0, amounts: [], cards: [], next_cursor: null },
    ],
  };
}

const render = (props: Partial<Parameters<typeof PipelineBoard>[0]> = {}) =>
  renderPage(<PipelineBoard entity="deal" pipelineId={PIPELINE} filters={{}} onOpen={() => {}} {...props} />, {
    path: '/deals',
  });

describe('PipelineBoard', () => {
  it('renders a region per stage with its count, money per currency and cards', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      [`GET /api/v1/boards/${PIPELINE}`]: { body: board() },
    });
    const onOpen = vi.fn();
    render({ onOpen, filters: { q: ' rocket ', owner_id: 'me' } });
    const region = await screen.findByRole('region', { name: 'Sales board' });
    const proposal = within(region).getByRole('region', { name: 'Proposal' });
    expect(within(proposal).getByLabelText('2 deals')).toHaveTextContent('2');
    expect(proposal).toHaveTextContent(formatMoney({ amount: 125000, currency: 'EUR' }));
    expect(proposal).toHaveTextContent(`weighted ${formatMoney({ amount: 25000, currency: 'EUR' })}`);
    expect(proposal).toHaveTextContent(formatMoney({ amount: 5000, currency: 'USD' }));
    const rocket = within(proposal).getByRole('article', { name: 'Rocket deal' });
    expect(rocket).toHaveTextContent('Globex');
    expect(rocket).toHaveTextContent('Ada Lovelace');
    expect(rocket).toHaveTextContent('3 days');
    expect(within(rocket).getByLabelText('Owner Casey Kim')).toHaveTextContent('CK');
    expect(
      within(screen.getByRole('region', { name: 'Negotiation' })).getByText('No deals in this stage'),
    ).toBeVisible();
    // Filters go to the server, trimmed; the first screen asks 20 cards per column.
    expect(seen.find((r) => r.path.startsWith('/api/v1/boards'))!.path).toBe(
      `/api/v1/boards/${PIPELINE}?owner_id=me&q=rocket&limit=20`,
    );
    await userEvent.setup().click(within(rocket).getByRole('button', { name: 'Rocket deal' }));
    expect(onOpen).toHaveBeenCalledWith(ROCKET);
  });

  it('"Move to stage" moves the card at once with If-Match, then refetches the board', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      [`GET /api/v1/boards/${PIPELINE}`]: [{ body: board() }, { body: movedBoard() }],
      [`POST /api/v1/deals/${ROCKET.id}/move`]: { body: { id: ROCKET.id, version: 5 } },
    });
    render();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Move Rocket deal to stage' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Negotiation' }));
    const negotiation = screen.getByRole('region', { name: 'Negotiation' });
    expect(await within(negotiation).findByRole('article', { name: 'Rocket deal' })).toBeInTheDocument();
    const move = seen.find((r) => r.method === 'POST')!;
    expect(move.path).toBe(`/api/v1/deals/${ROCKET.id}/move`);
    expect(move.body).toEqual({ stage_id: NEGOTIATION.id });
    expect(move.headers['if-match']).toBe('"4"');
    await waitFor(() => expect(seen.filter((r) => r.path.startsWith('/api/v1/boards'))).toHaveLength(2));
    await waitFor(() =>
      expect(negotiation).toHaveTextContent(`weighted ${formatMoney({ amount: 50000, currency: 'EUR' })}`),
    );
    expect(within(negotiation).getByRole('article', { name: 'Rocket deal' })).toBeInTheDocument();
  });

  it('puts the card back and says why when the move is refused', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      [`GET /api/v1/boards/${PIPELINE}`]: { body: board() },
      [`POST /api/v1/deals/${ROCKET.id}/move`]: {
        status: 422,
        body: apiError('unprocessable', 'The deal cannot move to a stage of another pipeline'),
      },
    });
    render();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Move Rocket deal to stage' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Negotiation' }));
    expect(await screen.findByText('The deal cannot move to a stage of another pipeline')).toBeInTheDocument();
    expect(screen.getByText('Could not move Rocket deal')).toBeInTheDocument();
    const proposal = screen.getByRole('region', { name: 'Proposal' });
    expect(within(proposal).getByRole('article', { name: 'Rocket deal' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Negotiation' })).queryByRole('article')).toBeNull();
  });

  it('hands a won/lost stage to the page instead of moving', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      [`GET /api/v1/boards/${PIPELINE}`]: { body: board() },
    });
    const onClosingStage = vi.fn();
    render({ onClosingStage });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Move Sled deal to stage' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Won' }));
    expect(onClosingStage).toHaveBeenCalledWith(SLED, WON);
    expect(seen.some((r) => r.method === 'POST')).toBe(false);
  });

  it('lets viewers look but not move, and offers a retry when the board fails', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('viewer') },
      [`GET /api/v1/boards/${PIPELINE}`]: [
        { status: 503, body: apiError('unavailable', 'Database is busy') },
        { body: board() },
      ],
    });
    render();
    expect(await screen.findByText('Database is busy')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('article', { name: 'Rocket deal' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move Rocket deal to stage' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Drag Rocket deal' })).toBeNull();
  });
});
