/** `/api/v1/invitations`: invite people by link; preview and accept a link. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AcceptInvitationBody,
  CreateInvitationBody,
  CreatedInvitation,
  IdParams,
  Invitation,
  InvitationListQuery,
  InvitationPreview,
  InvitationToken,
  Me,
  Page,
} from '@relata/shared';
import { getMe } from '../me/me.service.js';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
} from './invitations.service.js';

const adminOnly = { level: 'org', minRole: 'admin', scope: 'admin' } as const;

export const invitationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['invitations'];

  app.get(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary: 'List invitations, newest first, optionally of one status (admin)',
        querystring: InvitationListQuery,
        response: { 200: Page(Invitation) },
      },
      config: { access: adminOnly },
    },
    async (req) => listInvitations(req.tx, { orgId: req.org.orgId, ...req.query }),
  );

  app.post(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email (admin); returns the invitation link once',
        body: CreateInvitationBody,
        response: { 201: CreatedInvitation },
      },
      config: { access: adminOnly, secretResponse: true },
    },
    async (req, reply) => {
      const created = await createInvitation(req.tx, { ctx: req.org, baseUrl: app.config.baseUrl, ...req.body });
      reply.status(201);
      return created;
    },
  );

  app.post(
    '/api/v1/invitations/:id/resend',
    {
      schema: {
        tags,
        summary: 'Issue a new link and expiry for a pending invitation (admin); the old link stops working',
        params: IdParams,
        response: { 200: CreatedInvitation },
      },
      config: { access: adminOnly, secretResponse: true },
    },
    async (req) => resendInvitation(req.tx, { ctx: req.org, id: req.params.id, baseUrl: app.config.baseUrl }),
  );

  app.delete(
    '/api/v1/invitations/:id',
    {
      schema: { tags, summary: 'Revoke a pending invitation (admin)', params: IdParams, response: { 200: Invitation } },
      config: { access: adminOnly },
    },
    async (req) => revokeInvitation(req.tx, { orgId: req.org.orgId, id: req.params.id }),
  );

  app.get(
    '/api/v1/invitations/lookup',
    {
      schema: {
        tags,
        summary: 'What an invitation link is for (public); 410 when revoked or expired',
        querystring: z.strictObject({ token: InvitationToken }),
        response: { 200: InvitationPreview },
      },
      config: { access: { level: 'public' } },
    },
    async (req) => previewInvitation(app.db, req.query.token),
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation as the signed-in user (must be the invited email); switches to the organisation',
        body: AcceptInvitationBody,
        response: { 200: Me },
      },
      config: { access: { level: 'user' } },
    },
    async (req) => {
      const { orgId, role, membershipId } = await acceptInvitation(req.tx, {
        ctx: req.ctx,
        token: req.body.token,
        jobs: app.jobs,
      });
      return getMe(req.tx, { ...req.ctx, orgId, role, membershipId });
    },
  );
};
