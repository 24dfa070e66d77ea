import { Tabs } from '@mantine/core';
import { IconBuildingSkyscraper, IconPigMoney, IconTargetArrow, IconUsers } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { RecycleBin } from '../../components/records/RecycleBin';
import type { CompanyWire, ContactWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { CompanyDetailPage } from '../../features/companies/CompanyDetailPage';
import { CompanyContactsPanel } from '../../features/contacts/CompanyContactsPanel';
import { ContactDetailPage } from '../../features/contacts/ContactDetailPage';
import type { DealWire } from '../../features/deals/deals-api';
import { type LeadRow, leadRow } from '../../features/leads/leads-api';
import { formatMoney } from '../../components/records/money';

/** /companies/:id — the company page with its contacts (from the contacts feature). */
export function CompanyRoute() {
  const { id = '' } = useParams();
  return <CompanyDetailPage key={id} id={id} contacts={(company) => <CompanyContactsPanel company={company} />} />;
}

/** /contacts/:id */
export function ContactRoute() {
  const { id = '' } = useParams();
  return <ContactDetailPage key={id} id={id} />;
}

const TABS = ['companies', 'contacts', 'leads', 'deals'] as const;
type Tab = (typeof TABS)[number];

/** /recycle-bin — deleted companies, contacts, leads and deals, restorable for 30 days. */
export function RecycleBinRoute() {
  const role = useRole();
  const canRestore = role !== null && roleAtLeast(role, 'member');
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = TABS.find((t) => t === asked) ?? 'companies';
  return (
    <>
      <PageHeader
        title="Recycle bin"
        description="Deleted companies, contacts, leads and deals, until they are purged."
      />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'companies' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="companies" leftSection={<IconBuildingSkyscraper size={16} />}>
            Companies
          </Tabs.Tab>
          <Tabs.Tab value="contacts" leftSection={<IconUsers size={16} />}>
            Contacts
          </Tabs.Tab>
          <Tabs.Tab value="leads" leftSection={<IconTargetArrow size={16} />}>
            Leads
          </Tabs.Tab>
          <Tabs.Tab value="deals" leftSection={<IconPigMoney size={16} />}>
            Deals
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="companies">
          <RecycleBin<CompanyWire>
            resource="companies"
            nouns={{ one: 'company', many: 'companies' }}
            describe={(c) => c.domain}
            canRestore={canRestore}
          />
        </Tabs.Panel>
        <Tabs.Panel value="contacts">
          <RecycleBin<ContactWire>
            resource="contacts"
            nouns={{ one: 'contact', many: 'contacts' }}
            describe={(c) => [c.email, c.company?.name].filter(Boolean).join(' · ') || null}
            canRestore={canRestore}
          />
        </Tabs.Panel>
        <Tabs.Panel value="leads">
          <RecycleBin<LeadRow>
            resource="leads"
            nouns={{ one: 'lead', many: 'leads' }}
            describe={(l) => [l.company_name, l.email].filter(Boolean).join(' · ') || null}
            canRestore={canRestore}
            toRow={leadRow}
          />
        </Tabs.Panel>
        <Tabs.Panel value="deals">
          <RecycleBin<DealWire>
            resource="deals"
            nouns={{ one: 'deal', many: 'deals' }}
            describe={(d) => [d.company?.name, formatMoney(d.amount)].filter(Boolean).join(' · ') || null}
            canRestore={canRestore}
          />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
