/**
 * An import's file lives in the database, in 1 MiB rows of `import_file_chunks (import_id, seq,
 * data)`: any instance can read it and a restart finds it. Writing streams the request body (never
 * more than one chunk in memory); reading gives a fresh Readable per call, fetching one chunk at a
 * time — through the request transaction (upload, PATCH re-inspection) or, in jobs, each chunk in a
 * short tenant transaction of its own.
 */
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { Db, Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { withTenant } from '../../db/tenant.js';
import { AppError } from '../../lib/errors.js';

/** Size of one stored chunk (bytes). */
export const FILE_CHUNK_BYTES = 1024 * 1024;
/** How many leading bytes are kept aside for format detection. */
const HEAD_BYTES = 64 * 1024;

/** 413 naming the limit (MiB). */
export const tooLarge = (maxMb: number) =>
  new AppError('payload_too_large', `The file is larger than the import limit of ${maxMb} MB (RELATA_IMPORT_MAX_MB)`, {
    max_mb: maxMb,
  });

/**
 * Streams `body` into `import_file_chunks` of `importId` (the import row must exist in `tx`).
 * Returns the size in bytes and the first 64 KiB. More than `maxMb` MiB → 413 (the caller's
 * transaction rolls back whatever was stored).
 */
export async function storeFile(
  tx: Tx,
  params: { orgId: string; importId: string; body: AsyncIterable<Buffer | string> | Iterable<Buffer>; maxMb: number },
): Promise<{ size: number; head: Buffer }> {
  const max = params.maxMb * 1024 * 1024;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0;
  let seq = 0;
  let head = Buffer.alloc(0);
  const flush = async (all: boolean) => {
    while (pendingBytes >= FILE_CHUNK_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending, pendingBytes);
      const data = joined.subarray(0, Math.min(FILE_CHUNK_BYTES, joined.length));
      const rest = joined.subarray(data.length);
      await tx.execute(sql`insert into import_file_chunks (org_id, id, import_id, seq, data)
        values (${params.orgId}::uuid, ${uuidv7()}::uuid, ${params.importId}::uuid, ${seq++}, ${data}::bytea)`);
      pending = rest.length ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
    }
  };
  for await (const part of params.body) {
    const buf = typeof part === 'string' ? Buffer.from(part) : part;
    size += buf.length;
    if (size > max) throw tooLarge(params.maxMb);
    if (head.length < HEAD_BYTES) head = Buffer.concat([head, buf.subarray(0, HEAD_BYTES - head.length)]);
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes >= FILE_CHUNK_BYTES) await flush(false);
  }
  await flush(true);
  return { size, head };
}

const toBuffer = (v: unknown) => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array));

async function* chunksVia(read: (seq: number) => Promise<Buffer | null>) {
  for (let seq = 0; ; seq++) {
    const data = await read(seq);
    if (!data) return;
    yield data;
  }
}

const readChunk = async (tx: Tx, orgId: string, importId: string, seq: number) => {
  const [row] = await queryRows<{ data: unknown }>(
    tx,
    sql`select data from import_file_chunks where org_id = ${orgId}::uuid and import_id = ${importId}::uuid and seq = ${seq}`,
  );
  return row ? toBuffer(row.data) : null;
};

/** `open()` for the file sources: reads through `tx` (a request transaction). */
export function openInTx(tx: Tx, params: { orgId: string; importId: string }): () => Readable {
  return () =>
    Readable.from(
      chunksVia((seq) => readChunk(tx, params.orgId, params.importId, seq)),
      { objectMode: false },
    );
}

/** `open()` for jobs: each chunk is read in a short tenant transaction of its own. */
export function openInDb(db: Db, params: { orgId: string; importId: string }): () => Readable {
  return () =>
    Readable.from(
      chunksVia((seq) =>
        withTenant(db, { orgId: params.orgId }, (tx) => readChunk(tx, params.orgId, params.importId, seq)),
      ),
      { objectMode: false },
    );
}
