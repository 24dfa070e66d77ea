import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import {
  OPERATORS_BY_TYPE,
  SEGMENT_ENTITIES,
  type SegmentCondition,
  type SegmentCriteria,
  type SegmentEntity,
  type SegmentField,
  type SegmentGroup,
  type SegmentOperator,
} from '@relata/shared';
import { useMemo, useState } from 'react';
import { ApiError } from '../../components/api';
import { notifyError, notifySuccess } from '../../components/notify';
import {
  addCondition,
  addGroup,
  completeCriteria,
  defaultValue,
  emptyCriteria,
  newCondition,
  removeCondition,
  removeGroup,
  setMatch,
  updateCondition,
  type GroupPath,
} from './criteria';
import {
  useCreateSegment,
  useSegmentFields,
  useSegmentPreview,
  useUpdateSegment,
  type SegmentWire,
} from './segments-api';
import { ValueInput } from './ValueInput';

/** How the builder debounces the live count: one preview once the user pauses. */
export const PREVIEW_DEBOUNCE_MS = 400;

const OPERATOR_LABELS: Record<SegmentOperator, string> = {
  equals: 'is',
  not_equals: 'is not',
  in: 'is any of',
  not_in: 'is none of',
  contains: 'contains',
  starts_with: 'starts with',
  ends_with: 'ends with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  gte: 'at least',
  lte: 'at most',
  between: 'between',
  before: 'before',
  after: 'after',
  last_n_days: 'in the last',
  next_n_days: 'in the next',
  more_than_n_days_ago: 'more than … ago',
};
const GROUP_LABELS = { fields: 'Fields', custom_fields: 'Custom fields', related: 'Related' } as const;

/** A searchable field picker grouped by fields, custom fields and related data. */
function FieldPicker({
  fields,
  label,
  onPick,
}: {
  fields: SegmentField[];
  label: string;
  onPick: (f: SegmentField) => void;
}) {
  const data = (Object.keys(GROUP_LABELS) as Array<keyof typeof GROUP_LABELS>)
    .map((g) => ({
      group: GROUP_LABELS[g],
      items: fields.filter((f) => f.group === g).map((f) => ({ value: f.key, label: f.label })),
    }))
    .filter((g) => g.items.length > 0);
  return (
    <Select
      aria-label={label}
      placeholder="Add condition…"
      searchable
      data={data}
      value={null}
      onChange={(key) => {
        const f = fields.find((x) => x.key === key);
        if (f) onPick(f);
      }}
      w={240}
      leftSection={<IconPlus size={14} />}
    />
  );
}

