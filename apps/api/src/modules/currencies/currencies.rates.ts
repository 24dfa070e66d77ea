/**
 * The organisation's reporting currency and rate table as analytics read them (issue 8). The rest of
 * the currencies module (routes, writes) builds on the same tables; this is the one read other
 * domains call.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { currency_rates, organizations } from '../../db/schema/index.js';

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
 * `valid_from` ascending. A currency's rate on day D is the row with the latest `valid_from` ≤ D.
 */
export async function loadRates(
  tx: Tx,
  params: { orgId: string },
): Promise<{ reportingCurrency: string; rates: RateRow[] }> {
  const reportingCurrency = await reportingCurrencyOf(tx, params.orgId);
  const rates = await tx
    .select({ currency: currency_rates.currency, rate: currency_rates.rate, valid_from: currency_rates.valid_from })
    .from(currency_rates)
    .where(and(eq(currency_rates.org_id, params.orgId)))
    .orderBy(asc(currency_rates.currency), asc(currency_rates.valid_from));
  return { reportingCurrency, rates };
}
