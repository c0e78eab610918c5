import { Navigate, type RouteObject } from 'react-router';
import { lazyPage } from '../../lib/lazyPage';

/**
 * The crm area's routes, children of /app (paths relative, e.g. 'crm', 'crm/:id').
 * The layout and each page load on first visit (the deal board brings drag and drop).
 */
export const crmRoutes: RouteObject[] = [
  {
    path: 'crm',
    ...lazyPage(
      () => import('./CrmLayout'),
      (m) => m.CrmLayout,
    ),
    children: [
      { index: true, element: <Navigate to="contacts" replace /> },
      {
        path: 'contacts',
        ...lazyPage(
          () => import('./ContactsPage'),
          (m) => m.ContactsPage,
        ),
      },
      {
        path: 'contacts/:id',
        ...lazyPage(
          () => import('./ContactPage'),
          (m) => m.ContactPage,
        ),
      },
      {
        path: 'companies',
        ...lazyPage(
          () => import('./CompaniesPage'),
          (m) => m.CompaniesPage,
        ),
      },
      {
        path: 'companies/:id',
        ...lazyPage(
          () => import('./CompanyPage'),
          (m) => m.CompanyPage,
        ),
      },
      {
        path: 'leads',
        ...lazyPage(
          () => import('./LeadsPage'),
          (m) => m.LeadsPage,
        ),
      },
      {
        path: 'leads/:id',
        ...lazyPage(
          () => import('./LeadPage'),
          (m) => m.LeadPage,
        ),
      },
      {
        path: 'deals',
        ...lazyPage(
          () => import('./DealsPage'),
          (m) => m.DealsPage,
        ),
      },
      {
        path: 'deals/:id',
        ...lazyPage(
          () => import('./DealPage'),
          (m) => m.DealPage,
        ),
      },
    ],
  },
];

/** The CRM settings, children of /app/settings: pipelines and their stages. */
export const crmSettingsRoutes: RouteObject[] = [
  {
    path: 'pipelines',
    ...lazyPage(
      () => import('./pipelines/PipelinesPage'),
      (m) => m.PipelinesPage,
    ),
  },
];
