/**
 * Lead conversion (qualification, DESIGN §2): in the request's one transaction, link or create the
 * company, link the lead's contacts to it, optionally create a deal (deals service), and mark the
 * lead converted in its pipeline's won stage — keeping the links both ways
 * (`leads.converted_company_id` / `converted_deal_id`, `companies.qualified_from_lead_id`,
 * `deals.source_lead_id`).
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { Domain, type ConvertLeadBody, type ConvertLeadResult } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { companies, contacts } from '../../db/schema/index.js';
import { conflict, unprocessable } from '../../lib/errors.js';
import { createCompany, companyRow } from '../companies/companies.service.js';
import { insertNewDeal } from '../deals/deals.service.js';
import { boardPosition } from '../pipelines/placement.js';
import type { Actor } from '../records/actor.js';
import { liveVisible } from '../records/list.js';
import { leadRow, leadView, placeLead } from './leads.service.js';
import { firstStageOfKind, stagesById } from './leads.stages.js';
import { contactsOfLeads, type LeadRow } from './leads.view.js';

/**
 * Free-mail and ISP mailbox domains: an address there says nothing about the person's company, so
 * conversion never matches or creates a company by them.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  '163.com',
  'aol.com',
  'fastmail.com',
  'free.fr',
  'gmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'googlemail.com',
  'hey.com',
  'hotmail.com',
  'icloud.com',
  'libero.it',
  'live.com',
  'mac.com',
  'mail.com',
  'mail.ru',
  'me.com',
  'msn.com',
  'orange.fr',
  'outlook.com',
  'proton.me',
  'protonmail.com',
  'qq.com',
  't-online.de',
  'web.de',
  'yahoo.co.uk',
  'yahoo.com',
  'yandex.com',
  'yandex.ru',
  'zoho.com',
]);

/** The company domain an email address suggests (`ann@sales.acme.com` → `sales.acme.com`), or null for free mail. */
export function companyDomainOf(email: string | null): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  if (!email || at < 0) return null;
  const parsed = Domain.safeParse(email.slice(at + 1));
  if (!parsed.success || FREE_MAIL_DOMAINS.has(parsed.data)) return null;
  return parsed.data;
}

/** A live company the actor sees with this domain, or by this name (case-insensitive; the oldest). */
async function matchCompany(tx: Tx, actor: Actor, domain: string | null, name: string | null) {
  if (domain) {
    const [row] = await tx
      .select({ id: companies.id })
      .from(companies)
      .where(and(liveVisible(companies, actor), eq(companies.domain, domain)));
    if (row) return row.id;
  }
  if (name) {
    const [row] = await tx
      .select({ id: companies.id })
      .from(companies)
      .where(and(liveVisible(companies, actor), eq(companies.name_key, name.toLowerCase())))
      .orderBy(asc(companies.created_at), asc(companies.id))
      .limit(1);
    if (row) return row.id;
  }
  return null;
}

/** True when a live company of the organisation (visible or not) already has `domain`. */
async function domainTaken(tx: Tx, orgId: string, domain: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.org_id, orgId), eq(companies.domain, domain), isNull(companies.deleted_at)));
  return !!row;
}

/** The company the lead becomes: `{ companyId, created }` per the body's `company` (see ConvertLeadBody). */
async function resolveCompany(tx: Tx, actor: Actor, lead: LeadRow, choice: ConvertLeadBody['company']) {
  const create = async (name: string, domain: string | null) => {
    const company = await createCompany(tx, {
      actor,
      body: { name, domain, tax_id: lead.tax_id, owner_id: lead.owner_id ?? actor.membershipId },
    });
    return { companyId: company.id, created: true };
  };
  const defaultName = lead.company_name ?? lead.title;
  if (choice && 'id' in choice) {
    await companyRow(tx, { actor, id: choice.id });
    return { companyId: choice.id, created: false };
  }
  if (choice) return create(choice.create.name ?? defaultName, choice.create.domain ?? null);
  const domain = companyDomainOf(lead.email);
  const matched = await matchCompany(tx, actor, domain, lead.company_name);
  if (matched) return { companyId: matched, created: false };
  // A domain held by a company the caller cannot see stays off the new company (no 409, no leak).
  return create(defaultName, domain && !(await domainTaken(tx, actor.orgId, domain)) ? domain : null);
}

/**
 * `POST /leads/{id}/convert`: converts an open lead in one transaction.
 *
 * 1. company: `{ id }` (404 unless a live company the caller sees), `{ create: { name?, domain? } }`
 *    (name defaults to the lead's company name, else its title; 409 when the domain is taken), or
 *    omitted: a live company matching the email's domain (free mail ignored) or the company name
 *    (case-insensitive), else a new one (owner: the lead's owner, else the caller). Its
 *    `qualified_from_lead_id` is set unless it already came from another lead.
 * 2. contacts: `contact_ids` (default: all the lead's live contacts; others → 422 naming
 *    `body.contact_ids.<i>`) get the company when they have none.
 * 3. deal (`deal.create: true`): created through the deals service with the company, those
 *    contacts (the lead's primary stays primary), `source_lead_id`; name defaults to the lead's
 *    title, amount (minor units + ISO 4217) to its expected revenue.
 * 4. the lead: status `converted`, `converted_at` (now, UTC), links to company and deal, moved to the
 *    top of its pipeline's won stage (stays put when there is none), `stage_history` written.
 * 5. the timeline: one `converted` event on the lead, the company, the contacts linked to it and the
 *    deal (data: their ids, `company_created`), beside the lead's `stage_changed` and the new
 *    company's and deal's `created` entries.
 *
 * Errors: 404 lead / company / deal pipeline, 409 already converted (details name the company and
 * deal), 422 a lost lead (reopen it first) or contacts that are not the lead's, plus the deals
 * service's 400 / 404 / 422.
 */
