import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { ACME_ID, JOHN_ID, result } from './search-fixtures';
import { SearchPage } from './SearchPage';

describe('SearchPage', () => {
  it('lists the groups with marked snippets and narrows to a type with the facet chips', async () => {
    const seen = mockApi({
      'GET /api/v1/me': { body: meAs('member') },
      'GET /api/v1/search': { body: result('john') },
    });
    const { router } = renderPage(<SearchPage />, { path: '/search?q=john' });
    const contacts = await screen.findByRole('region', { name: 'Contacts' });
    expect(within(contacts).getByRole('link', { name: /John Smith/ })).toHaveAttribute('href', `/contacts/${JOHN_ID}`);
    const notes = screen.getByRole('region', { name: 'Notes' });
    expect(within(notes).getByRole('link')).toHaveAttribute('href', `/companies/${ACME_ID}`);
    expect(seen.find((r) => r.path.startsWith('/api/v1/search'))!.path).toBe('/api/v1/search?q=john&limit=20');
    const chips = screen.getByRole('group', { name: 'Result types' });
    expect(within(chips).getByRole('radio', { name: 'Deals (0)' })).toBeDisabled();
    await userEvent.setup().click(within(chips).getByRole('radio', { name: 'Notes (1)' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Contacts' })).not.toBeInTheDocument());
    expect(screen.getByRole('region', { name: 'Notes' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?q=john&type=note');
  });

  it('shows the empty state, and a hint without a query', async () => {
    mockApi({ 'GET /api/v1/me': { body: meAs('member') }, 'GET /api/v1/search': { body: result('zzz', []) } });
    renderPage(<SearchPage />, { path: '/search?q=zzz' });
    expect(await screen.findByText('Nothing found for “zzz”.')).toBeInTheDocument();
  });

  it('says what to do when there is no query', () => {
    mockApi({ 'GET /api/v1/me': { body: meAs('member') } });
    renderPage(<SearchPage />, { path: '/search' });
    expect(screen.getByText('Type something to search every record, note and activity.')).toBeInTheDocument();
  });
});
