import { AppShell, Burger, Group, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Brand } from '../../components/Brand';
import { ThemeToggle } from '../../components/ThemeToggle';
import { NotificationBell } from '../../features/notifications/NotificationBell';
import { OrgSwitcher } from '../../features/orgs/OrgSwitcher';
import { SearchButton, SearchSpotlight } from '../../features/search/SearchSpotlight';
import { Navigation } from './Navigation';
import { UserMenu } from './UserMenu';

/**
 * The signed-in shell: header (burger, brand, organisation switcher, search, notification bell, theme, user menu),
 * navbar, page; the search spotlight (Ctrl/Cmd+K) is mounted here so it opens from every signed-in page.
 */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  useEffect(() => close(), [pathname, close]);
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <UnstyledButton component={Link} to="/" aria-label="Relata home" visibleFrom="xs">
              <Brand />
            </UnstyledButton>
            <OrgSwitcher />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <SearchButton />
            <NotificationBell />
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <Navigation />
      </AppShell.Navbar>
      <SearchSpotlight />
      <AppShell.Main>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
