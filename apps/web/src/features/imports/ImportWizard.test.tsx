import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { meAs, ORG_ID, USER_ID } from '../../test/fixtures';
import { apiError, mockApi, renderPage } from '../../test/render';
import { pipeline } from '../../test/sales';
import { anImport, anIssue, DEAL_TARGETS, IMPORT_ID } from './import-fixtures';
import { ImportsPage } from './ImportsPage';

const ONE = `/api/v1/imports/${IMPORT_ID}`;
const SALES = pipeline(1, 'deals', 'Sales', ['New', 'Proposal', 'Won', 'Lost']);
const common = {
  'GET /api/v1/me': { body: meAs('member') },
  'GET /api/v1/imports/targets': { body: { data: DEAL_TARGETS } },
  'GET /api/v1/import-mappings': { body: { data: [], next_cursor: null } },
  'GET /api/v1/pipelines': { body: { data: [SALES] } },
};
const open = () =>
  renderPage(<ImportsPage pollMs={20} />, { path: `/settings/import?id=${IMPORT_ID}`, pattern: '/settings/import' });
const progress = (p: Partial<ReturnType<typeof anImport>['progress']>) => ({
  ...anImport().progress,
  ...p,
});
const DRY_RUN = {
  would_create: 2,
  would_update: 0,
  would_skip: 0,
  failing: 1,
  warnings: 0,
  would_create_related: { companies: 1, stages: [], tags: [], owners: [] },
  finished_at: '2026-02-01T10:01:00.000Z',
};

