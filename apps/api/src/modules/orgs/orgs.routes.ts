/** `/api/v1/orgs` (create) and `/api/v1/org` (the active organisation). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateOrgBody, CreatedOrg, Org, OrgStats, roleAtLeast, UpdateOrgBody } from '@relata/shared';
import { countActiveApiKeys } from '../api-keys/api-keys.service.js';
import { countInvitations } from '../invitations/invitations.service.js';
import { countMembers } from '../members/members.service.js';
import { countTeams } from '../teams/teams.service.js';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { createOrg, getOrg, updateOrg } from './orgs.service.js';

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['organisations'];

  app.post(
    '/api/v1/orgs',
    {
      schema: {
        tags,
        summary: 'Create an organisation; the caller becomes its owner and switches to it',
        body: CreateOrgBody,
        response: { 201: CreatedOrg },
      },
      config: { access: { level: 'user' } },
    },
    async (req, reply) => {
      const sessionId = req.ctx.auth.kind === 'session' ? req.ctx.auth.sessionId : null;
      const org = await createOrg(req.tx, {
        userId: req.ctx.userId,
        sessionId,
        name: req.body.name,
        slug: req.body.slug,
      });
      reply.status(201);
      return org;
    },
  );

  app.get(
    '/api/v1/org',
    {
      schema: { tags, summary: 'The active organisation', response: { 200: Org } },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      const org = await getOrg(req.tx, { orgId: req.org.orgId });
      setEtag(reply, org.version);
      return org;
    },
  );

  app.patch(
    '/api/v1/org',
    {
      schema: {
        tags,
        summary: 'Change the active organisation: name, handle, default phone region, record visibility (admin)',
        description: 'Send `If-Match: "<version>"` to refuse the change (412) if someone changed it meanwhile.',
        body: UpdateOrgBody,
        response: { 200: Org },
      },
      config: { access: { level: 'org', minRole: 'admin', scope: 'admin' } },
    },
    async (req, reply) => {
      const org = await updateOrg(req.tx, { orgId: req.org.orgId, ...req.body, expectedVersion: expectedVersion(req) });
      setEtag(reply, org.version);
      return org;
    },
  );

  app.get(
    '/api/v1/org/stats',
    {
      schema: {
        tags,
        summary: 'Counts for the home page: members, teams, pending invitations (admins), API keys',
        response: { 200: OrgStats },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => {
      const { org } = req;
      return {
        members: await countMembers(req.tx, { orgId: org.orgId }),
        teams: await countTeams(req.tx, { orgId: org.orgId }),
        pending_invitations: roleAtLeast(org.role, 'admin')
          ? await countInvitations(req.tx, { orgId: org.orgId, status: 'pending' })
          : null,
        api_keys: await countActiveApiKeys(req.tx, { ctx: org }),
      };
    },
  );
};
