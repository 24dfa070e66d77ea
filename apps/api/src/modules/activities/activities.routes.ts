/**
 * `/api/v1/activities`: calls, meetings, emails, tasks and other sales work linked to leads, deals,
 * contacts and companies (issue 5). Times are ISO 8601 UTC. Activities the caller may not see — and
 * other organisations' — answer 404. Writes honour `If-Match` (412 when stale) and return the
 * activity's `ETag`; viewers cannot write (403, tenancy plugin). `/my/*` routes are registered
 * before `/:id`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  Activity,
  ActivityListQuery,
  CompleteActivityBody,
  CreateActivityBody,
  IdParams,
  NoContent,
  OverdueActivitiesQuery,
  Page,
  UpcomingActivitiesQuery,
  UpdateActivityBody,
} from '@relata/shared';
import { sendPlainJson } from '../../lib/serialize.js';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { listActivities, overdueActivities, upcomingActivities } from './activities.list.js';
import { transitionActivity, type Transition } from './activities.machine.js';
import { createActivity, deleteActivity, getActivity, updateActivity } from './activities.service.js';

const org = { level: 'org' } as const;

export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['activities'];

  /** `GET /activities`: a keyset page of the activities the caller sees, filtered and sorted. */
  app.get(
    '/api/v1/activities',
    {
      schema: {
        tags,
        summary: 'List activities: filters, sort by due or created time, keyset pages',
        description:
          'Filters: type, status, assignee_id (membership id, `me`, `none`), priority, due_from/due_to, completed_from/completed_to (a date means its whole UTC day), record_type + record_id (activities linked to that record; an unknown or invisible record → 404). `sort`: due_at (default, nulls last), created_at; `-` for descending.',
        querystring: ActivityListQuery,
        response: { 200: Page(Activity) },
      },
      config: { access: org },
    },
    async (req, reply) => {
      sendPlainJson(reply);
      return listActivities(req.tx, { actor: await recordActor(req), query: req.query });
    },
  );

  /** `POST /activities`: creates an activity (201 + ETag). */
  app.post(
    '/api/v1/activities',
    {
      schema: {
        tags,
        summary: 'Create an activity',
        description:
          "At least one and at most 20 `links` (400 otherwise); each a live lead, deal, contact or company the caller sees (404 naming the type otherwise). Assignee defaults to the caller (`assignee_id: null` = unassigned). duration_minutes 0–1440; call_direction and recording_url only for calls, location only for meetings (400). `status` is the initial state (default planned; completed sets completed_at now). Writes the timeline entries, the linked leads' next_follow_up_at and the assignee's reminder.",
        body: CreateActivityBody,
        response: { 201: Activity },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const activity = await createActivity(req.tx, {
        actor: await recordActor(req),
        body: req.body,
        jobs: app.jobs,
      });
      reply.status(201);
      setEtag(reply, activity.version);
      return activity;
    },
  );

  /** `GET /activities/my/upcoming`: the caller's open activities due in the next `days` days. */
  app.get(
    '/api/v1/activities/my/upcoming',
    {
      schema: {
        tags,
        summary: 'My upcoming activities: open, assigned to me, due from now to now + days (1–90, default 7)',
        description: 'Soonest first, keyset pages.',
        querystring: UpcomingActivitiesQuery,
        response: { 200: Page(Activity) },
      },
      config: { access: org },
    },
    async (req, reply) => {
      sendPlainJson(reply);
      return upcomingActivities(req.tx, { actor: await recordActor(req), ...req.query });
    },
  );

  /** `GET /activities/my/overdue`: the caller's open activities due before now. */
  app.get(
    '/api/v1/activities/my/overdue',
    {
      schema: {
        tags,
        summary: 'My overdue activities: open, assigned to me, due before now',
        description: 'Oldest first, keyset pages.',
        querystring: OverdueActivitiesQuery,
        response: { 200: Page(Activity) },
      },
      config: { access: org },
    },
    async (req, reply) => {
      sendPlainJson(reply);
      return overdueActivities(req.tx, { actor: await recordActor(req), ...req.query });
    },
  );

  /** `GET /activities/{id}`. */
  app.get(
    '/api/v1/activities/:id',
    {
      schema: { tags, summary: 'An activity', params: IdParams, response: { 200: Activity } },
      config: { access: org },
    },
    async (req, reply) => {
      const activity = await getActivity(req.tx, { actor: await recordActor(req), id: req.params.id });
      setEtag(reply, activity.version);
      return activity;
    },
  );

  /** `PATCH /activities/{id}`. */
  app.patch(
    '/api/v1/activities/:id',
    {
      schema: {
        tags,
        summary: 'Change an activity (`If-Match` or `version` → 412 when stale)',
        description:
          '`links` replaces the set (new links must be visible live records → 404). `status`, `completed_at` and `remind_at` are not accepted: use the transitions. Changing `type` away from call / meeting clears the call / meeting fields.',
        params: IdParams,
        body: UpdateActivityBody,
        response: { 200: Activity },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const activity = await updateActivity(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
        jobs: app.jobs,
      });
      setEtag(reply, activity.version);
      return activity;
    },
  );

  /** `DELETE /activities/{id}`: hard delete. */
  app.delete(
    '/api/v1/activities/:id',
    {
      schema: {
        tags,
        summary: 'Delete an activity for good (its timeline entries and notifications go with it)',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteActivity(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  const transition = (name: Transition, summary: string) =>
    app.post(
      `/api/v1/activities/:id/${name}`,
      {
        schema: {
          tags,
          summary,
          description:
            'Machine: planned → in_progress → completed | cancelled; planned → completed | cancelled; completed | cancelled → planned (reopen). Any other move → 422 naming both states (`details.from`, `details.to`). `If-Match` honoured.',
          params: IdParams,
          ...(name === 'complete' ? { body: CompleteActivityBody.nullish() } : {}),
          response: { 200: Activity },
        },
        config: { access: org },
      },
      async (req, reply) => {
        const body = req.body as CompleteActivityBody | null | undefined;
        const activity = await transitionActivity(req.tx, {
          actor: await recordActor(req),
          id: req.params.id,
          transition: name,
          outcome: body?.outcome,
          expectedVersion: expectedVersion(req),
          jobs: app.jobs,
        });
        setEtag(reply, activity.version);
        return activity;
      },
    );

  /** `POST /activities/{id}/start`: planned → in_progress. */
  transition('start', 'Start an activity (planned → in_progress)');
  /** `POST /activities/{id}/complete {outcome?}`: → completed, completed_at now (UTC). */
  transition('complete', 'Complete an activity, optionally with an outcome (completed_at = now, UTC)');
  /** `POST /activities/{id}/cancel`: → cancelled. */
  transition('cancel', 'Cancel an activity');
  /** `POST /activities/{id}/reopen`: completed | cancelled → planned, completed_at cleared. */
  transition('reopen', 'Reopen a completed or cancelled activity (→ planned, completed_at cleared)');
};
