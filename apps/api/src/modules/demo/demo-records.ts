/**
 * Demo CRM records for the demo organisation: tags, custom fields, 48 companies (a few small
 * hierarchies; some created by converting a lead, see demo-sales.ts) and about 140 contacts, plus
 * one contact in the recycle bin.
 *
 * The named records the tests and journeys rely on (Northwind Traders, Contoso Ltd, Nancy Davolio,
 * …) keep their values; the rest is generated from a fixed seed (demo-random.ts). Everything is
 * written set-based — one multi-row insert per table — because the seed runs on first start and in
 * many tests. The values are already in their stored form (E.164 phones, bare lower-case domains,
 * lower-case emails); demo.test.ts checks them against the API's own contracts. Each company and
 * contact gets its `created` timeline entry, dated at its creation (one insert for all).
 */
import { uuidv7 } from '../../lib/ids.js';
import type { CompanyType, SizeBand } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { companies, company_tags, contact_tags, contacts, tags } from '../../db/schema/index.js';
import { createCustomField } from '../custom-fields/custom-fields.service.js';
import type { Actor } from '../records/actor.js';
import { logTimelineBatch } from '../timeline/timeline.writer.js';
import { DAY_MS, createRng, isoDate, workTime } from './demo-random.js';

/** Member handles that own records (the viewer, Morgan, owns none). */
export const SELLERS = ['owner', 'alex', 'sam', 'jordan', 'casey'] as const;
export type Seller = (typeof SELLERS)[number];

export const TAG_COLOURS: Record<string, string> = {
  VIP: '#fab005',
  Enterprise: '#7048e8',
  'Hot lead': '#fa5252',
  Partner: '#12b886',
  Newsletter: '#228be6',
};

type Country = 'US' | 'CA' | 'GB' | 'DE' | 'FR' | 'NL' | 'ES';

/** The currency of deals and revenue figures of a company in `country` (the organisation's is USD). */
export const CURRENCY: Record<string, string> = {
  US: 'USD',
  CA: 'USD',
  GB: 'GBP',
  DE: 'EUR',
  FR: 'EUR',
  NL: 'EUR',
  ES: 'EUR',
};

interface CompanySpec {
  key: string;
  name: string;
  domain: string;
  industry: string;
  type: CompanyType;
  size: SizeBand;
  city: string;
  country: Country;
  parent?: string;
  /** Created by converting a lead (demo-sales.ts writes that lead). */
  fromLead?: boolean;
}

/** The companies the tests and journeys name: their values never change. */
const NAMED_COMPANIES = [
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
    phone: '+12125550187',
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
    phone: '+4930901820',
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
    phone: '+442079460958',
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
    phone: '+14155550132',
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
    phone: '+33170364112',
    city: 'Paris',
    country: 'FR',
  },
] as const;

const NAMED_CONTACTS = [
  {
    first: 'Nancy',
    last: 'Davolio',
    company: 'northwind',
    title: 'Head of Purchasing',
    primary: true,
    phone: '+12125550101',
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
    phone: '+4930901821',
    tags: [],
    owner: 'jordan',
  },
  {
    first: 'Margaret',
    last: 'Peacock',
    company: 'contoso',
    title: 'CTO',
    primary: true,
    phone: '+442079460959',
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
    phone: '+14155550133',
    tags: ['Partner'],
    owner: 'owner',
  },
  {
    first: 'Robert',
    last: 'King',
    company: 'tailspin',
    title: 'Founder',
    primary: true,
    phone: '+15125550144',
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
    phone: '+16465550123',
    tags: ['Newsletter'],
    owner: 'jordan',
  },
] as const;

