import { pathToFileURL } from 'node:url';
import { testdata } from '../../../../test/testdata.js';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  ImportFileError,
  detectFormat,
  inspectSource,
  readRows,
  type SourceInfo,
  type SourceOptions,
} from './source.js';

/** ../shared/testdata beside the repository (as laid out for developers and CI). */
const LAYOUTS = pathToFileURL(testdata('crm_export_layouts') + '/');

/** An opener giving the bytes in small chunks, so multi-byte characters and records straddle chunks. */
const opener =
  (buf: Buffer, chunk = 7) =>
  () =>
    Readable.from(
      (function* () {
        for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
      })(),
    );

async function readAll(buf: Buffer, opts: SourceOptions) {
  const open = opener(buf);
  const info = await inspectSource(open, opts);
  const rows: { row: number; cells: string[] }[] = [];
  for await (const r of readRows(open, info)) rows.push(r);
  return { info, rows };
}

async function failure(buf: Buffer, opts: SourceOptions): Promise<ImportFileError> {
  try {
    await inspectSource(opener(buf), opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    return err as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

const CSV = 'csv' as const;
const TEXT = 'Name,City,Note\r\nJürgen Groß,Köln,"Straße ""7"", café"\r\nZoë,Montréal,naïve\r\n';

describe('CSV encodings', () => {
  const cases: [string, Buffer, string][] = [
    ['utf-8', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8'],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, 'utf-16le')]), 'utf-16le'],
    ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, 'utf-16be')]), 'utf-16be'],
    ['utf-16le without BOM', iconv.encode(TEXT, 'utf-16le'), 'utf-16le'],
    ['utf-16be without BOM', iconv.encode(TEXT, 'utf-16be'), 'utf-16be'],
    [
      'windows-1252 (with € and curly quotes)',
      iconv.encode(TEXT.replace('café', 'café €5 “x”'), 'win1252'),
      'windows-1252',
    ],
    ['iso-8859-1', iconv.encode(TEXT, 'latin1'), 'iso-8859-1'],
  ];
  it.each(cases)('detects %s and decodes every character', async (_label, buf, encoding) => {
    const { info, rows } = await readAll(buf, { format: CSV });
    expect(info.encoding).toBe(encoding);
    expect(info.headers).toEqual(['Name', 'City', 'Note']);
    expect(info.rowCount).toBe(2);
    expect(rows[0]!.cells[0]).toBe('Jürgen Groß');
    expect(rows[0]!.cells[1]).toBe('Köln');
    expect(rows[0]!.cells[2]).toMatch(/^Straße "7", café/);
    expect(rows[1]).toEqual({ row: 3, cells: ['Zoë', 'Montréal', 'naïve'] });
    if (encoding === 'windows-1252') expect(rows[0]!.cells[2]).toBe('Straße "7", café €5 “x”');
  });

  it('detects Windows-1251 (Cyrillic)', async () => {
    const text = 'Имя;Компания;Город\nАлексей Смирнов;ООО "Ромашка";Москва\nМария Иванова;Завод;Санкт-Петербург\n';
    const { info, rows } = await readAll(iconv.encode(text, 'win1251'), { format: CSV });
    expect(info).toMatchObject({ encoding: 'windows-1251', delimiter: ';', headers: ['Имя', 'Компания', 'Город'] });
    expect(rows[0]!.cells).toEqual(['Алексей Смирнов', 'ООО "Ромашка"', 'Москва']);
  });

  it('an explicit encoding wins over detection', async () => {
    const buf = Buffer.from('Name\nJürgen\n', 'utf8');
    const { info, rows } = await readAll(buf, { format: CSV, encoding: 'windows-1252' });
    expect(info.encoding).toBe('windows-1252');
    expect(rows[0]!.cells[0]).toBe('JÃ¼rgen');
  });

  it('invalid UTF-8 declared as UTF-8 → bad_encoding with the row', async () => {
    const buf = Buffer.concat([Buffer.from('Name\nAnna\nBob\n'), iconv.encode('Jürgen\n', 'latin1')]);
    const err = await failure(buf, { format: CSV, encoding: 'utf-8' });
    expect(err.code).toBe('bad_encoding');
    expect(err.row).toBe(4);
    expect(err.message).toMatch(/not valid UTF-8/);
  });
});

