import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Role } from './roles.js';

/** A user's membership of the current organisation. `id` is the membership id. */
export const Member = z.object({
  id: Id,
  user_id: Id,
  name: z.string(),
  email: z.string(),
  role: Role,
  created_at: Timestamp,
  version: z.number().int(),
});
export type Member = z.infer<typeof Member>;

/** `GET /api/v1/members` query: optional text filter on name/email, sort by name (default) or join time. */
export const MemberListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  sort: z.enum(['name', '-name', 'created_at', '-created_at']).default('name'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

/** `PATCH /api/v1/members/{id}`: change the role (admin+; only owners grant or take `owner`). */
export const UpdateMemberBody = z.strictObject({ role: Role });
