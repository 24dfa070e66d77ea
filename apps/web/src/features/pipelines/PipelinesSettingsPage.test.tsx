import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { PipelineWire, StageWire } from '../../components/board/types';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { PipelinesSettingsPage } from './PipelinesSettingsPage';

const PID = '01900000-0000-7000-8000-a00000000001';
const sid = (n: number) => `01900000-0000-7000-8000-b0000000000${n}`;
const T = '2026-01-05T10:00:00.000Z';

function stage(n: number, name: string, kind: StageWire['kind'], record_count = 0): StageWire {
  return {
    id: sid(n),
    pipeline_id: PID,
    name,
    position: n,
    color: '#228be6',
    probability: 10 * n,
    kind,
    record_count,
    version: 1,
  };
}
const NEW = stage(0, 'New', 'open', 3);
const CONTACTED = stage(1, 'Contacted', 'open');
const MEETING = stage(2, 'Meeting', 'open', 2);
const QUALIFIED = stage(3, 'Qualified', 'won');
const LOST = stage(4, 'Disqualified', 'lost');

function pipeline(stages = [NEW, CONTACTED, MEETING, QUALIFIED, LOST]): PipelineWire {
  return {
    id: PID,
    kind: 'leads',
    name: 'Inbound',
    is_default: true,
    stages,
    created_at: T,
    updated_at: T,
    version: 7,
  };
}

const setup = (role: 'manager' | 'member', extra: Parameters<typeof mockApi>[0] = {}) =>
  mockApi({
    'GET /api/v1/me': { body: meAs(role) },
    'GET /api/v1/pipelines': { body: { data: [pipeline()] } },
    ...extra,
  });
const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1]!.textContent);

describe('PipelinesSettingsPage', () => {
  it('reorders stages with the move buttons in one PUT with the pipeline version', async () => {
    const reordered = [CONTACTED, NEW, MEETING, QUALIFIED, LOST].map((s, position) => ({ ...s, position }));
    const saved = { ...pipeline(reordered), version: 8 };
    const seen = setup('manager', {
      'GET /api/v1/pipelines': [{ body: { data: [pipeline()] } }, { body: { data: [saved] } }],
      [`PUT /api/v1/pipelines/${PID}/stages/order`]: { body: saved },
    });
    renderPage(<PipelinesSettingsPage />, { path: '/settings/pipelines' });
    const table = await screen.findByRole('table', { name: 'Stages of Inbound' });
    expect(within(table).getByRole('button', { name: 'Move New up' })).toBeDisabled();
    await userEvent.setup().click(within(table).getByRole('button', { name: 'Move New down' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'PUT')).toBe(true));
    const put = seen.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/api/v1/pipelines/${PID}/stages/order`);
    expect(put.body).toEqual({ stage_ids: [CONTACTED.id, NEW.id, MEETING.id, QUALIFIED.id, LOST.id] });
    expect(put.headers['if-match']).toBe('"7"');
    await waitFor(() => expect(names(table)).toEqual(['Contacted', 'New', 'Meeting', 'Qualified', 'Disqualified']));
  });

  it('deleting a stage that holds records asks where they go and sends move_to', async () => {
    const seen = setup('manager', {
      [`DELETE /api/v1/pipelines/${PID}/stages/${NEW.id}`]: { status: 204 },
    });
    renderPage(<PipelinesSettingsPage />, { path: '/settings/pipelines' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Delete New' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete stage New?' });
    expect(dialog).toHaveTextContent('New holds 3 leads');
    const remove = within(dialog).getByRole('button', { name: 'Delete stage' });
    expect(remove).toBeDisabled();
    await user.click(within(dialog).getByRole('combobox', { name: /Move records to/ }));
    // Only stages of the same kind can take the records.
    expect(screen.queryByRole('option', { name: 'Qualified' })).toBeNull();
    await user.click(await screen.findByRole('option', { name: 'Meeting' }));
    await user.click(remove);
    await waitFor(() => expect(seen.some((r) => r.method === 'DELETE')).toBe(true));
    expect(seen.find((r) => r.method === 'DELETE')!.path).toBe(
      `/api/v1/pipelines/${PID}/stages/${NEW.id}?move_to=${MEETING.id}`,
    );
  });

  it('shows a pipeline rule refusal inline in the stage form', async () => {
    setup('manager', {
      [`POST /api/v1/pipelines/${PID}/stages`]: {
        status: 422,
        body: apiError('unprocessable', 'The pipeline needs exactly one won stage (it has 2)', {
          rule: 'one_won_stage',
        }),
      },
    });
    renderPage(<PipelinesSettingsPage />, { path: '/settings/pipelines' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add stage' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a stage to Inbound' });
    await user.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'Won again');
    await user.click(within(dialog).getByRole('combobox', { name: /^Kind/ }));
    await user.click(await screen.findByRole('option', { name: 'Won' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add stage' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The pipeline needs exactly one won stage (it has 2)',
    );
  });

  it('is read-only for members', async () => {
    setup('member');
    renderPage(<PipelinesSettingsPage />, { path: '/settings/pipelines' });
    const table = await screen.findByRole('table', { name: 'Stages of Inbound' });
    expect(screen.getByText('Only managers, admins and owners can change pipelines.')).toBeInTheDocument();
    expect(within(table).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: 'New pipeline' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add stage' })).toBeNull();
  });
});
