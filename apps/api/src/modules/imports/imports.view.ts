/**
 * Import rows → the API shape (`Import` of @relata/shared): file info, progress, timings, creator
 * and reverter names (fetched once per page).
 */
import {
  defaultImportOptions,
  type Import,
  type ImportDateOrder,
  type ImportEntity,
  type ImportFormat,
  type ImportOptions,
  type ImportStatus,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import type { imports } from '../../db/schema/index.js';
import { refOf, userRefs } from '../records/refs.js';

export type ImportRow = typeof imports.$inferSelect;

/** Stored `file_info` (SourceInfo of files/source.ts). */
export interface StoredFileInfo {
  encoding: string | null;
  delimiter: string | null;
  sheets: string[];
  sheet: string | null;
  headers: string[];
  rowCount: number;
}

export const fileInfoOf = (row: ImportRow) => row.file_info as unknown as StoredFileInfo;
export const optionsOf = (row: ImportRow): ImportOptions => ({
  ...defaultImportOptions(),
  ...(row.options as Partial<ImportOptions>),
});

/** Rows → API shape, in order. */
export async function toImports(tx: Tx, orgId: string, rows: ImportRow[]): Promise<Import[]> {
  void orgId;
  const users = await userRefs(tx, { ids: rows.flatMap((r) => [r.created_by, r.reverted_by]) });
  return rows.map((r) => {
    const info = fileInfoOf(r);
    return {
      id: r.id,
      entity: r.entity as ImportEntity,
      status: r.status as ImportStatus,
      file: {
        name: r.file_name,
        size_bytes: r.file_size,
        format: r.file_format as ImportFormat,
        encoding: info.encoding,
        delimiter: info.delimiter,
        sheets: info.sheets,
        sheet: info.sheet,
        headers: info.headers,
        row_count: info.rowCount,
      },
      sample_rows: r.sample_rows,
      mapping: r.mapping,
      suggested_mapping: r.suggested_mapping,
      detected_date_order: r.detected_date_order as ImportDateOrder | null,
      options: optionsOf(r),
      progress: {
        rows_total: r.rows_total,
        rows_done: r.rows_done,
        created: r.created,
        updated: r.updated,
        skipped: r.skipped,
        failed: r.failed,
        warnings: r.warnings,
        checkpoint: r.checkpoint,
      },
      dry_run: r.dry_run
        ? ({ ...r.dry_run, finished_at: new Date(String(r.dry_run.finished_at)) } as Import['dry_run'])
        : null,
      timings: {
        dry_run_started_at: r.dry_run_started_at,
        dry_run_finished_at: r.dry_run_finished_at,
        started_at: r.started_at,
        finished_at: r.finished_at,
        revert_started_at: r.revert_started_at,
        reverted_at: r.reverted_at,
      },
      error: r.error ?? null,
      created_by: refOf(users, r.created_by),
      reverted_by: refOf(users, r.reverted_by),
      created_at: r.created_at,
      updated_at: r.updated_at,
      version: r.version,
    };
  });
}
