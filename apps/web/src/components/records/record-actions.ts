import { useNavigate } from 'react-router';
import { confirmDanger } from '../confirm';
import { notifyError, notifySuccess } from '../notify';
import { isStale } from './record-form';

type Body = Record<string, unknown>;

interface MutateCallbacks {
  onSuccess?: () => void;
  onError?: (err: Error) => void;
}

/** The part of a record's update mutation (`PATCH` with If-Match) the detail pages use. */
export interface RecordUpdateMutation {
  mutate(vars: { id: string; version: number; body: Body }, opts?: MutateCallbacks): void;
  isPending: boolean;
  variables?: { body: object } | undefined;
}

/** The part of a record's delete mutation (to the recycle bin) the detail pages use. */
export interface RecordDeleteMutation {
  mutate(id: string, opts?: MutateCallbacks): void;
}

/**
 * The write actions a record detail page shares, with their toasts:
 * - `patch(body, done)`: PATCH at the shown version; `done` is the success toast. A stale version
 *   (412) says "Someone else changed this <noun>…" and calls `onReload`;
 * - `failed(what)`: that error handler, for the page's other mutations (`what` titles other errors);
 * - `patching(field)`: whether a patch of `field` is in flight (for busy buttons);
 * - `assignOwner(ownerId)`, `setTags(ids)`: patches of `owner_id` / `tag_ids`;
 * - `confirmDelete(message)`: asks "Delete <name>?" (`message` under it), then deletes, toasts and
 *   goes back to `/<plural>`.
 */
export function useRecordActions({
  record,
  noun,
  plural,
  update,
  del,
  onReload,
}: {
  /** The shown record; `name` is what users read (a lead's title). */
  record: { id: string; version: number; name: string };
  noun: string;
  plural: string;
  update: RecordUpdateMutation;
  del: RecordDeleteMutation;
  onReload: () => void;
}) {
  const navigate = useNavigate();
  const failed = (what: string) => (err: unknown) => {
    if (isStale(err)) {
      notifyError(new Error(`Someone else changed this ${noun}. The latest version is shown now.`), 'Not saved');
      onReload();
    } else notifyError(err, what);
  };
  const patch = (body: Body, done: string) =>
    update.mutate(
      { id: record.id, version: record.version, body },
      { onSuccess: () => notifySuccess(done), onError: failed('Could not save') },
    );
  const confirmDelete = (message: string) =>
    confirmDanger({
      title: `Delete ${record.name}?`,
      message,
      confirmLabel: `Delete ${noun}`,
      onConfirm: () =>
        del.mutate(record.id, {
          onSuccess: () => {
            notifySuccess(`${record.name} deleted`);
            void navigate(`/${plural}`);
          },
          onError: (err) => notifyError(err, `Could not delete the ${noun}`),
        }),
    });
  return {
    patch,
    failed,
    patching: (field: string) => update.isPending && field in (update.variables?.body ?? {}),
    assignOwner: (owner_id: string | null) => patch({ owner_id }, 'Owner updated'),
    setTags: (tag_ids: string[]) => patch({ tag_ids }, 'Tags updated'),
    confirmDelete,
  };
}