/** Further companies, generated around these facts (owner, size, revenue, contacts, dates). */
const MORE_COMPANIES: CompanySpec[] = [
  {
    key: 'woodgrove',
    name: 'Woodgrove Bank',
    domain: 'woodgrovebank.example',
    industry: 'Financial services',
    type: 'customer',
    size: '5001-10000',
    city: 'Chicago',
    country: 'US',
  },
  {
    key: 'woodgrove-eu',
    name: 'Woodgrove Bank Europe',
    domain: 'woodgrove-eu.example',
    industry: 'Financial services',
    type: 'customer',
    size: '501-1000',
    city: 'Amsterdam',
    country: 'NL',
    parent: 'woodgrove',
  },
  {
    key: 'litware',
    name: 'Litware Inc',
    domain: 'litware.example',
    industry: 'Software',
    type: 'customer',
    size: '201-500',
    city: 'Seattle',
    country: 'US',
  },
  {
    key: 'proseware',
    name: 'Proseware Inc',
    domain: 'proseware.example',
    industry: 'Software',
    type: 'prospect',
    size: '51-200',
    city: 'Boston',
    country: 'US',
    fromLead: true,
  },
  {
    key: 'wingtip',
    name: 'Wingtip Toys',
    domain: 'wingtiptoys.example',
    industry: 'Retail',
    type: 'customer',
    size: '51-200',
    city: 'Denver',
    country: 'US',
  },
  {
    key: 'coho',
    name: 'Coho Winery',
    domain: 'cohowinery.example',
    industry: 'Food & beverage',
    type: 'customer',
    size: '11-50',
    city: 'Madrid',
    country: 'ES',
    fromLead: true,
  },
  {
    key: 'alpine',
    name: 'Alpine Ski House',
    domain: 'alpineskihouse.example',
    industry: 'Hospitality',
    type: 'customer',
    size: '51-200',
    city: 'Denver',
    country: 'US',
  },
  {
    key: 'margies',
    name: "Margie's Travel",
    domain: 'margiestravel.example',
    industry: 'Travel',
    type: 'prospect',
    size: '11-50',
    city: 'Miami',
    country: 'US',
  },
  {
    key: 'lucerne',
    name: 'Lucerne Publishing',
    domain: 'lucernepublishing.example',
    industry: 'Media',
    type: 'customer',
    size: '201-500',
    city: 'New York',
    country: 'US',
  },
  {
    key: 'wideworld',
    name: 'Wide World Importers',
    domain: 'wideworldimporters.example',
    industry: 'Wholesale',
    type: 'customer',
    size: '501-1000',
    city: 'Los Angeles',
    country: 'US',
  },
  {
    key: 'wideworld-ca',
    name: 'Wide World Importers Canada',
    domain: 'wideworldimporters.ca.example',
    industry: 'Wholesale',
    type: 'customer',
    size: '51-200',
    city: 'Toronto',
    country: 'CA',
    parent: 'wideworld',
  },
  {
    key: 'trey',
    name: 'Trey Research',
    domain: 'treyresearch.example',
    industry: 'Biotechnology',
    type: 'prospect',
    size: '201-500',
    city: 'Boston',
    country: 'US',
    fromLead: true,
  },
  {
    key: 'fourthcoffee',
    name: 'Fourth Coffee',
    domain: 'fourthcoffee.example',
    industry: 'Food & beverage',
    type: 'customer',
    size: '201-500',
    city: 'Seattle',
    country: 'US',
  },
  {
    key: 'blueyonder',
    name: 'Blue Yonder Airlines',
    domain: 'blueyonderairlines.example',
    industry: 'Transportation',
    type: 'prospect',
    size: '5001-10000',
    city: 'Atlanta',
    country: 'US',
  },
  {
    key: 'humongous',
    name: 'Humongous Insurance',
    domain: 'humongousinsurance.example',
    industry: 'Insurance',
    type: 'customer',
    size: '1001-5000',
    city: 'Chicago',
    country: 'US',
  },
  {
    key: 'citypower',
    name: 'City Power & Light',
    domain: 'citypowerlight.example',
    industry: 'Utilities',
    type: 'prospect',
    size: '1001-5000',
    city: 'Boston',
    country: 'US',
  },
  {
    key: 'relecloud',
    name: 'Relecloud',
    domain: 'relecloud.example',
    industry: 'Software',
    type: 'customer',
    size: '51-200',
    city: 'San Francisco',
    country: 'US',
    fromLead: true,
  },
  {
    key: 'vanarsdel',
    name: 'VanArsdel Ltd',
    domain: 'vanarsdel.example',
    industry: 'Manufacturing',
    type: 'customer',
    size: '201-500',
    city: 'London',
    country: 'GB',
  },
  {
    key: 'bellows',
    name: 'Bellows College',
    domain: 'bellowscollege.example',
    industry: 'Education',
    type: 'prospect',
    size: '501-1000',
    city: 'Boston',
    country: 'US',
  },
  {
    key: 'bestforyou',
    name: 'Best For You Organics',
    domain: 'bestforyouorganics.example',
    industry: 'Food & beverage',
    type: 'customer',
    size: '51-200',
    city: 'Austin',
    country: 'US',
    fromLead: true,
  },
  {
    key: 'lamna',
    name: 'Lamna Healthcare',
    domain: 'lamnahealthcare.example',
    industry: 'Healthcare',
    type: 'customer',
    size: '1001-5000',
    city: 'London',
    country: 'GB',
  },
  {
    key: 'nod',
    name: 'Nod Publishers',
    domain: 'nodpublishers.example',
    industry: 'Media',
    type: 'prospect',
    size: '11-50',
    city: 'Paris',
    country: 'FR',
  },
  {
    key: 'firstup',
    name: 'First Up Consultants',
    domain: 'firstupconsultants.example',
    industry: 'Consulting',
    type: 'partner',
    size: '51-200',
    city: 'London',
    country: 'GB',
  },
  {
    key: 'southridge',
    name: 'Southridge Video',
    domain: 'southridgevideo.example',
    industry: 'Media',
    type: 'customer',
    size: '11-50',
    city: 'Los Angeles',
    country: 'US',
    fromLead: true,
  },
  {
    key: 'consolidated',
    name: 'Consolidated Messenger',
    domain: 'consolidatedmessenger.example',
    industry: 'Logistics',
    type: 'customer',
    size: '501-1000',
    city: 'Chicago',
    country: 'US',
  },
  {
    key: 'graphicdesign',
    name: 'Graphic Design Institute',
    domain: 'graphicdesigninstitute.example',
    industry: 'Education',
    type: 'prospect',
    size: '51-200',
    city: 'New York',
    country: 'US',
  },
  {
    key: 'brightwater',
    name: 'Brightwater Analytics',
    domain: 'brightwater.example',
    industry: 'Software',
    type: 'prospect',
    size: '11-50',
    city: 'Austin',
    country: 'US',
    fromLead: true,
  },
  {
    key: 'kestrel',
    name: 'Kestrel Logistics GmbH',
    domain: 'kestrel-logistics.example',
    industry: 'Logistics',
    type: 'customer',
    size: '201-500',
    city: 'Munich',
    country: 'DE',
  },
  {
    key: 'harborpine',
    name: 'Harbor & Pine Foods',
    domain: 'harborpine.example',
    industry: 'Food & beverage',
    type: 'prospect',
    size: '201-500',
    city: 'Seattle',
    country: 'US',
  },
  {
    key: 'meridian',
    name: 'Meridian Health Partners',
    domain: 'meridianhealth.example',
    industry: 'Healthcare',
    type: 'customer',
    size: '1001-5000',
    city: 'Atlanta',
    country: 'US',
  },
  {
    key: 'bluefin',
    name: 'Bluefin Robotics',
    domain: 'bluefinrobotics.example',
    industry: 'Manufacturing',
    type: 'prospect',
    size: '51-200',
    city: 'Boston',
    country: 'US',
    fromLead: true,
  },
  {
    key: 'oakridge',
    name: 'Oakridge Dental Group',
    domain: 'oakridgedental.example',
    industry: 'Healthcare',
    type: 'customer',
    size: '11-50',
    city: 'Denver',
    country: 'US',
  },
  {
    key: 'lumen',
    name: 'Lumen Solar BV',
    domain: 'lumensolar.example',
    industry: 'Energy',
    type: 'prospect',
    size: '51-200',
    city: 'Amsterdam',
    country: 'NL',
    fromLead: true,
  },
  {
    key: 'granite',
    name: 'Granite Peak Construction',
    domain: 'granitepeak.example',
    industry: 'Construction',
    type: 'customer',
    size: '201-500',
    city: 'Denver',
    country: 'US',
  },
  {
    key: 'silverline',
    name: 'Silverline Media Ltd',
    domain: 'silverlinemedia.example',
    industry: 'Media',
    type: 'prospect',
    size: '51-200',
    city: 'London',
    country: 'GB',
  },
  {
    key: 'vireo',
    name: 'Vireo Pharmaceuticals',
    domain: 'vireopharma.example',
    industry: 'Pharmaceuticals',
    type: 'prospect',
    size: '1001-5000',
    city: 'Madrid',
    country: 'ES',
  },
  {
    key: 'cascade',
    name: 'Cascade Outdoor Supply',
    domain: 'cascadeoutdoor.example',
    industry: 'Retail',
    type: 'customer',
    size: '201-500',
    city: 'Seattle',
    country: 'US',
  },
  {
    key: 'atlas',
    name: 'Atlas Freight Systems',
    domain: 'atlasfreight.example',
    industry: 'Logistics',
    type: 'vendor',
    size: '501-1000',
    city: 'Chicago',
    country: 'US',
  },
  {
    key: 'maple',
    name: 'Maple Leaf Dairy',
    domain: 'mapleleafdairy.example',
    industry: 'Food & beverage',
    type: 'prospect',
    size: '201-500',
    city: 'Toronto',
    country: 'CA',
    fromLead: true,
  },
  {
    key: 'quill',
    name: 'Quill & Ink Legal',
    domain: 'quillink.example',
    industry: 'Legal services',
    type: 'customer',
    size: '11-50',
    city: 'New York',
    country: 'US',
  },
  {
    key: 'sterling',
    name: 'Sterling Hotels Group',
    domain: 'sterlinghotels.example',
    industry: 'Hospitality',
    type: 'prospect',
    size: '1001-5000',
    city: 'Paris',
    country: 'FR',
  },
  {
    key: 'sterling-es',
    name: 'Sterling Hotels España',
    domain: 'sterlinghotels-es.example',
    industry: 'Hospitality',
    type: 'prospect',
    size: '201-500',
    city: 'Madrid',
    country: 'ES',
    parent: 'sterling',
  },
];

