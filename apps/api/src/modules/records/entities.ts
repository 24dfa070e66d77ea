/**
 * The record types that carry tags and custom fields, with their tables. Shared machinery (custom
 * field conversion, tag counts) reaches record tables through this map only.
 */
import type { CustomFieldEntity } from '@relata/shared';
import { companies, company_tags, contact_tags, contacts } from '../../db/schema/index.js';

export const RECORD_TABLES = {
  company: { table: companies, tagLinks: company_tags, label: 'Company', plural: 'companies' },
  contact: { table: contacts, tagLinks: contact_tags, label: 'Contact', plural: 'contacts' },
} as const satisfies Record<CustomFieldEntity, unknown>;

export type RecordTable = typeof companies | typeof contacts;
export type TagLinkTable = typeof company_tags | typeof contact_tags;
