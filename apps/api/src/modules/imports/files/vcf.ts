/**
 * vCard files as an import source: the whole file is decoded (`decodeVcardBytes`: BOM / UTF-16 /
 * UTF-8, else Latin-1) and turned into contact rows by the vCard module's `vcardToTable` (headers =
 * contact import target keys, one row per card). A .vcf is read into memory at once — address-book
 * exports are kilobytes to a few megabytes, and the upload limit (`RELATA_IMPORT_MAX_MB`) bounds it.
 * Row numbers follow the spreadsheet convention of the other sources: card n is row n + 1.
 */
import type { Readable } from 'node:stream';
import { decodeVcardBytes, vcardToTable } from '../../vcard/vcard.parse.js';
import { ImportFileError } from './errors.js';

/** Every byte of the source. */
async function readAll(open: () => Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of open()) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(parts);
}

/**
 * The cards of a .vcf as a table. Throws ImportFileError `empty_file` (no bytes), `no_rows` (no
 * BEGIN:VCARD … END:VCARD card that yields a contact).
 */
export async function vcfTable(open: () => Readable): Promise<{ headers: string[]; rows: string[][] }> {
  const bytes = await readAll(open);
  if (bytes.toString('latin1').trim() === '') throw new ImportFileError('empty_file', 'The file is empty.');
  const { headers, rows } = vcardToTable(decodeVcardBytes(bytes));
  if (rows.length === 0) {
    throw new ImportFileError('no_rows', 'The file holds no vCard with a name, email or organisation to import.');
  }
  return { headers, rows };
}
