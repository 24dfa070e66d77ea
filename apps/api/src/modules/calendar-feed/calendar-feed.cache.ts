/**
 * What a process keeps between calendar-feed requests. Calendar apps poll the same feed every few
 * minutes and between two polls most items — often all — are unchanged, while rendering costs
 * ~12 µs an item (60 ms for a 5,000-item feed) against ~2.5 µs to read it (bench/activities).
 *
 * One LRU bounded in bytes (npm `lru-cache`, `RELATA_FEED_CACHE_MB`; 0 disables it) holds:
 * - items: the text of one activity's VEVENT / VTODO, keyed by organisation, activity id, version
 *   and `updated_at` — every write of an activity bumps its version (`saveActivity`), so a changed
 *   activity is rendered again and its old text ages out;
 * - documents: a member's whole feed as bytes, with the signature of the rows it was made from
 *   (calendar name, then each row's id, version and `updated_at`, in order). A request reads the
 *   rows as always; when their signature is the one kept, the kept bytes are the document (same
 *   rows in the same order → same items → same text), else it is assembled from the items and kept.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { itemText, renderCalendar, toFeedActivity, type FeedRow } from './calendar-feed.ical.js';

/** A feed document: its bytes and its entity tag (RFC 9110 §8.8.3, strong: same bytes, same tag). */
export interface FeedDocument {
  body: Buffer;
  etag: string;
}

interface KeptDocument extends FeedDocument {
  signature: string;
}

const stampOf = (row: FeedRow) => (row.updated_at instanceof Date ? row.updated_at.getTime() : row.updated_at);

export class FeedCache {
  private readonly lru: LRUCache<string, string | KeptDocument> | null;

  constructor(maxBytes: number) {
    this.lru =
      maxBytes > 0
        ? new LRUCache<string, string | KeptDocument>({
            maxSize: maxBytes,
            sizeCalculation: (v, k) =>
              2 * k.length + (typeof v === 'string' ? 2 * v.length : v.body.length + 2 * v.signature.length),
          })
        : null;
  }

  /** The item text of `row` (organisation `orgId`), from the cache or rendered and kept. */
  item(orgId: string, row: FeedRow): string {
    if (!this.lru) return itemText(toFeedActivity(row));
    const key = `i:${orgId}:${row.id}:${row.version}:${stampOf(row)}`;
    const hit = this.lru.get(key);
    if (typeof hit === 'string') return hit;
    const text = itemText(toFeedActivity(row));
    this.lru.set(key, text);
    return text;
  }

  /**
   * The feed document (UTF-8 bytes) of member `membershipId` of `orgId` for `rows` — as
   * {@link renderCalendar} makes it with `name` and `refreshSeconds` — kept or assembled and kept,
   * with its ETag: the SHA-1 of the rows' signature, so it changes exactly when the bytes do.
   */
  document(params: {
    orgId: string;
    membershipId: string;
    name: string;
    refreshSeconds: number;
    rows: FeedRow[];
  }): FeedDocument {
    const { orgId, rows } = params;
    let signature = `${params.name}\n${params.refreshSeconds}`;
    for (const r of rows) signature += `\n${r.id}:${r.version}:${stampOf(r)}`;
    const key = `d:${orgId}:${params.membershipId}`;
    const kept = this.lru?.get(key);
    if (kept && typeof kept !== 'string' && kept.signature === signature) return kept;
    const body = Buffer.from(
      renderCalendar({
        name: params.name,
        activities: rows,
        refreshSeconds: params.refreshSeconds,
        item: (r) => this.item(orgId, r),
      }),
    );
    const etag = `"${createHash('sha1').update(signature).digest('base64url')}"`;
    this.lru?.set(key, { signature, body, etag });
    return { body, etag };
  }

  /** Entries held, items and documents (for tests and diagnostics). */
  get size(): number {
    return this.lru?.size ?? 0;
  }
}
