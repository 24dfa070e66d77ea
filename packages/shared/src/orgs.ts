import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Role } from './roles.js';
import { CountryCode } from './countries.js';

/**
 * Record visibility rule (DESIGN §2): `private` — members see and edit only their own and unassigned
 * records; `shared` — members see and edit every record. Managers, admins and owners always see all;
 * viewers read all and write nothing.
 */
export const RecordVisibility = z.enum(['private', 'shared']);
export type RecordVisibility = z.infer<typeof RecordVisibility>;

/** URL-safe organisation handle: 3–48 of a–z, 0–9 and inner hyphens. */
export const Slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,46})[a-z0-9]$/, {
    error: 'must be 3–48 characters of a–z, 0–9 and hyphens, not starting or ending with a hyphen',
  });

/** An organisation (workspace): the tenant every record belongs to. */
export const Org = z.object({
  id: Id,
  name: z.string(),
  slug: z.string(),
  /** ISO 3166-1 alpha-2 region used to read phone numbers typed without a country code. */
  default_region: z.string(),
  record_visibility: RecordVisibility,
  created_at: Timestamp,
  version: z.number().int(),
});
export type Org = z.infer<typeof Org>;

export const OrgName = z.string().trim().min(2, { error: 'must be at least 2 characters' }).max(100);

/** `POST /api/v1/orgs`: the caller becomes its owner and it becomes their active organisation. */
export const CreateOrgBody = z.strictObject({ name: OrgName, slug: Slug.optional() });
export type CreateOrgBody = z.infer<typeof CreateOrgBody>;

/** `PATCH /api/v1/org` (admin+; `If-Match: <version>` optional → 412 when stale). */
export const UpdateOrgBody = z.strictObject({
  name: OrgName.optional(),
  slug: Slug.optional(),
  default_region: CountryCode.optional(),
  record_visibility: RecordVisibility.optional(),
});

/** The created organisation together with the caller's role in it. */
export const CreatedOrg = Org.extend({ role: Role });

/**
 * `GET /api/v1/org/stats`: counts for the home page. `pending_invitations` is null for callers who
 * may not see invitations (below admin); `api_keys` counts active keys the caller can see.
 */
export const OrgStats = z.object({
  members: z.number().int(),
  teams: z.number().int(),
  pending_invitations: z.number().int().nullable(),
  api_keys: z.number().int(),
});
export type OrgStats = z.infer<typeof OrgStats>;
