/**
 * Column-mapping suggestions (issue 6 "Mapping"): each file column gets a target of the entity's
 * catalogue (fields.ts) or a custom field (`cf.<key>`), or null.
 *
 * Matching works on normalised headers ({@link normaliseHeader}) and, in this order of confidence:
 * - `exact`: our own key or label (`first_name`, `First name`) or a custom field's key or label, so an
 *   export of ours re-imports with every column mapped;
 * - `alias`: a name other CRMs use (aliases.ts): HubSpot, Salesforce API names, Pipedrive
 *   `"<Entity> - <Field>"` (own-entity prefix dropped; another entity's prefix kept as
 *   `organization …` / `person …`), Zoho; also a header prefixed by the entity's own word
 *   (`Contact Email` for contacts);
 * - `fuzzy`: a near spelling (edit-distance similarity ≥ 0.85, e.g. one typo in ten letters) of any
 *   of the above.
 * Each target is used at most once: the best match wins (higher confidence, then closer similarity,
 * then the leftmost column); other columns stay unmapped (target null).
 */
import { IMPORT_FIELDS, CUSTOM_FIELD_TARGET_PREFIX, type ImportEntity } from '../fields.js';
import { ALIASES, ENTITY_WORDS, FOREIGN_PREFIX } from './aliases.js';

export type MatchConfidence = 'exact' | 'alias' | 'fuzzy';
export interface SuggestMappingInput {
  entity: ImportEntity;
  headers: string[];
  /** The entity's custom fields (targets `cf.<key>`). */
  customFields: { key: string; label: string }[];
}
export interface ColumnSuggestion {
  /** 0-based column index. */
  column: number;
  header: string;
  /** A key of IMPORT_FIELDS[entity] or `cf.<key>`; null = not mapped. */
  target: string | null;
  /** How sure the match is ('fuzzy' when target is null). */
  confidence: MatchConfidence;
}

/**
 * A header in comparable form: `__c` suffix dropped, camelCase split (`NumberOfEmployees` →
 * `number of employees`), accents removed, lower case, punctuation and `_` as spaces, `e mail` →
 * `email`, runs of spaces collapsed.
 */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .replace(/__c$/i, '')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\be mail\b/g, 'email')
    .trim();
}

/**
 * Similarity of two strings, 0–1: 1 − (optimal-string-alignment edit distance ÷ the longer length),
 * so one typo or swapped letter pair in `first name` still scores 0.9.
 */
export function similarity(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  let prev2: number[] = [];
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = [i];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
    }
    prev2 = prev;
    prev = cur;
  }
  return 1 - prev[m]! / Math.max(n, m);
}

interface Candidate {
  column: number;
  target: string;
  confidence: MatchConfidence;
  score: number;
}

const RANK: Record<MatchConfidence, number> = { exact: 3, alias: 2, fuzzy: 1 };

/** Names to look up for one header: the header itself and Pipedrive-style rewrites. */
function forms(header: string, entity: ImportEntity): { name: string; viaAlias: boolean }[] {
  const out = [{ name: normaliseHeader(header), viaAlias: false }];
  const own = ENTITY_WORDS[entity];
  const dash = /^(.+?)\s+[-–]\s+(.+)$/.exec(header.trim());
  if (dash) {
    const prefix = normaliseHeader(dash[1]!);
    const field = normaliseHeader(dash[2]!);
    if (own.includes(prefix)) out.push({ name: field, viaAlias: true });
    else if (FOREIGN_PREFIX[prefix]) out.push({ name: `${FOREIGN_PREFIX[prefix]} ${field}`, viaAlias: true });
  }
  const first = out[0]!.name;
  for (const word of own) {
    if (first.startsWith(`${word} `)) out.push({ name: first.slice(word.length + 1), viaAlias: true });
  }
  return out;
}

/**
 * Suggested target per column (in column order). See the module comment for the rules; for leads,
 * a `Title` column next to a first-name column (and no `Job title` column) is the person's job title
 * (Salesforce), not the lead's.
 */
export function suggestMapping(input: SuggestMappingInput): ColumnSuggestion[] {
  const { entity, headers } = input;
  const exact = new Map<string, string>();
  for (const f of IMPORT_FIELDS[entity]) {
    exact.set(normaliseHeader(f.key), f.key);
    exact.set(normaliseHeader(f.label), f.key);
  }
  for (const cf of input.customFields) {
    const target = `${CUSTOM_FIELD_TARGET_PREFIX}${cf.key}`;
    exact.set(normaliseHeader(target), target);
    exact.set(normaliseHeader(cf.key), target);
    exact.set(normaliseHeader(cf.label), target);
  }
  const alias = new Map<string, string>();
  for (const [target, names] of Object.entries(ALIASES[entity])) {
    for (const n of names) if (!alias.has(n)) alias.set(n, target);
  }
  const normalised = headers.map(normaliseHeader);
  if (
    entity === 'leads' &&
    normalised.some((h) => ['first name', 'firstname', 'given name'].includes(h)) &&
    !normalised.includes('job title')
  ) {
    exact.delete('title');
    alias.set('title', 'job_title');
  }

  const candidates: Candidate[] = [];
  headers.forEach((header, column) => {
    if (normalised[column] === '') return;
    for (const { name, viaAlias } of forms(header, entity)) {
      const e = exact.get(name);
      if (e) candidates.push({ column, target: e, confidence: viaAlias ? 'alias' : 'exact', score: 1 });
      const a = alias.get(name);
      if (a) candidates.push({ column, target: a, confidence: 'alias', score: 1 });
      if (e || a || name.length < 5) continue;
      for (const [known, target] of [...exact, ...alias]) {
        if (known.length < 5) continue;
        const sim = similarity(name, known);
        if (sim >= 0.85) candidates.push({ column, target, confidence: 'fuzzy', score: sim });
      }
    }
  });

  candidates.sort((a, b) => RANK[b.confidence] - RANK[a.confidence] || b.score - a.score || a.column - b.column);
  const byColumn = new Map<number, Candidate>();
  const used = new Set<string>();
  for (const c of candidates) {
    if (byColumn.has(c.column) || used.has(c.target)) continue;
    byColumn.set(c.column, c);
    used.add(c.target);
  }
  return headers.map((header, column) => {
    const c = byColumn.get(column);
    return { column, header, target: c?.target ?? null, confidence: c?.confidence ?? 'fuzzy' };
  });
}
