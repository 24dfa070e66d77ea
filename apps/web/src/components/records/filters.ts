/**
 * Filter definitions of a record list. Each filter reads and writes query-string keys of the list
 * API (`owner_id`, `created_from`, `cf.<key>.gte`, …); the filter bar renders an input per definition.
 */
import type { CustomFieldWire, FilterValues } from './types';

interface Base {
  label: string;
  /** Shown in the bar itself; the others sit under "More filters". */
  primary?: boolean;
}
export type FilterDef =
  | (Base & { kind: 'owner'; key: string })
  | (Base & { kind: 'tag'; key: string })
  | (Base & { kind: 'company'; key: string })
  | (Base & { kind: 'select'; key: string; options: Array<{ value: string; label: string }> })
  | (Base & { kind: 'bool'; key: string; yes?: string; no?: string })
  | (Base & { kind: 'text'; key: string; placeholder?: string })
  | (Base & { kind: 'dateRange'; from: string; to: string })
  /** `scale` multiplies what is typed (money: major → minor units). */
  | (Base & { kind: 'numberRange'; from: string; to: string; scale?: number });

/** The query keys a definition writes. */
export function filterKeys(def: FilterDef): string[] {
  return def.kind === 'dateRange' || def.kind === 'numberRange' ? [def.from, def.to] : [def.key];
}

/** How many of `defs` have a value in `values`. */
export function activeCount(defs: FilterDef[], values: FilterValues): number {
  return defs.filter((d) => filterKeys(d).some((k) => values[k] !== undefined && values[k] !== '')).length;
}

/** Filters for the custom fields of an entity, by type (`cf.<key>`, `cf.<key>.gte`, `cf.<key>.lte`). */
export function customFieldFilters(defs: CustomFieldWire[]): FilterDef[] {
  const out: FilterDef[] = [];
  for (const d of defs) {
    if (d.archived) continue;
    const key = `cf.${d.key}`;
    switch (d.type) {
      case 'select':
      case 'multi_select':
        out.push({ kind: 'select', key, label: d.label, options: d.options.map((o) => ({ value: o, label: o })) });
        break;
      case 'boolean':
        out.push({ kind: 'bool', key, label: d.label });
        break;
      case 'number':
        out.push({ kind: 'numberRange', from: `${key}.gte`, to: `${key}.lte`, label: d.label });
        break;
      case 'money':
        out.push({ kind: 'numberRange', from: `${key}.gte`, to: `${key}.lte`, label: d.label, scale: 100 });
        break;
      case 'date':
      case 'datetime':
        out.push({ kind: 'dateRange', from: `${key}.gte`, to: `${key}.lte`, label: d.label });
        break;
      default:
        out.push({ kind: 'text', key, label: d.label, placeholder: 'Contains…' });
    }
  }
  return out;
}

/** Query parameters that are not filters. */
const NOT_FILTERS = new Set(['sort', 'limit', 'cursor']);

/** The list filters among URL search params (everything but sort and paging). */
export function filtersFromSearch(params: URLSearchParams): FilterValues {
  const out: FilterValues = {};
  for (const [k, v] of params) if (!NOT_FILTERS.has(k) && v !== '') out[k] = v;
  return out;
}
