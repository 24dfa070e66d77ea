/**
 * The saved-view switcher of the record lists (`/api/v1/views`): a menu of the caller's and the
 * organisation's shared views of one entity; picking one puts its filters (or segment) and sort in
 * the URL and its columns in the remembered column layout; "Save current view" keeps the URL's
 * filters, segment and sort with chosen columns; set default; delete (confirmed). The default view
 * is applied when the list opens without filters. Shared here because four list pages mount it.
 */
import { Button, Checkbox, Menu, Modal, MultiSelect, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconCheck, IconChevronDown, IconDeviceFloppy, IconStar, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomFieldEntity, SavedView, SegmentEntity, Wire } from '@relata/shared';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, query } from '../api';
import { confirmDanger } from '../confirm';
import { notifyError, notifySuccess } from '../notify';
import { useMe } from '../session';
import { columnsStorageKey } from './column-visibility';
import { filtersFromSearch } from './filters';
import { useCustomFieldDefs } from './records-api';

export type ViewWire = Wire<typeof SavedView>;
const viewsKey = (entity: SegmentEntity) => ['views', entity] as const;

/** `GET /api/v1/views?entity=`: mine and shared, by name. */
export function useViews(entity: SegmentEntity) {
  return useQuery({
    queryKey: viewsKey(entity),
    queryFn: ({ signal }) => api<{ data: ViewWire[] }>(`/api/v1/views${query({ entity })}`, { signal }),
    select: (r) => r.data,
  });
}

function useViewMutation<V>(entity: SegmentEntity, fn: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: viewsKey(entity) }) });
}

/** The column layout a list remembers (column-visibility.ts), read or written for `entity`. */
function readColumns(key: string | null): Record<string, boolean> {
  try {
    return key ? (JSON.parse(window.localStorage.getItem(key) ?? '{}') as Record<string, boolean>) : {};
  } catch {
    return {};
  }
}

