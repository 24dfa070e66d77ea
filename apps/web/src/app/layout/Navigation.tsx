import { AppShell, NavLink, ScrollArea, Text } from '@mantine/core';
import {
  IconAddressBook,
  IconBook,
  IconBuilding,
  IconBuildingSkyscraper,
  IconChartBar,
  IconCalendarEvent,
  IconCoins,
  IconCopy,
  IconExternalLink,
  IconFileImport,
  IconForms,
  IconGauge,
  IconHome,
  IconKey,
  IconLayoutKanban,
  IconPigMoney,
  IconTags,
  IconFilter,
  IconTargetArrow,
  IconTrash,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';

interface Item {
  to: string;
  label: string;
  icon: ReactNode;
  exact?: boolean;
}

const MAIN: Item[] = [
  { to: '/', label: 'Home', icon: <IconHome size={18} />, exact: true },
  { to: '/dashboard', label: 'Dashboard', icon: <IconGauge size={18} /> },
  { to: '/companies', label: 'Companies', icon: <IconBuildingSkyscraper size={18} /> },
  { to: '/contacts', label: 'Contacts', icon: <IconAddressBook size={18} /> },
  { to: '/leads', label: 'Leads', icon: <IconTargetArrow size={18} /> },
  { to: '/deals', label: 'Deals', icon: <IconPigMoney size={18} /> },
  { to: '/activities', label: 'Activities', icon: <IconCalendarEvent size={18} /> },
  { to: '/segments', label: 'Segments', icon: <IconFilter size={18} /> },
  { to: '/reports', label: 'Reports', icon: <IconChartBar size={18} /> },
];
const SETTINGS: Item[] = [
  { to: '/settings/members', label: 'Members & teams', icon: <IconUsers size={18} /> },
  { to: '/settings/api-keys', label: 'API keys', icon: <IconKey size={18} /> },
  { to: '/settings/organisation', label: 'Organisation', icon: <IconBuilding size={18} /> },
  { to: '/settings/custom-fields', label: 'Custom fields', icon: <IconForms size={18} /> },
  { to: '/settings/tags', label: 'Tags', icon: <IconTags size={18} /> },
  { to: '/settings/duplicates', label: 'Duplicates', icon: <IconCopy size={18} /> },
  { to: '/settings/import', label: 'Import', icon: <IconFileImport size={18} /> },
  { to: '/settings/pipelines', label: 'Pipelines', icon: <IconLayoutKanban size={18} /> },
  { to: '/settings/currencies', label: 'Currencies', icon: <IconCoins size={18} /> },
  { to: '/recycle-bin', label: 'Recycle bin', icon: <IconTrash size={18} /> },
];
const ACCOUNT: Item[] = [{ to: '/profile', label: 'Profile', icon: <IconUserCircle size={18} /> }];

function Section({ title, items }: { title?: string; items: Item[] }) {
  const { pathname } = useLocation();
  return (
    <>
      {title && (
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="md" mb={4}>
          {title}
        </Text>
      )}
      {items.map((item) => {
        const active = item.exact ? pathname === item.to : pathname.startsWith(item.to);
        return (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            leftSection={item.icon}
            active={active}
            aria-current={active ? 'page' : undefined}
            variant="light"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        );
      })}
    </>
  );
}

/**
 * The navbar: Home, Dashboard, Companies, Contacts, Leads, Deals, Activities, Segments, Reports; Settings
 * (members & teams, API keys, organisation, custom fields, tags, duplicates, import, pipelines, currencies, recycle
 * bin); Profile; and the API docs.
 */
export function Navigation() {
  return (
    <>
      <AppShell.Section grow component={ScrollArea}>
        <Section items={MAIN} />
        <Section title="Settings" items={SETTINGS} />
        <Section title="Account" items={ACCOUNT} />
      </AppShell.Section>
      <AppShell.Section>
        <NavLink
          component="a"
          href="/api/docs"
          target="_blank"
          rel="noopener"
          label="API docs"
          leftSection={<IconBook size={18} />}
          rightSection={<IconExternalLink size={14} />}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        />
      </AppShell.Section>
    </>
  );
}
