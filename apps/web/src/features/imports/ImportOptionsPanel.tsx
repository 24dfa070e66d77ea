import { SimpleGrid, Select, Stack, Switch } from '@mantine/core';
import type { ImportDateOrder, ImportEntity, ImportOptions, ImportUnknownOwners } from '@relata/shared';
import { useMemo } from 'react';
import { usePipelines } from '../../components/board';
import type { ImportTargetWire } from './imports-api';
import { DATE_ORDER_LABELS, UNKNOWN_OWNER_LABELS } from './labels';
import { type Draft, upsertKeyChoices } from './mapping-model';

const AUTO = 'auto';

function supported(kind: 'timeZone' | 'currency', fallback: string[]): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(kind);
  } catch {
    return fallback;
  }
}

/**
 * How values are read and related records found: date order (the detected one shown), time zone,
 * default currency, pipeline (deals / leads), upsert key, creating missing companies / stages /
 * tags, and unknown owners. `errors` are the API's messages by option key.
 */
export function ImportOptionsPanel({
  entity,
  detectedDateOrder,
  targets,
  draft,
  onChange,
  errors,
}: {
  entity: ImportEntity;
  detectedDateOrder: ImportDateOrder | null;
  targets: ImportTargetWire[];
  draft: Draft;
  onChange: (d: Draft) => void;
  errors: Map<string, string[]>;
}) {
  const o = draft.options;
  const set = (patch: Partial<ImportOptions>) => onChange({ ...draft, options: { ...o, ...patch } });
  const err = (k: string) => errors.get(k)?.join('; ');
  // Browsers list canonical zones only (no "UTC"): put it first, and keep a stored zone choosable.
  const zones = useMemo(() => {
    const list = supported('timeZone', []).filter((z) => z !== 'UTC');
    return ['UTC', ...(o.time_zone !== 'UTC' && !list.includes(o.time_zone) ? [o.time_zone] : []), ...list];
  }, [o.time_zone]);
  const currencies = useMemo(() => supported('currency', ['EUR', 'GBP', 'USD']), []);
  const sales = entity === 'deals' || entity === 'leads';
  const pipelines = usePipelines(entity === 'leads' ? 'leads' : 'deals');
  const pipelineData = sales ? (pipelines.data ?? []) : [];
  const defaultPipeline = pipelineData.find((p) => p.is_default) ?? pipelineData[0];

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label="Date order"
          description={
            detectedDateOrder
              ? `Detected: ${DATE_ORDER_LABELS[detectedDateOrder]}`
              : 'Not detected from the file (only unambiguous dates are read)'
          }
          data={[
            {
              value: AUTO,
              label: detectedDateOrder ? `Automatic (${DATE_ORDER_LABELS[detectedDateOrder]})` : 'Automatic',
            },
            ...Object.entries(DATE_ORDER_LABELS).map(([value, label]) => ({ value, label })),
          ]}
          value={o.date_order ?? AUTO}
          onChange={(v) => set({ date_order: !v || v === AUTO ? null : (v as ImportDateOrder) })}
          allowDeselect={false}
          error={err('date_order')}
        />
        <Select
          label="Time zone"
          description="For dates with a time but no offset"
          data={zones}
          limit={50}
          value={o.time_zone}
          onChange={(v) => v && set({ time_zone: v })}
          searchable
          allowDeselect={false}
          error={err('time_zone')}
        />
        <Select
          label="Default currency"
          description="For amounts without a currency"
          placeholder="None"
          data={currencies}
          limit={50}
          value={o.default_currency}
          onChange={(v) => set({ default_currency: v })}
          searchable
          clearable
          error={err('default_currency')}
        />
        {sales && (
          <Select
            label="Pipeline"
            description="For rows without a pipeline column"
            placeholder={defaultPipeline ? `Default: ${defaultPipeline.name}` : 'The default pipeline'}
            data={pipelineData.map((p) => ({ value: p.id, label: p.is_default ? `${p.name} (default)` : p.name }))}
            value={o.pipeline_id}
            onChange={(v) => set({ pipeline_id: v })}
            clearable
            error={err('pipeline_id')}
          />
        )}
        <Select
          label="Match existing records by"
          description="Rows matching a record update it; re-importing the file creates no duplicates"
          data={upsertKeyChoices(entity, targets, draft)}
          value={o.upsert_key}
          onChange={(v) => v && set({ upsert_key: v })}
          allowDeselect={false}
          error={err('upsert_key')}
        />
        <Select
          label="Unknown owners"
          description="Owners matching no member by name or email; inactive members cannot sign in until invited"
          data={Object.entries(UNKNOWN_OWNER_LABELS).map(([value, label]) => ({
            value,
            label,
            // Notes' owners are their authors (users); the server refuses it for notes and activities.
            disabled: value === 'create_inactive' && entity === 'notes',
          }))}
          value={o.unknown_owners}
          onChange={(v) => v && set({ unknown_owners: v as ImportUnknownOwners })}
          allowDeselect={false}
          error={err('unknown_owners')}
        />
      </SimpleGrid>
      <Stack gap="xs" mt="xs">
        {(entity === 'contacts' || entity === 'deals') && (
          <Switch
            label="Create companies that do not exist yet"
            checked={o.create_missing_companies}
            onChange={(e) => set({ create_missing_companies: e.currentTarget.checked })}
            error={err('create_missing_companies')}
          />
        )}
        {sales && (
          <Switch
            label="Create stages that do not exist yet (won / lost names recognised)"
            checked={o.create_missing_stages}
            onChange={(e) => set({ create_missing_stages: e.currentTarget.checked })}
            error={err('create_missing_stages')}
          />
        )}
        <Switch
          label="Create tags that do not exist yet"
          checked={o.create_missing_tags}
          onChange={(e) => set({ create_missing_tags: e.currentTarget.checked })}
          error={err('create_missing_tags')}
        />
      </Stack>
    </Stack>
  );
}
