/**
 * The segment builder's state: a criteria tree edited immutably by path (indexes of nested groups).
 * Pure functions, tested on their own.
 */
import {
  DAYS_OPERATORS,
  LIST_OPERATORS,
  NO_VALUE_OPERATORS,
  OPERATORS_BY_TYPE,
  type SegmentCondition,
  type SegmentCriteria,
  type SegmentField,
  type SegmentGroup,
  type SegmentOperator,
} from '@relata/shared';

/** Indexes of groups from the root (`[]` = root, `[1, 0]` = first subgroup of the second subgroup). */
export type GroupPath = number[];

export const emptyCriteria = (): SegmentCriteria => ({ match: 'and', conditions: [], groups: [] });

function updateGroup(root: SegmentCriteria, path: GroupPath, fn: (g: SegmentGroup) => SegmentGroup): SegmentCriteria {
  if (path.length === 0) return { ...root, ...fn(root) };
  const [head, ...rest] = path;
  const groups = [...(root.groups ?? [])];
  groups[head!] = updateGroup(groups[head!]!, rest, fn) as SegmentGroup;
  return { ...root, groups };
}

/** A new condition on `field` with its type's first operator and an empty value. */
export function newCondition(field: SegmentField): SegmentCondition {
  const operator = OPERATORS_BY_TYPE[field.type][0]!;
  return { field: field.key, operator, ...defaultValue(field, operator) };
}

/** The value a fresh operator starts with (none, a list, 30 days, …). */
export function defaultValue(field: SegmentField, operator: SegmentOperator): { value?: SegmentCondition['value'] } {
  if (NO_VALUE_OPERATORS.includes(operator)) return {};
  if (DAYS_OPERATORS.includes(operator)) return { value: 30 };
  if (LIST_OPERATORS.includes(operator)) return { value: [] };
  if (operator === 'between') return { value: [] };
  if (field.type === 'boolean') return { value: true };
  return { value: null };
}

export const addCondition = (root: SegmentCriteria, path: GroupPath, c: SegmentCondition) =>
  updateGroup(root, path, (g) => ({ ...g, conditions: [...(g.conditions ?? []), c] }));

export const updateCondition = (root: SegmentCriteria, path: GroupPath, i: number, c: SegmentCondition) =>
  updateGroup(root, path, (g) => ({ ...g, conditions: (g.conditions ?? []).map((x, j) => (j === i ? c : x)) }));

export const removeCondition = (root: SegmentCriteria, path: GroupPath, i: number) =>
  updateGroup(root, path, (g) => ({ ...g, conditions: (g.conditions ?? []).filter((_, j) => j !== i) }));

export const addGroup = (root: SegmentCriteria, path: GroupPath) =>
  updateGroup(root, path, (g) => ({
    ...g,
    groups: [...(g.groups ?? []), { match: g.match === 'and' ? 'or' : 'and', conditions: [], groups: [] }],
  }));

export const removeGroup = (root: SegmentCriteria, path: GroupPath) => {
  const parent = path.slice(0, -1);
  const i = path.at(-1)!;
  return updateGroup(root, parent, (g) => ({ ...g, groups: (g.groups ?? []).filter((_, j) => j !== i) }));
};

export const setMatch = (root: SegmentCriteria, path: GroupPath, match: 'and' | 'or') =>
  updateGroup(root, path, (g) => ({ ...g, match }));

/** Conditions still being filled in (no value yet) are left out of previews and saves. */
export function completeCriteria(root: SegmentGroup): SegmentGroup {
  const ok = (c: SegmentCondition) =>
    NO_VALUE_OPERATORS.includes(c.operator) ||
    (Array.isArray(c.value)
      ? c.operator === 'between'
        ? c.value.length === 2 && c.value.every((v) => v !== null)
        : c.value.length > 0
      : c.value !== null && c.value !== undefined && c.value !== '');
  return {
    ...root,
    conditions: (root.conditions ?? []).filter(ok),
    groups: (root.groups ?? []).map(completeCriteria),
  };
}

/** Number of conditions in the tree. */
export const conditionCount = (g: SegmentGroup): number =>
  (g.conditions?.length ?? 0) + (g.groups ?? []).reduce((n, sub) => n + conditionCount(sub), 0);
