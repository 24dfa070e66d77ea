/**
 * Demo data for a first start (`RELATA_DEMO`, on by default): a "Demo Company" organisation owned by
 * demo@example.com / demo1234 with a handful of colleagues in every role, two teams and a pending
 * invitation. Idempotent: does nothing when the demo user exists.
 */
import { eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '@relata/shared';
import type { Db } from '../../db/client.js';
import { invitations, memberships, sessions, team_members, teams, users } from '../../db/schema/index.js';
import { withTenant } from '../../db/tenant.js';
import { hashToken, issueOrgToken } from '../../lib/tokens.js';
import type { Auth } from '../auth/better-auth.js';
import { INVITATION_PREFIX } from '../invitations/invitations.service.js';
import { createOrg } from '../orgs/orgs.service.js';

export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_PASSWORD = 'demo1234';

const COLLEAGUES: Array<{ name: string; email: string; role: Role }> = [
  { name: 'Alex Rivera', email: 'alex@example.com', role: 'admin' },
  { name: 'Sam Patel', email: 'sam@example.com', role: 'manager' },
  { name: 'Jordan Lee', email: 'jordan@example.com', role: 'member' },
  { name: 'Casey Kim', email: 'casey@example.com', role: 'member' },
  { name: 'Morgan Diaz', email: 'morgan@example.com', role: 'viewer' },
];

/** Creates a user with an email+password account through better-auth's public sign-up. */
async function createUser(
  db: Db,
  auth: Auth,
  params: { name: string; email: string; password: string },
): Promise<string> {
  const { user } = await auth.api.signUpEmail({ body: params });
  // Sign-up signs the new user in; nobody is at the keyboard, so drop that session.
  await db.delete(sessions).where(eq(sessions.user_id, user.id));
  return user.id;
}

/** Seeds the demo organisation once. Returns whether it created anything. */
export async function seedDemo(db: Db, auth: Auth): Promise<boolean> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL));
  if (existing.length) return false;
  const ownerId = await createUser(db, auth, { name: 'Demo User', email: DEMO_EMAIL, password: DEMO_PASSWORD });
  const colleagueIds: string[] = [];
  for (const c of COLLEAGUES) colleagueIds.push(await createUser(db, auth, { ...c, password: DEMO_PASSWORD }));

  await withTenant(db, { orgId: null, userId: ownerId }, async (tx) => {
    const org = await createOrg(tx, { userId: ownerId, sessionId: null, name: 'Demo Company', slug: 'demo' });
    const membershipIds = new Map<string, string>();
    for (const [i, c] of COLLEAGUES.entries()) {
      const id = uuidv7();
      membershipIds.set(c.email, id);
      await tx.insert(memberships).values({ org_id: org.id, id, user_id: colleagueIds[i]!, role: c.role });
    }
    const teamDefs = [
      {
        name: 'Inbound',
        description: 'Qualifies web and event leads',
        members: [
          ['sam@example.com', true],
          ['jordan@example.com', false],
          ['casey@example.com', false],
        ],
      },
      {
        name: 'Enterprise',
        description: 'Named accounts over 500 employees',
        members: [
          ['alex@example.com', true],
          ['morgan@example.com', false],
        ],
      },
    ] as const;
    for (const t of teamDefs) {
      const teamId = uuidv7();
      await tx.insert(teams).values({ org_id: org.id, id: teamId, name: t.name, description: t.description });
      for (const [email, isLead] of t.members) {
        await tx.insert(team_members).values({
          org_id: org.id,
          id: uuidv7(),
          team_id: teamId,
          membership_id: membershipIds.get(email)!,
          is_lead: isLead,
        });
      }
    }
    await tx.insert(invitations).values({
      org_id: org.id,
      id: uuidv7(),
      email: 'taylor@example.com',
      role: 'member',
      token_hash: hashToken(issueOrgToken(INVITATION_PREFIX, org.id)),
      invited_by: ownerId,
      expires_at: new Date(Date.now() + 7 * 86_400_000),
    });
  });
  return true;
}