describe('CSV structure', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n'],
    [';', 'a;b;c\n1,5;2,5;3\n'],
    ['\t', 'a\tb\tc\n1, 2\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('sniffs the delimiter %j', async (delimiter, text) => {
    const { info, rows } = await readAll(Buffer.from(text), { format: CSV });
    expect(info.delimiter).toBe(delimiter);
    expect(info.headers).toEqual(['a', 'b', 'c']);
    expect(rows[0]!.cells).toHaveLength(3);
  });

  it('an explicit delimiter wins', async () => {
    const { info, rows } = await readAll(Buffer.from('a;b,c\n1;2,3\n'), { format: CSV, delimiter: ';' });
    expect(info.headers).toEqual(['a', 'b,c']);
    expect(rows[0]!.cells).toEqual(['1', '2,3']);
  });

  it('quoted newlines make one row; CRLF; row numbers; blank lines skipped but counted', async () => {
    const text = 'Name,Note\r\n"Ann","line 1\r\nline 2"\r\n\r\nBob,"say ""hi"""\r\nCy,\r\n';
    const { info, rows } = await readAll(Buffer.from(text), { format: CSV });
    expect(info.rowCount).toBe(3);
    expect(rows).toEqual([
      { row: 2, cells: ['Ann', 'line 1\r\nline 2'] },
      { row: 4, cells: ['Bob', 'say "hi"'] },
      { row: 5, cells: ['Cy', ''] },
    ]);
  });

  it('pads short rows, drops empty extras, keeps stray quotes in unquoted fields', async () => {
    const { rows } = await readAll(Buffer.from('a,b,c\n1\n2,x,y,,\n5" tv,z,w\n'), { format: CSV });
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', '', ''],
      ['2', 'x', 'y'],
      ['5" tv', 'z', 'w'],
    ]);
  });

  it('resumes after a row', async () => {
    const open = opener(Buffer.from('a\n1\n2\n3\n4\n'));
    const info = await inspectSource(open, { format: CSV });
    const rows = [];
    for await (const r of readRows(open, info, { after: 3 })) rows.push(r);
    expect(rows).toEqual([
      { row: 4, cells: ['3'] },
      { row: 5, cells: ['4'] },
    ]);
  });

  it('names empty header cells and drops trailing empty ones', async () => {
    const { info } = await readAll(Buffer.from('a,,c,,\n1,2,3\n'), { format: CSV });
    expect(info.headers).toEqual(['a', 'Column 2', 'c']);
  });
});

