/** `/api/v1/me`: the caller, their active organisation and role; profile and organisation switch. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Me, SwitchOrgBody, UpdateProfileBody } from '@relata/shared';
import { getMe, setActiveOrg, updateProfile } from './me.service.js';

export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['me'];

  app.get(
    '/api/v1/me',
    {
      schema: { tags, summary: 'The caller: user, active organisation, role, memberships', response: { 200: Me } },
      config: { access: { level: 'user', apiKey: true } },
    },
    async (req) => getMe(req.tx, req.ctx),
  );

  app.patch(
    '/api/v1/me',
    {
      schema: { tags, summary: 'Update the signed-in user’s profile', body: UpdateProfileBody, response: { 200: Me } },
      config: { access: { level: 'user' } },
    },
    async (req) => {
      await updateProfile(req.tx, { userId: req.ctx.userId, name: req.body.name });
      return getMe(req.tx, req.ctx);
    },
  );

  app.post(
    '/api/v1/me/active-org',
    {
      schema: {
        tags,
        summary: 'Switch the session to another organisation the user belongs to',
        body: SwitchOrgBody,
        response: { 200: Me },
      },
      config: { access: { level: 'user' } },
    },
    async (req) => {
      const { ctx } = req;
      const sessionId = ctx.auth.kind === 'session' ? ctx.auth.sessionId : '';
      const orgId = req.body.org_id;
      const { role, membershipId } = await setActiveOrg(req.tx, { userId: ctx.userId, sessionId, orgId });
      return getMe(req.tx, { ...ctx, orgId, role, membershipId });
    },
  );
};
