/**
 * Sniffing an import file from its first bytes: format (by signature, then file name), text
 * encoding (BOM, UTF-16 byte pattern, strict UTF-8, then chardet restricted to the supported
 * encodings) and CSV delimiter (the candidate that splits the first records most consistently).
 */
import type { Readable } from 'node:stream';
import chardet from 'chardet';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { ImportFileError } from './errors.js';
import type { FileFormat, TextEncoding } from './types.js';

/** Bytes read for sniffing. */
export const HEAD_BYTES = 64 * 1024;

/** Up to `max` first bytes of the file (the stream is destroyed after). */
export async function readHead(open: () => Readable, max = HEAD_BYTES): Promise<Buffer> {
  const stream = open();
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      parts.push(buf);
      size += buf.length;
      if (size >= max) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, max);
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The file starts with a ZIP local-file header (XLSX, DOCX, …). */
export const isZip = (head: Buffer) => head.subarray(0, 4).equals(ZIP);

/**
 * The format of an uploaded file: `xlsx` for a ZIP container, `vcf` for text starting with
 * `BEGIN:VCARD`, `csv` for other text; null for other binaries (legacy `.xls`, images, PDFs) or an
 * unknown extension with binary content. `fileName` decides only when the bytes do not.
 */
export function detectFormat(fileName: string, head: Buffer): FileFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  if (isZip(head)) return 'xlsx';
  if (head.subarray(0, 4).equals(OLE)) return null;
  if (head.length === 0) return ext === 'xlsx' ? 'xlsx' : ext === 'vcf' || ext === 'vcard' ? 'vcf' : 'csv';
  let text: string;
  try {
    text = decodeSample(head, detectEncoding(head));
  } catch {
    return null;
  }
  if (/^\s*BEGIN:VCARD/i.test(text)) return 'vcf';
  if (ext === 'vcf' || ext === 'vcard') return 'vcf';
  if (ext === 'xlsx' || ext === 'xls') return null; // named a workbook but not one
  return 'csv';
}

const BOMS: [Buffer, TextEncoding][] = [
  [Buffer.from([0xef, 0xbb, 0xbf]), 'utf-8'],
  [Buffer.from([0xff, 0xfe]), 'utf-16le'],
  [Buffer.from([0xfe, 0xff]), 'utf-16be'],
];

/** The encoding named by a byte-order mark, or null. */
export function bomEncoding(head: Buffer): TextEncoding | null {
  for (const [bom, enc] of BOMS) if (head.subarray(0, bom.length).equals(bom)) return enc;
  return null;
}

/** UTF-16 without BOM: most ASCII characters leave a zero byte on the even (BE) or odd (LE) side. */
function utf16Pattern(head: Buffer): TextEncoding | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Valid UTF-8 (a multi-byte sequence cut by the sample's end is allowed). */
function isUtf8(head: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Control characters other than tab, CR, LF, FF, ESC in a sample → not a text file. */
function looksBinary(head: Buffer): boolean {
  let controls = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) controls++;
  }
  return controls > head.length * 0.01;
}

/**
 * The text encoding of a file from its first bytes: a BOM, a UTF-16 byte pattern, valid UTF-8, else
 * chardet's best guess among Windows-1251, Windows-1252 and ISO-8859-1 (ISO-8859-1 becomes
 * Windows-1252 when bytes 0x80–0x9F occur, which are printable only there). Throws
 * `binary_file` for a ZIP or other binary content.
 */
export function detectEncoding(head: Buffer): TextEncoding {
  const bom = bomEncoding(head);
  if (bom) return bom;
  const utf16 = utf16Pattern(head);
  if (utf16) return utf16;
  if (isZip(head) || head.subarray(0, 4).equals(OLE)) {
    throw new ImportFileError(
      'binary_file',
      'This is a spreadsheet file, not a CSV text file: choose the XLSX format.',
    );
  }
  if (looksBinary(head)) {
    throw new ImportFileError('binary_file', 'This file is not a text (CSV) file: it holds binary data.');
  }
  if (isUtf8(head)) return 'utf-8';
  const hasC1 = head.some((b) => b >= 0x80 && b <= 0x9f);
  for (const guess of chardet.analyse(head)) {
    const name = guess.name.toLowerCase();
    if (name === 'windows-1251') return 'windows-1251';
    if (name === 'windows-1252') return 'windows-1252';
    if (name === 'iso-8859-1') return hasC1 ? 'windows-1252' : 'iso-8859-1';
  }
  return 'windows-1252';
}

/** Decode a sample for sniffing (BOM dropped; a cut multi-byte tail dropped). */
export function decodeSample(head: Buffer, encoding: TextEncoding): string {
  const label = encoding === 'iso-8859-1' ? 'latin1' : encoding;
  const text = new TextDecoder(label).decode(head, { stream: true });
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter among `, ; \t |` that splits the sample's first records (up to 50) into the most
 * consistent number of fields (ties: more fields, then list order); `,` when none splits the
 * header. The sample is cut at its last line break so a partial record does not count.
 */
export function sniffDelimiter(sample: string): string {
  const cut = sample.length >= 1000 ? sample.slice(0, Math.max(sample.lastIndexOf('\n'), 1)) : sample;
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of DELIMITERS) {
    let records: string[][];
    try {
      records = parseCsvSync(cut, {
        delimiter,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        to_line: 50,
      }) as string[][];
    } catch {
      continue;
    }
    const width = records[0]?.length ?? 0;
    if (width < 2) continue;
    const consistent = records.filter((r) => r.length === width).length / records.length;
    const score = consistent * 10_000 + Math.min(width, 9_999);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}
