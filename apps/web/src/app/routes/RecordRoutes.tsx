import { Tabs } from '@mantine/core';
import { IconBuildingSkyscraper, IconUsers } from '@tabler/icons-react';
import { roleAtLeast } from '@relata/shared';
import { useParams, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { RecycleBin } from '../../components/records/RecycleBin';
import type { CompanyWire, ContactWire } from '../../components/records/types';
import { useRole } from '../../components/session';
import { CompanyDetailPage } from '../../features/companies/CompanyDetailPage';
import { CompanyContactsPanel } from '../../features/contacts/CompanyContactsPanel';
import { ContactDetailPage } from '../../features/contacts/ContactDetailPage';

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

/** /recycle-bin — deleted companies and contacts, restorable for 30 days. */
export function RecycleBinRoute() {
  const role = useRole();
  const canRestore = role !== null && roleAtLeast(role, 'member');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'contacts' ? 'contacts' : 'companies';
  return (
    <>
      <PageHeader title="Recycle bin" description="Deleted companies and contacts, until they are purged." />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v === 'contacts' ? { tab: 'contacts' } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="companies" leftSection={<IconBuildingSkyscraper size={16} />}>
            Companies
          </Tabs.Tab>
          <Tabs.Tab value="contacts" leftSection={<IconUsers size={16} />}>
            Contacts
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
      </Tabs>
    </>
  );
}
