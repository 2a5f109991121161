import type { ReactNode } from 'react';
import { Catalog } from '../views/operator/Catalog.js';
import { CustomerDetail } from '../views/customer/CustomerDetail.js';
import { Customers } from '../views/operator/Customers.js';
import { Expenses } from '../views/operator/Expenses.js';
import { Finance } from '../views/operator/Finance.js';
import { Forecasts } from '../views/operator/Forecasts.js';
import { InvoiceDetail } from '../views/operator/InvoiceDetail.js';
import { Invoices } from '../views/operator/Invoices.js';
import { Overview } from '../views/operator/Overview.js';
import { Plans } from '../views/operator/Plans.js';
import { Playground } from '../views/operator/Playground.js';
import { Profit } from '../views/operator/Profit.js';
import { Usage } from '../views/operator/Usage.js';
import { PortalBilling } from '../views/portal/PortalBilling.js';
import { PortalInvoice } from '../views/portal/PortalInvoice.js';
import { PortalInvoices } from '../views/portal/PortalInvoices.js';
import { PortalKeys } from '../views/portal/PortalKeys.js';
import { PortalUsage } from '../views/portal/PortalUsage.js';

export interface RouteDef {
  path: string;
  render(params: Record<string, string>): ReactNode;
}

export const operatorRoutes: RouteDef[] = [
  { path: '/overview', render: () => <Overview /> },
  { path: '/profit', render: () => <Profit /> },
  { path: '/customers', render: () => <Customers /> },
  { path: '/customers/:id', render: ({ id }) => <CustomerDetail key={id} id={id!} /> },
  { path: '/usage', render: () => <Usage /> },
  { path: '/plans', render: () => <Plans /> },
  { path: '/catalog', render: () => <Catalog /> },
  { path: '/invoices', render: () => <Invoices /> },
  { path: '/invoices/:id', render: ({ id }) => <InvoiceDetail key={id} id={id!} /> },
  { path: '/expenses', render: () => <Expenses /> },
  { path: '/forecasts', render: () => <Forecasts /> },
  { path: '/finance', render: () => <Finance /> },
  { path: '/playground', render: () => <Playground /> },
];

export const portalRoutes: RouteDef[] = [
  { path: '/portal/keys', render: () => <PortalKeys /> },
  { path: '/portal/usage', render: () => <PortalUsage /> },
  { path: '/portal/billing', render: () => <PortalBilling /> },
  { path: '/portal/invoices', render: () => <PortalInvoices /> },
  { path: '/portal/invoices/:id', render: ({ id }) => <PortalInvoice key={id} id={id!} /> },
];
