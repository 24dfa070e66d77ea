/**
 * Leads from person-style files (issue 6; Salesforce / HubSpot lead exports carry a person, not a
 * deal title): the lead's status read from CRM wording, its title built when the file has none, and
 * its primary contact (`lead_contacts`, `is_primary`) created or linked from the person columns.
 *
 * Rules (documented for the wizard):
 * - Status: besides `open` / `converted` / `lost`, CRM status names are read by their words
 *   ({@link leadStatusOf}): Salesforce "Closed - Converted" → converted; "Closed - Not Converted",
 *   "Disqualified", "Unqualified", "Junk", "Lost", "Closed" → lost; "Open - Not Contacted",
 *   "Working - Contacted", "New", "Nurturing", "Qualified", "Attempted", "In progress" → open.
 *   Anything else still fails the row as a value not in the list.
 * - Title when `title` is unmapped or empty: "First Last — Company" (an em dash between), else the
 *   name alone, else the company alone, else the email. At most 200 characters (the contract's).
 * - Primary contact (run only; created leads only), when the row has a first or last name or an
 *   email: the live contact with the row's email if one exists (the importer may see it or not —
 *   the email is unique in the organisation), else a new contact from first name (the last name
 *   when there is no first name), last name, email, the lead's first phone and job title, owned
 *   by the lead's owner and dated by the lead's `created_at`. New contacts get their `created`
 *   timeline entry and are logged in the change log, so a revert deletes them with the lead. A
 *   row with only an email and no existing contact links nothing.
 */
import { sql } from 'drizzle-orm';
import { uuidv7 } from '../../../lib/ids.js';
import { CreateContactBody } from '@relata/shared';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import type { SourceRow } from '../files/source.js';
import type { RunContext } from './context.js';
import { SPECS } from './entities.js';
import { addIssue, type ParsedRow } from './parse.js';
import { logCreated } from './relations.js';
import { insertRecords, logCreatedTimeline } from './write.js';

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

/** The lead status a CRM status name means (see the module comment), or null when unknown. */
export function leadStatusOf(text: string): 'open' | 'converted' | 'lost' | null {
  const s = norm(text);
  if (!s) return null;
  if (/\b(not converted|unconverted|disqualified|unqualified|junk|lost|dead|rejected)\b/.test(s)) return 'lost';
  if (/\bconverted\b/.test(s)) return 'converted';
  if (/\b(open|new|working|contacted|nurtur\w*|qualified|attempted|in progress|pending)\b/.test(s)) return 'open';
  if (/\bclosed\b/.test(s)) return 'lost';
  return null;
}

/** The source row with a CRM status name in the `status` cell replaced by the lead status it means. */
export function leadSourceRow(ctx: RunContext, src: SourceRow): SourceRow {
  const col = ctx.settings.columns.find((c) => c.field.key === 'status')?.col;
  const text = col === undefined ? undefined : src.cells[col];
  if (col === undefined || !text?.trim()) return src;
  const status = leadStatusOf(text);
  if (!status || norm(text) === status) return src;
  const cells = [...src.cells];
  cells[col] = status;
  return { ...src, cells };
}

/** Sets a missing `title` from the person and company (see the module comment). */
export function buildLeadTitles(rows: ParsedRow[]): void {
  for (const r of rows) {
    const v = r.values;
    if (r.failed || v.title !== undefined) continue;
    const name = [v.first_name, v.last_name].filter((x) => typeof x === 'string' && x).join(' ');
    const company = (v.company_name as string | undefined) ?? '';
    const title = name && company ? `${name} — ${company}` : name || company || ((v.email as string) ?? '');
    if (title) v.title = Array.from(title).slice(0, 200).join('').trim();
  }
}

/** The contact columns of a lead row, or null (no person, or a value a contact cannot hold: warning). */
function contactColumns(r: ParsedRow, leadCols: Record<string, unknown>): Record<string, unknown> | null {
  const v = r.values;
  const first = (v.first_name as string | undefined) ?? (v.last_name as string | undefined);
  if (!first) return null;
  const cols: Record<string, unknown> = {
    first_name: first,
    last_name: v.first_name !== undefined ? (v.last_name ?? null) : null,
    email: v.email ?? null,
    phone: ((v.phones as string[] | undefined) ?? [])[0] ?? null,
    job_title: v.job_title ?? null,
    owner_id: leadCols.owner_id ?? null,
    created_at: leadCols.created_at,
    source: v.source ?? null,
  };
  for (const k of ['first_name', 'last_name', 'job_title', 'source'] as const) {
    const schema = CreateContactBody.shape[k];
    if (cols[k] !== null && !schema.safeParse(cols[k]).success) {
      addIssue(
        r,
        k === 'first_name' ? 'first_name' : k,
        `Too long for a contact's ${k}: no contact created`,
        'warning',
      );
      return null;
    }
  }
  return cols;
}

/**
 * Creates or links the primary contact of each created lead (run; see the module comment): one
 * lookup by email, one insert of new contacts, one insert of links, per chunk.
 */
export async function linkLeadContacts(
  tx: Tx,
  ctx: RunContext,
  creates: Array<{ id: string; row: ParsedRow; cols: Record<string, unknown> }>,
): Promise<void> {
  const emails = [...new Set(creates.map((c) => c.row.values.email as string | undefined).filter(Boolean))];
  const byEmail = new Map<string, string>();
  if (emails.length) {
    for (const c of await queryRows<{ id: string; email: string }>(
      tx,
      sql`select id, email::text as email from contacts where org_id = ${ctx.orgId}::uuid and deleted_at is null
          and email = any(${sql.param(emails)}::text[])`,
    )) {
      byEmail.set(c.email, c.id);
    }
  }
  const newContacts: Array<{ id: string; cols: Record<string, unknown> }> = [];
  const links: Array<{ id: string; lead: string; contact: string }> = [];
  for (const c of creates) {
    const email = c.row.values.email as string | undefined;
    let contact = email ? byEmail.get(email) : undefined;
    if (!contact) {
      const cols = contactColumns(c.row, c.cols);
      if (!cols) continue;
      contact = uuidv7();
      newContacts.push({ id: contact, cols });
      if (email) byEmail.set(email, contact);
    }
    links.push({ id: uuidv7(), lead: c.id, contact });
  }
  if (newContacts.length) {
    await insertRecords(tx, ctx, SPECS.contacts, newContacts);
    await logCreated(
      tx,
      ctx,
      'contacts',
      newContacts.map((c) => c.id),
    );
    await logCreatedTimeline(
      tx,
      ctx,
      SPECS.contacts,
      newContacts.map((c) => c.id),
    );
  }
  if (!links.length) return;
  await tx.execute(sql`insert into lead_contacts (org_id, id, lead_id, contact_id, is_primary)
    select ${ctx.orgId}::uuid, x.id, x.lead, x.contact, true
    from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as x(id uuid, lead uuid, contact uuid)`);
}
