/**
 * Links from activities, notes and timeline entries to the CRM records they concern
 * (DESIGN §2 Activities, Notes, Unified timeline): a lead, deal, contact or company of the same
 * organisation.
 */
import { z } from 'zod';
import { Id } from './common.js';

/** The record types an activity, a note or a timeline entry can be linked to. */
export const LinkedRecordType = z.enum(['lead', 'deal', 'contact', 'company']);
export type LinkedRecordType = z.infer<typeof LinkedRecordType>;

/** A record to link to, as sent by clients: `{ type: 'deal', id: '…' }`. */
export const LinkedRecordInput = z.strictObject({ type: LinkedRecordType, id: Id });
export type LinkedRecordInput = z.infer<typeof LinkedRecordInput>;

/** A linked record as returned: type, id and display name (deal name, lead title, contact or company name). */
export const LinkedRecord = z.object({ type: LinkedRecordType, id: Id, name: z.string() });
export type LinkedRecord = z.infer<typeof LinkedRecord>;
