/**
 * Saved views (issue 7): a member's setup of a record list — filters (the list's query parameters)
 * or a segment, columns, sort, layout — kept private or shared with the organisation, with one
 * default view per entity per member. Views survive schema changes: a custom field that no longer
 * exists is dropped from the view when it is read, with a notice (never an error).
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { SegmentEntity } from './segments.js';

export const VIEW_LAYOUTS = ['list', 'board'] as const;
export const ViewLayout = z.enum(VIEW_LAYOUTS);

/** A column or sort key: a field name or `cf.<key>`. */
const ColumnKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}(\.[a-z][a-z0-9_]{0,39})?$/, { error: 'must be a field name or cf.<key>' });

/** List query parameters by name (`q`, `owner_id`, `cf.size.gte`…); checked against the entity's list filters. */
export const ViewFilters = z
  .record(z.string().max(60), z.string().max(500))
  .refine((o) => Object.keys(o).length <= 50, {
    error: 'at most 50 filters',
  });

export const SavedView = z.object({
  id: Id,
  name: z.string(),
  entity: SegmentEntity,
  filters: z.record(z.string(), z.string()),
  segment_id: Id.nullable(),
  columns: z.array(z.string()),
  /** A list sort (`-updated_at`, `cf.size`); null = the list's default. */
  sort: z.string().nullable(),
  layout: ViewLayout,
  shared: z.boolean(),
  /** Membership id of the member who made it. */
  owner_id: Id,
  /** The caller's default view for this entity. */
  is_default: z.boolean(),
  /** True when the caller may change or delete it (its owner, or an admin/owner for a shared view). */
  editable: z.boolean(),
  /** What was dropped from the view as read (a removed custom field…): shown to the user, not an error. */
  notices: z.array(z.string()),
  version: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type SavedView = z.infer<typeof SavedView>;

const viewFields = {
  name: z.string().trim().min(1).max(120),
  filters: ViewFilters.optional(),
  segment_id: Id.nullable().optional(),
  columns: z.array(ColumnKey).max(50).optional(),
  sort: z
    .string()
    .regex(/^-?[a-z][a-z0-9_]{0,59}(\.[a-z][a-z0-9_]{0,39})?$/, { error: 'must be a sort key such as -updated_at' })
    .nullable()
    .optional(),
  layout: ViewLayout.optional(),
  /** Shared with the organisation (everyone sees it; its owner or an admin changes it). */
  shared: z.boolean().optional(),
};

export const CreateViewBody = z.strictObject({ ...viewFields, entity: SegmentEntity });
export type CreateViewBody = z.infer<typeof CreateViewBody>;

/** `PATCH /views/{id}` (`If-Match` → 412 when stale); the entity cannot change. */
export const UpdateViewBody = z.strictObject({ ...viewFields, name: viewFields.name.optional() });
export type UpdateViewBody = z.infer<typeof UpdateViewBody>;

/** `GET /views?entity=`: the caller's views plus the organisation's shared ones. */
export const ViewListQuery = z.strictObject({ entity: SegmentEntity });

export const ViewList = z.object({ data: z.array(SavedView) });
