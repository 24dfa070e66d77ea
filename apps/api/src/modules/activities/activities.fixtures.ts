/** Test helpers of the activity tests: times relative to now, and an owner with one record of each type. */
import { as, ownerWithOrg, type TestApp } from '../../../test/helpers.js';

const HOUR = 3_600_000;

/** ISO 8601 UTC, `h` hours from now (negative: in the past). */
export const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

/** An owner with an organisation, a deal, a lead, a contact and a company (created through the API). */
export async function activitySetup(t: TestApp) {
  const { user, org } = await ownerWithOrg(t.app);
  const api = as(t.app, user);
  const deal = (await api.post('/api/v1/deals', { name: 'Big deal' })).json();
  const lead = (await api.post('/api/v1/leads', { title: 'Warm lead' })).json();
  const contact = (await api.post('/api/v1/contacts', { first_name: 'Ada', last_name: 'Lovelace' })).json();
  const company = (await api.post('/api/v1/companies', { name: 'Acme' })).json();
  return { user, org, api, deal, lead, contact, company };
}
