import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** An E.164 number (`+4930901820`) in international format (`+49 30 901820`); other text as is. */
export function formatPhone(e164: string | null | undefined): string | null {
  if (!e164) return null;
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
