import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Role, Scope } from './roles.js';
import { PersonName } from './auth.js';

/** A person who can sign in. Global (not per organisation). */
export const User = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  created_at: Timestamp,
});
export type User = z.infer<typeof User>;

/** One organisation the user belongs to, for the organisation switcher. */
export const MembershipSummary = z.object({
  org_id: Id,
  org_name: z.string(),
  org_slug: z.string(),
  role: Role,
});

/**
 * `GET /api/v1/me`: who is calling, in which organisation and with which role.
 * `org` and `role` are null when a signed-in user has no organisation selected (or none at all).
 * `auth.kind` tells how the caller authenticated; `auth.scopes` is set for API keys.
 */
export const Me = z.object({
  user: User,
  org: z.object({ id: Id, name: z.string(), slug: z.string() }).nullable(),
  role: Role.nullable(),
  memberships: z.array(MembershipSummary),
  auth: z.object({ kind: z.enum(['session', 'api_key']), scopes: z.array(Scope).nullable() }),
});
export type Me = z.infer<typeof Me>;

/** `PATCH /api/v1/me` */
export const UpdateProfileBody = z.strictObject({ name: PersonName });

/** `POST /api/v1/me/active-org` */
export const SwitchOrgBody = z.strictObject({ org_id: Id });

/** Result of sign-up and sign-in (the session cookie is set on the response). */
export const AuthResult = z.object({ user: User });
