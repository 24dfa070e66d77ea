import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meAs } from '../../test/fixtures';
import { recordPage } from '../../test/records';
import { mockApi, renderPage } from '../../test/render';
import { lead, pipeline } from '../../test/sales';
import { ConvertLeadDialog } from './ConvertLeadDialog';
import { LoseLeadDialog } from './LoseLeadDialog';

const LEADS = pipeline(1, 'leads', 'Inbound', ['New', 'Contacted', 'Qualified', 'Disqualified']);
const DEALS = pipeline(2, 'deals', 'Sales', ['Qualification', 'Negotiation', 'Won', 'Lost']);
const C1 = {
  id: '01900000-0000-7000-8000-600000000001',
  name: 'Bill Lumbergh',
  email: 'bill@initech.example',
  is_primary: true,
};
const C2 = { id: '01900000-0000-7000-8000-600000000002', name: 'Milton Waddams', email: null, is_primary: false };
const LEAD = lead(1, 'Initech – printers', LEADS, {
  company_name: 'Initech',
  email: 'bill@initech.example',
  expected_revenue: { amount: 1200000, currency: 'EUR' },
  contacts: [C1, C2],
});
const COMPANY_ID = '01900000-0000-7000-8000-500000000009';
const DEAL_ID = '01900000-0000-7000-8000-d00000000009';

describe('ConvertLeadDialog', () => {
  it('sends the chosen company, contacts and deal, then links to the company and the deal', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      [`GET /api/v1/leads/${LEAD.id}`]: { body: LEAD },
      'GET /api/v1/companies': { body: recordPage([]) },
      [`POST /api/v1/leads/${LEAD.id}/convert`]: {
        body: {
          lead: { ...LEAD, status: 'converted' },
          company_id: COMPANY_ID,
          contact_ids: [C1.id],
          deal_id: DEAL_ID,
          company_created: true,
        },
      },
    });
    const onOpenDeal = vi.fn();
    renderPage(
      <ConvertLeadDialog leadId={LEAD.id} dealPipelines={[DEALS]} onClose={() => {}} onOpenDeal={onOpenDeal} />,
      {
        path: '/leads',
      },
    );
    const dialog = await screen.findByRole('dialog', { name: 'Convert Initech – printers' });
    const user = userEvent.setup();
    // No existing match: a new company, named and with the domain taken from the lead.
    expect(await screen.findByRole('textbox', { name: /Company name/ })).toHaveValue('Initech');
    expect(screen.getByRole('textbox', { name: 'Domain' })).toHaveValue('initech.example');
    // Both contacts are ticked by default; leave Milton out.
    expect(screen.getByRole('checkbox', { name: /Bill Lumbergh/ })).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: /Milton Waddams/ }));
    const dealName = screen.getByRole('textbox', { name: 'Deal name' });
    await user.clear(dealName);
    await user.type(dealName, 'Initech printers 2026');
    await user.click(screen.getByRole('button', { name: 'Convert lead' }));

    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/api/v1/leads/${LEAD.id}/convert`);
    expect(post.body).toEqual({
      company: { create: { name: 'Initech', domain: 'initech.example' } },
      contact_ids: [C1.id],
      deal: {
        create: true,
        pipeline_id: DEALS.id,
        name: 'Initech printers 2026',
        amount: { amount: 1200000, currency: 'EUR' },
      },
    });
    expect(await screen.findByText('Lead converted')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Initech' })).toHaveAttribute('href', `/companies/${COMPANY_ID}`);
    expect(screen.getByRole('link', { name: 'open the new deal' })).toHaveAttribute('href', `/deals/${DEAL_ID}`);
    await user.click(screen.getByRole('button', { name: 'Go to the deal' }));
    expect(onOpenDeal).toHaveBeenCalledWith(DEAL_ID);
    expect(dialog).toBeInTheDocument();
  });

  it('proposes a matching existing company and links it by id, without a deal when switched off', async () => {
    const acme = {
      id: COMPANY_ID,
      name: 'Initech',
      domain: 'initech.example',
    };
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      [`GET /api/v1/leads/${LEAD.id}`]: { body: LEAD },
      'GET /api/v1/companies': { body: recordPage([acme]) },
      [`POST /api/v1/leads/${LEAD.id}/convert`]: {
        body: {
          lead: LEAD,
          company_id: COMPANY_ID,
          contact_ids: [C1.id, C2.id],
          deal_id: null,
          company_created: false,
        },
      },
    });
    renderPage(
      <ConvertLeadDialog leadId={LEAD.id} dealPipelines={[DEALS]} onClose={() => {}} onOpenDeal={() => {}} />,
      {
        path: '/leads',
      },
    );
    await screen.findByRole('dialog', { name: 'Convert Initech – printers' });
    expect(await screen.findByRole('radio', { name: /Existing company \(match: Initech\)/ })).toBeChecked();
    const user = userEvent.setup();
    await user.click(screen.getByRole('switch', { name: 'Also create a deal' }));
    await user.click(screen.getByRole('button', { name: 'Convert lead' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({
      company: { id: COMPANY_ID },
      contact_ids: [C1.id, C2.id],
    });
    expect(await screen.findByText('Lead converted')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Go to the deal' })).not.toBeInTheDocument();
  });
});

describe('LoseLeadDialog', () => {
  it('requires a reason before posting /lose', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      [`POST /api/v1/leads/${LEAD.id}/lose`]: { body: { ...LEAD, status: 'lost', lost_reason: 'No budget' } },
    });
    const onClose = vi.fn();
    renderPage(<LoseLeadDialog lead={LEAD} onClose={onClose} />, { path: '/leads' });
    await screen.findByRole('dialog', { name: 'Mark lead lost' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Mark lost' }));
    expect(await screen.findByText(/Give a reason/)).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), '   ');
    await user.click(screen.getByRole('button', { name: 'Mark lost' }));
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'No budget');
    await user.click(screen.getByRole('button', { name: 'Mark lost' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const post = seen.find((r) => r.method === 'POST')!;
    expect(post.path).toBe(`/api/v1/leads/${LEAD.id}/lose`);
    expect(post.body).toEqual({ reason: 'No budget' });
  });
});
