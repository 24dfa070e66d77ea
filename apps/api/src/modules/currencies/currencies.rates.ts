/**
 * The organisation's reporting currency and rate table as analytics read them (issue 8). The rest of
 * the currencies module (routes, writes) builds on the same tables; this is the one read other
 * domains call.
 */
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { organizations } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';

/** One rate: 1 unit of `currency` = `rate` (exact decimal string) units of the reporting currency from `valid_from` (UTC day). */
export interface RateRow {
  currency: string;
  rate: string;
  valid_from: string;
}

/** The organisation's reporting currency (ISO 4217). */
export async function reportingCurrencyOf(tx: Tx, orgId: string): Promise<string> {
  const [org] = await tx
    .select({ c: organizations.reporting_currency })
    .from(organizations)
    .where(eq(organizations.id, orgId));
  return org?.c ?? 'USD';
}

/**
 * The reporting currency (ISO 4217) and every rate of the organisation, ordered by currency then
 * `valid_from` ascending — in one statement (it runs on every money report: a round trip saved). A
 * currency's rate on day D is the row with the latest `valid_from` ≤ D. With `asOf` (a UTC day,
 * YYYY-MM-DD) only that row per currency for D = `asOf` is read: a report of figures as of one day
 * (the distribution, as of today) needs no other, and the rest of a long rate history would travel to
 * Node and back as parameters on every request for nothing.
 */
export async function loadRates(
  tx: Tx,
  params: { orgId: string; asOf?: string },
): Promise<{ reportingCurrency: string; rates: RateRow[] }> {
  const { orgId, asOf } = params;
  const rateRows = asOf
    ? sql`(select distinct on (currency) currency, rate, valid_from from currency_rates
            where org_id = o.id and valid_from <= ${asOf}::date order by currency, valid_from desc)`
    : sql`(select currency, rate, valid_from from currency_rates where org_id = o.id)`;
  const rows = await queryRows<{ reporting: string; currency: string | null; rate: string; valid_from: string }>(
    tx,
    sql`select o.reporting_currency as reporting, r.currency, r.rate::text as rate, r.valid_from::text as valid_from
          from organizations o
          left join lateral ${rateRows} r on true
         where o.id = ${orgId}::uuid
         order by r.currency, r.valid_from`,
  );
  const rates = rows
    .filter((r) => r.currency !== null)
    .map((r) => ({ currency: r.currency!, rate: r.rate, valid_from: r.valid_from }));
  return { reportingCurrency: rows[0]?.reporting ?? 'USD', rates };
}