/** Phone prefix per city; the demo numbers end in reserved fictional ranges (555-01xx, 7946 0xxx). */
export const PHONE_PREFIX: Record<string, string> = {
  'New York': '+1212555',
  'San Francisco': '+1415555',
  Austin: '+1512555',
  Chicago: '+1312555',
  Boston: '+1617555',
  Seattle: '+1206555',
  Denver: '+1303555',
  Atlanta: '+1404555',
  'Los Angeles': '+1213555',
  Miami: '+1305555',
  Toronto: '+1416555',
  London: '+44207946',
  Berlin: '+49309018',
  Munich: '+49891234',
  Paris: '+3317036',
  Amsterdam: '+3120555',
  Madrid: '+3491555',
};

/** An E.164 demo number in `city` ending in `n` (0–99). */
export function phoneIn(city: string, n: number): string {
  const prefix = PHONE_PREFIX[city] ?? '+1212555';
  const tail = String(n % 100).padStart(2, '0');
  return prefix.startsWith('+1')
    ? `${prefix}01${tail}`
    : prefix.startsWith('+44')
      ? `${prefix}00${tail}`
      : `${prefix}${tail}${tail}`;
}

const SIZE_RANGES: Record<SizeBand, [number, number]> = {
  '1-10': [2, 10],
  '11-50': [11, 50],
  '51-200': [51, 200],
  '201-500': [201, 500],
  '501-1000': [501, 1000],
  '1001-5000': [1001, 5000],
  '5001-10000': [5001, 10000],
  '10001+': [10001, 40000],
};

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Mateo',
  'Sophia',
  'Lucas',
  'Isabella',
  'Ethan',
  'Mia',
  'Amir',
  'Charlotte',
  'Daniel',
  'Amelia',
  'Hiroshi',
  'Harper',
  'Jonas',
  'Evelyn',
  'Rahul',
  'Chloé',
  'Marco',
  'Grace',
  'Kwame',
  'Lena',
  'Diego',
  'Priya',
  'Tomás',
  'Hannah',
  'Wei',
  'Sofia',
  'Oliver',
  'Aisha',
  'Felix',
  'Nora',
  'Samuel',
  'Freya',
  'Jamal',
  'Elena',
  'Lars',
  'Maya',
  'Ibrahim',
  'Claire',
  'Yusuf',
  'Ingrid',
  'Pedro',
  'Zoe',
  'Henrik',
  'Fatima',
  'Julien',
];
export const LAST_NAMES = [
  'Anderson',
  'Brennan',
  'Carvalho',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hughes',
  'Ishikawa',
  'Jensen',
  'Kowalski',
  'Lambert',
  'Martínez',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Schmidt',
  'Thompson',
  'Usman',
  'Van Dijk',
  'Walsh',
  'Xu',
  'Yilmaz',
  'Zimmermann',
  'Bauer',
  'Chen',
  'Delgado',
  'Evans',
  'Fontaine',
  'Gupta',
  'Hartmann',
  'Iversen',
  'Johansson',
  'Khan',
  'Laurent',
  'Murphy',
  'Novak',
  "O'Connor",
  'Park',
  'Reyes',
  'Silva',
  'Tanaka',
  'Moreau',
  'Weber',
  'Patel',
  'Sullivan',
  'Costa',
  'Lindqvist',
];
const ROLES: Array<[string, string]> = [
  ['Chief Executive Officer', 'Management'],
  ['Chief Financial Officer', 'Finance'],
  ['Head of Procurement', 'Purchasing'],
  ['IT Manager', 'IT'],
  ['VP Engineering', 'Engineering'],
  ['Marketing Director', 'Marketing'],
  ['Sales Operations Lead', 'Sales'],
  ['Operations Manager', 'Operations'],
  ['Finance Controller', 'Finance'],
  ['Head of Customer Success', 'Customer Success'],
  ['Product Manager', 'Product'],
  ['Procurement Specialist', 'Purchasing'],
  ['HR Business Partner', 'People'],
  ['Logistics Coordinator', 'Operations'],
  ['Data Analyst', 'IT'],
  ['Office Manager', 'Administration'],
];
const CONTACT_SOURCES = ['Web form', 'Trade show', 'Referral', 'Import', 'LinkedIn', 'Webinar', 'Cold outreach'];

