import { pathToFileURL } from 'node:url';
import { testdata } from '../../../../test/testdata.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IMPORT_ENTITIES, IMPORT_FIELDS } from '../fields.js';
import { normaliseHeader, suggestMapping } from './suggest.js';

const LAYOUTS = pathToFileURL(testdata('crm_export_layouts') + '/');

/** The header row of a CSV file (all fields quoted, as in the samples). */
const headerOf = (name: string) =>
  readFileSync(new URL(name, LAYOUTS), 'utf8')
    .split(/\r?\n/)[0]!
    .split('","')
    .map((h) => h.replace(/^"|"$/g, ''));

const targets = (s: ReturnType<typeof suggestMapping>) => Object.fromEntries(s.map((c) => [c.header, c.target]));

describe('normaliseHeader', () => {
  it('folds case, accents, camelCase, punctuation and __c', () => {
    expect(normaliseHeader('NumberOfEmployees')).toBe('number of employees');
    expect(normaliseHeader('SICCode__c')).toBe('sic code');
    expect(normaliseHeader('Osoba - E-mail')).toBe('osoba email');
    expect(normaliseHeader('Obchod - Fáze')).toBe('obchod faze');
    expect(normaliseHeader('  Country/Region ')).toBe('country region');
  });
});

describe('suggestMapping', () => {
  it('maps the Salesforce lead sample for leads', () => {
    const headers = headerOf('salesforce_lead_sample_DE_org_TRANSCRIBED.csv');
    expect(headers).toHaveLength(58);
    const s = suggestMapping({ entity: 'leads', headers, customFields: [{ key: 'sic_code', label: 'SIC code' }] });
    const t = targets(s);
    expect(t).toMatchObject({
      Id: 'external_id',
      FirstName: 'first_name',
      LastName: 'last_name',
      Name: 'title',
      Title: 'job_title',
      Company: 'company_name',
      Email: 'email',
      Phone: 'phones',
      LeadSource: 'source',
      Status: 'status',
      Industry: 'segment',
      Rating: 'rating',
      City: 'location',
      Description: 'notes',
      OwnerId: 'owner',
      CreatedDate: 'created_at',
      ConvertedDate: 'converted_at',
      SICCode__c: 'cf.sic_code',
      IsDeleted: null,
      MasterRecordId: null,
      LastModifiedDate: null,
      Jigsaw: null,
      Latitude: null,
    });
    expect(s.find((c) => c.header === 'FirstName')).toMatchObject({ column: 4, confidence: 'exact' });
    expect(s.find((c) => c.header === 'LeadSource')!.confidence).toBe('alias');
    const used = s.map((c) => c.target).filter(Boolean);
    expect(new Set(used).size).toBe(used.length);
  });

  it('maps Salesforce Account and Opportunity API names', () => {
    const account = targets(
      suggestMapping({
        entity: 'companies',
        headers: [
          'Id',
          'Name',
          'Website',
          'Phone',
          'Industry',
          'AnnualRevenue',
          'NumberOfEmployees',
          'BillingStreet',
          'BillingCity',
          'BillingState',
          'BillingPostalCode',
          'BillingCountry',
          'ParentId',
          'OwnerId',
          'Rating',
          'Type',
        ],
        customFields: [],
      }),
    );
    expect(account).toEqual({
      Id: 'external_id',
      Name: 'name',
      Website: 'website',
      Phone: 'phone',
      Industry: 'industry',
      AnnualRevenue: 'annual_revenue',
      NumberOfEmployees: 'employees',
      BillingStreet: 'billing_street',
      BillingCity: 'billing_city',
      BillingState: 'billing_region',
      BillingPostalCode: 'billing_postal_code',
      BillingCountry: 'billing_country',
      ParentId: 'parent',
      OwnerId: 'owner',
      Rating: 'rating',
      Type: 'type',
    });
    const opp = targets(
      suggestMapping({
        entity: 'deals',
        headers: [
          'Id',
          'Name',
          'AccountId',
          'StageName',
          'Amount',
          'Probability',
          'CloseDate',
          'Type',
          'LeadSource',
          'IsClosed',
          'IsWon',
          'OwnerId',
          'CreatedDate',
          'CurrencyIsoCode',
        ],
        customFields: [],
      }),
    );
    expect(opp).toMatchObject({
      Id: 'external_id',
      Name: 'name',
      AccountId: 'company',
      StageName: 'stage',
      Amount: 'amount',
      Probability: 'probability',
      CloseDate: 'expected_close_date',
      Type: 'type',
      LeadSource: null,
      IsWon: null,
      OwnerId: 'owner',
      CreatedDate: 'created_at',
      CurrencyIsoCode: 'currency',
    });
  });

  it('maps the HubSpot default-view contacts header', () => {
    const headers = headerOf('hubspot_contacts_export_default_view_HEADER_ONLY.csv');
    expect(headers).toHaveLength(12);
    expect(targets(suggestMapping({ entity: 'contacts', headers, customFields: [] }))).toEqual({
      'Record ID': 'external_id',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Email: 'email',
      'Phone Number': 'phone',
      'Contact owner': 'owner',
      'Primary Associated Company ID': null,
      'Last Activity Date': null,
      'Lead Status': null,
      'Create Date': 'created_at',
      'Additional email addresses': null,
      'Associated Company': 'company',
    });
  });

  it('maps the HubSpot all-properties header without reusing a target', () => {
    const headers = headerOf('hubspot_contacts_export_all_properties_HEADER_ONLY.csv');
    const s = suggestMapping({ entity: 'contacts', headers, customFields: [{ key: 'hobbela', label: 'höbbela' }] });
    const t = targets(s);
    expect(t).toMatchObject({
      'Record ID': 'external_id',
      Email: 'email',
      'Mobile Phone Number': 'mobile',
      'Job Title': 'job_title',
      'Company Name': 'company',
      'Company domain name': 'company_domain',
      'Create Date': 'created_at',
      'Contact owner': 'owner',
      'Original Source': 'source',
      höbbela: 'cf.hobbela',
      'Average Pageviews': null,
      'Lifecycle Stage': null,
    });
    const used = s.map((c) => c.target).filter(Boolean);
    expect(new Set(used).size).toBe(used.length);
  });

  it('maps a Pipedrive deals export, English and Czech', () => {
    const en = targets(
      suggestMapping({
        entity: 'deals',
        headers: [
          'Deal - Title',
          'Deal - Value',
          'Deal - Currency of value',
          'Deal - Stage',
          'Deal - Status',
          'Deal - Expected close date',
          'Deal - Lost reason',
          'Deal - Owner',
          'Deal - Pipeline',
          'Organization - Name',
          'Person - Name',
          'Person - Email (Work)',
          'Deal - Won time',
          'Deal - Label',
        ],
        customFields: [],
      }),
    );
    expect(en).toEqual({
      'Deal - Title': 'name',
      'Deal - Value': 'amount',
      'Deal - Currency of value': 'currency',
      'Deal - Stage': 'stage',
      'Deal - Status': 'status',
      'Deal - Expected close date': 'expected_close_date',
      'Deal - Lost reason': 'lost_reason',
      'Deal - Owner': 'owner',
      'Deal - Pipeline': 'pipeline',
      'Organization - Name': 'company',
      'Person - Name': null,
      'Person - Email (Work)': 'contact_email',
      'Deal - Won time': 'won_at',
      'Deal - Label': 'tags',
    });
    const cs = targets(
      suggestMapping({
        entity: 'deals',
        headers: ['Obchod - Název', 'Obchod - Hodnota', 'Obchod - Fáze', 'Obchod - Stav', 'Osoba - E-mail'],
        customFields: [],
      }),
    );
    expect(cs).toEqual({
      'Obchod - Název': 'name',
      'Obchod - Hodnota': 'amount',
      'Obchod - Fáze': 'stage',
      'Obchod - Stav': 'status',
      'Osoba - E-mail': 'contact_email',
    });
  });

  it('maps Zoho Leads and Potentials headers', () => {
    const leads = targets(
      suggestMapping({
        entity: 'leads',
        headers: [
          'Record Id',
          'Lead Owner',
          'First Name',
          'Last Name',
          'Company',
          'Email',
          'Phone',
          'Lead Source',
          'Lead Status',
          'Created Time',
          'Modified Time',
        ],
        customFields: [],
      }),
    );
    expect(leads).toEqual({
      'Record Id': 'external_id',
      'Lead Owner': 'owner',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Company: 'company_name',
      Email: 'email',
      Phone: 'phones',
      'Lead Source': 'source',
      'Lead Status': 'status',
      'Created Time': 'created_at',
      'Modified Time': null,
    });
    const deals = targets(
      suggestMapping({
        entity: 'deals',
        headers: [
          'Potential Owner',
          'Potential Name',
          'Account Name',
          'Closing Date',
          'Stage',
          'Amount',
          'Probability (%)',
          'Created Time',
          'Contact Name',
        ],
        customFields: [],
      }),
    );
    expect(deals).toEqual({
      'Potential Owner': 'owner',
      'Potential Name': 'name',
      'Account Name': 'company',
      'Closing Date': 'expected_close_date',
      Stage: 'stage',
      Amount: 'amount',
      'Probability (%)': 'probability',
      'Created Time': 'created_at',
      'Contact Name': null,
    });
  });

  it('re-imports our own keys and labels for every entity, exactly', () => {
    for (const entity of IMPORT_ENTITIES) {
      const fields = IMPORT_FIELDS[entity];
      for (const headers of [fields.map((f) => f.key), fields.map((f) => f.label)]) {
        const s = suggestMapping({
          entity,
          headers: [...headers, 'cf.region_code'],
          customFields: [{ key: 'region_code', label: 'Region code' }],
        });
        expect(s.map((c) => c.target)).toEqual([...fields.map((f) => f.key), 'cf.region_code']);
        expect(s.every((c) => c.confidence === 'exact')).toBe(true);
      }
    }
  });

  it('custom fields by label, fuzzy near-misses, one target per column, best match wins', () => {
    const s = suggestMapping({
      entity: 'contacts',
      headers: ['E-Mail Adress', 'Email', 'Renewal Month', 'Frist Name', 'xyz'],
      customFields: [{ key: 'renewal_month', label: 'Renewal month' }],
    });
    expect(s).toEqual([
      { column: 0, header: 'E-Mail Adress', target: null, confidence: 'fuzzy' },
      { column: 1, header: 'Email', target: 'email', confidence: 'exact' },
      { column: 2, header: 'Renewal Month', target: 'cf.renewal_month', confidence: 'exact' },
      { column: 3, header: 'Frist Name', target: 'first_name', confidence: 'fuzzy' },
      { column: 4, header: 'xyz', target: null, confidence: 'fuzzy' },
    ]);
  });
});
