/**
 * vCard import (issue 6 "vCard"): a `.vcf` file (vCard 2.1, 3.0 or 4.0, any number of cards) → a
 * table of contact import rows, the shape the import pipeline (modules/imports) reads a CSV into.
 *
 * Parser choice: our own reader (`vcard.lines.ts`, ~250 lines, tested on every sample of
 * ../shared/testdata/vcard and by property tests), because no maintained npm library reads what
 * phones and mail clients actually write. Checked:
 * - ical.js 2.2 (installed; maintained), run on the 30 samples: it parses 3.0/4.0 to jCard but
 *   throws on 2.1 bare parameters (`TEL;WORK;VOICE:` — the Android and Outlook exports), on
 *   quoted-printable soft line breaks (Outlook 2003/2007), on Apple's `PHOTO;BASE64:` (Mac Address
 *   Book), and silently corrupts the iPhone export (CR CR LF line ends: values keep a `\r`, N is not
 *   split). A 2.1 pre-pass feeding it would have to tokenise every line itself anyway.
 * - `vcf` 2.1.2 (jhermsmeier; source read): one regex per line (`[^;:]+` parameters, so quoted
 *   values holding `;` or `:` break), no quoted-printable decoding, no `\,` `\;` unescaping, every
 *   line (photos included) kept in memory.
 * - `vcard4`, `vcard4-ts` (npm view): vCard 4.0 only. `vcard-parser`, `vcardparser`, `vcf-parser`
 *   (npm view): single 1.0.x releases, no claim of 2.1 or quoted-printable support.
 * The ical.js test files' `.expected.jcard.json` are used as a cross-check in vcard.samples.test.ts.
 *
 * Mapping of a card to a row (headers {@link VCARD_HEADERS}, the contact import target keys of
 * modules/imports/fields.ts; every cell a string, '' when absent, trimmed):
 * - first_name / last_name: N's given and family names (3.0/4.0 lists such as `Philip,Paul` joined
 *   with spaces); N with only a family name → first_name = it. No N: FN split at its last space
 *   (`Frank Dawson` → Frank / Dawson). Organisation cards (4.0 `KIND:org`, Apple
 *   `X-ABShowAs:COMPANY`) and cards with neither N nor FN: first_name = FN, else ORG's name, with
 *   last_name empty (a contact needs a first name; the row stays recognisable). A card with only an
 *   email: first_name = the email's local part, with a warning. First N / FN of the card wins
 *   (4.0 ALTID language variants are alternatives of the first).
 * - email: the most preferred EMAIL (`PREF=1` < … < `PREF=100` < `TYPE=pref` = 1 < none), ties in
 *   file order; `mailto:` dropped.
 * - mobile: the most preferred TEL typed `cell` (or Apple's `iphone`), not fax/pager.
 * - phone: of the other TELs that are not fax or pager, `work` first, then untyped/voice, then
 *   `home`, then further cells; preference, then file order, within each. Phones are left as
 *   written (the import normalises them to E.164 with the organisation's region); `tel:` URIs lose
 *   the scheme and keep an extension as ` ext. N`.
 * - company / department: the first ORG's first and second components; job_title: the first TITLE.
 * - tags: every CATEGORIES value (comma lists split), joined with `; `.
 * - external_id: UID without `urn:uuid:` (re-importing the same file then upserts).
 * Emails, phones, ORGs and TITLEs that do not fit are listed in a warning, never dropped silently.
 * Not mapped (no contact field): NOTE, ADR, URL, BDAY, NICKNAME, IMPP, photos… Group cards
 * (`KIND:group`) and places (`KIND:location`) are skipped with a warning, as are cards with no name,
 * email, phone or organisation at all.
 */
import { parseVcards, type Vcard, type VcardProperty, type VcardWarning } from './vcard.lines.js';
import { splitEscaped, unescapeText } from './vcard.text.js';

export { parseVcards } from './vcard.lines.js';
export { decodeVcardBytes } from './vcard.text.js';
export type { Vcard, VcardProperty, VcardWarning } from './vcard.lines.js';

/** Columns of {@link vcardToTable}: contact import target keys. */
export const VCARD_HEADERS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'mobile',
  'job_title',
  'department',
  'company',
  'tags',
  'external_id',
] as const;
export type VcardColumn = (typeof VCARD_HEADERS)[number];

const all = (card: Vcard, name: string) => card.properties.filter((p) => p.name === name);
/** Stable sort by preference. */
const byPref = (props: VcardProperty[]) =>
  props
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.pref - b.p.pref || a.i - b.i)
    .map((x) => x.p);
const text = (p: VcardProperty | undefined) => (p ? unescapeText(p.value).trim() : '');
const components = (p: VcardProperty | undefined) => (p ? splitEscaped(p.value, ';') : []);

/** A component of a structured value; in 3.0/4.0 its comma-separated list joined with spaces. */
function listText(card: Vcard, raw: string | undefined): string {
  if (raw === undefined) return '';
  const items = card.version === '2.1' ? [raw] : splitEscaped(raw, ',');
  return items
    .map((s) => unescapeText(s).trim())
    .filter(Boolean)
    .join(' ');
}

/** A TEL value as dialable text: `tel:+1-418-656-9254;ext=102` → `+1-418-656-9254 ext. 102`. */
function phoneText(p: VcardProperty): string {
  const value = text(p);
  if (!/^tel:/i.test(value)) return value;
  const [number, ...uriParams] = value.slice(4).split(';');
  const ext = uriParams.find((x) => /^ext=/i.test(x))?.slice(4);
  return (ext ? `${number} ext. ${ext}` : number!).trim();
}

const describe = (value: string, p: VcardProperty) => (p.types.length ? `${value} (${p.types.join(', ')})` : value);

