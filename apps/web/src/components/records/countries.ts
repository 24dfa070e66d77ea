import { COUNTRY_CODES } from '@relata/shared';

let cached: Array<{ value: string; label: string }> | null = null;

/** ISO 3166-1 countries as select options, named in the browser's language, sorted by name. */
export function countryOptions(): Array<{ value: string; label: string }> {
  if (cached) return cached;
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(undefined, { type: 'region' });
  } catch {
    names = null;
  }
  cached = COUNTRY_CODES.map((code) => ({ value: code, label: `${names?.of(code) ?? code} (${code})` })).sort((a, b) =>
    a.label.localeCompare(b.label),
  );
  return cached;
}

/** "Germany" for DE (the code itself when unknown). */
export function countryName(code: string | null | undefined): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
