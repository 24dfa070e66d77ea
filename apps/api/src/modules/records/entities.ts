/**
 * The record types that carry tags and custom fields, with their tables. Shared machinery (custom
 * field conversion, tag counts, soft delete, recycle bin, purge, bulk) reaches record tables through
 * this map only.
 */
import type { CustomFieldEntity } from '@relata/shared';
import {
  companies,
  company_tags,
  contact_tags,
  contacts,
  deal_tags,
  deals,
  lead_tags,
  leads,
} from '../../db/schema/index.js';

export const RECORD_TABLES = {
  company: { table: companies, tagLinks: company_tags, label: 'Company', plural: 'companies' },
  contact: { table: contacts, tagLinks: contact_tags, label: 'Contact', plural: 'contacts' },
  lead: { table: leads, tagLinks: lead_tags, label: 'Lead', plural: 'leads' },
  deal: { table: deals, tagLinks: deal_tags, label: 'Deal', plural: 'deals' },
} as const satisfies Record<CustomFieldEntity, unknown>;

export type RecordTable = typeof companies | typeof contacts | typeof leads | typeof deals;
export type TagLinkTable = typeof company_tags | typeof contact_tags | typeof lead_tags | typeof deal_tags;
