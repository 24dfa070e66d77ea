/**
 * How analytics figures read: counts with grouping, ratios (fractions 0–1) as percentages, decimal
 * days, deals per week, money through `formatMoney` (integer minor units + currency), and the change
 * against the previous period with whether it is good news.
 */
import { formatMoney, toMajor } from '../../components/records/money';
import type { MoneyFigureWire } from './analytics-api';

export type FigureKind = 'count' | 'decimal' | 'ratio' | 'days' | 'rate' | 'money';

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** A number of `kind` ("1,234", "1.25", "42.5%", "12.3 days", "1.25 / week"); "—" for null. */
export function formatFigure(value: number | null | undefined, kind: Exclude<FigureKind, 'money'>): string {
  if (value === null || value === undefined) return '—';
  switch (kind) {
    case 'count':
      return count.format(value);
    case 'decimal':
      return (Math.abs(value) < 10 ? twoDecimals : oneDecimal).format(value);
    case 'ratio':
      return percent.format(value);
    case 'days':
      return `${oneDecimal.format(value)} ${value === 1 ? 'day' : 'days'}`;
    case 'rate':
      return `${(Math.abs(value) < 10 ? twoDecimals : oneDecimal).format(value)} / week`;
  }
}

/** The converted total of a money figure ("$12,345.00"). */
export const formatTotal = (m: MoneyFigureWire | null | undefined): string => (m ? formatMoney(m.total) : '—');

/** "EUR 1,000.00 · USD 500.00"-style list of a figure's amounts per currency. */
export const formatByCurrency = (m: MoneyFigureWire): string => m.by_currency.map((c) => formatMoney(c)).join(' · ');

/** The change from `previous` to `current`: the signed text, and `up`/`down`/`flat` (null when not comparable). */
export function delta(
  current: number | null | undefined,
  previous: number | null | undefined,
  kind: FigureKind,
  currency?: string,
): { text: string; direction: 'up' | 'down' | 'flat' } | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const diff = current - previous;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  const abs = Math.abs(diff);
  let text: string;
  if (kind === 'money') text = formatMoney({ amount: abs, currency: currency ?? 'USD' });
  else if (kind === 'ratio') text = `${oneDecimal.format(abs * 100)} pts`;
  else text = formatFigure(abs, kind === 'count' ? 'count' : kind);
  // The relative change, when it reads as one (not "+6,200 %" from a near-empty previous period).
  const ratio = previous > 0 ? abs / previous : Infinity;
  const relative = (kind === 'count' || kind === 'money') && ratio <= 10 ? ` (${sign}${percent.format(ratio)})` : '';
  return { text: `${sign}${text}${relative}`, direction };
}

/** "Oct 1 – Dec 31, 2026" for an inclusive range of calendar days (`YYYY-MM-DD`, no time zone shift). */
export function formatRange(from: string, to: string): string {
  const d = (s: string) => {
    const [y, m, day] = s.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, day));
  };
  const fmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return fmt.formatRange(d(from), d(to));
}

/** "Nov 2026" for a month `YYYY-MM`. */
export function formatMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

/** A money figure's converted total in major units, for chart bars. */
export const majorTotal = (m: MoneyFigureWire): number => toMajor(m.total.amount, m.total.currency);
