/**
 * "Export" menu of a record list page header: CSV or Excel of the list as the user sees it — the
 * URL's filters and sort, the visible columns in their order (custom fields included) — from
 * `GET /api/v1/exports/{resource}` (streamed by the server; see apps/api modules/exports). On the
 * contacts page, "Export vCard" downloads the selected contacts from
 * `GET /api/v1/contacts/vcard?ids=…` (`POST /api/v1/contacts/vcard {ids}` beyond 400 ids). The file is fetched with the session cookie, turned into a
 * blob and saved under the server's `Content-Disposition` name; the button shows a loader while it
 * runs and a red notification says why when it fails.
 */
import { Button, Menu } from '@mantine/core';
import { IconAddressBook, IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileText } from '@tabler/icons-react';
import { EXPORT_COLUMN_ALIASES, EXPORT_COLUMNS, type ExportEntity } from '@relata/shared';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { downloadFile } from '../download';
import { notifyError } from '../notify';
import { useMe } from '../session';
import { columnsStorageKey } from './column-visibility';
import { filtersFromSearch } from './filters';
import { useCustomFieldDefs } from './records-api';
import type { CustomFieldEntity } from './types';

const DEFAULT_SORT = '-updated_at';
type Kind = 'csv' | 'xlsx' | 'vcard';

/** The user's remembered column visibility (read when exporting, so it is never stale). */
function rememberedVisibility(key: string | null): Record<string, boolean> {
  if (!key) return {};
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, boolean>) : {};
  } catch {
    return {};
  }
}

/** vCard ids sent in the query string at most; more go in a `POST` body (URL length limits). */
export const VCARD_GET_MAX_IDS = 400;

/**
 * Export menu for `resource`'s list. `columnIds` are the list's column ids in display order and
 * `defaultHidden` those hidden until shown (as given to RecordListView); ids that are not export
 * columns (e.g. a lead's next follow-up) are left out. `vcardIds`: the contacts selected for
 * "Export vCard" (the item shows only when given; disabled while none are selected).
 */
export function ExportMenu({
  resource,
  entity,
  columnIds,
  defaultHidden = [],
  vcardIds,
}: {
  resource: ExportEntity;
  entity: CustomFieldEntity;
  columnIds: string[];
  defaultHidden?: string[];
  vcardIds?: string[];
}) {
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const defs = useCustomFieldDefs(entity);
  const [running, setRunning] = useState<Kind | null>(null);

  /** The visible columns as the export's `columns=` (list aliases are expanded by the server). */
  const visibleColumns = () => {
    const known = new Set<string>([...EXPORT_COLUMNS[resource], ...Object.keys(EXPORT_COLUMN_ALIASES[resource])]);
    const custom = (defs.data ?? []).filter((d) => !d.archived).map((d) => `cf.${d.key}`);
    const hidden = new Set([...defaultHidden, ...custom]);
    const chosen = rememberedVisibility(me?.org ? columnsStorageKey(me.user.id, me.org.id, entity) : null);
    return [...columnIds, ...custom].filter(
      (id) => (chosen[id] ?? !hidden.has(id)) && (known.has(id) || custom.includes(id)),
    );
  };

  const run = async (kind: Kind) => {
    setRunning(kind);
    try {
      if (kind === 'vcard') {
        const ids = vcardIds ?? [];
        if (ids.length > VCARD_GET_MAX_IDS) await downloadFile('/api/v1/contacts/vcard', 'contacts.vcf', { ids });
        else await downloadFile(`/api/v1/contacts/vcard?ids=${encodeURIComponent(ids.join(','))}`, 'contacts.vcf');
      } else {
        const q = new URLSearchParams(filtersFromSearch(params));
        q.set('sort', params.get('sort') ?? DEFAULT_SORT);
        q.set('format', kind);
        const columns = visibleColumns();
        if (columns.length) q.set('columns', columns.join(','));
        await downloadFile(`/api/v1/exports/${resource}?${q.toString()}`, `${resource}.${kind}`);
      }
    } catch (err) {
      notifyError(err, kind === 'vcard' ? 'Could not export the vCards' : `Could not export the ${resource}`);
    } finally {
      setRunning(null);
    }
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          loading={running !== null}
          leftSection={<IconDownload size={16} />}
          rightSection={<IconChevronDown size={14} />}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconFileText size={16} />} onClick={() => void run('csv')}>
          CSV
        </Menu.Item>
        <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void run('xlsx')}>
          Excel (.xlsx)
        </Menu.Item>
        {vcardIds && (
          <Menu.Item
            leftSection={<IconAddressBook size={16} />}
            disabled={vcardIds.length === 0}
            onClick={() => void run('vcard')}
          >
            {vcardIds.length ? `Export vCard (${vcardIds.length} selected)` : 'Export vCard (select contacts first)'}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
