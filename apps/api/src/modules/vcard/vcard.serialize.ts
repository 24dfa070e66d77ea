/**
 * Contacts → vCard 4.0 (RFC 6350). Each card: BEGIN, VERSION, UID (`urn:uuid:<contact id>`, §6.7.6),
 * FN and N (§6.2.1–2), ORG (`company;department`, §6.6.4), TITLE, EMAIL, TEL as `tel:` URIs
 * (`VALUE=uri`, `TYPE=work` for the phone, `TYPE=cell` for the mobile, §6.4.1), CATEGORIES (tags),
 * REV (last update, UTC basic format), END. Text is escaped (§3.4: `\\`, `\,`, `\;`, newline → `\n`;
 * CR LF and CR count as a newline), lines end in CRLF and are folded at 75 octets without splitting
 * a UTF-8 sequence (§3.2). Empty fields are left out. `vcardToTable` reads a card back into exactly
 * the contact's fields (property test in vcard.serialize.test.ts).
 */

/** What a card is made from: a contact with its company name and tag names. */
export interface VcardContact {
  id: string;
  first_name: string;
  last_name: string | null;
  email: string | null;
  /** E.164. */
  phone: string | null;
  /** E.164. */
  mobile: string | null;
  job_title: string | null;
  department: string | null;
  /** Company name. */
  company: string | null;
  tags: string[];
  updated_at: Date;
}

/** Escapes a text value or component (RFC 6350 §3.4). */
export function escapeText(value: string): string {
  return value.replace(/[\\,;]|\r\n|\r|\n/g, (c) => (c === '\\' || c === ',' || c === ';' ? `\\${c}` : '\\n'));
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds one content line so that no physical line exceeds 75 octets (the leading space of a
 * continuation counts), breaking between code points only; lines joined with CRLF.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0)!);
    if (octets + n > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n');
}

/** `2024-05-06T07:08:09.123Z` → `20240506T070809Z` (RFC 6350 §4.3.5 timestamp). */
const timestamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** One contact as a vCard 4.0 card (CRLF line ends, ending with CRLF). */
export function contactToVcard(c: VcardContact): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `UID:urn:uuid:${c.id}`];
  const name = [c.first_name, c.last_name].filter((s) => s).join(' ');
  lines.push(`FN:${escapeText(name)}`, `N:${escapeText(c.last_name ?? '')};${escapeText(c.first_name)};;;`);
  if (c.company || c.department) {
    lines.push(`ORG:${escapeText(c.company ?? '')}${c.department ? `;${escapeText(c.department)}` : ''}`);
  }
  if (c.job_title) lines.push(`TITLE:${escapeText(c.job_title)}`);
  if (c.email) lines.push(`EMAIL:${escapeText(c.email)}`);
  if (c.phone) lines.push(`TEL;VALUE=uri;TYPE=work:tel:${c.phone}`);
  if (c.mobile) lines.push(`TEL;VALUE=uri;TYPE=cell:tel:${c.mobile}`);
  if (c.tags.length) lines.push(`CATEGORIES:${c.tags.map(escapeText).join(',')}`);
  lines.push(`REV:${timestamp(c.updated_at)}`, 'END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Several contacts as one `.vcf` document (cards in the given order). */
export function contactsToVcard(contacts: VcardContact[]): string {
  return contacts.map(contactToVcard).join('');
}
