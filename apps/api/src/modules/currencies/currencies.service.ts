/**
 * Settings → Currencies (issue 8): the organisation's reporting currency and its rate table
 * (`currency_rates`: 1 unit of `currency` = `rate` units of the reporting currency from `valid_from`,
 * a UTC calendar day). Analytics read the same rows through `currencies.rates.ts loadRates`.
 * Every write is audited (`currency.*` actions) in the request transaction.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { CurrencyRate, CurrencySettings, UpdateCurrencyRateBody } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { currency_rates, organizations } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';
import { conflict, invalid, notFound } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import { recordAudit, type AuditActorRef } from '../audit/audit.service.js';
import { currenciesInUse } from '../boards/boards.totals.js';
import { reportingCurrencyOf } from './currencies.rates.js';

type RateRow = typeof currency_rates.$inferSelect;

/** Strips the trailing zeros `numeric(24,12)` adds: `"1.082500000000"` → `"1.0825"`, `"2.000…"` → `"2"`. */
export const normaliseRate = (rate: string) => (rate.includes('.') ? rate.replace(/\.?0+$/, '') : rate);

const toRate = (r: RateRow): CurrencyRate => ({
  id: r.id,
  currency: r.currency,
  rate: normaliseRate(r.rate),
  valid_from: r.valid_from,
  version: r.version,
  created_at: r.created_at,
  updated_at: r.updated_at,
});

/**
 * `GET /currencies`: the reporting currency, every rate (by currency, then `valid_from` newest
 * first) and `currencies_in_use` — the distinct currencies of live deals' amounts and live leads'
 * expected revenue, sorted (the reporting currency included when used).
 */
export async function getCurrencySettings(tx: Tx, params: { orgId: string }): Promise<CurrencySettings> {
  const reporting_currency = await reportingCurrencyOf(tx, params.orgId);
  const rates = await tx
    .select()
    .from(currency_rates)
    .where(eq(currency_rates.org_id, params.orgId))
    .orderBy(asc(currency_rates.currency), desc(currency_rates.valid_from));
  return { reporting_currency, rates: rates.map(toRate), currencies_in_use: await currenciesInUse(tx, params) };
}

/**
 * `PUT /currencies/reporting`: sets the reporting currency. Rates are expressed in the reporting
 * currency, so changing it while rates exist → 409 (`details.reason = 'rates_exist'`, `rates` = their
 * number) unless `clearRates`, which deletes them in the same transaction. Same currency: no change.
 */
