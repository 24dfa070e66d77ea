/** Money is integer minor units + ISO 4217 currency on the wire (DESIGN §4); people type major units. */

const digitsCache = new Map<string, number>();

/** Decimal places of `currency` (EUR 2, JPY 0, BHD 3); 2 for an unknown code. */
export function minorDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits!;
    } catch {
      digits = 2;
    }
    digitsCache.set(code, digits);
  }
  return digits;
}

/** 1234.56 EUR → 123456 (rounded to the currency's minor unit). */
export function toMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

/** 123456 EUR → 1234.56. */
export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** "€1,234.56" in the browser's locale; falls back to "1234.56 XYZ" for a code Intl does not know. */
export function formatMoney(money: { amount: number; currency: string } | null | undefined): string {
  if (!money) return '—';
  const major = toMajor(money.amount, money.currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency }).format(major);
  } catch {
    return `${major} ${money.currency}`;
  }
}
