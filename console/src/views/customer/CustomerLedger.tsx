import type { Customer, LedgerTransfer, List } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDateTime } from '../../lib/dates.js';
import { useGet } from '../../lib/useResource.js';
import { accountLabel } from '../../lib/accounts.js';

/** The customer's ledger transfers, newest first, each with its balanced entries. */
export function CustomerLedger({ customer }: { customer: Customer }) {
  const { t, locale, word } = useI18n();
  const ledger = useGet<List<LedgerTransfer>>(`/admin/v1/customers/${customer.id}/ledger`, { limit: 50 });
  return (
    <Section title={t('ledger.title')} id="ledger">
      <Loadable resource={ledger} what={t('ledger.title')}>
        {(data) => (
          <DataTable
            caption={t('ledger.title')}
            empty={t('ledger.empty')}
            rows={data.data}
            rowKey={(tr) => tr.id}
            columns={[
              { header: t('ledger.when'), cell: (tr) => formatDateTime(tr.createdAtMs, locale) },
              { header: t('ledger.kind'), rowHeader: true, cell: (tr) => word('transferKind', tr.kind) },
              { header: t('ledger.memo'), cell: (tr) => tr.memo ?? (tr.requestId ? <code className="id">{tr.requestId}</code> : '—') },
              {
                header: t('ledger.entries'),
                cell: (tr) => (
                  <ul className="entries">
                    {tr.entries.map((entry, i) => (
                      <li key={i}>
                        <AccountName id={entry.accountId} /> <Money amount={entry.amount} currency={entry.currency} signed />
                      </li>
                    ))}
                  </ul>
                ),
              },
            ]}
          />
        )}
      </Loadable>
    </Section>
  );
}

function AccountName({ id }: { id: string }) {
  const { t } = useI18n();
  const label = accountLabel(id);
  return (
    <span className="muted small" title={id}>
      {label ? t(label) : id}
    </span>
  );
}
