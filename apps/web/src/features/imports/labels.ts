/** Words and colours the import wizard shows for entities, statuses and options. */
import { customFieldKeyOf, type ImportEntity, type ImportStatus } from '@relata/shared';

export const ENTITY_LABELS: Record<ImportEntity, string> = {
  companies: 'Companies',
  contacts: 'Contacts',
  leads: 'Leads',
  deals: 'Deals',
  activities: 'Activities',
  notes: 'Notes',
};

export const STATUS_LABELS: Record<ImportStatus, string> = {
  uploaded: 'Uploaded',
  dry_running: 'Dry run…',
  validated: 'Validated',
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  reverting: 'Reverting…',
  reverted: 'Reverted',
};

export const STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'gray',
  dry_running: 'blue',
  validated: 'cyan',
  queued: 'blue',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
  reverting: 'orange',
  reverted: 'gray',
};

/** Statuses during which a job works on the import (the wizard polls `GET /imports/{id}`). */
export const BUSY_STATUSES: readonly ImportStatus[] = ['dry_running', 'queued', 'running', 'reverting'];

/** The list page of each entity (notes have none: they live on their records). */
export const ENTITY_PATHS: Record<ImportEntity, string | null> = {
  companies: '/companies',
  contacts: '/contacts',
  leads: '/leads',
  deals: '/deals',
  activities: '/activities',
  notes: null,
};

export const DATE_ORDER_LABELS = { dmy: 'Day/Month/Year', mdy: 'Month/Day/Year', ymd: 'Year/Month/Day' } as const;

export const ENCODING_LABELS = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1251': 'Windows-1251 (Cyrillic)',
  'windows-1252': 'Windows-1252 (Western)',
  'iso-8859-1': 'Latin-1 (ISO-8859-1)',
} as const;

export const DELIMITER_LABELS: Record<string, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
  '|': 'Pipe (|)',
};

export const UNKNOWN_OWNER_LABELS = {
  unassigned: 'Leave unassigned',
  create_inactive: 'Create inactive members',
  error: 'Fail the row',
} as const;

/** Largest upload the wizard accepts before sending (the server's default `RELATA_IMPORT_MAX_MB`). */
export const MAX_UPLOAD_MB = 100;

/** "1.2 MB", "640 KB", "12 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** The key a custom field created from `label` gets: customFieldKeyOf of @relata/shared, as the API. */
export const keyOfLabel = customFieldKeyOf;
