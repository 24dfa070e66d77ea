import { useMutation } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { apiError, mockApi, renderPage } from '../../test/render';
import { api } from '../api';
import { useRecordActions } from './record-actions';
import { RecordHeaderActions } from './RecordHeaderActions';
import { RecordTagsEditor } from './RecordTagsEditor';

const ID = '01900000-0000-7000-8000-000000000912';
const PATH = `/api/v1/companies/${ID}`;
const TAG = { id: '01900000-0000-7000-8000-000000000913', name: 'VIP', color: 'red' };

/** A company header wired as the detail pages wire it. */
function Header({ onReload }: { onReload: () => void }) {
  const update = useMutation({
    mutationFn: ({ id, version, body }: { id: string; version: number; body: Record<string, unknown> }) =>
      api(`/api/v1/companies/${id}`, { method: 'PATCH', body, headers: { 'If-Match': `"${version}"` } }),
  });
  const del = useMutation({ mutationFn: (id: string) => api<void>(`/api/v1/companies/${id}`, { method: 'DELETE' }) });
  const actions = useRecordActions({
    record: { id: ID, version: 3, name: 'Globex' },
    noun: 'company',
    plural: 'companies',
    update,
    del,
    onReload,
  });
  return (
    <>
      <RecordHeaderActions
        onEdit={() => {}}
        owner={null}
        onAssign={actions.assignOwner}
        assigning={actions.patching('owner_id')}
        onDelete={() => actions.confirmDelete('It moves to the recycle bin.')}
        deleting={del.isPending}
      />
      <RecordTagsEditor tags={[TAG]} canEdit busy={actions.patching('tag_ids')} onChange={actions.setTags} />
    </>
  );
}

const renderHeader = (onReload = () => {}) =>
  renderPage(<Header onReload={onReload} />, { path: `/companies/${ID}`, pattern: '/companies/:id' });

describe('RecordHeaderActions with useRecordActions', () => {
  it('asks before deleting, then deletes, says so and goes back to the list', async () => {
    const seen = mockApi({ [`DELETE ${PATH}`]: { status: 204 } });
    const { router } = renderHeader();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Globex?' });
    expect(dialog).toHaveTextContent('It moves to the recycle bin.');
    expect(seen).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Delete company' }));
    expect(await screen.findByText('Globex deleted')).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies'));
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${PATH}`]);
  });

  it('patches the tags at the shown version, and on a stale version says so and reloads', async () => {
    const seen = mockApi({
      [`PATCH ${PATH}`]: [{ body: {} }, { status: 412, body: apiError('precondition_failed', 'Version mismatch') }],
    });
    const onReload = vi.fn();
    renderHeader(onReload);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Remove tag VIP' }));
    expect(await screen.findByText('Tags updated')).toBeInTheDocument();
    expect(seen[0]).toMatchObject({ method: 'PATCH', body: { tag_ids: [] }, headers: { 'if-match': '"3"' } });

    await user.click(screen.getByRole('button', { name: 'Remove tag VIP' }));
    expect(
      await screen.findByText('Someone else changed this company. The latest version is shown now.'),
    ).toBeVisible();
    expect(onReload).toHaveBeenCalledTimes(1);
  });
});