function ConditionRow({
  condition,
  fields,
  onChange,
  onRemove,
}: {
  condition: SegmentCondition;
  fields: SegmentField[];
  onChange: (c: SegmentCondition) => void;
  onRemove: () => void;
}) {
  const field = fields.find((f) => f.key === condition.field);
  if (!field) {
    return (
      <Group gap="xs">
        <Text size="sm" c="red">
          Unknown field {condition.field}
        </Text>
        <ActionIcon variant="subtle" color="red" aria-label="Remove condition" onClick={onRemove}>
          <IconTrash size={14} />
        </ActionIcon>
      </Group>
    );
  }
  return (
    <Group gap="xs" wrap="wrap" data-testid="condition">
      <Text size="sm" fw={500} miw={140}>
        {field.label}
      </Text>
      <Select
        aria-label={`${field.label} operator`}
        data={OPERATORS_BY_TYPE[field.type].map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
        value={condition.operator}
        allowDeselect={false}
        onChange={(op) => {
          if (!op) return;
          const operator = op as SegmentOperator;
          onChange({ field: condition.field, operator, ...defaultValue(field, operator) });
        }}
        w={170}
      />
      <ValueInput
        field={field}
        operator={condition.operator}
        value={(condition.value ?? null) as never}
        onChange={(value) => onChange({ ...condition, value: value as SegmentCondition['value'] })}
      />
      <ActionIcon variant="subtle" color="red" aria-label={`Remove ${field.label} condition`} onClick={onRemove}>
        <IconTrash size={14} />
      </ActionIcon>
    </Group>
  );
}

function GroupEditor({
  group,
  path,
  fields,
  onChange,
  root,
}: {
  group: SegmentGroup;
  path: GroupPath;
  fields: SegmentField[];
  root: SegmentCriteria;
  onChange: (c: SegmentCriteria) => void;
}) {
  const depth = path.length;
  return (
    <Paper withBorder p="sm" radius="md" bg={depth % 2 ? 'var(--mantine-color-default-hover)' : undefined}>
      <Stack gap="xs">
        <Group justify="space-between">
          <SegmentedControl
            size="xs"
            aria-label={depth ? `Group ${path.join('.')} match` : 'Match'}
            data={[
              { value: 'and', label: 'All (AND)' },
              { value: 'or', label: 'Any (OR)' },
            ]}
            value={group.match}
            onChange={(m) => onChange(setMatch(root, path, m as 'and' | 'or'))}
          />
          {depth > 0 && (
            <Button size="compact-xs" variant="subtle" color="red" onClick={() => onChange(removeGroup(root, path))}>
              Remove group
            </Button>
          )}
        </Group>
        {(group.conditions ?? []).map((c, i) => (
          <ConditionRow
            key={i}
            condition={c}
            fields={fields}
            onChange={(next) => onChange(updateCondition(root, path, i, next))}
            onRemove={() => onChange(removeCondition(root, path, i))}
          />
        ))}
        {(group.groups ?? []).map((g, i) => (
          <GroupEditor key={`g${i}`} group={g} path={[...path, i]} fields={fields} root={root} onChange={onChange} />
        ))}
        <Group gap="xs">
          <FieldPicker
            fields={fields}
            label={depth ? `Add condition to group ${path.join('.')}` : 'Add condition'}
            onPick={(f) => onChange(addCondition(root, path, newCondition(f)))}
          />
          {depth < 4 && (
            <Button size="xs" variant="default" onClick={() => onChange(addGroup(root, path))}>
              Add group
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

const ENTITY_LABELS: Record<SegmentEntity, string> = {
  contacts: 'Contacts',
  companies: 'Companies',
  leads: 'Leads',
  deals: 'Deals',
};

/**
 * The segment builder: entity picker, nested AND/OR groups of conditions (field picker with search,
 * operators by field type, value inputs by type), the live count of matching records (debounced
 * `POST /segments/preview`) and save (create, or update with If-Match). `onSaved` gets the segment.
 */
export function SegmentBuilder({ segment, onSaved }: { segment?: SegmentWire; onSaved?: (s: SegmentWire) => void }) {
  const [entity, setEntity] = useState<SegmentEntity>(segment?.entity ?? 'contacts');
  const [name, setName] = useState(segment?.name ?? '');
  const [criteria, setCriteria] = useState<SegmentCriteria>((segment?.criteria as SegmentCriteria) ?? emptyCriteria());
  const fields = useSegmentFields(entity);
  const complete = useMemo(() => completeCriteria(criteria) as SegmentCriteria, [criteria]);
  const [debounced] = useDebouncedValue(complete, PREVIEW_DEBOUNCE_MS);
  // "Count exactly" asks for the count up to 10,000 for the criteria shown, until they change.
  const previewKey = JSON.stringify([entity, debounced]);
  const [exactFor, setExactFor] = useState<string | null>(null);
  const exact = exactFor === previewKey;
  const preview = useSegmentPreview(entity, debounced, true, exact);
  const create = useCreateSegment();
  const update = useUpdateSegment();
  const saving = create.isPending || update.isPending;

  const save = () => {
    const body = { name: name.trim(), entity, criteria: complete };
    const done = {
      onSuccess: (s: SegmentWire) => {
        notifySuccess(`Segment ${s.name} saved`);
        onSaved?.(s);
      },
      onError: (err: unknown) => notifyError(err, 'Could not save the segment'),
    };
    if (segment) update.mutate({ ...body, id: segment.id, version: segment.version }, done);
    else create.mutate(body, done);
  };

  return (
    <Stack gap="md">
      <Group align="end">
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} w={280} required />
        <SegmentedControl
          aria-label="Entity"
          disabled={!!segment}
          data={SEGMENT_ENTITIES.map((e) => ({ value: e, label: ENTITY_LABELS[e] }))}
          value={entity}
          onChange={(e) => {
            setEntity(e as SegmentEntity);
            setCriteria(emptyCriteria());
          }}
        />
      </Group>
      <GroupEditor group={criteria} path={[]} fields={fields.data ?? []} root={criteria} onChange={setCriteria} />
      <Group justify="space-between">
        <Group gap="xs">
          <Text size="sm" aria-live="polite" data-testid="segment-count">
            {preview.error
              ? preview.error instanceof ApiError
                ? preview.error.message
                : 'The count is not available'
              : preview.data
                ? `${preview.data.count.toLocaleString()}${preview.data.count_capped ? '+' : ''} ${ENTITY_LABELS[entity].toLowerCase()} match`
                : 'Counting…'}
            {preview.isFetching && preview.data ? ' · updating…' : ''}
          </Text>
          {preview.data?.count_capped && !exact && !preview.isFetching && (
            <Button size="compact-xs" variant="subtle" onClick={() => setExactFor(previewKey)}>
              Count exactly
            </Button>
          )}
        </Group>
        <Button onClick={save} loading={saving} disabled={!name.trim()}>
          {segment ? 'Save changes' : 'Save segment'}
        </Button>
      </Group>
      {preview.error instanceof ApiError && preview.error.status >= 500 && (
        <Alert color="red">The preview failed; try again.</Alert>
      )}
    </Stack>
  );
}
