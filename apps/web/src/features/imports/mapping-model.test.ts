import { describe, expect, it } from 'vitest';
import { anImport, DEAL_TARGETS } from './import-fixtures';
import { keyOfLabel } from './labels';
import {
  addNewField,
  draftOf,
  mappingByHeader,
  placeIssues,
  savableOptions,
  setTarget,
  targetGroups,
  upsertKeyChoices,
} from './mapping-model';

describe('mapping model', () => {
  it('plans a new custom field from a column and drops it when the column is mapped elsewhere', () => {
    const d = addNewField(draftOf(anImport()), 3, 'Deal value (€)', 'money');
    expect(d.mapping['3']).toBe('cf.deal_value');
    expect(d.options.new_custom_fields).toEqual([{ column: 3, label: 'Deal value (€)', type: 'money' }]);
    const groups = targetGroups(DEAL_TARGETS, d, 3);
    expect(groups.find((g) => g.group === 'Custom fields')?.items).toContainEqual({
      value: 'cf.deal_value',
      label: 'Deal value (€) (new)',
    });
    const back = setTarget(d, 3, null);
    expect(back.mapping['3']).toBeNull();
    expect(back.options.new_custom_fields).toEqual([]);
  });

  it('groups targets into fields, relations, custom fields and the two actions', () => {
    const groups = targetGroups(DEAL_TARGETS, draftOf(anImport()), 0);
    expect(groups.map((g) => g.group)).toEqual(['Fields', 'Relations', 'Custom fields', 'Other']);
    expect(groups[0]!.items[0]).toEqual({ value: 'name', label: 'Name (required)' });
    expect(groups[1]!.items.map((i) => i.value)).toEqual(['company', 'stage', 'owner']);
    expect(groups[3]!.items.map((i) => i.label)).toEqual(["Don't import", 'Create custom field…']);
  });

  it('places API field issues on columns, options (new fields on their column) and the rest above', () => {
    const d = addNewField(draftOf(anImport()), 3, 'Region', 'text');
    const placed = placeIssues(
      [
        { path: 'body.mapping.2', message: 'is used twice' },
        { path: 'body.options.upsert_key', message: 'is not mapped' },
        { path: 'body.options.new_custom_fields.0.type', message: 'is not allowed' },
        { path: 'body.mapping', message: '"name" must be mapped' },
        { path: 'body.mapping_id', message: 'not found' },
      ],
      d,
    );
    expect(placed.byColumn.get(2)).toEqual(['is used twice']);
    expect(placed.byColumn.get(3)).toEqual(['New field: is not allowed']);
    expect(placed.byOption.get('upsert_key')).toEqual(['is not mapped']);
    expect(placed.general).toEqual(['"name" must be mapped', 'mapping_id: not found']);
  });

  it('saves mappings by header name with reusable options only', () => {
    const d = draftOf(anImport());
    expect(mappingByHeader(anImport().file.headers, d.mapping)).toEqual({
      'Deal Name': 'name',
      Organization: 'company',
      'Deal Stage': 'stage',
      Value: null,
    });
    const o = savableOptions({ ...d.options, encoding: 'windows-1252' });
    expect(o).not.toHaveProperty('encoding');
    expect(o).not.toHaveProperty('new_custom_fields');
    expect(o).toMatchObject({ time_zone: 'UTC', unknown_owners: 'unassigned' });
  });

  it('offers upsert keys of the entity and marks unmapped ones', () => {
    const d = setTarget(draftOf(anImport()), 3, 'cf.region');
    expect(upsertKeyChoices('deals', DEAL_TARGETS, d).map((c) => c.label)).toEqual([
      'None — every row creates a record',
      'External ID (not mapped)',
      'Region',
    ]);
  });

  it('derives custom field keys the way the API does', () => {
    expect(keyOfLabel('Ünïcode Name!')).toBe('unicode_name');
    expect(keyOfLabel('2024 budget')).toBe('f_2024_budget');
  });
});
