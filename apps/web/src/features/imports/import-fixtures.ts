/** Wire-shaped imports and a fake XMLHttpRequest for the import wizard's component tests. */
import { defaultImportOptions } from '@relata/shared';
import type { ImportTargetWire, ImportWire } from './imports-api';

export const IMPORT_ID = '01900000-0000-7000-8000-0000000000e1';
const T = '2026-02-01T10:00:00.000Z';

/** A deals import of `deals.csv` (4 columns, 3 rows) in status `uploaded`; `extra` overrides. */
export function anImport(extra: Partial<ImportWire> = {}): ImportWire {
  return {
    id: IMPORT_ID,
    entity: 'deals',
    status: 'uploaded',
    file: {
      name: 'deals.csv',
      size_bytes: 2048,
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ',',
      sheets: [],
      sheet: null,
      headers: ['Deal Name', 'Organization', 'Deal Stage', 'Value'],
      row_count: 3,
    },
    sample_rows: [
      ['Big sale', 'Initech', 'Proposal', '$1,200.00'],
      ['Small sale', 'Globex', 'Qualified', '300'],
      ['Bad one', '', 'Nowhere', '12'],
    ],
    mapping: { '0': 'name', '1': 'company', '2': 'stage', '3': null },
    suggested_mapping: { '0': 'name', '1': 'company', '2': 'stage', '3': null },
    detected_date_order: 'dmy',
    options: defaultImportOptions(),
    progress: {
      rows_total: 3,
      rows_done: 0,
      created: 0,
      updated: 0,
      skipped: 0,
      failed: 0,
      warnings: 0,
      checkpoint: 0,
    },
    dry_run: null,
    timings: {
      dry_run_started_at: null,
      dry_run_finished_at: null,
      started_at: null,
      finished_at: null,
      revert_started_at: null,
      reverted_at: null,
    },
    error: null,
    created_by: { id: '01900000-0000-7000-8000-0000000000f1', name: 'Ada Lovelace' },
    reverted_by: null,
    created_at: T,
    updated_at: T,
    version: 1,
    ...extra,
  };
}

/** Deal targets as `GET /imports/targets?entity=deals` serves them (a subset, plus one custom field). */
export const DEAL_TARGETS: ImportTargetWire[] = [
  { key: 'name', label: 'Name', type: 'text', required: true },
  { key: 'company', label: 'Company', type: 'relation', required: false },
  { key: 'stage', label: 'Stage', type: 'relation', required: false },
  { key: 'amount', label: 'Amount', type: 'money', required: false },
  { key: 'expected_close_date', label: 'Expected close date', type: 'date', required: false },
  { key: 'owner', label: 'Owner', type: 'relation', required: false },
  { key: 'external_id', label: 'External ID', type: 'text', required: false },
  { key: 'cf.region', label: 'Region', type: 'text', required: false },
];

/** An issue row of `GET /imports/{id}/issues`. */
export function anIssue(n: number, row: number, message: string, severity: 'error' | 'warning' = 'error') {
  return {
    id: `01900000-0000-7000-8000-0000000003${String(n).padStart(2, '0')}`,
    row,
    column: 2,
    column_name: 'Deal Stage',
    value: 'Nowhere',
    message,
    severity,
    phase: 'dry_run' as const,
  };
}

/** A fake XMLHttpRequest answering every upload with `FakeXhr.reply` after one progress event. */
export class FakeXhr {
  static reply: { status: number; body: unknown } = { status: 201, body: {} };
  static last: FakeXhr | null = null;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  withCredentials = false;
  status = 0;
  responseText = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
    FakeXhr.last = this;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    this.body = body;
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 2 });
      this.status = FakeXhr.reply.status;
      this.responseText = JSON.stringify(FakeXhr.reply.body);
      this.onload?.();
    }, 5);
  }
}