export async function convertLead(
  tx: Tx,
  params: { actor: Actor; id: string; body: ConvertLeadBody },
): Promise<ConvertLeadResult> {
  const { actor, body } = params;
  const lead = await leadRow(tx, { actor, id: params.id, lock: true });
  if (lead.status === 'converted') {
    throw conflict('The lead is already converted', {
      company_id: lead.converted_company_id,
      deal_id: lead.converted_deal_id,
    });
  }
  if (lead.status === 'lost') {
    throw unprocessable('The lead is lost: reopen it (POST /leads/{id}/reopen) before converting it');
  }

  const linked = (await contactsOfLeads(tx, { orgId: actor.orgId, leadIds: [lead.id] })).get(lead.id) ?? [];
  const linkedIds = new Set(linked.map((c) => c.id));
  const chosen = body.contact_ids ? [...new Set(body.contact_ids)] : [...linkedIds];
  if (body.contact_ids) {
    const stray = body.contact_ids
      .map((id, i) => (linkedIds.has(id) ? null : i))
      .filter((i): i is number => i !== null);
    if (stray.length) {
      throw unprocessable('Only contacts of the lead can be converted with it', {
        issues: stray.map((i) => ({ path: `body.contact_ids.${i}`, message: 'is not a contact of this lead' })),
      });
    }
  }

  const { companyId, created } = await resolveCompany(tx, actor, lead, body.company);
  const now = new Date();
  await tx
    .update(companies)
    .set({ qualified_from_lead_id: lead.id, version: sql`${companies.version} + 1`, updated_at: now })
    .where(
      and(eq(companies.org_id, actor.orgId), eq(companies.id, companyId), isNull(companies.qualified_from_lead_id)),
    );

  let contactIds: string[] = [];
  if (chosen.length) {
    await tx
      .update(contacts)
      .set({ company_id: companyId, version: sql`${contacts.version} + 1`, updated_at: now })
      .where(
        and(
          eq(contacts.org_id, actor.orgId),
          inArray(contacts.id, chosen),
          isNull(contacts.company_id),
          isNull(contacts.deleted_at),
        ),
      );
    const withCompany = await tx
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.org_id, actor.orgId), inArray(contacts.id, chosen), eq(contacts.company_id, companyId)));
    const ok = new Set(withCompany.map((c) => c.id));
    contactIds = chosen.filter((id) => ok.has(id));
  }

  let dealId: string | null = null;
  if (body.deal?.create) {
    const primary = linked.find((c) => c.is_primary && chosen.includes(c.id))?.id;
    const revenue =
      lead.expected_revenue_amount !== null && lead.expected_revenue_currency !== null
        ? { amount: lead.expected_revenue_amount, currency: lead.expected_revenue_currency }
        : undefined;
    const amount = body.deal.amount ?? revenue;
    const { row: deal } = await insertNewDeal(tx, {
      actor,
      sourceLeadId: lead.id,
      body: {
        name: body.deal.name ?? lead.title,
        company_id: companyId,
        contact_ids: chosen,
        ...(primary ? { primary_contact_id: primary } : {}),
        ...(body.deal.pipeline_id ? { pipeline_id: body.deal.pipeline_id } : {}),
        ...(amount ? { amount } : {}),
        ...(body.deal.expected_close_date ? { expected_close_date: body.deal.expected_close_date } : {}),
        owner_id: lead.owner_id ?? actor.membershipId,
      },
    });
    dealId = deal.id;
  }

  const won = await firstStageOfKind(tx, { orgId: actor.orgId, pipelineId: lead.pipeline_id, kind: 'won' });
  const stage = won ?? (await stagesById(tx, { orgId: actor.orgId, ids: [lead.stage_id] })).get(lead.stage_id)!;
  const position =
    stage.id === lead.stage_id
      ? lead.position
      : await boardPosition(tx, { entity: 'lead', orgId: actor.orgId, stageId: stage.id, excludeId: lead.id });
  const row = await placeLead(tx, {
    actor,
    current: lead,
    stage,
    position,
    status: 'converted',
    set: { converted_at: now, converted_company_id: companyId, converted_deal_id: dealId },
    events: [
      {
        actorId: actor.userId,
        type: 'converted',
        records: [
          { type: 'lead', id: lead.id },
          { type: 'company', id: companyId },
          ...contactIds.map((id) => ({ type: 'contact' as const, id })),
          ...(dealId ? [{ type: 'deal' as const, id: dealId }] : []),
        ],
        data: {
          lead_id: lead.id,
          company_id: companyId,
          company_created: created,
          contact_ids: contactIds,
          deal_id: dealId,
        },
      },
    ],
  });
  return {
    lead: await leadView(tx, actor, row),
    company_id: companyId,
    contact_ids: contactIds,
    deal_id: dealId,
    company_created: created,
  };
}
