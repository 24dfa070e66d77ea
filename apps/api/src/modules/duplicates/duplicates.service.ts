/**
 * `GET /api/v1/duplicates`: candidate groups of likely duplicate contacts or companies (issue 6).
 * SQL pairs the records (duplicates.pairs.ts); here the evidence becomes groups: records linked by
 * any reason form one group (union-find over the evidence, linear in its size), cut to the 5
 * records with the best scores. A pair's score combines its reasons as independent evidence
 * (1 − Π(1 − sᵢ/100)); a group's score is its best pair's. Groups are ordered by score (highest
 * first), then by their first record id, and paged with a cursor on that order. Only the page's
 * records are then read in full (one statement per type plus owner / company names).
 */
import { DUPLICATE_GROUP_MAX, type DuplicateGroup, type DuplicateQuery, type DuplicateReason } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { invalid } from '../../lib/errors.js';
import { toPage } from '../../lib/pagination.js';
import type { Actor } from '../records/actor.js';
import { evidenceOf, reasonScore } from './duplicates.pairs.js';
import { duplicateRecords } from './duplicates.records.js';

interface Draft {
  score: number;
  ids: string[];
  reasons: DuplicateReason[];
}

function find(parent: Map<string, string>, x: string): string {
  let r = x;
  while (parent.get(r) !== r) r = parent.get(r)!;
  while (parent.get(x) !== r) {
    const next = parent.get(x)!;
    parent.set(x, r);
    x = next;
  }
  return r;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Groups (sorted, all of them) from the evidence of one organisation and type. */
async function draftGroups(tx: Tx, params: { actor: Actor; type: DuplicateQuery['type'] }): Promise<Draft[]> {
  const evidence = await evidenceOf(tx, params);
  const parent = new Map<string, string>();
  const pairScores = new Map<string, number>(); // pair → Π(1 − s)
  const reasons = evidence.map((e) => ({
    kind: e.kind,
    value: e.value,
    record_ids: e.ids,
    score: reasonScore(e, params.type),
  }));
  for (const r of reasons) {
    for (const id of r.record_ids) if (!parent.has(id)) parent.set(id, id);
    for (let i = 0; i < r.record_ids.length; i++) {
      for (let j = i + 1; j < r.record_ids.length; j++) {
        const k = pairKey(r.record_ids[i]!, r.record_ids[j]!);
        pairScores.set(k, (pairScores.get(k) ?? 1) * (1 - r.score / 100));
      }
      const a = find(parent, r.record_ids[0]!);
      const b = find(parent, r.record_ids[i]!);
      if (a !== b) parent.set(b, a);
    }
  }
  // Best pair score per record, and the members of each component.
  const best = new Map<string, number>();
  const groupBest = new Map<string, number>();
  for (const [k, miss] of pairScores) {
    const score = Math.round(100 * (1 - miss));
    const [a, b] = k.split('|') as [string, string];
    for (const id of [a, b]) best.set(id, Math.max(best.get(id) ?? 0, score));
    const root = find(parent, a);
    groupBest.set(root, Math.max(groupBest.get(root) ?? 0, score));
  }
  const members = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(parent, id);
    const list = members.get(root);
    if (list) list.push(id);
    else members.set(root, [id]);
  }
  const drafts: Draft[] = [];
  for (const [root, ids] of members) {
    const kept = ids
      .sort((a, b) => (best.get(b) ?? 0) - (best.get(a) ?? 0) || (a < b ? -1 : 1))
      .slice(0, DUPLICATE_GROUP_MAX)
      .sort();
    const inGroup = new Set(kept);
    const own = reasons
      .map((r) => ({ ...r, record_ids: r.record_ids.filter((id) => inGroup.has(id)) }))
      .filter((r) => r.record_ids.length >= 2)
      .sort((a, b) => b.score - a.score);
    if (kept.length >= 2 && own.length) drafts.push({ score: groupBest.get(root) ?? 0, ids: kept, reasons: own });
  }
  return drafts.sort((a, b) => b.score - a.score || (a.ids[0]! < b.ids[0]! ? -1 : 1));
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through
  }
  throw invalid([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);
}

/**
 * A page of candidate groups of `query.type` among the live records the actor may see, highest
 * score first. 400 `query.cursor` for a cursor this list did not make.
 */
export async function listDuplicates(
  tx: Tx,
  params: { actor: Actor; query: DuplicateQuery },
): Promise<{ data: DuplicateGroup[]; next_cursor: string | null }> {
  const { query } = params;
  let drafts = await draftGroups(tx, { actor: params.actor, type: query.type });
  if (query.cursor) {
    const [score, first] = decodeCursor(query.cursor);
    drafts = drafts.filter((d) => d.score < score || (d.score === score && d.ids[0]! > first));
  }
  const page = toPage(drafts, query.limit, (d) => [d.score, d.ids[0]!]);
  const records = await duplicateRecords(tx, {
    orgId: params.actor.orgId,
    type: query.type,
    ids: page.data.flatMap((d) => d.ids),
  });
  return {
    data: page.data.map((d) => ({
      score: d.score,
      records: d.ids.map((id) => records.get(id)).filter((r) => r !== undefined),
      reasons: d.reasons,
    })),
    next_cursor: page.next_cursor,
  };
}
