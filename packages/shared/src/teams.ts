import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const TeamName = z.string().trim().min(1, { error: 'is required' }).max(80);

/** A team: a named group of members (sales pods, regions); a lead can manage it. */
export const Team = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  member_count: z.number().int(),
  created_at: Timestamp,
  version: z.number().int(),
});
export type Team = z.infer<typeof Team>;

export const TeamMember = z.object({
  membership_id: Id,
  user_id: Id,
  name: z.string(),
  email: z.string(),
  is_lead: z.boolean(),
});

export const TeamDetail = Team.extend({ members: z.array(TeamMember) });

/** `POST /api/v1/teams` (manager+). */
export const CreateTeamBody = z.strictObject({
  name: TeamName,
  description: z.string().trim().max(500).nullable().optional(),
});

/** `PATCH /api/v1/teams/{id}` (manager+; `If-Match` honoured). */
export const UpdateTeamBody = z.strictObject({
  name: TeamName.optional(),
  description: z.string().trim().max(500).nullable().optional(),
});

/** `PUT /api/v1/teams/{id}/members/{membership_id}`: add or update a member (manager+). */
export const PutTeamMemberBody = z.strictObject({ is_lead: z.boolean().default(false) });
export const TeamMemberParams = z.strictObject({ id: Id, membership_id: Id });
