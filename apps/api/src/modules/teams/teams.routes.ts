/** `/api/v1/teams`: groups of members (managers and above edit them). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateTeamBody,
  IdParams,
  NoContent,
  Page,
  PageQuery,
  PutTeamMemberBody,
  Team,
  TeamDetail,
  TeamMemberParams,
  UpdateTeamBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import {
  createTeam,
  deleteTeam,
  getTeam,
  listTeams,
  putTeamMember,
  removeTeamMember,
  updateTeam,
} from './teams.service.js';

const managers = { level: 'org', minRole: 'manager' } as const;

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['teams'];

  app.get(
    '/api/v1/teams',
    {
      schema: { tags, summary: 'List teams by name', querystring: PageQuery, response: { 200: Page(Team) } },
      config: { access: { level: 'org' } },
    },
    async (req) => listTeams(req.tx, { orgId: req.org.orgId, ...req.query }),
  );

  app.post(
    '/api/v1/teams',
    {
      schema: { tags, summary: 'Create a team (manager)', body: CreateTeamBody, response: { 201: TeamDetail } },
      config: { access: managers },
    },
    async (req, reply) => {
      reply.status(201);
      return createTeam(req.tx, { orgId: req.org.orgId, ...req.body });
    },
  );

  app.get(
    '/api/v1/teams/:id',
    {
      schema: { tags, summary: 'A team with its members', params: IdParams, response: { 200: TeamDetail } },
      config: { access: { level: 'org' } },
    },
    async (req, reply) => {
      const team = await getTeam(req.tx, { orgId: req.org.orgId, id: req.params.id });
      setEtag(reply, team.version);
      return team;
    },
  );

  app.patch(
    '/api/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Rename or describe a team (manager)',
        params: IdParams,
        body: UpdateTeamBody,
        response: { 200: TeamDetail },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      const team = await updateTeam(req.tx, {
        orgId: req.org.orgId,
        id: req.params.id,
        ...req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, team.version);
      return team;
    },
  );

  app.delete(
    '/api/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Delete a team (manager); its members stay in the organisation',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: managers },
    },
    async (req, reply) => {
      await deleteTeam(req.tx, { orgId: req.org.orgId, id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  app.put(
    '/api/v1/teams/:id/members/:membership_id',
    {
      schema: {
        tags,
        summary: 'Add a member to a team or change their lead flag (manager)',
        params: TeamMemberParams,
        body: PutTeamMemberBody,
        response: { 200: TeamDetail },
      },
      config: { access: managers },
    },
    async (req) =>
      putTeamMember(req.tx, {
        orgId: req.org.orgId,
        teamId: req.params.id,
        membershipId: req.params.membership_id,
        isLead: req.body.is_lead,
      }),
  );

  app.delete(
    '/api/v1/teams/:id/members/:membership_id',
    {
      schema: {
        tags,
        summary: 'Remove a member from a team (manager)',
        params: TeamMemberParams,
        response: { 200: TeamDetail },
      },
      config: { access: managers },
    },
    async (req) =>
      removeTeamMember(req.tx, { orgId: req.org.orgId, teamId: req.params.id, membershipId: req.params.membership_id }),
  );
};
