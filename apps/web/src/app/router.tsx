import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { ActivitiesPage } from '../features/activities/ActivitiesPage';
import { ApiKeysPage } from '../features/api-keys/ApiKeysPage';
import { SignInPage } from '../features/auth/SignInPage';
import { SignUpPage } from '../features/auth/SignUpPage';
import { CompaniesPage } from '../features/companies/CompaniesPage';
import { ContactsPage } from '../features/contacts/ContactsPage';
import { CurrenciesPage } from '../features/currencies/CurrenciesPage';
import { CustomFieldsPage } from '../features/custom-fields/CustomFieldsPage';
import { HomePage } from '../features/home/HomePage';
import { OnboardingPage } from '../features/orgs/OnboardingPage';
import { OrgSettingsPage } from '../features/orgs/OrgSettingsPage';
import { PipelinesSettingsPage } from '../features/pipelines/PipelinesSettingsPage';
import { ProfilePage } from '../features/profile/ProfilePage';
import { TagsPage } from '../features/tags/TagsPage';
import { DuplicatesPage } from '../features/duplicates/DuplicatesPage';
import { ImportsPage } from '../features/imports/ImportsPage';
import { SearchPage } from '../features/search/SearchPage';
import { SegmentsPage } from '../features/segments/SegmentsPage';
import { RequireSession } from './guards';
import { AppLayout } from './layout/AppLayout';
import { InviteRoute } from './routes/InviteRoute';
import { MembersRoute } from './routes/MembersRoute';
import { NotFound } from './routes/NotFound';
import { CompanyRoute, ContactRoute, RecycleBinRoute } from './routes/RecordRoutes';
import { RouteError } from './routes/RouteError';
import { DealRoute, DealsRoute, LeadRoute, LeadsRoute } from './routes/SalesRoutes';

/** Every page of the app: public (sign-in, sign-up, invitation), signed-in (onboarding), in an organisation (the rest). */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/invite/:token', element: <InviteRoute /> },
      {
        element: <RequireSession needsOrg={false} />,
        children: [{ path: '/onboarding', element: <OnboardingPage /> }],
      },
      {
        element: <RequireSession needsOrg />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <HomePage /> },
              // Loaded on first visit: the charts library stays off the first screen (vite.config.ts `charts`).
              {
                path: '/dashboard',
                lazy: () => import('../features/analytics/DashboardPage').then((m) => ({ Component: m.DashboardPage })),
              },
              {
                path: '/reports',
                lazy: () => import('../features/analytics/ReportsPage').then((m) => ({ Component: m.ReportsPage })),
              },
              { path: '/companies', element: <CompaniesPage /> },
              { path: '/companies/:id', element: <CompanyRoute /> },
              { path: '/contacts', element: <ContactsPage /> },
              { path: '/contacts/:id', element: <ContactRoute /> },
              { path: '/leads', element: <LeadsRoute /> },
              { path: '/leads/:id', element: <LeadRoute /> },
              { path: '/deals', element: <DealsRoute /> },
              { path: '/deals/:id', element: <DealRoute /> },
              { path: '/activities', element: <ActivitiesPage /> },
              { path: '/search', element: <SearchPage /> },
              { path: '/segments', element: <SegmentsPage /> },
              { path: '/recycle-bin', element: <RecycleBinRoute /> },
              { path: '/settings', element: <Navigate to="/settings/members" replace /> },
              { path: '/settings/members', element: <MembersRoute /> },
              { path: '/settings/members/teams', element: <MembersRoute /> },
              { path: '/settings/api-keys', element: <ApiKeysPage /> },
              { path: '/settings/organisation', element: <OrgSettingsPage /> },
              { path: '/settings/custom-fields', element: <CustomFieldsPage /> },
              { path: '/settings/tags', element: <TagsPage /> },
              { path: '/settings/duplicates', element: <DuplicatesPage /> },
              { path: '/settings/import', element: <ImportsPage /> },
              { path: '/settings/pipelines', element: <PipelinesSettingsPage /> },
              { path: '/settings/currencies', element: <CurrenciesPage /> },
              { path: '/profile', element: <ProfilePage /> },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
];

/** The browser router over `routes`. */
export const createRouter = () => createBrowserRouter(routes);
