import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultImportOptions } from '@relata/shared';
import { mockApi, renderPage } from '../../test/render';
import { DryRunStep } from './DryRunStep';
import { anImport, IMPORT_ID } from './import-fixtures';

const dryRun = (owners: string[]) => ({
  would_create: 3,
  would_update: 0,
  would_skip: 0,
  failing: 0,
  warnings: 3,
  would_create_related: { companies: 0, stages: [], tags: [], owners },
  finished_at: '2026-02-01T10:01:00.000Z',
});

const show = (unknown: 'unassigned' | 'create_inactive', owners: string[]) => {
  mockApi({ [`GET /api/v1/imports/${IMPORT_ID}/issues?limit=50`]: { body: { data: [], next_cursor: null } } });
  const imp = anImport({
    status: 'validated',
    dry_run: dryRun(owners),
    options: { ...defaultImportOptions(), unknown_owners: unknown },
  });
  renderPage(<DryRunStep imp={imp} onBack={() => {}} />);
};

describe('DryRunStep: unknown owners', () => {
  it('announces the inactive members a run would create', async () => {
    show('create_inactive', ['jane@example.com', 'Bob Builder']);
    expect(
      await screen.findByText('It would also create 2 inactive members (jane@example.com, Bob Builder).'),
    ).toBeInTheDocument();
    expect(screen.getByText(/invite them from Settings → Members/)).toBeInTheDocument();
  });

  it('lists them as left unassigned otherwise, creating nothing', async () => {
    show('unassigned', ['Bob Builder']);
    expect(
      await screen.findByText('Rows owned by Bob Builder (not members) would be left unassigned.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/It would also create/)).not.toBeInTheDocument();
  });
});
