import type { BillingStore } from '../billing/store.js';
import { renderInvoiceHtml, renderInvoicePdf } from '../billing/render/index.js';
import { logoType } from '../billing/render/logo.js';
import type { Invoice, InvoiceDocument, OperatorProfile } from '../billing/types.js';
import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import type { Customer } from '../customers/types.js';

const SETTING_KEY = 'operator_profile';
export const MAX_LOGO_BYTES = 256 * 1024;
export const DEFAULT_OPERATOR_NAME = 'Tollgate';

interface StoredProfile {
  name: string;
  address: string | null;
  taxId: string | null;
  email: string | null;
  /** base64 */
  logo: string | null;
}

export interface DocumentDeps {
  settings: Pick<BillingStore, 'getSetting' | 'setSetting'>;
  customers: { get(id: string): Promise<Customer> };
  clock: Clock;
  cjkFont: string | null;
}

/** Invoice documents (PDF and HTML) with the operator's profile, which is kept in `settings`. */
export class InvoiceDocuments {
  constructor(private readonly deps: DocumentDeps) {}

  async profile(): Promise<OperatorProfile> {
    const text = await this.deps.settings.getSetting(SETTING_KEY);
    if (!text) return { name: DEFAULT_OPERATOR_NAME, address: null, taxId: null, email: null, logo: null };
    const stored = JSON.parse(text) as StoredProfile;
    return { ...stored, logo: stored.logo ? Buffer.from(stored.logo, 'base64') : null };
  }

  async setProfile(profile: OperatorProfile): Promise<OperatorProfile> {
    if (profile.logo && profile.logo.length > MAX_LOGO_BYTES) throw new TollgateError('invalid_request', `The logo is larger than ${MAX_LOGO_BYTES / 1024} KB.`, { param: 'logo' });
    if (profile.logo && !logoType(profile.logo)) throw new TollgateError('invalid_request', 'The logo must be a PNG or JPEG image.', { param: 'logo' });
    const stored: StoredProfile = { ...profile, logo: profile.logo ? profile.logo.toString('base64') : null };
    await this.deps.settings.setSetting(SETTING_KEY, JSON.stringify(stored), this.deps.clock.nowMs());
    return this.profile();
  }

  async pdf(invoice: Invoice): Promise<Buffer> {
    return renderInvoicePdf(await this.document(invoice), { cjkFont: this.deps.cjkFont });
  }

  async html(invoice: Invoice): Promise<string> {
    return renderInvoiceHtml(await this.document(invoice));
  }

  private async document(invoice: Invoice): Promise<InvoiceDocument> {
    const [customer, operator] = await Promise.all([this.deps.customers.get(invoice.customerId), this.profile()]);
    return { invoice, customer: { name: customer.name, email: customer.email, ref: customer.ref }, operator };
  }
}
