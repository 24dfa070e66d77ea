import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** Tag colour: a CSS hex colour `#rrggbb` (lower-cased). */
export const TagColor = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^#[0-9a-f]{6}$/, { error: 'must be a hex colour such as #228be6' })
  .meta({ examples: ['#228be6'] });

export const TagName = z.string().trim().min(1, { error: 'is required' }).max(50);

/** A tag with the number of live records carrying it, per record type. */
export const Tag = z.object({
  id: Id,
  name: z.string(),
  color: z.string(),
  usage: z.object({ companies: z.number().int(), contacts: z.number().int() }),
  created_at: Timestamp,
  version: z.number().int(),
});
export type Tag = z.infer<typeof Tag>;

/** `GET /api/v1/tags`: by name; `q` filters by name. */
export const TagListQuery = z.strictObject({
  q: z.string().trim().min(1).max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  cursor: z.string().min(1).max(512).optional(),
});

/** `POST /api/v1/tags` (member+). Names are unique per organisation, case-insensitively. */
export const CreateTagBody = z.strictObject({ name: TagName, color: TagColor.default('#868e96') });

/** `PATCH /api/v1/tags/{id}`: rename or recolour (member+; `If-Match` honoured). */
export const UpdateTagBody = z.strictObject({ name: TagName.optional(), color: TagColor.optional() });

/** `POST /api/v1/tags/{id}/merge`: moves every use of this tag onto `into_id`, then deletes this tag. */
export const MergeTagBody = z.strictObject({ into_id: Id });
