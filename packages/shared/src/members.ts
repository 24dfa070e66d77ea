import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Role } from './roles.js';

/**
 * `active`: a user's membership. `inactive`: a person created by an import's "unknown owners →
 * create inactive members" option — no user, cannot sign in, can own and be assigned records;
 * inviting their email and accepting activates the same membership (records keep their owner).
 */
export const MemberStatus = z.enum(['active', 'inactive']);
export type MemberStatus = z.infer<typeof MemberStatus>;

/**
 * A membership of the current organisation. `id` is the membership id (what records' `owner_id`
 * holds). `user_id` is null and `email` may be null while `status` is `inactive`.
 */
export const Member = z.object({
  id: Id,
  user_id: Id.nullable(),
  name: z.string(),
  email: z.string().nullable(),
  status: MemberStatus,
  role: Role,
  created_at: Timestamp,
  version: z.number().int(),
});
export type Member = z.infer<typeof Member>;

/**
 * `GET /api/v1/members` query: optional text filter on name/email, optional status filter, sort by
 * name (default) or join time.
 */
export const MemberListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  status: MemberStatus.optional(),
  sort: z.enum(['name', '-name', 'created_at', '-created_at']).default('name'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type MemberListQuery = z.infer<typeof MemberListQuery>;

/** `PATCH /api/v1/members/{id}`: change the role (admin+; only owners grant or take `owner`). */
export const UpdateMemberBody = z.strictObject({ role: Role });