/** A company of the demo organisation as demo-sales.ts needs it. */
export interface DemoCompany {
  id: string;
  key: string;
  name: string;
  domain: string;
  country: string;
  city: string;
  type: CompanyType;
  ownerKey: Seller | null;
  vip: boolean;
  enterprise: boolean;
  createdAt: Date;
  /** Created by converting a lead: demo-sales.ts writes that lead and sets `qualified_from_lead_id`. */
  fromLead: boolean;
}

/** A live contact of the demo organisation as demo-sales.ts needs it. */
export interface DemoContact {
  id: string;
  companyId: string | null;
  email: string;
  phone: string | null;
  name: string;
  createdAt: Date;
}

/** What {@link seedDemoRecords} wrote, for the sales data that refers to it. */
export interface DemoRecords {
  tagIds: Map<string, string>;
  companies: DemoCompany[];
  contacts: DemoContact[];
}

type CompanyInsert = typeof companies.$inferInsert;
type ContactInsert = typeof contacts.$inferInsert;

/** Lower-case ASCII letters of `s` (for email local parts and profile URLs). */
export const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

/**
 * The company and contact rows of the demo organisation (pure: no database), from the fixed seed.
 * `now` anchors every date; `member` maps a seller handle to its membership id, `user` to its user id.
 * Exported so demo.test.ts can check the generated values against the API contracts.
 */