describe('malformed CSV files', () => {
  it.each([
    ['empty_file', Buffer.alloc(0), undefined],
    ['empty_file', Buffer.from([0xef, 0xbb, 0xbf, 0x0a, 0x20]), undefined],
    ['binary_file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]), undefined],
    ['binary_file', Buffer.from('PK\x03\x04\x14\x00\x06\x00rest', 'latin1'), undefined],
    ['no_rows', Buffer.from('a,b,c\r\n'), undefined],
    ['no_rows', Buffer.from('a,b,c\n\n\n'), undefined],
    ['no_header', Buffer.from('\na,b\n1,2\n'), 1],
    ['no_header', Buffer.from('john@x.com,555-1234\nann@y.org,555-9876\n'), 1],
    ['duplicate_headers', Buffer.from('Email,Name,email\n1,2,3\n'), 1],
    ['unbalanced_quotes', Buffer.from('a,b\n1,2\n3,"open\n4,5\n'), 3],
    ['unbalanced_quotes', Buffer.from('a,b\n"1,2\n3,4\n'), 2],
    ['too_many_columns', Buffer.from('a,b\n1,2\n1,2,3\n'), 3],
  ])('%s', async (code, buf, row) => {
    const err = await failure(buf, { format: CSV });
    expect(err.code).toBe(code);
    expect(err.row).toBe(row);
    expect(err.message.length).toBeGreaterThan(10);
  });
});

describe('real export files', () => {
  it('reads the Salesforce lead sample (22 rows, CRLF, quoted)', async () => {
    const buf = readFileSync(new URL('salesforce_lead_sample_DE_org_TRANSCRIBED.csv', LAYOUTS));
    const { info, rows } = await readAll(buf, { format: CSV });
    expect(info).toMatchObject({ encoding: 'utf-8', delimiter: ',', rowCount: 22 });
    expect(info.headers).toHaveLength(58);
    expect(info.headers.slice(0, 5)).toEqual(['Id', 'IsDeleted', 'MasterRecordId', 'LastName', 'FirstName']);
    expect(rows).toHaveLength(22);
    expect(rows[21]!.row).toBe(23);
    const col = (h: string) => info.headers.indexOf(h);
    const bertha = rows.find((r) => r.cells[col('FirstName')] === 'Bertha')!;
    expect(bertha.cells[col('Company')]).toBe('Farmers Coop. of Florida');
    expect(bertha.cells[col('CreatedDate')]).toBe('2023-05-03T10:34:07.000+0000');
    expect(rows.every((r) => r.cells.length === 58)).toBe(true);
  });

  it.each([
    'hubspot_contacts_export_default_view_HEADER_ONLY.csv',
    'hubspot_contacts_export_all_properties_HEADER_ONLY.csv',
  ])('%s: a header without rows → no_rows', async (name) => {
    const err = await failure(readFileSync(new URL(name, LAYOUTS)), { format: CSV });
    expect(err.code).toBe('no_rows');
  });

  it('reads the HubSpot header with a data row appended (non-ASCII header kept)', async () => {
    const header = readFileSync(new URL('hubspot_contacts_export_all_properties_HEADER_ONLY.csv', LAYOUTS), 'utf8');
    const count = header.trim().split('","').length;
    const buf = Buffer.from(
      header.trimEnd() + '\r\n' + Array(count).fill('""').join(',').replace('""', '"123"') + '\r\n',
    );
    const { info, rows } = await readAll(buf, { format: CSV });
    expect(info.headers).toHaveLength(count);
    expect(info.headers).toContain('höbbela');
    expect(rows[0]!.cells[0]).toBe('123');
  });
});

describe('XLSX', () => {
  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('Deals');
    a.addRow(['Name', 'Amount', 'Close date', 'Created', 'Won', 'Total', 'Notes']);
    a.addRow([
      'Acme',
      1234.5,
      new Date(Date.UTC(2024, 2, 31)),
      new Date(Date.UTC(2024, 0, 2, 13, 45, 0)),
      true,
      { formula: 'B2*2', result: 2469 },
      { richText: [{ text: 'rich ' }, { font: { bold: true }, text: 'text' }] },
    ]);
    a.getCell('C2').numFmt = 'dd/mm/yyyy';
    a.getCell('D2').numFmt = 'yyyy-mm-dd hh:mm';
    a.addRow([]);
    a.addRow(['Globex', 1000000, null, null, false]);
    const b = wb.addWorksheet('Contacts');
    b.addRow(['First name', 'Email']);
    b.addRow(['Ann', 'ann@example.com']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet: dates ISO, plain numbers, formula results, rich text', async () => {
    const { info, rows } = await readAll(await workbook(), { format: 'xlsx' });
    expect(info).toMatchObject({ format: 'xlsx', sheets: ['Deals', 'Contacts'], sheet: 'Deals', rowCount: 2 });
    expect(info.headers).toEqual(['Name', 'Amount', 'Close date', 'Created', 'Won', 'Total', 'Notes']);
    expect(rows).toEqual([
      { row: 2, cells: ['Acme', '1234.5', '2024-03-31', '2024-01-02T13:45:00.000Z', 'true', '2469', 'rich text'] },
      { row: 4, cells: ['Globex', '1000000', '', '', 'false', '', ''] },
    ]);
  });

  it('reads a chosen sheet; an unknown sheet → sheet_not_found', async () => {
    const buf = await workbook();
    const { info, rows } = await readAll(buf, { format: 'xlsx', sheet: 'Contacts' });
    expect(info.headers).toEqual(['First name', 'Email']);
    expect(rows).toEqual([{ row: 2, cells: ['Ann', 'ann@example.com'] }]);
    const err = await failure(buf, { format: 'xlsx', sheet: 'Leads' });
    expect(err.code).toBe('sheet_not_found');
    expect(err.message).toContain('Deals, Contacts');
  });

  it('a non-workbook → not_xlsx; detectFormat by signature and name', async () => {
    expect((await failure(Buffer.from('a,b\n1,2\n'), { format: 'xlsx' })).code).toBe('not_xlsx');
    const zipNotWorkbook = Buffer.from('PK\x03\x04garbage that is not a zip at all', 'latin1');
    expect((await failure(zipNotWorkbook, { format: 'xlsx' })).code).toBe('not_xlsx');
    const buf = await workbook();
    expect(detectFormat('deals.xlsx', buf)).toBe('xlsx');
    expect(detectFormat('export.csv', Buffer.from('a,b\n'))).toBe('csv');
    expect(detectFormat('contacts.txt', Buffer.from('BEGIN:VCARD\r\nVERSION:3.0\r\n'))).toBe('vcf');
    expect(detectFormat('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBeNull();
    expect(detectFormat('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toBeNull();
  });
});

describe('bounded memory', () => {
  it('streams a generated 200,000-row CSV without holding it', async () => {
    const ROWS = 200_000;
    const open = () =>
      Readable.from(
        (function* () {
          yield Buffer.from('id,name,email,note\r\n');
          for (let start = 0; start < ROWS; start += 1000) {
            let s = '';
            for (let i = start; i < start + 1000; i++) s += `${i},Person ${i},p${i}@example.com,"multi\nline ${i}"\r\n`;
            yield Buffer.from(s);
          }
        })(),
      );
    const info: SourceInfo = await inspectSource(open, { format: CSV });
    expect(info.rowCount).toBe(ROWS);
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let last = { row: 0, cells: [] as string[] };
    let peak = 0;
    for await (const r of readRows(open, info)) {
      count++;
      last = r;
      if (count % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(count).toBe(ROWS);
    expect(last.row).toBe(ROWS + 1);
    expect(last.cells).toEqual([
      `${ROWS - 1}`,
      `Person ${ROWS - 1}`,
      `p${ROWS - 1}@example.com`,
      `multi\nline ${ROWS - 1}`,
    ]);
    // The file is ~12 MB of text (~24 MB as JS strings); holding it would grow the heap far beyond this.
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
