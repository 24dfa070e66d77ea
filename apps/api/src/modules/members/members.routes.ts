/** `/api/v1/members`: the people of the active organisation and their roles. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams, Member, MemberListQuery, NoContent, Page, UpdateMemberBody } from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { changeRole, getMember, listMembers, removeMember } from './members.service.js';

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['members'];

  app.get(
    '/api/v1/members',
    {
      schema: { tags, summary: 'List members', querystring: MemberListQuery, response: { 200: Page(Member) } },
      config: { access: { level: 'org' } },
    },
    async (req) => listMembers(req.tx, { orgId: req.org.orgId, ...req.query }),
  );

  app.get(
    '/api/v1/members/:id',
    {
      schema: { tags, summary: 'One member', params: IdParams, response: { 200: Member } },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      const member = await getMember(req.tx, { orgId: req.org.orgId, id: req.params.id });
      setEtag(reply, member.version);
      return member;
    },
  );

  app.patch(
    '/api/v1/members/:id',
    {
      schema: {
        tags,
        summary: 'Change a member’s role (admin; owners alone grant or take owner)',
        params: IdParams,
        body: UpdateMemberBody,
        response: { 200: Member },
      },
      config: { access: { level: 'org', minRole: 'admin', scope: 'admin' } },
    },
    async (req, reply) => {
      const member = await changeRole(req.tx, {
        ctx: req.org,
        id: req.params.id,
        role: req.body.role,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, member.version);
      return member;
    },
  );

  app.delete(
    '/api/v1/members/:id',
    {
      schema: {
        tags,
        summary: 'Remove a member (admin), or leave the organisation (your own id)',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: { level: 'org', minRole: 'viewer', scope: 'admin' } },
    },
    async (req, reply) => {
      await removeMember(req.tx, { ctx: req.org, id: req.params.id });
      reply.status(204);
      return null;
    },
  );
};
