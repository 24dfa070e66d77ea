/**
 * The demo organisation's rate table (Settings → Currencies): reporting currency USD (the default),
 * EUR and GBP each with two rates — one from the first day of the month 18 months ago (so every
 * demo deal, open or closed in the last year, converts) and a newer one from the first day of the
 * month 5 months ago. 1 EUR / 1 GBP = `rate` USD, exact decimal strings; dates UTC, relative to `now`.
 */
import { uuidv7 } from '../../lib/ids.js';
import type { Tx } from '../../db/client.js';
import { currency_rates } from '../../db/schema/index.js';
import { isoDate } from './demo-random.js';

const RATES: Array<{ currency: string; older: string; newer: string }> = [
  { currency: 'EUR', older: '1.0850', newer: '1.1025' },
  { currency: 'GBP', older: '1.2650', newer: '1.2890' },
];

/** The first day (UTC) of the month `monthsAgo` months before `now`, as `YYYY-MM-DD`. */
const monthStart = (now: Date, monthsAgo: number) =>
  isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1)));

/** The rows of the demo rate table (pure; exported for demo.test.ts). */
export function demoCurrencyRateRows(params: { orgId: string; now: Date }) {
  return RATES.flatMap((r) => [
    { org_id: params.orgId, id: uuidv7(), currency: r.currency, rate: r.older, valid_from: monthStart(params.now, 18) },
    { org_id: params.orgId, id: uuidv7(), currency: r.currency, rate: r.newer, valid_from: monthStart(params.now, 5) },
  ]);
}

/** Seeds the demo organisation's rate table in the caller's transaction. */
export async function seedDemoCurrencies(tx: Tx, params: { orgId: string; now: Date }): Promise<void> {
  const rows = demoCurrencyRateRows(params);
  await tx.insert(currency_rates).values(rows.map((r) => ({ ...r, created_at: params.now, updated_at: params.now })));
}