interface Phones {
  phone: string;
  mobile: string;
  rest: string[];
}

function pickPhones(card: Vcard): Phones {
  const tels = byPref(all(card, 'TEL')).filter((p) => phoneText(p) !== '');
  const isCell = (p: VcardProperty) => p.types.includes('cell') || p.types.includes('iphone');
  const callable = (p: VcardProperty) => !p.types.includes('fax') && !p.types.includes('pager');
  const mobile = tels.find((p) => isCell(p) && callable(p));
  const rank = (p: VcardProperty) => (isCell(p) ? 3 : p.types.includes('work') ? 0 : p.types.includes('home') ? 2 : 1);
  const phone = tels
    .filter((p) => p !== mobile && callable(p))
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)[0]?.p;
  return {
    phone: phone ? phoneText(phone) : '',
    mobile: mobile ? phoneText(mobile) : '',
    rest: tels.filter((p) => p !== phone && p !== mobile).map((p) => describe(phoneText(p), p)),
  };
}

function isOrganisation(card: Vcard): boolean {
  const kind = text(all(card, 'KIND')[0]).toLowerCase();
  const showAs = text(all(card, 'X-ABSHOWAS')[0]).toUpperCase();
  return kind === 'org' || showAs === 'COMPANY';
}

function names(card: Vcard, org: string, email: string, warn: (m: string) => void) {
  const fn = text(all(card, 'FN')[0]);
  if (!isOrganisation(card)) {
    const n = components(all(card, 'N')[0]);
    const family = listText(card, n[0]);
    const given = listText(card, n[1]);
    if (given || family) return { first: given || family, last: given ? family : '' };
    const words = fn.split(/\s+/).filter(Boolean);
    if (words.length > 1) return { first: words.slice(0, -1).join(' '), last: words.at(-1)! };
    if (fn) return { first: fn, last: '' };
  }
  if (fn || org) return { first: fn || org, last: '' };
  if (email) {
    warn('the card has no name (N, FN or ORG); first_name is taken from the email address');
    return { first: email.split('@')[0]!, last: '' };
  }
  warn('the card has no name (N, FN or ORG); the import needs a first name');
  return { first: '', last: '' };
}

const extra = (what: string, values: string[]) => `${values.length} more ${what} not imported: ${values.join('; ')}`;

/** One card → one row (or null when skipped, with the reason in `warn`). */
function cardToRow(card: Vcard, warn: (m: string) => void): string[] | null {
  const kind = text(all(card, 'KIND')[0]).toLowerCase();
  if (kind === 'group' || kind === 'location') {
    warn(`skipped: a ${kind} card (KIND:${kind}) is not a person`);
    return null;
  }
  const emails = byPref(all(card, 'EMAIL'))
    .map((p) => text(p).replace(/^mailto:/i, ''))
    .filter(Boolean);
  const orgs = byPref(all(card, 'ORG')).filter((p) => components(p).some((c) => unescapeText(c).trim() !== ''));
  const org = components(orgs[0]).map((c) => unescapeText(c).trim());
  const titles = byPref(all(card, 'TITLE')).map(text).filter(Boolean);
  const phones = pickPhones(card);
  if (
    !emails.length &&
    !orgs.length &&
    !phones.phone &&
    !phones.mobile &&
    !all(card, 'N').length &&
    !text(all(card, 'FN')[0])
  ) {
    warn('skipped: the card has no name, email, phone or organisation');
    return null;
  }
  const { first, last } = names(card, org[0] ?? '', emails[0] ?? '', warn);
  if (emails.length > 1) warn(extra('email address(es)', emails.slice(1)));
  if (phones.rest.length) warn(extra('phone number(s)', phones.rest));
  if (orgs.length > 1)
    warn(
      extra(
        'organisation(s) (ORG)',
        orgs.slice(1).map((p) => unescapeText(p.value)),
      ),
    );
  if (titles.length > 1) warn(extra('job title(s)', titles.slice(1)));
  const tags = new Map<string, string>();
  for (const p of all(card, 'CATEGORIES')) {
    for (const t of splitEscaped(p.value, ',').map((s) => unescapeText(s).trim())) {
      if (t && !tags.has(t.toLowerCase())) tags.set(t.toLowerCase(), t);
    }
  }
  const row: Record<VcardColumn, string> = {
    first_name: first,
    last_name: last,
    email: emails[0] ?? '',
    phone: phones.phone,
    mobile: phones.mobile,
    job_title: titles[0] ?? '',
    department: org[1] ?? '',
    company: org[0] ?? '',
    tags: [...tags.values()].join('; '),
    external_id: text(all(card, 'UID')[0]).replace(/^urn:uuid:/i, ''),
  };
  return VCARD_HEADERS.map((h) => row[h].trim());
}

/**
 * A .vcf file's text → contact import rows: `headers` = {@link VCARD_HEADERS}, one row per card that
 * describes a person or organisation (each exactly `headers.length` strings), and `warnings` per card
 * (1-based card number; 0 = the file) for whatever was skipped or did not fit. Never throws; a file
 * without any card gives no rows and one warning.
 */
export function vcardToTable(text: string): {
  headers: string[];
  rows: string[][];
  warnings: { card: number; message: string }[];
} {
  const { cards, warnings } = parseVcards(text);
  const out: VcardWarning[] = [...warnings];
  const rows: string[][] = [];
  for (const card of cards) {
    const row = cardToRow(card, (message) => out.push({ card: card.number, message }));
    if (row) rows.push(row);
  }
  if (!cards.length) out.push({ card: 0, message: 'the file holds no vCard (no BEGIN:VCARD … END:VCARD)' });
  out.sort((a, b) => a.card - b.card);
  return { headers: [...VCARD_HEADERS], rows, warnings: out };
}
