/** Wire (JSON) shapes of the CRM records as the browser receives them: timestamps are strings. */
import type {
  BulkAction,
  BulkResult,
  Company,
  CompanyDetail,
  Contact,
  CustomField,
  CustomFieldEntity,
  Member,
  Tag,
  Wire,
} from '@relata/shared';

export type CompanyWire = Wire<typeof Company>;
export type CompanyDetailWire = Wire<typeof CompanyDetail>;
export type ContactWire = Wire<typeof Contact>;
export type TagWire = Wire<typeof Tag>;
export type CustomFieldWire = Wire<typeof CustomField>;
export type MemberWire = Wire<typeof Member>;
export type BulkResultWire = Wire<typeof BulkResult>;
export type { BulkAction, CustomFieldEntity };

/** The record collections of the API (`/api/v1/companies`, `/api/v1/contacts`, `/api/v1/leads`, `/api/v1/deals`). */
export type RecordResource = 'companies' | 'contacts' | 'leads' | 'deals';

/** What every listed record has, whatever its type. */
export interface RecordBase {
  id: string;
  name: string;
  owner: { id: string; name: string } | null;
  tags: Array<{ id: string; name: string; color: string }>;
  custom_fields: Record<string, unknown>;
  version: number;
  deleted_at: string | null;
  purge_at: string | null;
}

/** `GET /api/v1/<records>/count`: how many records match the filters, exact up to 10,000. */
export interface RecordCountWire {
  total: number;
  total_capped: boolean;
}

/** Filters as query-string values (`owner_id`, `tag_id`, `cf.<key>.gte`, …). */
export type FilterValues = Record<string, string>;
