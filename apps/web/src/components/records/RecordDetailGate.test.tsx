import { useQuery } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi, renderPage } from '../../test/render';
import { api } from '../api';
import { RecordDetailGate } from './RecordDetailGate';

const ID = '01900000-0000-7000-8000-000000000911';
const PATH = `/api/v1/companies/${ID}`;

/** A detail page reduced to its gate: loads the company and shows its name. */
function Probe({ load = () => api<{ name: string }>(PATH) }: { load?: () => Promise<{ name: string }> }) {
  const query = useQuery({ queryKey: ['probe', ID], queryFn: load });
  return (
    <RecordDetailGate query={query} noun="company" plural="companies">
      {(company) => <h1>{company.name}</h1>}
    </RecordDetailGate>
  );
}

const renderProbe = (load?: () => Promise<{ name: string }>) =>
  renderPage(<Probe load={load} />, { path: `/companies/${ID}`, pattern: '/companies/:id' });

describe('RecordDetailGate', () => {
  it('shows a skeleton while the record loads', () => {
    const { container } = renderProbe(() => new Promise(() => {}));
    expect(container.querySelectorAll('.mantine-Skeleton-root')).toHaveLength(3);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading')).not.toBeInTheDocument();
  });

  it('says a missing record does not exist, without retry, and links to the list and the recycle bin', async () => {
    mockApi({ [`GET ${PATH}`]: { status: 404, body: apiError('not_found', 'Company not found') } });
    renderProbe();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the company');
    expect(alert).toHaveTextContent('This company does not exist or was deleted.');
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to companies' })).toHaveAttribute('href', '/companies');
    expect(screen.getByRole('link', { name: 'Open the recycle bin' })).toHaveAttribute(
      'href',
      '/recycle-bin?tab=companies',
    );
  });

  it('shows another error with a retry that refetches, and no recycle bin link', async () => {
    const seen = mockApi({
      [`GET ${PATH}`]: [
        { status: 500, body: apiError('internal', 'The database is asleep') },
        { body: { name: 'Globex' } },
      ],
    });
    renderProbe();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The database is asleep');
    expect(screen.getByRole('link', { name: 'Back to companies' })).toHaveAttribute('href', '/companies');
    expect(screen.queryByRole('link', { name: 'Open the recycle bin' })).not.toBeInTheDocument();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Globex' })).toBeInTheDocument();
    await waitFor(() => expect(seen.filter((r) => r.path === PATH)).toHaveLength(2));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('renders the children with the loaded record', async () => {
    mockApi({ [`GET ${PATH}`]: { body: { name: 'Initech' } } });
    renderProbe();
    expect(await screen.findByRole('heading', { name: 'Initech' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
