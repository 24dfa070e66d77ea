import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { meAs, ORG_ID } from '../../test/fixtures';
import { mockApi, renderPage } from '../../test/render';
import { recentRecords } from './search-api';
import { JOHN, JOHN_ID, NOTE, result } from './search-fixtures';
import { searchSpotlight, SearchSpotlight } from './SearchSpotlight';

const searches = (seen: ReturnType<typeof mockApi>) => seen.filter((r) => r.path.startsWith('/api/v1/search'));

function setup() {
  return mockApi({
    'GET /api/v1/me': { body: meAs('member') },
    'GET /api/v1/search': { body: result('jonh smiht') },
    'POST /api/v1/contacts': { status: 201, body: { id: '01900000-0000-7000-8000-900000000099' } },
  });
}

afterEach(() => {
  localStorage.clear();
  act(() => searchSpotlight.close());
});

describe('SearchSpotlight', () => {
  it('opens on Ctrl+K, searches once after typing stops, and marks the matched words', async () => {
    const seen = setup();
    renderPage(<SearchSpotlight />, { pattern: '*' });
    const user = userEvent.setup();
    await user.keyboard('{Control>}k{/Control}');
    const input = await screen.findByRole('textbox', { name: 'Search' });
    await user.type(input, 'jonh smiht');
    const john = await screen.findByRole('button', { name: 'John Smith' });
    expect(searches(seen)).toHaveLength(1);
    expect(searches(seen)[0]!.path).toBe('/api/v1/search?q=jonh+smiht&limit=5');
    expect(screen.getByText('Contacts (1)')).toBeInTheDocument();
    expect([...john.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['John', 'Smith']);
    // The server's snippet is text: markup in it is shown, never interpreted.
    expect(screen.getByText('Notes (1)')).toBeInTheDocument();
    expect(document.querySelector('b')).toBeNull();
    expect(screen.getByText(/<b>pricing<\/b>/)).toBeInTheDocument();
  });

  it('opens the selected hit with Enter and remembers it as a recent record', async () => {
    setup();
    const { router } = renderPage(<SearchSpotlight />, { pattern: '*' });
    const user = userEvent.setup();
    act(() => searchSpotlight.open());
    await user.type(await screen.findByRole('textbox', { name: 'Search' }), 'jonh');
    await screen.findByRole('button', { name: 'John Smith' });
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/contacts/${JOHN_ID}`));
    expect(recentRecords(ORG_ID)).toEqual([
      { type: 'contact', id: JOHN_ID, title: 'John Smith', path: `/contacts/${JOHN_ID}` },
    ]);
  });

  it('shows recent records when the query is empty', async () => {
    setup();
    localStorage.setItem(
      `relata.search.recent.${ORG_ID}`,
      JSON.stringify([{ type: 'company', id: NOTE.record!.id, title: 'Acme', path: `/companies/${NOTE.record!.id}` }]),
    );
    renderPage(<SearchSpotlight />, { pattern: '*' });
    act(() => searchSpotlight.open());
    expect(await screen.findByText('Recent')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Acme/ })).toBeInTheDocument();
  });

  it('creates a contact named as typed and opens it; "See all results" opens the results page', async () => {
    const seen = setup();
    const { router } = renderPage(<SearchSpotlight />, { pattern: '*' });
    const user = userEvent.setup();
    act(() => searchSpotlight.open());
    await user.type(await screen.findByRole('textbox', { name: 'Search' }), 'Grace Brewster Hopper');
    await user.click(await screen.findByRole('button', { name: 'Create contact named “Grace Brewster Hopper”' }));
    await waitFor(() => expect(seen.some((r) => r.method === 'POST')).toBe(true));
    expect(seen.find((r) => r.method === 'POST')!.body).toEqual({ first_name: 'Grace', last_name: 'Brewster Hopper' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/contacts/01900000-0000-7000-8000-900000000099'));
    act(() => searchSpotlight.open());
    await user.type(await screen.findByRole('textbox', { name: 'Search' }), 'acme');
    await user.click(await screen.findByRole('button', { name: 'See all results for “acme”' }));
    await waitFor(() => expect(router.state.location.pathname + router.state.location.search).toBe('/search?q=acme'));
    void JOHN;
  });
});
