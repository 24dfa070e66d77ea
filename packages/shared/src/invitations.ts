import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Email } from './auth.js';
import { Role } from './roles.js';

export const InvitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);

/**
 * An invitation to join the current organisation. `expired` is derived from `expires_at`.
 * `member_id`: the inactive member the invitation activates (null: on acceptance the invitee's
 * address is matched against inactive members, else a new membership is created).
 */
export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  member_id: Id.nullable(),
  status: InvitationStatus,
  invited_by: z.object({ id: Id, name: z.string() }).nullable(),
  expires_at: Timestamp,
  created_at: Timestamp,
});
export type Invitation = z.infer<typeof Invitation>;

/** `GET /api/v1/invitations` query: optional status filter, keyset pagination (newest first). */
export const InvitationListQuery = z.strictObject({
  status: InvitationStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type InvitationListQuery = z.infer<typeof InvitationListQuery>;

/**
 * `POST /api/v1/invitations` (admin+). `expires_in_days` 1–30, default 7. `member_id`: an inactive
 * member to activate on acceptance (the members list's "Invite" action); 404 unknown, 409 active.
 */
export const CreateInvitationBody = z.strictObject({
  email: Email,
  role: Role.default('member'),
  expires_in_days: z.number().int().min(1).max(30).default(7),
  member_id: Id.optional(),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBody>;

/** The created invitation plus its secret link (shown once; only a hash is stored). */
export const CreatedInvitation = Invitation.extend({ token: z.string(), url: z.string() });

/** Invitation token in a query or body: `<org part>.<secret>` as issued in the link. */
export const InvitationToken = z.string().min(20).max(200);

/** `GET /api/v1/invitations/lookup?token=` (public): what an invitation link is for. */
export const InvitationPreview = z.object({
  org_name: z.string(),
  email: z.string(),
  role: Role,
  invited_by_name: z.string().nullable(),
  expires_at: Timestamp,
  status: InvitationStatus,
});

/** `POST /api/v1/invitations/accept` (signed in with the invited email). */
export const AcceptInvitationBody = z.strictObject({ token: InvitationToken });
