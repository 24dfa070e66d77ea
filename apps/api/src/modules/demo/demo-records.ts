/**
 * Demo CRM records for the demo organisation: tags, custom fields, a small company hierarchy and
 * their contacts, written through the same service functions as the API (so they pass the same
 * validation), plus one contact in the recycle bin.
 */
import type { Tx } from '../../db/client.js';
import { createCompany } from '../companies/companies.service.js';
import { createContact, deleteContact } from '../contacts/contacts.service.js';
import { createCustomField } from '../custom-fields/custom-fields.service.js';
import type { Actor } from '../records/actor.js';
import { createTag } from '../tags/tags.service.js';

const COMPANIES = [
  {
    key: 'northwind',
    name: 'Northwind Traders',
    domain: 'northwind.example',
    industry: 'Wholesale',
    type: 'customer',
    size: '201-500',
    employees: 340,
    revenue: 4_200_000_00,
    tier: 'Gold',
    tags: ['VIP'],
    phone: '+1 212 555 0187',
    city: 'New York',
    country: 'US',
  },
  {
    key: 'northwind-eu',
    name: 'Northwind Europe GmbH',
    domain: 'northwind-eu.example',
    industry: 'Wholesale',
    type: 'customer',
    size: '51-200',
    employees: 85,
    revenue: 950_000_00,
    tier: 'Silver',
    tags: [],
    phone: '+49 30 901820',
    city: 'Berlin',
    country: 'DE',
    parent: 'northwind',
  },
  {
    key: 'contoso',
    name: 'Contoso Ltd',
    domain: 'contoso.example',
    industry: 'Software',
    type: 'prospect',
    size: '1001-5000',
    employees: 2300,
    revenue: null,
    tier: 'Gold',
    tags: ['Enterprise', 'Hot lead'],
    phone: '+44 20 7946 0958',
    city: 'London',
    country: 'GB',
  },
  {
    key: 'fabrikam',
    name: 'Fabrikam Inc',
    domain: 'fabrikam.example',
    industry: 'Manufacturing',
    type: 'partner',
    size: '501-1000',
    employees: 720,
    revenue: 12_500_000_00,
    tier: 'Silver',
    tags: ['Partner'],
    phone: '+1 415 555 0132',
    city: 'San Francisco',
    country: 'US',
  },
  {
    key: 'tailspin',
    name: 'Tailspin Toys',
    domain: 'tailspintoys.example',
    industry: 'Retail',
    type: 'prospect',
    size: '11-50',
    employees: 28,
    revenue: 310_000_00,
    tier: 'Bronze',
    tags: ['Hot lead'],
    phone: null,
    city: 'Austin',
    country: 'US',
  },
  {
    key: 'adatum',
    name: 'A. Datum Corporation',
    domain: 'adatum.example',
    industry: 'Consulting',
    type: 'competitor',
    size: '51-200',
    employees: 120,
    revenue: null,
    tier: null,
    tags: [],
    phone: '+33 1 70 36 41 12',
    city: 'Paris',
    country: 'FR',
  },
] as const;

const CONTACTS = [
  {
    first: 'Nancy',
    last: 'Davolio',
    company: 'northwind',
    title: 'Head of Purchasing',
    primary: true,
    phone: '+1 212 555 0101',
    tags: ['VIP'],
    owner: 'owner',
  },
  {
    first: 'Andrew',
    last: 'Fuller',
    company: 'northwind',
    title: 'VP Sales',
    primary: false,
    phone: null,
    tags: [],
    owner: 'jordan',
  },
  {
    first: 'Janet',
    last: 'Leverling',
    company: 'northwind-eu',
    title: 'Operations Manager',
    primary: true,
    phone: '+49 30 901821',
    tags: [],
    owner: 'jordan',
  },
  {
    first: 'Margaret',
    last: 'Peacock',
    company: 'contoso',
    title: 'CTO',
    primary: true,
    phone: '+44 20 7946 0959',
    tags: ['Enterprise'],
    owner: 'casey',
  },
  {
    first: 'Steven',
    last: 'Buchanan',
    company: 'contoso',
    title: 'IT Director',
    primary: false,
    phone: null,
    tags: ['Hot lead'],
    owner: null,
  },
  {
    first: 'Michael',
    last: 'Suyama',
    company: 'fabrikam',
    title: 'Partner Manager',
    primary: true,
    phone: '+1 415 555 0133',
    tags: ['Partner'],
    owner: 'owner',
  },
  {
    first: 'Robert',
    last: 'King',
    company: 'tailspin',
    title: 'Founder',
    primary: true,
    phone: '+1 512 555 0144',
    tags: ['Hot lead'],
    owner: 'casey',
  },
  {
    first: 'Laura',
    last: 'Callahan',
    company: 'tailspin',
    title: 'Buyer',
    primary: false,
    phone: null,
    tags: [],
    owner: null,
  },
  {
    first: 'Anne',
    last: 'Dodsworth',
    company: null,
    title: 'Independent consultant',
    primary: false,
    phone: '+1 646 555 0123',
    tags: ['Newsletter'],
    owner: 'jordan',
  },
] as const;

