import { Navigate, type RouteObject } from 'react-router';
import { CompaniesPage } from './CompaniesPage';
import { CompanyPage } from './CompanyPage';
import { ContactPage } from './ContactPage';
import { ContactsPage } from './ContactsPage';
import { CrmLayout } from './CrmLayout';
import { DealPage } from './DealPage';
import { DealsPage } from './DealsPage';
import { LeadPage } from './LeadPage';
import { LeadsPage } from './LeadsPage';

/** The crm area's routes, children of /app (paths relative, e.g. 'crm', 'crm/:id'). */
export const crmRoutes: RouteObject[] = [
  {
    path: 'crm',
    element: <CrmLayout />,
    children: [
      { index: true, element: <Navigate to="contacts" replace /> },
      { path: 'contacts', element: <ContactsPage /> },
      { path: 'contacts/:id', element: <ContactPage /> },
      { path: 'companies', element: <CompaniesPage /> },
      { path: 'companies/:id', element: <CompanyPage /> },
      { path: 'leads', element: <LeadsPage /> },
      { path: 'leads/:id', element: <LeadPage /> },
      { path: 'deals', element: <DealsPage /> },
      { path: 'deals/:id', element: <DealPage /> },
    ],
  },
];