export function demoRecordRows(params: {
  orgId: string;
  /** Email domain of the people without a company (the organisation's own). */
  domain: string;
  now: Date;
  member: (key: Seller) => string;
  user: (key: Seller) => string;
}) {
  const { orgId, now } = params;
  const rng = createRng(0x5eed_0001);
  const companyRows: CompanyInsert[] = [];
  const contactRows: ContactInsert[] = [];
  const companyTags: Array<[string, string]> = [];
  const contactTags: Array<[string, string]> = [];
  const demoCompanies: DemoCompany[] = [];
  const demoContacts: DemoContact[] = [];
  const byKey = new Map<string, DemoCompany>();
  const emails = new Set<string>();
  const ownerOf = (key: Seller | null) => (key ? params.member(key) : null);
  const creatorOf = (key: Seller | null) => params.user(key ?? 'owner');

  const addCompany = (
    row: Omit<CompanyInsert, 'org_id' | 'id' | 'owner_id' | 'created_by' | 'created_at' | 'updated_at'>,
    meta: { key: string; ownerKey: Seller | null; tags: readonly string[]; createdAt: Date; fromLead: boolean },
  ) => {
    const id = uuidv7();
    const updatedAt = new Date(
      meta.createdAt.getTime() + Math.floor(rng.next() * (now.getTime() - meta.createdAt.getTime())),
    );
    companyRows.push({
      ...row,
      org_id: orgId,
      id,
      owner_id: ownerOf(meta.ownerKey),
      created_by: creatorOf(meta.ownerKey),
      created_at: meta.createdAt,
      updated_at: updatedAt,
    });
    for (const t of meta.tags) companyTags.push([id, t]);
    const company: DemoCompany = {
      id,
      key: meta.key,
      name: row.name,
      domain: row.domain!,
      country: row.billing_country!,
      city: row.billing_city!,
      type: row.type as CompanyType,
      ownerKey: meta.ownerKey,
      vip: meta.tags.includes('VIP'),
      enterprise: meta.tags.includes('Enterprise'),
      createdAt: meta.createdAt,
      fromLead: meta.fromLead,
    };
    demoCompanies.push(company);
    byKey.set(meta.key, company);
    return company;
  };

  const addContact = (
    row: Omit<ContactInsert, 'org_id' | 'id' | 'owner_id' | 'created_by' | 'created_at' | 'updated_at' | 'company_id'>,
    meta: { company: DemoCompany | null; ownerKey: Seller | null; tags: readonly string[]; createdAt: Date },
  ) => {
    const id = uuidv7();
    const span = now.getTime() - meta.createdAt.getTime();
    emails.add(row.email!);
    contactRows.push({
      ...row,
      org_id: orgId,
      id,
      company_id: meta.company?.id ?? null,
      owner_id: ownerOf(meta.ownerKey),
      created_by: creatorOf(meta.ownerKey),
      created_at: meta.createdAt,
      updated_at: new Date(meta.createdAt.getTime() + Math.floor(rng.next() * span)),
    });
    for (const t of meta.tags) contactTags.push([id, t]);
    demoContacts.push({
      id,
      companyId: meta.company?.id ?? null,
      email: row.email!,
      phone: row.phone ?? null,
      name: `${row.first_name} ${row.last_name ?? ''}`.trim(),
      createdAt: meta.createdAt,
    });
  };

  // The named companies and contacts, as the API would have stored them (owner: the demo owner).
  for (const [i, c] of NAMED_COMPANIES.entries()) {
    addCompany(
      {
        name: c.name,
        domain: c.domain,
        website: `https://www.${c.domain}`,
        phone: c.phone,
        industry: c.industry,
        type: c.type,
        size_band: c.size,
        employees: c.employees,
        annual_revenue_amount: c.revenue,
        annual_revenue_currency: c.revenue === null ? null : (CURRENCY[c.country] ?? 'USD'),
        rating: (c.tags as readonly string[]).includes('Hot lead') ? 'hot' : 'warm',
        billing_city: c.city,
        billing_country: c.country,
        parent_id: 'parent' in c ? byKey.get(c.parent)!.id : null,
        custom_fields: c.tier ? { tier: c.tier } : {},
      },
      { key: c.key, ownerKey: 'owner', tags: c.tags, createdAt: workTime(rng, now, 700 - i * 40), fromLead: false },
    );
  }
  for (const [i, p] of NAMED_CONTACTS.entries()) {
    const company = p.company ? byKey.get(p.company)! : null;
    const first = p.first.toLowerCase();
    const last = p.last.toLowerCase();
    addContact(
      {
        first_name: p.first,
        last_name: p.last,
        email: `${first}.${last}@${company ? company.domain : params.domain}`,
        phone: p.phone,
        job_title: p.title,
        is_primary: p.primary,
        source: i % 2 ? 'Web form' : 'Trade show',
        custom_fields: { linkedin: `https://www.linkedin.com/in/${first}-${last}`, last_event: '2026-10-14' },
      },
      {
        company,
        ownerKey: p.owner,
        tags: p.tags,
        createdAt: company ? new Date(company.createdAt.getTime() + (i + 1) * DAY_MS) : workTime(rng, now, 300),
      },
    );
  }

  // The generated companies, each with two to four people (the first is the primary contact).
  let nameIndex = 0;
  for (const [i, c] of MORE_COMPANIES.entries()) {
    const [lo, hi] = SIZE_RANGES[c.size];
    const employees = rng.int(lo, Math.min(hi, lo * 3));
    const perHead = rng.int(60_000, 220_000);
    const big = employees > 1000;
    const ownerKey: Seller | null = rng.chance(0.06)
      ? null
      : big
        ? rng.weighted(SELLERS, [1, 4, 2, 1, 1])
        : rng.weighted(SELLERS, [1, 1, 2, 4, 4]);
    const tagsOf: string[] = [];
    if (c.type === 'customer' && big) tagsOf.push('VIP');
    if (big && c.type !== 'vendor') tagsOf.push('Enterprise');
    if (c.type === 'partner') tagsOf.push('Partner');
    if (c.type === 'prospect' && rng.chance(0.3)) tagsOf.push('Hot lead');
    const daysAgo = c.fromLead ? rng.int(25, 320) : rng.int(60, 620);
    const createdAt = c.parent
      ? new Date(byKey.get(c.parent)!.createdAt.getTime() + rng.int(5, 40) * DAY_MS)
      : workTime(rng, now, daysAgo);
    const company = addCompany(
      {
        name: c.name,
        domain: c.domain,
        website: `https://www.${c.domain}`,
        phone: rng.chance(0.85) ? phoneIn(c.city, 10 + i) : null,
        industry: c.industry,
        type: c.type,
        size_band: c.size,
        employees,
        annual_revenue_amount: rng.chance(0.75) ? Math.round((employees * perHead) / 10_000) * 10_000 * 100 : null,
        annual_revenue_currency: null,
        rating: tagsOf.includes('Hot lead') ? 'hot' : rng.weighted(['cold', 'warm', 'hot'] as const, [2, 5, 2]),
        billing_city: c.city,
        billing_country: c.country,
        tax_id: c.country === 'US' || c.country === 'CA' ? null : `${c.country}${rng.int(100_000_000, 999_999_999)}`,
        parent_id: c.parent ? byKey.get(c.parent)!.id : null,
        custom_fields: rng.chance(0.7) ? { tier: rng.weighted(['Gold', 'Silver', 'Bronze'], [1, 2, 3]) } : {},
      },
      { key: c.key, ownerKey, tags: tagsOf, createdAt, fromLead: c.fromLead ?? false },
    );
    const row = companyRows[companyRows.length - 1]!;
    if (row.annual_revenue_amount !== null) row.annual_revenue_currency = CURRENCY[c.country] ?? 'USD';
    const people = 2 + (i % 3 === 0 ? 2 : i % 3 === 1 ? 1 : 0);
    for (const [j, [title, department]] of rng.sample(ROLES, people).entries()) {
      const first = FIRST_NAMES[(nameIndex * 7 + 3) % FIRST_NAMES.length]!;
      const last = LAST_NAMES[(nameIndex * 11 + j) % LAST_NAMES.length]!;
      nameIndex++;
      let email = `${slug(first)}.${slug(last)}@${c.domain}`;
      if (emails.has(email)) email = `${slug(first)}.${slug(last)}${nameIndex}@${c.domain}`;
      const optedOut = rng.chance(0.06);
      addContact(
        {
          first_name: first,
          last_name: last,
          email,
          phone: rng.chance(0.6) ? phoneIn(c.city, 40 + ((i * 4 + j) % 60)) : null,
          mobile:
            rng.chance(0.25) && PHONE_PREFIX[c.city]?.startsWith('+1') ? phoneIn(c.city, (i * 4 + j + 7) % 100) : null,
          job_title: title,
          department,
          is_primary: j === 0,
          do_not_call: rng.chance(0.05),
          email_opt_out: optedOut,
          unsubscribed_at: optedOut ? workTime(rng, now, rng.int(3, 60)) : null,
          source: c.fromLead ? 'Lead conversion' : rng.pick(CONTACT_SOURCES),
          custom_fields: {
            ...(rng.chance(0.6) ? { linkedin: `https://www.linkedin.com/in/${slug(first)}-${slug(last)}` } : {}),
            ...(rng.chance(0.3) ? { last_event: isoDate(workTime(rng, now, rng.int(10, 300))) } : {}),
          },
        },
        {
          company,
          ownerKey: rng.chance(0.1) ? null : ownerKey,
          tags: rng.chance(0.15) ? ['Newsletter'] : [],
          createdAt: c.fromLead ? createdAt : new Date(createdAt.getTime() + rng.int(0, 90) * DAY_MS + j * 3_600_000),
        },
      );
    }
  }
  // A few people without a company (freelancers, advisers, newsletter sign-ups).
  for (let k = 0; k < 5; k++) {
    const first = FIRST_NAMES[(k * 13 + 5) % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(k * 17 + 9) % LAST_NAMES.length]!;
    addContact(
      {
        first_name: first,
        last_name: last,
        email: `${slug(first)}.${slug(last)}@mail.example`,
        job_title: rng.pick(['Freelance consultant', 'Advisor', 'Student', 'Independent designer']),
        source: rng.pick(CONTACT_SOURCES),
        custom_fields: {},
      },
      {
        company: null,
        ownerKey: rng.chance(0.5) ? null : rng.pick(SELLERS),
        tags: ['Newsletter'],
        createdAt: workTime(rng, now, rng.int(5, 400)),
      },
    );
  }
  for (const c of contactRows) {
    if (c.updated_at! > now) c.updated_at = now;
    if (c.created_at! > now) c.created_at = c.updated_at = now;
  }
  return { companyRows, contactRows, companyTags, contactTags, companies: demoCompanies, contacts: demoContacts };
}

