/**
 * Currencies for analytics (issue 8, migration 0021): the organisation's reporting currency lives on
 * `organizations.reporting_currency`; `currency_rates` holds its rate table — one row per currency and
 * the date the rate applies from. `rate` = how many units of the reporting currency one unit of
 * `currency` is worth (major units, e.g. EUR→USD 1.08), exact decimal (never a float). A money
 * figure that adds several currencies converts each amount at the rate in effect on its reference
 * date (the latest `valid_from` ≤ that date; see modules/analytics) and says which currencies had none.
 */
import { sql } from 'drizzle-orm';
import { check, date, integer, numeric, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { tenantKeys, timestamps } from '../columns.js';
import { orgFk } from './records.js';

export const currency_rates = pgTable(
  'currency_rates',
  {
    ...tenantKeys(),
    /** ISO 4217 code of the converted currency (never the reporting currency itself). */
    currency: text('currency').notNull(),
    /** Units of the reporting currency per unit of `currency` (major units), > 0. */
    rate: numeric('rate', { precision: 24, scale: 12 }).notNull(),
    /** First calendar day (UTC) the rate applies to. */
    valid_from: date('valid_from', { mode: 'string' }).notNull(),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.org_id, t.id] }),
    orgFk(t),
    unique('currency_rates_currency_from_key').on(t.org_id, t.currency, t.valid_from),
    check('currency_rates_rate_check', sql`${t.rate} > 0`),
    check('currency_rates_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
