import type { MessageKey } from '../i18n/en.js';

export interface NavItem {
  path: string;
  label: MessageKey;
}

export const operatorNav: NavItem[] = [
  { path: '/overview', label: 'nav.overview' },
  { path: '/profit', label: 'nav.profit' },
  { path: '/customers', label: 'nav.customers' },
  { path: '/usage', label: 'nav.usage' },
  { path: '/plans', label: 'nav.plans' },
  { path: '/catalog', label: 'nav.catalog' },
  { path: '/invoices', label: 'nav.invoices' },
  { path: '/expenses', label: 'nav.expenses' },
  { path: '/forecasts', label: 'nav.forecasts' },
  { path: '/finance', label: 'nav.finance' },
  { path: '/playground', label: 'nav.playground' },
];

export const portalNav: NavItem[] = [
  { path: '/portal/keys', label: 'nav.portalKeys' },
  { path: '/portal/usage', label: 'nav.portalUsage' },
  { path: '/portal/billing', label: 'nav.portalBilling' },
  { path: '/portal/invoices', label: 'nav.portalInvoices' },
];