/**
 * Seeds the records; `members` maps seller handles (and `owner`) to membership ids, `users` to user
 * ids. Returns what demo-sales.ts links its leads and deals to.
 */
export async function seedDemoRecords(
  tx: Tx,
  params: { actor: Actor; domain: string; members: Map<string, string>; users: Map<string, string>; now: Date },
): Promise<DemoRecords> {
  const { actor } = params;
  const orgId = actor.orgId;
  const tagIds = new Map<string, string>();
  const tagRows = Object.entries(TAG_COLOURS).map(([name, color]) => {
    const id = uuidv7();
    tagIds.set(name, id);
    return { org_id: orgId, id, name, color };
  });
  await tx.insert(tags).values(tagRows);
  await createCustomField(tx, {
    orgId,
    region: actor.region,
    entity: 'company',
    key: 'tier',
    label: 'Account tier',
    type: 'select',
    options: ['Gold', 'Silver', 'Bronze'],
    required: false,
  });
  await createCustomField(tx, {
    orgId,
    region: actor.region,
    entity: 'contact',
    key: 'linkedin',
    label: 'LinkedIn profile',
    type: 'url',
    options: [],
    required: false,
  });
  await createCustomField(tx, {
    orgId,
    region: actor.region,
    entity: 'contact',
    key: 'last_event',
    label: 'Last event attended',
    type: 'date',
    options: [],
    required: false,
  });
  const rows = demoRecordRows({
    orgId,
    domain: params.domain,
    now: params.now,
    member: (key) => params.members.get(key)!,
    user: (key) => params.users.get(key)!,
  });
  await tx.insert(companies).values(rows.companyRows);
  await tx.insert(contacts).values(rows.contactRows);
  await logTimelineBatch(tx, {
    orgId,
    events: [
      ...rows.companyRows.map((c) => ({
        id: c.id,
        type: 'company' as const,
        name: c.name,
        by: c.created_by,
        at: c.created_at,
      })),
      ...rows.contactRows.map((c) => ({
        id: c.id,
        type: 'contact' as const,
        name: [c.first_name, c.last_name].filter(Boolean).join(' '),
        by: c.created_by,
        at: c.created_at,
      })),
    ].map((r) => ({
      actorId: r.by ?? null,
      type: 'created' as const,
      records: [{ type: r.type, id: r.id }],
      data: { name: r.name },
      ...(r.at ? { occurredAt: r.at } : {}),
    })),
  });
  const links = (pairs: Array<[string, string]>) =>
    pairs.map(([recordId, tag]) => ({ org_id: orgId, id: uuidv7(), record_id: recordId, tag_id: tagIds.get(tag)! }));
  await tx.insert(company_tags).values(links(rows.companyTags));
  await tx.insert(contact_tags).values(links(rows.contactTags));

  const gone = uuidv7();
  await tx.insert(contacts).values({
    org_id: orgId,
    id: gone,
    first_name: 'Old',
    last_name: 'Duplicate',
    email: `old.duplicate@${params.domain}`,
    source: 'Import',
    owner_id: actor.membershipId,
    created_by: actor.userId,
    created_at: new Date(params.now.getTime() - 40 * DAY_MS),
    updated_at: new Date(params.now.getTime() - 2 * DAY_MS),
    deleted_at: new Date(params.now.getTime() - 2 * DAY_MS),
    deleted_by: actor.userId,
    version: 2,
  });
  return { tagIds, companies: rows.companies, contacts: rows.contacts };
}
