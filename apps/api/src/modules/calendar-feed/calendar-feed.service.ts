/**
 * Personal iCalendar feeds (DESIGN §2 Activities, "Personal iCalendar feed (secret URL)").
 *
 * A member has at most one feed token (`calendar_feeds`, unique per membership). Tokens are
 * `rc_<organisation id, base64url>_<32 random bytes, base64url>` (lib/tokens.ts, like `rk_` API
 * keys), so the public feed request knows which organisation's RLS scope to open before looking the
 * token up by `(org_id, token_hash)`; only the SHA-256 hex digest is stored and the token is shown
 * once. Regenerating replaces the digest, so the old URL answers 404 from the next request on.
 */
import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import {
  CALENDAR_FEED_MAX_ITEMS,
  CALENDAR_FEED_WINDOW,
  type CalendarFeedStatus,
  type CreatedCalendarFeed,
} from '@relata/shared';
import type { Db, Tx } from '../../db/client.js';
import { calendar_feeds } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import { hashToken, issueOrgToken, orgOfToken } from '../../lib/tokens.js';
import type { FeedCache, FeedDocument } from './calendar-feed.cache.js';
import type { FeedRow } from './calendar-feed.ical.js';

/** Token kind prefix of calendar feed tokens (`rk` API keys, `ri` invitations). */
export const CALENDAR_FEED_PREFIX = 'rc';

/** Seconds a calendar app (and any cache) may keep a feed before asking again. */
export const FEED_MAX_AGE_SECONDS = 300;

const DAY_MS = 86_400_000;

/** The feed's owner: a membership of an organisation. */
export interface FeedOwner {
  orgId: string;
  membershipId: string;
}

/** The subscription URL of `token` under the public base URL (no trailing slash). */
export const feedUrl = (baseUrl: string, token: string) => `${baseUrl}/ical/${token}.ics`;

/** Whether the member has a feed, and when its current token was made (UTC). */
export async function getFeedStatus(tx: Tx, params: FeedOwner): Promise<CalendarFeedStatus> {
  const [row] = await tx
    .select({ created_at: calendar_feeds.created_at })
    .from(calendar_feeds)
    .where(and(eq(calendar_feeds.org_id, params.orgId), eq(calendar_feeds.membership_id, params.membershipId)));
  return { active: !!row, created_at: row?.created_at ?? null };
}

/**
 * Creates the member's feed token, or replaces the existing one (the old token stops working when
 * this transaction commits). Returns the URL and token once; stores only the token's SHA-256.
 */
export async function createOrRegenerateFeed(
  tx: Tx,
  params: FeedOwner & { baseUrl: string },
): Promise<CreatedCalendarFeed> {
  const token = issueOrgToken(CALENDAR_FEED_PREFIX, params.orgId);
  const tokenHash = hashToken(token);
  const [row] = await tx
    .insert(calendar_feeds)
    .values({ org_id: params.orgId, id: uuidv7(), membership_id: params.membershipId, token_hash: tokenHash })
    .onConflictDoUpdate({
      target: [calendar_feeds.org_id, calendar_feeds.membership_id],
      set: { token_hash: tokenHash, created_at: sql`now()`, updated_at: sql`now()` },
    })
    .returning({ created_at: calendar_feeds.created_at });
  return { url: feedUrl(params.baseUrl, token), token, created_at: row!.created_at };
}

/** Revokes the member's feed token (its URL answers 404 from then on). Idempotent. */
export async function revokeFeed(tx: Tx, params: FeedOwner): Promise<void> {
  await tx
    .delete(calendar_feeds)
    .where(and(eq(calendar_feeds.org_id, params.orgId), eq(calendar_feeds.membership_id, params.membershipId)));
}

/**
 * The member's activities for the feed, in one statement bounded by the index
 * `activities_assignee_due_idx` `(org_id, assignee_id, due_at, id)`: assigned to the member, due in
 * [`now` − 90 days, `now` + 365 days) (`CALENDAR_FEED_WINDOW`), notes excluded, earliest first, at
 * most `CALENDAR_FEED_MAX_ITEMS`. Activities without a due time are not calendar items.
 */
export async function feedActivities(tx: Tx, params: FeedOwner & { now: Date }): Promise<FeedRow[]> {
  const from = new Date(params.now.getTime() - CALENDAR_FEED_WINDOW.past_days * DAY_MS);
  const to = new Date(params.now.getTime() + CALENDAR_FEED_WINDOW.future_days * DAY_MS);
  // A constant template read without drizzle's row mapping: for 5,000 rows the mapping (a Date per
  // time column) cost about as much as the query (bench/activities); times are parsed only for items
  // not in the FeedCache.
  return queryRows<FeedRow>(
    tx,
    sql`select id, type, subject, description, status, due_at, duration_minutes, all_day, priority, outcome,
               call_direction, location, completed_at, version, created_at, updated_at
          from activities
         where org_id = ${params.orgId}::uuid and assignee_id = ${params.membershipId}::uuid
           and due_at >= ${from.toISOString()}::timestamptz and due_at < ${to.toISOString()}::timestamptz
           and type <> 'note'
         order by due_at, id
         limit ${CALENDAR_FEED_MAX_ITEMS}`,
  );
}

interface FeedRequestRow {
  membership_id: string;
  user_id: string;
  org_name: string;
}

/**
 * Serves `GET /ical/{token}.ics` (no session, no API key): one read-only transaction that opens the
 * token's organisation scope and finds the feed with `relata_begin_calendar_feed` (migration 0013:
 * role relata_app, app.org_id / app.user_id set for the transaction), then reads the member's
 * activities and renders them (calendar-feed.ical.ts) as UTF-8 bytes with an ETag — through `cache` (the app's
 * {@link FeedCache}: the kept document while the rows are unchanged, else kept items). A malformed,
 * unknown, revoked or replaced token → 404 (AppError `not_found`), indistinguishable from each other.
 */
export async function renderFeed(
  db: Db,
  params: { token: string; now: Date; cache: FeedCache },
): Promise<FeedDocument> {
  const orgId = orgOfToken(CALENDAR_FEED_PREFIX, params.token);
  if (!orgId) throw notFound('Calendar feed');
  const tokenHash = hashToken(params.token);
  return db.transaction(
    async (tx) => {
      const res = await tx.execute(sql`select * from relata_begin_calendar_feed(${orgId}, ${tokenHash})`);
      const [owner] = (res as unknown as { rows: FeedRequestRow[] }).rows;
      if (!owner) throw notFound('Calendar feed');
      const rows = await feedActivities(tx, { orgId, membershipId: owner.membership_id, now: params.now });
      return params.cache.document({
        orgId,
        membershipId: owner.membership_id,
        name: `Relata – ${owner.org_name}`,
        refreshSeconds: FEED_MAX_AGE_SECONDS,
        rows,
      });
    },
    { accessMode: 'read only' },
  );
}
