/** `/api/v1/companies`: companies (accounts) with hierarchy, recycle bin and bulk actions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  BulkBody,
  BulkResult,
  Company,
  CompanyDetail,
  CompanyFilter,
  CompanyListQuery,
  CreateCompanyBody,
  IdParams,
  NoContent,
  Page,
  PageQuery,
  RecordCount,
  RecycleBinQuery,
  UpdateCompanyBody,
} from '@relata/shared';
import { expectedVersion, setEtag } from '../../lib/versioning.js';
import { recordActor } from '../records/actor.js';
import { bulkCompanies, countCompanies, companyRecycleBin, listChildren, listCompanies } from './companies.list.js';
import { createCompany, deleteCompany, getCompany, restoreCompany, updateCompany } from './companies.service.js';

const org = { level: 'org' } as const;

export const companyRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['companies'];

  app.get(
    '/api/v1/companies',
    {
      schema: {
        tags,
        summary: 'List companies: filters, text search, sort, keyset pages',
        description:
          '`q` matches name, domain, phone (any format) and tax id. `sort`: name, domain, created_at, updated_at, employees, annual_revenue or cf.<key>; `-` for descending. Counts come from `/count`. Members under the private rule see their own and unassigned companies.',
        querystring: CompanyListQuery,
        response: { 200: Page(Company) },
      },
      config: { access: org },
    },
    async (req) => listCompanies(req.tx, { actor: await recordActor(req), query: req.query }),
  );

  app.post(
    '/api/v1/companies',
    {
      schema: {
        tags,
        summary: 'Create a company',
        description:
          'Domain unique among live companies (409 with `details.existing_id`); phone normalised to E.164 with the organisation region; parent of another organisation → 404. The owner defaults to the caller.',
        body: CreateCompanyBody,
        response: { 201: CompanyDetail },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const company = await createCompany(req.tx, { actor: await recordActor(req), body: req.body });
      reply.status(201);
      setEtag(reply, company.version);
      return company;
    },
  );

  app.get(
    '/api/v1/companies/count',
    {
      schema: {
        tags,
        summary: 'How many companies match the list filters, exact up to 10,000 (`total_capped` beyond)',
        querystring: CompanyFilter,
        response: { 200: RecordCount },
      },
      config: { access: org },
    },
    async (req) => countCompanies(req.tx, { actor: await recordActor(req), filter: req.query }),
  );

  app.get(
    '/api/v1/companies/deleted',
    {
      schema: {
        tags,
        summary: 'The recycle bin: companies deleted in the last 30 days, most recent first',
        querystring: RecycleBinQuery,
        response: { 200: Page(Company) },
      },
      config: { access: org },
    },
    async (req) => companyRecycleBin(req.tx, { actor: await recordActor(req), ...req.query }),
  );

  app.post(
    '/api/v1/companies/bulk',
    {
      schema: {
        tags,
        summary: 'One action on many companies, in one transaction, with a result per company',
        body: BulkBody(CompanyFilter),
        response: { 200: BulkResult },
      },
      config: { access: org },
    },
    async (req) => bulkCompanies(req.tx, { actor: await recordActor(req), input: req.body }),
  );

  app.get(
    '/api/v1/companies/:id',
    {
      schema: {
        tags,
        summary: 'A company with its ancestor chain and number of children',
        params: IdParams,
        response: { 200: CompanyDetail },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const company = await getCompany(req.tx, { actor: await recordActor(req), id: req.params.id });
      setEtag(reply, company.version);
      return company;
    },
  );

  app.get(
    '/api/v1/companies/:id/children',
    {
      schema: {
        tags,
        summary: 'Direct subsidiaries of a company, by name',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Page(Company) },
      },
      config: { access: org },
    },
    async (req) => listChildren(req.tx, { actor: await recordActor(req), id: req.params.id, ...req.query }),
  );

  app.patch(
    '/api/v1/companies/:id',
    {
      schema: {
        tags,
        summary: 'Change a company (`If-Match` → 412 when stale)',
        description:
          'A parent that would make a cycle → 422. `tag_ids` replaces the tags; `custom_fields` merges (null removes).',
        params: IdParams,
        body: UpdateCompanyBody,
        response: { 200: CompanyDetail },
      },
      config: { access: org },
    },
    async (req, reply) => {
      const company = await updateCompany(req.tx, {
        actor: await recordActor(req),
        id: req.params.id,
        body: req.body,
        expectedVersion: expectedVersion(req),
      });
      setEtag(reply, company.version);
      return company;
    },
  );

  app.delete(
    '/api/v1/companies/:id',
    {
      schema: {
        tags,
        summary: 'Move a company to the recycle bin (restorable for 30 days)',
        params: IdParams,
        response: { 204: NoContent },
      },
      config: { access: org },
    },
    async (req, reply) => {
      await deleteCompany(req.tx, { actor: await recordActor(req), id: req.params.id });
      reply.status(204);
      return null;
    },
  );

  app.post(
    '/api/v1/companies/:id/restore',
    {
      schema: {
        tags,
        summary: 'Restore a company from the recycle bin (409 when its domain is taken meanwhile)',
        params: IdParams,
        response: { 200: CompanyDetail },
      },
      config: { access: org },
    },
    async (req) => restoreCompany(req.tx, { actor: await recordActor(req), id: req.params.id }),
  );
};
