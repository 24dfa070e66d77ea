/**
 * `/api/v1/analytics/*` (issue 8; contract: packages/shared/src/analytics.ts): dashboard, funnel,
 * forecast, distribution, reps, reasons — JSON, or CSV with `format=csv` (csv.ts) — and the records
 * behind any figure. Every figure is computed in SQL over the caller's scope (scope.ts): members their
 * own records (all under the `shared` rule), managers their teams', admins/owners/viewers all.
 * Errors: 400 with field paths (period, time zone, metric), 404 for an owner/team/pipeline/stage the
 * caller may not see.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AnalyticsDashboard,
  AnalyticsDistribution,
  AnalyticsForecast,
  AnalyticsFunnel,
  AnalyticsQuery,
  AnalyticsReasons,
  AnalyticsRecords,
  AnalyticsRecordsQuery,
  AnalyticsReps,
  ForecastQuery,
  RECORDS_CSV_MAX,
} from '@relata/shared';
import { sendPlainJson } from '../../lib/serialize.js';
import { analyticsContext, periodContext, snapshotContext } from './context.js';
import {
  dashboardCsv,
  distributionCsv,
  forecastCsv,
  funnelCsv,
  periodLabel,
  reasonsCsv,
  recordsCsv,
  repsCsv,
  sendCsv,
} from './csv.js';
import { dashboard } from './dashboard.js';
import { distribution } from './distribution.js';
import { forecast } from './forecast.js';
import { funnel } from './funnel.js';
import { reportPipeline } from './pipeline.js';
import { analyticsRecords, analyticsRecordsForCsv } from './records.js';
import { reasons } from './reasons.js';
import { reps } from './reps.js';

const org = { level: 'org' } as const;
// With `format=csv` a handler returns the CSV text (csv.ts sendCsv) where the route's type says JSON:
// Fastify sends a string with a non-JSON content type as it is, so the cast `as never` is only for TS.
const tags = ['analytics'];
const csvNote =
  ' `format=csv` answers `text/csv; charset=utf-8` as an attachment `relata-<report>-<period>.csv` (money as decimal major units of the reporting currency, with a currency column).';
const periodNote =
  " Period: `period` week (ISO, Monday–Sunday) | month | quarter | year containing `date` (default today in `time_zone`), or custom `from`–`to` (inclusive days); the previous period is compared. Scope: members their own figures (all under the shared rule), managers their teams', admins all; `owner_id`, `team_id`, `pipeline_id` narrow it (outside it → 404).";

/**
 * Sends a report built field by field in its contract's shape (forecast, distribution, reps, reasons,
 * records: their services; analytics.test.ts checks each with `expectExactShape`) as plain JSON
 * (lib/serialize.ts): the zod response encoding walks every figure of the reply on every request.
 */
function plain<T>(reply: FastifyReply, out: T): T {
  sendPlainJson(reply);
  return out;
}

