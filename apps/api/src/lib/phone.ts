/**
 * Phone numbers in E.164 (ITU-T E.164; `+` country code and national number, no spaces), parsed with
 * libphonenumber-js (Google libphonenumber metadata). A number typed without a country code is read
 * in the organisation's default region.
 */
import { parsePhoneNumberWithError, type CountryCode } from 'libphonenumber-js/max';
import { invalid } from './errors.js';

/** E.164 form of `input`, or a 400 naming `path` when it is not a valid number for `region`. */
export function toE164(input: string, region: string, path: string): string {
  try {
    const parsed = parsePhoneNumberWithError(input, { defaultCountry: region as CountryCode });
    if (parsed.isValid()) return parsed.number;
  } catch {
    // fall through to the 400 below
  }
  throw invalid([
    {
      path,
      message: `is not a valid phone number (numbers without a +country code are read as ${region} numbers)`,
    },
  ]);
}

/** Like {@link toE164} for an optional field: undefined and null pass through. */
export function optionalE164(input: string | null | undefined, region: string, path: string) {
  return input === undefined || input === null ? input : toE164(input, region, path);
}
