/**
 * Demo notes: about 60 notes of a sales team on the demo organisation's leads, deals, contacts and
 * companies (a deal's note often also on its company, a contact's on its employer), written by the
 * members who sell, some pinned and a few edited by a colleague later — with their timeline entries.
 *
 * Deterministic (demo-random.ts, fixed seed): the records are read in a stable order (name, then
 * creation time) and every choice and time comes from the seed and `now`. A note is never older
 * than the records it is on. Notes and links are written set-based (one insert each); the timeline
 * entries go through `syncSourceEntries` like every other note write.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { LinkedRecordInput, LinkedRecordType } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { companies, contacts, deals, leads, note_links, notes } from '../../db/schema/index.js';
import { excerptOf, sanitizeNoteHtml } from '../notes/notes.sanitize.js';
import { syncSourceEntries } from '../timeline/timeline.writer.js';
import { DAY_MS, createRng, workTime, type Rng } from './demo-random.js';

/** How many notes the demo organisation gets. */
export const DEMO_NOTE_COUNT = 60;

/** Handles of the members who write notes (the viewer writes none). */
const AUTHORS = ['owner', 'alex', 'sam', 'jordan', 'casey'] as const;

/**
 * Note bodies per record type; `{name}` is the record's name (used for people and companies only:
 * lead titles and deal names are long descriptions). HTML as the rich-text editor writes it.
 */
const TEMPLATES: Record<LinkedRecordType, string[]> = {
  lead: [
    '<p>Inbound from the pricing page. Wants a demo for <strong>a team of 12</strong> next week.</p>',
    '<p>Called back: budget is approved for Q3, decision by the COO. Follow up with a one-pager.</p>',
    '<p>Met at the trade show booth. Interested in:</p><ul><li>pipeline reports</li><li>email tracking</li><li>SSO</li></ul>',
    '<p>Comparing us with two other vendors. <em>Price is the main concern.</em></p>',
    '<p>No answer twice; left a voicemail. Try again Thursday morning their time.</p>',
    '<p>Good fit: 40 seats, currently on spreadsheets. Sent the <a href="https://example.com/case-studies" target="_blank">case studies</a>.</p>',
  ],
  deal: [
    '<p><strong>Next step:</strong> security questionnaire due Friday. Legal has the MSA draft.</p>',
    '<p>Champion confirmed the budget. Procurement asks for a 3-year price lock.</p>',
    '<p>Demo went well. Open questions:</p><ol><li>data residency (EU)</li><li>API rate limits</li><li>onboarding timeline</li></ol>',
    '<blockquote>We need this live before the sales kickoff.</blockquote><p>— their VP Sales. Close date looks realistic.</p>',
    '<p>Discount request of 15%. Agreed to 8% with annual prepay; <u>needs manager sign-off</u>.</p>',
    '<p>Competitor dropped their price. Keep the focus on implementation support and time to value.</p>',
    '<p>Pilot results: <strong>+22%</strong> more follow-ups logged in two weeks. Sharing the numbers with the CFO.</p>',
  ],
  contact: [
    '<p>Prefers email over calls. Best reached before 10:00.</p>',
    '<p>Decision maker for the CRM budget; reports to the CRO.</p>',
    '<p>{name} moved into a new role last month — update the org chart.</p>',
    '<p>Asked for the onboarding checklist and the <a href="https://example.com/security" target="_blank">security overview</a>.</p>',
    '<p>Very responsive. Mentioned two other teams that could use us.</p>',
  ],
  company: [
    '<h3>Account plan</h3><ul><li>expand to the support team</li><li>renewal in the autumn</li><li>exec sponsor: CFO</li></ul>',
    '<p>Quarterly business review booked. Bring the usage report and the roadmap slides.</p>',
    '<p>{name} is restructuring; hold new proposals until the new org chart is out.</p>',
    '<p>Billing contact changed; invoices go to the finance inbox from now on.</p>',
    '<p>Strong reference customer. OK to share their logo on the website.</p>',
  ],
};

/** Lines added by a colleague when a note was edited. */
const EDITS = [
  '<p><em>Update:</em> confirmed by email.</p>',
  '<p><em>Update:</em> meeting moved to next week.</p>',
  '<p><em>Update:</em> sent the revised proposal.</p>',
];

/** `text` as HTML text (names go into note bodies). */
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface DemoTarget {
  type: LinkedRecordType;
  id: string;
  name: string;
  createdAt: Date;
  /** The company the record belongs to (deals and contacts), linked too on some notes. */
  companyId: string | null;
}

/** The organisation's live records of each type, in a stable order. */
async function targets(tx: Tx, orgId: string): Promise<Record<LinkedRecordType, DemoTarget[]>> {
  const leadRows = await tx
    .select({ id: leads.id, name: leads.title, createdAt: leads.created_at })
    .from(leads)
    .where(and(eq(leads.org_id, orgId), isNull(leads.deleted_at)))
    .orderBy(asc(leads.title), asc(leads.created_at));
  const dealRows = await tx
    .select({ id: deals.id, name: deals.name, createdAt: deals.created_at, companyId: deals.company_id })
    .from(deals)
    .where(and(eq(deals.org_id, orgId), isNull(deals.deleted_at)))
    .orderBy(asc(deals.name), asc(deals.created_at));
  const contactRows = await tx
    .select({
      id: contacts.id,
      name: sql<string>`coalesce(${contacts.full_name}, ${contacts.first_name})`,
      createdAt: contacts.created_at,
      companyId: contacts.company_id,
    })
    .from(contacts)
    .where(and(eq(contacts.org_id, orgId), isNull(contacts.deleted_at)))
    .orderBy(asc(contacts.full_name), asc(contacts.created_at));
  const companyRows = await tx
    .select({ id: companies.id, name: companies.name, createdAt: companies.created_at })
    .from(companies)
    .where(and(eq(companies.org_id, orgId), isNull(companies.deleted_at)))
    .orderBy(asc(companies.name), asc(companies.created_at));
  return {
    lead: leadRows.map((r) => ({ ...r, type: 'lead', companyId: null })),
    deal: dealRows.map((r) => ({ ...r, type: 'deal' })),
    contact: contactRows.map((r) => ({ ...r, type: 'contact' })),
    company: companyRows.map((r) => ({ ...r, type: 'company', companyId: null })),
  };
}

