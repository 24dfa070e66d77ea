import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { meAs, ORG_ID, USER_ID } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { columnsStorageKey } from './column-visibility';
import { ExportMenu } from './ExportMenu';

const COLUMN_IDS = ['name', 'email', 'phone', 'company', 'job_title', 'owner', 'tags', 'created_at', 'updated_at'];
const HIDDEN = ['job_title', 'created_at', 'updated_at'];
const SIZE = {
  id: '01900000-0000-7000-8000-000000000301',
  key: 'size',
  label: 'Size',
  type: 'number',
  archived: false,
};
const NOTE = { id: '01900000-0000-7000-8000-000000000302', key: 'note', label: 'Note', type: 'text', archived: false };

/** Routes /api/v1/me and custom fields through mockApi; file downloads through `answer`. */
function network(answer: (path: string) => Response | Promise<Response>) {
  mockApi({
    'GET /api/v1/me': { body: meAs('viewer') },
    'GET /api/v1/custom-fields': { body: { data: [SIZE, NOTE] } },
  });
  const apiFetch = globalThis.fetch;
  const files: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input);
      if (path.startsWith('/api/v1/exports/') || path.startsWith('/api/v1/contacts/vcard')) {
        files.push(path);
        return answer(path);
      }
      return apiFetch(input, init);
    }),
  );
  return files;
}

const saved: string[] = [];
beforeEach(() => {
  saved.length = 0;
  window.localStorage.clear();
  URL.createObjectURL = vi.fn(() => 'blob:export');
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(`${this.download} ${this.href}`);
  });
});
afterEach(() => vi.restoreAllMocks());

const file = (name: string) =>
  new Response('email\r\nada@example.com\r\n', {
    headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="${name}"` },
  });

const renderMenu = (vcardIds?: string[]) =>
  renderPage(
    <ExportMenu
      resource="contacts"
      entity="contact"
      columnIds={COLUMN_IDS}
      defaultHidden={HIDDEN}
      vcardIds={vcardIds}
    />,
    { path: '/contacts?owner_id=me&q=ada&sort=name', pattern: '/contacts' },
  );

describe('ExportMenu', () => {
  it("exports the list's filters, sort and visible columns (remembered choices and custom fields included) as CSV", async () => {
    window.localStorage.setItem(
      columnsStorageKey(USER_ID, ORG_ID, 'contact'),
      JSON.stringify({ email: false, job_title: true, 'cf.size': true }),
    );
    const files = network(() => file('contacts-2026-12-02.csv'));
    renderMenu();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'CSV' }));
    await waitFor(() => expect(saved).toEqual(['contacts-2026-12-02.csv blob:export']));
    expect(files).toHaveLength(1);
    const url = new URL(files[0]!, 'http://localhost');
    expect(url.pathname).toBe('/api/v1/exports/contacts');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      owner_id: 'me',
      q: 'ada',
      sort: 'name',
      format: 'csv',
      columns: 'name,phone,company,job_title,owner,tags,cf.size',
    });
  });

  it('shows a loader while the Excel file downloads', async () => {
    let finish!: (r: Response) => void;
    const files = network(() => new Promise<Response>((resolve) => (finish = resolve)));
    renderMenu();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Excel (.xlsx)' }));
    await waitFor(() => expect(files[0]).toContain('format=xlsx'));
    expect(screen.getByRole('button', { name: 'Export' })).toHaveAttribute('data-loading');
    finish(file('contacts.xlsx'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Export' })).not.toHaveAttribute('data-loading'));
    expect(saved).toEqual(['contacts.xlsx blob:export']);
  });

  it('says why when the server refuses the export', async () => {
    network(() => Response.json(apiError('bad_request', 'Invalid request', { issues: [] }), { status: 400 }));
    renderMenu();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'CSV' }));
    expect(await screen.findByText('Could not export the contacts')).toBeInTheDocument();
    expect(screen.getByText('Invalid request')).toBeInTheDocument();
    expect(saved).toEqual([]);
  });

  it('exports the selected contacts as vCard, and only when some are selected', async () => {
    const files = network(() => file('contacts.vcf'));
    const { unmount } = renderMenu([]);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: /select contacts first/ })).toBeDisabled();
    unmount();
    renderMenu(['a1', 'b2']);
    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Export vCard (2 selected)' }));
    await waitFor(() => expect(saved).toEqual(['contacts.vcf blob:export']));
    expect(files).toEqual(['/api/v1/contacts/vcard?ids=a1%2Cb2']);
  });
});
