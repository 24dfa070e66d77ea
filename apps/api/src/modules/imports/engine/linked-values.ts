/**
 * Cell readings of the activities / notes import (linked.ts): note bodies as stored HTML, and CRM
 * task status words as activity statuses.
 */
import { sanitizeNoteHtml } from '../../notes/notes.sanitize.js';
import type { SourceRow } from '../files/source.js';
import type { RunContext } from './context.js';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Tags that make a body HTML (a block element, or content the sanitiser drops); inline tags alone do not. */
const HTML_BLOCK = /<\/?(p|div|br|ul|ol|li|h[1-6]|blockquote|pre|table|hr|script|style|iframe)(\s[^>]*)?\/?>/i;

/**
 * The stored HTML of an imported note body (see the module comment): HTML is sanitised as it is;
 * plain text becomes `<p>` paragraphs with `<br>` line breaks first.
 */
export function noteBodyHtml(text: string): string {
  if (HTML_BLOCK.test(text)) return sanitizeNoteHtml(text);
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`);
  return sanitizeNoteHtml(paragraphs.join(''));
}

const words = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/**
 * The activity status a CRM task status names (Salesforce / HubSpot wording), or null: "Not
 * Started", "Open", "Deferred", "New" → planned; "In Progress", "Waiting on someone else" →
 * in_progress; "Completed", "Done", "Closed" → completed; "Cancelled" / "Canceled" → cancelled.
 */
export function activityStatusOf(text: string): string | null {
  const s = words(text);
  if (/\b(cancell?ed|canceled)\b/.test(s)) return 'cancelled';
  if (/\b(not started|open|deferred|new|planned|scheduled)\b/.test(s)) return 'planned';
  if (/\b(in progress|waiting|started)\b/.test(s)) return 'in_progress';
  if (/\b(completed?|done|closed|held)\b/.test(s)) return 'completed';
  return null;
}

/** The source row with a CRM status word in the `status` cell replaced by the activity status. */
export function activitySourceRow(ctx: RunContext, src: SourceRow): SourceRow {
  const col = ctx.settings.columns.find((c) => c.field.key === 'status')?.col;
  const text = col === undefined ? undefined : src.cells[col];
  const status = text?.trim() ? activityStatusOf(text) : null;
  if (col === undefined || !status) return src;
  const cells = [...src.cells];
  cells[col] = status;
  return { ...src, cells };
}