describe('ImportWizard', () => {
  it(
    'maps columns, puts the API field errors on their controls, then starts the dry run',
    { timeout: 60_000 },
    async () => {
      const seen = mockApi({
        ...common,
        [`GET ${ONE}`]: [
          { body: anImport() },
          { body: anImport({ status: 'dry_running', version: 3, progress: progress({ rows_done: 1 }) }) },
          {
            body: anImport({ status: 'validated', version: 4, dry_run: DRY_RUN, progress: progress({ rows_done: 3 }) }),
          },
        ],
        [`PATCH ${ONE}`]: [
          {
            status: 400,
            body: apiError('bad_request', 'Invalid request', {
              issues: [
                { path: 'body.mapping.2', message: '"stage" is already mapped from column 1' },
                {
                  path: 'body.options.unknown_owners',
                  message: 'creating inactive members is not available for notes',
                },
                { path: 'body.mapping', message: '"name" (Name) must be mapped to a column' },
              ],
            }),
          },
          {
            body: (b: unknown) =>
              anImport({ version: 2, mapping: (b as { mapping: Record<string, string | null> }).mapping }),
          },
        ],
        [`POST ${ONE}/dry-run`]: { status: 202, body: anImport({ status: 'dry_running', version: 3 }) },
        [`GET ${ONE}/issues?limit=50`]: {
          body: { data: [anIssue(1, 4, 'No stage "Nowhere" in Sales')], next_cursor: null },
        },
      });
      open();
      const user = userEvent.setup();
      const table = await screen.findByRole('table', { name: 'Column mapping' });
      expect(screen.getByRole('heading', { name: 'Import deals.csv' })).toBeInTheDocument();
      expect(
        within(screen.getByTestId('mapping-row-0')).getByText('Big sale · Small sale · Bad one'),
      ).toBeInTheDocument();
      const value = within(table).getByRole('combobox', { name: 'Import column Value into' });
      expect(value).toHaveValue("Don't import");
      expect(within(table).getByRole('combobox', { name: 'Import column Deal Name into' })).toHaveValue(
        'Name (required)',
      );
      // The sample rows and the detected file settings.
      expect(screen.getByRole('table', { name: 'First rows of the file' })).toHaveTextContent('$1,200.00');
      expect(screen.getByText('Detected: Day/Month/Year')).toBeInTheDocument();

      await user.click(value);
      await user.click(await screen.findByRole('option', { name: 'Amount' }));
      expect(value).toHaveValue('Amount');
      await user.click(screen.getByRole('combobox', { name: 'Unknown owners' }));
      await user.click(await screen.findByRole('option', { name: 'Create inactive members' }));
      await user.click(screen.getByRole('button', { name: 'Continue to dry run' }));

      expect(await screen.findByText('"stage" is already mapped from column 1')).toBeInTheDocument();
      expect(within(table).getByRole('combobox', { name: 'Import column Deal Stage into' })).toHaveAttribute(
        'aria-invalid',
        'true',
      );
      expect(screen.getByRole('combobox', { name: 'Unknown owners' })).toHaveAttribute('aria-invalid', 'true');
      expect(screen.getByText('creating inactive members is not available for notes')).toBeInTheDocument();
      expect(screen.getByRole('alert')).toHaveTextContent('"name" (Name) must be mapped to a column');
      const patch = seen.find((r) => r.method === 'PATCH')!;
      expect(patch.headers['if-match']).toBe('"1"');
      expect(patch.body).toMatchObject({
        mapping: { '0': 'name', '1': 'company', '2': 'stage', '3': 'amount' },
        options: { unknown_owners: 'create_inactive', upsert_key: 'none', time_zone: 'UTC' },
      });
      expect((patch.body as { options: object }).options).not.toHaveProperty('encoding');

      await user.click(screen.getByRole('combobox', { name: 'Unknown owners' }));
      await user.click(await screen.findByRole('option', { name: 'Leave unassigned' }));
      await user.click(screen.getByRole('button', { name: 'Continue to dry run' }));
      // The dry run's progress, then its result.
      expect(await screen.findByRole('heading', { name: 'Dry run result' })).toBeInTheDocument();
      expect(screen.getByRole('group', { name: 'Would create' })).toHaveTextContent('2');
      expect(screen.getByRole('group', { name: 'Would fail' })).toHaveTextContent('1');
      expect(screen.getByText('It would also create 1 company.')).toBeInTheDocument();
      expect(await screen.findByText('No stage "Nowhere" in Sales')).toBeInTheDocument();
      expect(seen.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`${ONE}/dry-run`]);
    },
  );

  it('pages the dry-run issues, runs with a progress bar and opens the pipeline board', async () => {
    const validated = anImport({ status: 'validated', dry_run: DRY_RUN, progress: progress({ rows_done: 3 }) });
    const done = progress({ rows_done: 3, created: 2, failed: 1 });
    const seen = mockApi({
      ...common,
      [`GET ${ONE}`]: [
        { body: validated },
        { body: anImport({ status: 'running', version: 3, progress: progress({ rows_done: 1, created: 1 }) }) },
        {
          body: anImport({
            status: 'running',
            version: 3,
            progress: progress({ rows_done: 2, created: 1, failed: 1 }),
          }),
        },
        { body: anImport({ status: 'completed', version: 4, progress: done }) },
      ],
      [`GET ${ONE}/issues?limit=50`]: {
        body: { data: [anIssue(1, 4, 'No stage "Nowhere" in Sales')], next_cursor: 'c2' },
      },
      [`GET ${ONE}/issues?limit=50&cursor=c2`]: {
        body: { data: [anIssue(2, 9, 'Bad date "31/02/2024"', 'warning')], next_cursor: null },
      },
      [`POST ${ONE}/run`]: {
        status: 202,
        body: anImport({ status: 'running', version: 3, progress: progress({ rows_done: 1, created: 1 }) }),
      },
    });
    const { router } = open();
    const user = userEvent.setup();
    const issues = await screen.findByRole('table', { name: 'Row issues' });
    expect(within(issues).getByText('No stage "Nowhere" in Sales')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Download issues as CSV' })).toHaveAttribute('href', `${ONE}/issues.csv`);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Bad date "31/02/2024"')).toBeInTheDocument();
    expect(screen.getByText('Warning')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByText('No stage "Nowhere" in Sales')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Run import' }));
    expect(await screen.findByRole('progressbar', { name: 'Importing…' })).toBeInTheDocument();
    expect(await screen.findByText('Import complete')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Created' })).toHaveTextContent('2');
    expect(screen.getByRole('group', { name: 'Failed' })).toHaveTextContent('1');
    expect(seen.some((r) => r.method === 'POST' && r.path === `${ONE}/run`)).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Open the Sales board' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/deals'));
    expect(window.localStorage.getItem(`relata:view:${USER_ID}:${ORG_ID}:deal`)).toBe('board');
    expect(window.localStorage.getItem(`relata:pipeline:${USER_ID}:${ORG_ID}:deal`)).toBe(SALES.id);
  });

  it('reverts a completed import after a confirmation, with its own progress', async () => {
    const done = progress({ rows_done: 3, created: 2, failed: 1 });
    const seen = mockApi({
      ...common,
      [`GET ${ONE}`]: [
        { body: anImport({ status: 'completed', version: 4, progress: done }) },
        { body: anImport({ status: 'reverting', version: 5, progress: done }) },
        {
          body: anImport({
            status: 'reverted',
            version: 6,
            progress: done,
            reverted_by: { id: USER_ID, name: 'Ada Lovelace' },
          }),
        },
      ],
      [`POST ${ONE}/revert`]: { status: 202, body: anImport({ status: 'reverting', version: 5, progress: done }) },
    });
    open();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Revert import' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revert this import?' });
    expect(dialog).toHaveTextContent('Records it created (2) are deleted for good');
    expect(seen.some((r) => r.path.endsWith('/revert'))).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Revert import' }));
    expect(await screen.findByText('Import reverted')).toBeInTheDocument();
    expect(screen.getByText(/Reverted .* by Ada Lovelace: the records it created are gone/)).toBeInTheDocument();
    expect(seen.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`${ONE}/revert`]);
    expect(screen.queryByRole('button', { name: 'Revert import' })).not.toBeInTheDocument();
  });

  it('goes back to the mapping from a dry run', async () => {
    mockApi({
      ...common,
      [`GET ${ONE}`]: { body: anImport({ status: 'validated', dry_run: DRY_RUN }) },
      [`GET ${ONE}/issues?limit=50`]: { body: { data: [], next_cursor: null } },
    });
    open();
    const user = userEvent.setup();
    expect(await screen.findByText('No problems found: every row can be imported as it is.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Back to mapping' }));
    expect(await screen.findByRole('table', { name: 'Column mapping' })).toBeInTheDocument();
  });

  it('shows why a run failed', async () => {
    mockApi({
      ...common,
      [`GET ${ONE}`]: {
        body: anImport({ status: 'failed', error: { code: 'internal', message: 'The database went away' } }),
      },
    });
    open();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The import failed');
    expect(alert).toHaveTextContent('The database went away');
    expect(screen.getByRole('button', { name: 'Revert import' })).toBeInTheDocument();
  });
});