/**
 * A seeded time after `notBefore` and before `now`, within the last `maxDays` days. Draws the same
 * amount from `rng` whatever the times, so one choice never shifts the ones after it.
 */
function noteTime(rng: Rng, now: Date, notBefore: Date, maxDays: number): Date {
  const span = Math.max(1, now.getTime() - notBefore.getTime());
  const ageDays = Math.floor(span / DAY_MS);
  const t = workTime(rng, now, rng.int(0, Math.max(0, Math.min(maxDays, ageDays))));
  const fallback = rng.next();
  if (notBefore.getTime() >= now.getTime()) return now;
  if (t.getTime() > notBefore.getTime()) return t;
  // A record made today: somewhere between its creation and now.
  return new Date(notBefore.getTime() + Math.floor(fallback * span));
}

/**
 * Seeds {@link DEMO_NOTE_COUNT} notes on the live records of `orgId` (call after the demo's records
 * and sales data exist, in the same tenant transaction). `users` maps member handles (`owner`,
 * `alex`, `sam`, `jordan`, `casey`, …) to user ids; authors are the handles present among the
 * sellers. Writes nothing when the organisation has no records or no authors. Returns the note ids.
 */
export async function seedDemoNotes(
  tx: Tx,
  params: { orgId: string; now: Date; users: Map<string, string> },
): Promise<string[]> {
  const { orgId, now } = params;
  const rng = createRng(0x5eed_0005);
  const authors = AUTHORS.map((h) => params.users.get(h)).filter((u): u is string => !!u);
  const pools = await targets(tx, orgId);
  const types = (Object.keys(pools) as LinkedRecordType[]).filter((type) => pools[type].length);
  if (!authors.length || !types.length) return [];

  const noteRows: Array<typeof notes.$inferInsert> = [];
  const linksOf = new Map<string, LinkedRecordInput[]>();
  const companyById = new Map(pools.company.map((c) => [c.id, c]));
  for (let i = 0; i < DEMO_NOTE_COUNT; i++) {
    const type = rng.weighted(
      types,
      types.map((t) => ({ lead: 3, deal: 4, contact: 2, company: 2 })[t]),
    );
    const target = rng.pick(pools[type]);
    const links: LinkedRecordInput[] = [{ type, id: target.id }];
    let notBefore = target.createdAt;
    const company = target.companyId ? companyById.get(target.companyId) : undefined;
    const withCompany = rng.chance(0.6);
    if (company && withCompany) {
      links.push({ type: 'company', id: company.id });
      if (company.createdAt > notBefore) notBefore = company.createdAt;
    }
    const createdAt = noteTime(rng, now, notBefore, 120);
    const authorId = rng.pick(authors);
    let body = rng.pick(TEMPLATES[type]).replaceAll('{name}', escapeHtml(target.name));
    let editedBy: string | null = null;
    let editedAt: Date | null = null;
    const [edited, sameEditor, otherEditor, editDelay, edit] = [
      rng.chance(0.12),
      rng.chance(0.5),
      rng.pick(authors),
      rng.next(),
      rng.pick(EDITS),
    ];
    if (edited) {
      editedBy = sameEditor ? authorId : otherEditor;
      editedAt = new Date(
        createdAt.getTime() + Math.floor(editDelay * Math.max(1, now.getTime() - createdAt.getTime())),
      );
      body += edit;
    }
    const id = uuidv7();
    noteRows.push({
      org_id: orgId,
      id,
      body: sanitizeNoteHtml(body),
      pinned: rng.chance(0.14),
      author_id: authorId,
      edited_by: editedBy,
      edited_at: editedAt,
      version: editedAt ? 2 : 1,
      created_at: createdAt,
      updated_at: editedAt ?? createdAt,
    });
    linksOf.set(id, links);
  }

  await tx.insert(notes).values(noteRows);
  await tx.insert(note_links).values(
    noteRows.flatMap((n) =>
      linksOf.get(n.id)!.map((l) => ({
        org_id: orgId,
        id: uuidv7(),
        note_id: n.id,
        lead_id: l.type === 'lead' ? l.id : null,
        deal_id: l.type === 'deal' ? l.id : null,
        contact_id: l.type === 'contact' ? l.id : null,
        company_id: l.type === 'company' ? l.id : null,
        created_at: n.created_at,
      })),
    ),
  );
  for (const n of noteRows) {
    await syncSourceEntries(tx, {
      orgId,
      source: { type: 'note', id: n.id },
      records: linksOf.get(n.id)!,
      occurredAt: n.created_at!,
      actorId: n.author_id!,
      data: { excerpt: excerptOf(n.body) },
    });
  }
  return noteRows.map((n) => n.id);
}