export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  /** `GET /analytics/dashboard`. */
  app.get(
    '/api/v1/analytics/dashboard',
    {
      schema: {
        tags,
        summary: 'Dashboard KPIs of a period beside the previous period',
        description: `Lead, deal, money, win-rate, conversion, sales-cycle, velocity and activity figures.${periodNote}${csvNote}`,
        querystring: AnalyticsQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: AnalyticsDashboard },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const ctx = await analyticsContext(req, req.query);
      const out = await dashboard(req.tx, ctx);
      if (req.query.format !== 'csv') return out;
      return sendCsv(reply, 'dashboard', periodLabel(out.period, ctx.period.todayDate), dashboardCsv(out)) as never;
    },
  );

  /** `GET /analytics/funnel`. */
  app.get(
    '/api/v1/analytics/funnel',
    {
      schema: {
        tags,
        summary: 'Funnel of a pipeline: entered, advanced, conversion, drop-off and days per stage',
        description: `From stage_history; \`pipeline_id\` defaults to the default deals pipeline.${periodNote}${csvNote}`,
        querystring: AnalyticsQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: AnalyticsFunnel },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const ctx = await periodContext(req, req.query, { pipelineChecked: true });
      const { pipeline } = await reportPipeline(req.tx, { orgId: ctx.scope.orgId, pipelineId: ctx.scope.pipelineId });
      const out = await funnel(req.tx, { ...ctx, pipeline });
      if (req.query.format !== 'csv') return out;
      return sendCsv(reply, 'funnel', periodLabel(out.period, ctx.period.todayDate), funnelCsv(out)) as never;
    },
  );

  /** `GET /analytics/forecast`. */
  app.get(
    '/api/v1/analytics/forecast',
    {
      schema: {
        tags,
        summary: 'Forecast by expected close month: total, weighted, won and lost, per owner or pipeline',
        description: `\`group_by\` owner (default), pipeline or none.${periodNote}${csvNote}`,
        querystring: ForecastQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: AnalyticsForecast },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const ctx = await analyticsContext(req, req.query);
      const out = await forecast(req.tx, { ...ctx, groupBy: req.query.group_by });
      if (req.query.format !== 'csv') return plain(reply, out);
      return sendCsv(reply, 'forecast', periodLabel(out.period, ctx.period.todayDate), forecastCsv(out)) as never;
    },
  );

  /** `GET /analytics/distribution`. */
  app.get(
    '/api/v1/analytics/distribution',
    {
      schema: {
        tags,
        summary: 'Open records now per stage of a pipeline: count, value and weighted value',
        description: `\`pipeline_id\` defaults to the default deals pipeline; the period is not used.${csvNote}`,
        querystring: AnalyticsQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: AnalyticsDistribution },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const ctx = await snapshotContext(req, req.query);
      const { pipeline, stages } = await reportPipeline(req.tx, {
        orgId: ctx.scope.orgId,
        pipelineId: ctx.scope.pipelineId,
      });
      const out = await distribution(req.tx, { ...ctx, pipeline, stages });
      if (req.query.format !== 'csv') return plain(reply, out);
      return sendCsv(reply, 'distribution', periodLabel(null, ctx.todayDate), distributionCsv(out)) as never;
    },
  );

  /** `GET /analytics/reps`. */
  app.get(
    '/api/v1/analytics/reps',
    {
      schema: {
        tags,
        summary: 'Rep performance per owner, with team roll-ups and the total',
        description: `Created, won, lost, win rate, created and won value, average deal size, days to close, velocity.${periodNote}${csvNote}`,
        querystring: AnalyticsQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: AnalyticsReps },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const ctx = await analyticsContext(req, req.query);
      const out = await reps(req.tx, ctx);
      if (req.query.format !== 'csv') return plain(reply, out);
      return sendCsv(reply, 'reps', periodLabel(out.period, ctx.period.todayDate), repsCsv(out)) as never;
    },
  );

  /** `GET /analytics/reasons`. */
  app.get(
    '/api/v1/analytics/reasons',
    {
      schema: {
        tags,
        summary: 'Won and lost reasons of the period: count and value per reason',
        description: `Reasons compared case- and space-insensitively; null = no reason given.${periodNote}${csvNote}`,
        querystring: AnalyticsQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: AnalyticsReasons },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const ctx = await analyticsContext(req, req.query);
      const out = await reasons(req.tx, ctx);
      if (req.query.format !== 'csv') return plain(reply, out);
      return sendCsv(reply, 'reasons', periodLabel(out.period, ctx.period.todayDate), reasonsCsv(out)) as never;
    },
  );

  /** `GET /analytics/records`. */
  app.get(
    '/api/v1/analytics/records',
    {
      schema: {
        tags,
        summary: 'The records behind a figure (same predicate: `total` equals the figure), keyset-paginated',
        description: `\`metric\` names the figure; \`stage_id\` for *_entered_stage (optional for deals_open / leads_open: one stage now), \`month\` for deals_forecast, \`reason\` for *_reason (omit for none). Newest first. With \`format=csv\`: every record from \`cursor\` on, up to ${RECORDS_CSV_MAX.toLocaleString('en-US')} (\`limit\` is not used).${periodNote}${csvNote}`,
        querystring: AnalyticsRecordsQuery,
        produces: ['application/json', 'text/csv'],
        response: { 200: AnalyticsRecords },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const q = req.query;
      const ctx = await periodContext(req, q);
      const params = {
        scope: ctx.scope,
        period: ctx.period,
        metric: q.metric,
        stage_id: q.stage_id,
        month: q.month,
        reason: q.reason,
        limit: q.limit,
        cursor: q.cursor,
      };
      if (q.format !== 'csv') return plain(reply, await analyticsRecords(req.tx, params));
      const out = await analyticsRecordsForCsv(req.tx, params);
      return sendCsv(
        reply,
        `records-${q.metric}`,
        periodLabel(out.period, ctx.period.todayDate),
        recordsCsv(out),
      ) as never;
    },
  );
};