export function ViewSwitcher({
  entity,
  recordType,
  columnIds,
  defaultHidden,
  onApplied,
}: {
  entity: SegmentEntity;
  /** The custom-field entity of the list (`contact`…), the key of its remembered columns. */
  recordType: string;
  /** The list's fixed column ids (custom fields come as `cf.<key>`). */
  columnIds: string[];
  defaultHidden: string[];
  /** Called after a view was applied, so the list re-reads its remembered columns. */
  onApplied: () => void;
}) {
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const storageKey = me?.org ? columnsStorageKey(me.user.id, me.org.id, recordType) : null;
  const views = useViews(entity);
  const [current, setCurrent] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = useViewMutation(entity, (body: Record<string, unknown>) =>
    api<ViewWire>('/api/v1/views', { method: 'POST', body }),
  );
  const del = useViewMutation(entity, (id: string) => api<void>(`/api/v1/views/${id}`, { method: 'DELETE' }));
  const setDefault = useViewMutation(entity, (id: string) =>
    api<ViewWire>(`/api/v1/views/${id}/default`, { method: 'PUT' }),
  );

  const apply = (v: ViewWire) => {
    const p = new URLSearchParams();
    for (const [k, val] of Object.entries(v.filters)) p.set(k, val);
    if (v.segment_id) p.set('segment_id', v.segment_id);
    if (v.sort) p.set('sort', v.sort);
    setParams(p, { replace: true });
    if (storageKey && v.columns.length) {
      const known = new Set([...columnIds, ...Object.keys(readColumns(storageKey)), ...v.columns]);
      const layout = Object.fromEntries([...known].map((id) => [id, v.columns.includes(id)]));
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(layout));
      } catch {
        // Storage full or disabled: the view's filters and sort still apply.
      }
    }
    setCurrent(v.id);
    onApplied();
    if (v.notices.length) {
      notifications.show({
        color: 'yellow',
        title: `View ${v.name} changed`,
        message: v.notices.join(' '),
        autoClose: 8000,
      });
    }
  };

  // The default view, once, when the list opens without filters or sort.
  const appliedDefault = useRef(false);
  useEffect(() => {
    if (appliedDefault.current || !views.data) return;
    appliedDefault.current = true;
    const def = views.data.find((v) => v.is_default);
    // Syncs the URL (router state) with server data once it arrives: an effect by nature.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (def && [...params.keys()].length === 0) apply(def);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [views.data]);

  const selected = views.data?.find((v) => v.id === current);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            leftSection={<IconBookmark size={16} />}
            rightSection={<IconChevronDown size={14} />}
          >
            {selected ? selected.name : 'Views'}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Saved views</Menu.Label>
          {(views.data ?? []).length === 0 && <Menu.Item disabled>No saved views yet</Menu.Item>}
          {(views.data ?? []).map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => apply(v)}
              leftSection={v.id === current ? <IconCheck size={14} /> : <span style={{ width: 14 }} />}
              rightSection={
                v.is_default ? <IconStar size={14} aria-label="default" /> : v.shared ? 'shared' : undefined
              }
            >
              {v.name}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconDeviceFloppy size={14} />} onClick={() => setSaving(true)}>
            Save current view…
          </Menu.Item>
          {selected && !selected.is_default && (
            <Menu.Item
              leftSection={<IconStar size={14} />}
              onClick={() =>
                setDefault.mutate(selected.id, {
                  onSuccess: () => notifySuccess(`${selected.name} is now your default view`),
                  onError: (err) => notifyError(err, 'Could not set the default view'),
                })
              }
            >
              Set “{selected.name}” as default
            </Menu.Item>
          )}
          {selected?.editable && (
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={() =>
                confirmDanger({
                  title: `Delete view ${selected.name}?`,
                  message: selected.shared
                    ? 'Everyone in the organisation loses this shared view.'
                    : 'The records stay.',
                  confirmLabel: 'Delete view',
                  onConfirm: () =>
                    del.mutate(selected.id, {
                      onSuccess: () => {
                        setCurrent(null);
                        notifySuccess(`View ${selected.name} deleted`);
                      },
                      onError: (err) => notifyError(err, 'Could not delete the view'),
                    }),
                })
              }
            >
              Delete “{selected.name}”
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {saving && (
        <SaveViewModal
          recordType={recordType}
          columnIds={[...new Set([...columnIds, ...Object.keys(readColumns(storageKey))])]}
          visible={(id) => readColumns(storageKey)[id] ?? (!defaultHidden.includes(id) && !id.startsWith('cf.'))}
          onClose={() => setSaving(false)}
          onSave={(name, shared, columns) => {
            const filters = filtersFromSearch(params);
            const { segment_id: segmentId, ...rest } = filters;
            save.mutate(
              { name, entity, shared, columns, filters: rest, segment_id: segmentId ?? null, sort: params.get('sort') },
              {
                onSuccess: (v) => {
                  setSaving(false);
                  // The list takes the saved view's columns at once (not only when it is picked again).
                  apply(v as ViewWire);
                  notifySuccess(`View ${name} saved`);
                },
                onError: (err) => notifyError(err, 'Could not save the view'),
              },
            );
          }}
          pending={save.isPending}
        />
      )}
    </>
  );
}

/** A fixed column id as its header (`job_title` → "Job title"), the lists' own wording. */
const headerOf = (id: string) => (id.charAt(0).toUpperCase() + id.slice(1)).replaceAll('_', ' ');

function SaveViewModal({
  recordType,
  columnIds,
  visible,
  onClose,
  onSave,
  pending,
}: {
  recordType: string;
  columnIds: string[];
  visible: (id: string) => boolean;
  onClose: () => void;
  onSave: (name: string, shared: boolean, columns: string[]) => void;
  pending: boolean;
}) {
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [columns, setColumns] = useState(() => columnIds.filter(visible));
  // Custom fields by their labels (archived ones too: a remembered layout may still name them).
  const defs = useCustomFieldDefs(recordType as CustomFieldEntity, true);
  const labels = new Map((defs.data ?? []).map((d) => [`cf.${d.key}`, d.label]));
  const data = columnIds.map((id) => ({
    value: id,
    label: labels.get(id) ?? (id.startsWith('cf.') ? id.slice(3) : headerOf(id)),
  }));
  return (
    <Modal opened onClose={onClose} title="Save current view" centered>
      <Stack>
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
        <MultiSelect label="Columns" data={data} value={columns} onChange={setColumns} searchable />
        <Checkbox
          label="Share with the organisation"
          checked={shared}
          onChange={(e) => setShared(e.currentTarget.checked)}
        />
        <Button onClick={() => onSave(name.trim(), shared, columns)} disabled={!name.trim()} loading={pending}>
          Save view
        </Button>
      </Stack>
    </Modal>
  );
}
