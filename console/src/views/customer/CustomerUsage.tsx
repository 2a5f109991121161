import type { Customer, List, UsageEvent } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { Loadable } from '../../components/Loadable.js';
import { Section } from '../../components/Page.js';
import { UsageTable } from '../../components/UsageTable.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useGet } from '../../lib/useResource.js';

/** The customer's latest requests; the usage page has all of them with filters. */
export function CustomerUsage({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const usage = useGet<List<UsageEvent>>('/admin/v1/usage', { customerId: customer.id, limit: 20 });
  return (
    <Section
      title={t('usage.recent')}
      id="usage"
      actions={
        <>
          <button type="button" className="button secondary small" onClick={usage.reload}>
            {t('action.refresh')}
          </button>
          <Link to="/usage" query={{ customerId: customer.id }}>
            {t('usage.all')}
          </Link>
        </>
      }
    >
      <Loadable resource={usage} what={t('usage.recent')}>
        {(data) => <UsageTable events={data.data} showCost />}
      </Loadable>
    </Section>
  );
}