export async function setReportingCurrency(
  tx: Tx,
  params: { orgId: string; currency: string; clearRates: boolean; auditActor: AuditActorRef },
): Promise<CurrencySettings> {
  const before = await reportingCurrencyOf(tx, params.orgId);
  if (before !== params.currency) {
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from currency_rates where org_id = ${params.orgId}::uuid`,
    );
    if (n > 0 && !params.clearRates) {
      throw conflict(
        `The organisation has ${n} exchange rate(s) into ${before}; send clear_rates: true to delete them and change the reporting currency`,
        { reason: 'rates_exist', rates: n },
      );
    }
    if (n > 0) await tx.delete(currency_rates).where(eq(currency_rates.org_id, params.orgId));
    await tx
      .update(organizations)
      .set({ reporting_currency: params.currency })
      .where(eq(organizations.id, params.orgId));
    await recordAudit(tx, {
      orgId: params.orgId,
      actor: params.auditActor,
      action: 'currency.reporting',
      before: { reporting_currency: before },
      after: { reporting_currency: params.currency },
      details: { cleared_rates: n },
    });
  }
  return getCurrencySettings(tx, params);
}

async function rateRow(tx: Tx, orgId: string, id: string): Promise<RateRow> {
  const [row] = await tx
    .select()
    .from(currency_rates)
    .where(and(eq(currency_rates.org_id, orgId), eq(currency_rates.id, id)));
  if (!row) throw notFound('Rate');
  return row;
}

/** 400 `body.currency` when `currency` is the reporting currency; 409 when the currency already has a rate that day. */
async function assertRateAllowed(tx: Tx, orgId: string, currency: string, validFrom: string, exceptId?: string) {
  const reporting = await reportingCurrencyOf(tx, orgId);
  if (currency === reporting) {
    throw invalid([{ path: 'body.currency', message: `is the reporting currency (${reporting}); it needs no rate` }]);
  }
  const [dup] = await tx
    .select({ id: currency_rates.id })
    .from(currency_rates)
    .where(
      and(
        eq(currency_rates.org_id, orgId),
        eq(currency_rates.currency, currency),
        eq(currency_rates.valid_from, validFrom),
      ),
    );
  if (dup && dup.id !== exceptId) {
    throw conflict(`${currency} already has a rate from ${validFrom}; edit that one`, {
      existing_id: dup.id,
      issues: [{ path: 'body.valid_from', message: 'already has a rate for this currency' }],
    });
  }
}

/** `POST /currencies/rates`: a new rate (400 for the reporting currency, 409 on a duplicate currency + day). */
export async function createRate(
  tx: Tx,
  params: { orgId: string; currency: string; rate: string; valid_from: string; auditActor: AuditActorRef },
): Promise<CurrencyRate> {
  await assertRateAllowed(tx, params.orgId, params.currency, params.valid_from);
  const [row] = await tx
    .insert(currency_rates)
    .values({
      org_id: params.orgId,
      id: uuidv7(),
      currency: params.currency,
      rate: params.rate,
      valid_from: params.valid_from,
    })
    .returning();
  const rate = toRate(row!);
  await recordAudit(tx, {
    orgId: params.orgId,
    actor: params.auditActor,
    action: 'currency.rate.create',
    recordType: 'currency_rate',
    recordId: rate.id,
    after: rate,
  });
  return rate;
}

/**
 * `PATCH /currencies/rates/{id}`: changes currency, rate and/or day. 404 for an id of another
 * organisation, 412 when `expectedVersion` is stale, then the rules of `createRate`.
 */
export async function updateRate(
  tx: Tx,
  params: {
    orgId: string;
    id: string;
    body: UpdateCurrencyRateBody;
    expectedVersion?: number | undefined;
    auditActor: AuditActorRef;
  },
): Promise<CurrencyRate> {
  const current = await rateRow(tx, params.orgId, params.id);
  if (params.expectedVersion !== undefined && params.expectedVersion !== current.version) {
    throw staleVersion(current.version);
  }
  const { currency = current.currency, rate, valid_from = current.valid_from } = params.body;
  await assertRateAllowed(tx, params.orgId, currency, valid_from, current.id);
  const [row] = await tx
    .update(currency_rates)
    .set({
      currency,
      valid_from,
      ...(rate !== undefined ? { rate } : {}),
      version: sql`${currency_rates.version} + 1`,
      updated_at: new Date(),
    })
    .where(
      and(
        eq(currency_rates.org_id, params.orgId),
        eq(currency_rates.id, params.id),
        eq(currency_rates.version, current.version),
      ),
    )
    .returning();
  if (!row) throw staleVersion(current.version + 1);
  const updated = toRate(row);
  await recordAudit(tx, {
    orgId: params.orgId,
    actor: params.auditActor,
    action: 'currency.rate.update',
    recordType: 'currency_rate',
    recordId: updated.id,
    before: toRate(current),
    after: updated,
  });
  return updated;
}

/** `DELETE /currencies/rates/{id}` (404 for an id of another organisation). */
export async function deleteRate(
  tx: Tx,
  params: { orgId: string; id: string; auditActor: AuditActorRef },
): Promise<void> {
  const [row] = await tx
    .delete(currency_rates)
    .where(and(eq(currency_rates.org_id, params.orgId), eq(currency_rates.id, params.id)))
    .returning();
  if (!row) throw notFound('Rate');
  await recordAudit(tx, {
    orgId: params.orgId,
    actor: params.auditActor,
    action: 'currency.rate.delete',
    recordType: 'currency_rate',
    recordId: row.id,
    before: toRate(row),
  });
}
