/**
 * `/api/v1/currencies` (Settings → Currencies, issue 8): any member reads the reporting currency and
 * the rate table; admins and owners change them (rates: `If-Match` → 412 when stale).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CreateCurrencyRateBody,
  CurrencyRate,
  CurrencySettings,
  IdParams,
  NoContent,
  SetReportingCurrencyBody,
  UpdateCurrencyRateBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { auditActorOf } from '../audit/audit.service.js';
import { createRate, deleteRate, getCurrencySettings, setReportingCurrency, updateRate } from './currencies.service.js';

const admins = { level: 'org', minRole: 'admin', scope: 'admin' } as const;

export const currencyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['currencies'];

  app.get(
    '/api/v1/currencies',
    {
      schema: {
        tags,
        summary: 'The reporting currency, the rate table and the currencies live deals and leads use',
        response: { 200: CurrencySettings },
      },
      config: { access: { level: 'org' } },
    },
    async (req) => getCurrencySettings(req.tx, { orgId: req.org.orgId }),
  );

  app.put(
    '/api/v1/currencies/reporting',
    {
      schema: {
        tags,
        summary: 'Set the reporting currency (admins)',
        description:
          'Rates are into the reporting currency: while rates exist a change → 409 (`details.reason` = `rates_exist`) unless `clear_rates` is true, which deletes them in the same transaction.',
        body: SetReportingCurrencyBody,
        response: { 200: CurrencySettings },
      },
      config: { access: admins },
    },
    async (req) =>
      setReportingCurrency(req.tx, {
        orgId: req.org.orgId,
        currency: req.body.currency,
        clearRates: req.body.clear_rates,
        auditActor: auditActorOf(req),
      }),
  );

  app.post(
    '/api/v1/currencies/rates',
    {
      schema: {
        tags,
        summary: 'Add a rate: 1 unit of `currency` = `rate` units of the reporting currency from `valid_from` (admins)',
        description:
          '400 `body.currency` for the reporting currency itself; 409 when the currency already has a rate from that day.',
        body: CreateCurrencyRateBody,
        response: { 201: CurrencyRate },
      },
      config: { access: admins },
    },
    async (req, reply) => {
      const rate = await createRate(req.tx, { orgId: req.org.orgId, ...req.body, auditActor: auditActorOf(req) });
      setEtag(reply, rate.version);
      reply.status(201);
      return rate;
    },
  );

  app.patch(
    '/api/v1/currencies/rates/:id',
    {
      schema: {
        tags,
        summary: 'Change a rate (admins; `If-Match` → 412 when stale)',
        params: IdParams,
        body: UpdateCurrencyRateBody,
        response: { 200: CurrencyRate },
      },
      config: { access: admins },
    },
    async (req, reply) => {
      const rate = await updateRate(req.tx, {
        orgId: req.org.orgId,
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
        auditActor: auditActorOf(req),
      });
      setEtag(reply, rate.version);
      return rate;
    },
  );

  app.delete(
    '/api/v1/currencies/rates/:id',
    {
      schema: { tags, summary: 'Delete a rate (admins)', params: IdParams, response: { 204: NoContent } },
      config: { access: admins },
    },
    async (req, reply) => {
      await deleteRate(req.tx, { orgId: req.org.orgId, id: req.params.id, auditActor: auditActorOf(req) });
      reply.status(204);
      return null;
    },
  );
};