const CURRENCY: Record<string, string> = { US: 'USD', GB: 'GBP', DE: 'EUR', FR: 'EUR' };

/** Seeds the records; `members` maps colleague handles (and `owner`) to membership ids. */
export async function seedDemoRecords(tx: Tx, params: { actor: Actor; domain: string; members: Map<string, string> }) {
  const { actor } = params;
  const tagIds = new Map<string, string>();
  const colours: Record<string, string> = {
    VIP: '#fab005',
    Enterprise: '#7048e8',
    'Hot lead': '#fa5252',
    Partner: '#12b886',
    Newsletter: '#228be6',
  };
  for (const [name, color] of Object.entries(colours))
    tagIds.set(name, (await createTag(tx, { orgId: actor.orgId, name, color })).id);
  await createCustomField(tx, {
    orgId: actor.orgId,
    region: actor.region,
    entity: 'company',
    key: 'tier',
    label: 'Account tier',
    type: 'select',
    options: ['Gold', 'Silver', 'Bronze'],
    required: false,
  });
  await createCustomField(tx, {
    orgId: actor.orgId,
    region: actor.region,
    entity: 'contact',
    key: 'linkedin',
    label: 'LinkedIn profile',
    type: 'url',
    options: [],
    required: false,
  });
  await createCustomField(tx, {
    orgId: actor.orgId,
    region: actor.region,
    entity: 'contact',
    key: 'last_event',
    label: 'Last event attended',
    type: 'date',
    options: [],
    required: false,
  });
  const companyIds = new Map<string, string>();
  for (const c of COMPANIES) {
    const company = await createCompany(tx, {
      actor,
      body: {
        name: c.name,
        domain: c.domain,
        website: `https://www.${c.domain}`,
        phone: c.phone,
        industry: c.industry,
        type: c.type,
        size_band: c.size,
        employees: c.employees,
        annual_revenue: c.revenue === null ? null : { amount: c.revenue, currency: CURRENCY[c.country] ?? 'USD' },
        rating: c.tags.includes('Hot lead' as never) ? 'hot' : 'warm',
        billing_address: { city: c.city, country: c.country },
        parent_id: 'parent' in c ? companyIds.get(c.parent) : undefined,
        tag_ids: c.tags.map((t) => tagIds.get(t)!),
        custom_fields: c.tier ? { tier: c.tier } : {},
      },
    });
    companyIds.set(c.key, company.id);
  }
  for (const [i, p] of CONTACTS.entries()) {
    await createContact(tx, {
      actor,
      body: {
        first_name: p.first,
        last_name: p.last,
        email:
          `${p.first}.${p.last}@${p.company ? COMPANIES.find((c) => c.key === p.company)!.domain : params.domain}`.toLowerCase(),
        phone: p.phone,
        job_title: p.title,
        company_id: p.company ? companyIds.get(p.company)! : null,
        is_primary: p.primary,
        owner_id: p.owner === null ? null : params.members.get(p.owner)!,
        tag_ids: p.tags.map((t) => tagIds.get(t)!),
        source: i % 2 ? 'Web form' : 'Trade show',
        custom_fields: {
          linkedin: `https://www.linkedin.com/in/${p.first.toLowerCase()}-${p.last.toLowerCase()}`,
          last_event: '2026-10-14',
        },
      },
    });
  }
  const gone = await createContact(tx, {
    actor,
    body: { first_name: 'Old', last_name: 'Duplicate', email: `old.duplicate@${params.domain}`, source: 'Import' },
  });
  await deleteContact(tx, { actor, id: gone.id });
}
