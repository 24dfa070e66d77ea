/**
 * Who is acting on CRM records, and what they may see (DESIGN §2 "Record visibility"):
 * under the organisation's `private` rule a member sees and edits only records they own and
 * unassigned ones; under `shared` members see all. Managers, admins and owners see all; viewers read
 * all and write nothing (the tenancy plugin refuses their writes). Records a caller may not see
 * answer 404, as if they did not exist.
 */
import type { FastifyRequest } from 'fastify';
import { eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { RecordVisibility, Role } from '@relata/shared';

export interface Actor {
  orgId: string;
  userId: string;
  membershipId: string;
  role: Role;
  visibility: RecordVisibility;
  /** ISO 3166-1 region for phone numbers without a country code. */
  region: string;
}

/**
 * The caller of an org route as a record actor. The organisation's settings come with the request's
 * first statement (plugins/tenancy.ts), so this reads nothing; async for the call sites' sake.
 */
export function recordActor(req: FastifyRequest): Promise<Actor> {
  const { orgId, userId, membershipId, role, orgSettings } = req.org;
  return Promise.resolve({
    orgId,
    userId,
    membershipId,
    role,
    visibility: orgSettings.recordVisibility,
    region: orgSettings.defaultRegion,
  });
}

/** True when the actor sees every record of the organisation. */
export const seesAll = (actor: Actor) => actor.role !== 'member' || actor.visibility === 'shared';

/** The visibility condition on a record table's `owner_id` (undefined = no restriction). */
export function visibleTo(actor: Actor, ownerId: AnyPgColumn): SQL | undefined {
  if (seesAll(actor)) return undefined;
  return or(eq(ownerId, actor.membershipId), isNull(ownerId));
}

/**
 * {@link visibleTo} for hand-written SQL: `owner` is the owner column as the statement names it
 * (e.g. sql.raw('c.owner_id')); `true` when the actor sees all.
 */
export function visibleOwner(actor: Actor, owner: SQL): SQL {
  if (seesAll(actor)) return sql`true`;
  return sql`(${owner} = ${actor.membershipId}::uuid or ${owner} is null)`;
}
