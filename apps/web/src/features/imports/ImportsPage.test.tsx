import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { meAs } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { pipeline } from '../../test/sales';
import { anImport, DEAL_TARGETS, FakeXhr, IMPORT_ID } from './import-fixtures';
import { ImportsPage } from './ImportsPage';

const csv = () => new File(['Deal Name,Organization\nBig sale,Initech\n'], 'deals.csv', { type: 'text/csv' });
const fileInput = () => document.querySelector<HTMLInputElement>('input[type="file"]')!;

describe('ImportsPage', () => {
  it('lists past imports with status, counts, who and when, each linking to its wizard', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/imports': {
        body: {
          data: [
            anImport({
              status: 'completed',
              progress: {
                rows_total: 3,
                rows_done: 3,
                created: 2,
                updated: 0,
                skipped: 0,
                failed: 1,
                warnings: 0,
                checkpoint: 4,
              },
            }),
          ],
          next_cursor: null,
        },
      },
    });
    renderPage(<ImportsPage />, { path: '/settings/import' });
    const table = await screen.findByRole('table', { name: 'Past imports' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getByText('Completed')).toBeInTheDocument();
    expect(within(row).getByText('Deals')).toBeInTheDocument();
    expect(within(row).getByText('Ada Lovelace')).toBeInTheDocument();
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(expect.arrayContaining(['2', '1']));
    expect(within(row).getByRole('link', { name: 'deals.csv' })).toHaveAttribute(
      'href',
      `/settings/import?id=${IMPORT_ID}`,
    );
  });

  it('shows the empty history, and nothing to upload for a viewer', async () => {
    mockApi({
      'GET /api/v1/me': { body: meAs('viewer') },
      'GET /api/v1/imports': { body: { data: [], next_cursor: null } },
    });
    renderPage(<ImportsPage />, { path: '/settings/import' });
    expect(await screen.findByText('No imports yet')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'New import' })).not.toBeInTheDocument();
  });

  it('uploads a file for the entity given by the list page and opens the mapping step', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.reply = { status: 201, body: anImport() };
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/imports': { body: { data: [], next_cursor: null } },
      [`GET /api/v1/imports/${IMPORT_ID}`]: { body: anImport() },
      'GET /api/v1/imports/targets': { body: { data: DEAL_TARGETS } },
      'GET /api/v1/import-mappings': { body: { data: [], next_cursor: null } },
      'GET /api/v1/pipelines': { body: { data: [pipeline(1, 'deals', 'Sales', ['New', 'Won', 'Lost'])] } },
    });
    renderPage(<ImportsPage />, { path: '/settings/import?entity=deals', pattern: '/settings/import' });
    expect(await screen.findByRole('combobox', { name: /What do the rows contain/ })).toHaveValue('Deals');
    await userEvent.setup().upload(fileInput(), csv());
    expect(await screen.findByRole('heading', { name: 'Import deals.csv' })).toBeInTheDocument();
    expect(FakeXhr.last!.url).toBe('/api/v1/imports?entity=deals&file_name=deals.csv');
    expect(FakeXhr.last!.headers['content-type']).toBe('text/csv');
    expect(await screen.findByRole('table', { name: 'Column mapping' })).toBeInTheDocument();
  });

  it("shows the API's message for a malformed file", async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    FakeXhr.reply = {
      status: 400,
      body: apiError('bad_request', 'Row 3 has an unbalanced quote: close it or remove it.', {
        file_error: 'unbalanced_quotes',
      }),
    };
    mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/imports': { body: { data: [], next_cursor: null } },
    });
    renderPage(<ImportsPage />, { path: '/settings/import' });
    await screen.findByText('No imports yet');
    await userEvent.setup().upload(fileInput(), csv());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('deals.csv cannot be imported');
    expect(alert).toHaveTextContent('Row 3 has an unbalanced quote');
    expect(FakeXhr.last!.url).toContain('entity=contacts');
  });
});
