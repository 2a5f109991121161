import { useApi, useOperatorRights } from '../../api/session.js';
import type { CostCardVersion, List, Model, Upstream } from '../../api/types.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { Loadable } from '../../components/Loadable.js';
import { Money } from '../../components/Money.js';
import { Page, Section } from '../../components/Page.js';
import { ReportView } from '../../components/ReportView.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatDate } from '../../lib/dates.js';
import { formatCount, nanosToDecimal, perMillion, shiftDecimal } from '../../lib/money.js';
import { useGet, useResource } from '../../lib/useResource.js';

/** What serves the models and what it costs: upstreams with health and cost cards, models with their routes, GPU use. */
export function Catalog() {
  const { t } = useI18n();
  const upstreams = useGet<List<Upstream>>('/admin/v1/upstreams');
  const models = useGet<List<Model>>('/admin/v1/models');
  const gpu = useGet<unknown>('/admin/v1/reports/gpu');
  const upstreamList = upstreams.status === 'ready' ? upstreams.data.data : [];
  return (
    <Page title={t('catalog.title')}>
      <Section title={t('catalog.upstreams')} id="upstreams">
        <Loadable resource={upstreams} what={t('catalog.upstreams')}>
          {(data) => <UpstreamTable upstreams={data.data} onChanged={upstreams.reload} />}
        </Loadable>
      </Section>
      <Section title={t('catalog.costCards')} id="cost-cards">
        {upstreamList.length > 0 ? <CostCards upstreams={upstreamList} /> : null}
      </Section>
      <Section title={t('catalog.models')} id="models">
        <Loadable resource={models} what={t('catalog.models')}>
          {(data) => <ModelTable models={data.data} upstreams={upstreamList} onChanged={models.reload} />}
        </Loadable>
      </Section>
      <Section title={t('catalog.gpu')} id="gpu">
        <Loadable resource={gpu} what={t('catalog.gpu')}>
          {(data) => <ReportView data={data as never} caption={t('catalog.gpu')} />}
        </Loadable>
      </Section>
    </Page>
  );
}

function ToggleStatus({ path, status, name, onChanged }: { path: string; status: 'enabled' | 'disabled'; name: string; onChanged(): void }) {
  const { t } = useI18n();
  const api = useApi();
  const next = status === 'enabled' ? 'disabled' : 'enabled';
  return (
    <button
      type="button"
      className="button small secondary"
      aria-label={t(next === 'disabled' ? 'catalog.disableNamed' : 'catalog.enableNamed', { name })}
      onClick={async () => {
        await api.patch(path, { status: next });
        onChanged();
      }}
    >
      {t(next === 'disabled' ? 'catalog.disable' : 'catalog.enable')}
    </button>
  );
}

function UpstreamTable({ upstreams, onChanged }: { upstreams: Upstream[]; onChanged(): void }) {
  const { t, locale } = useI18n();
  const rights = useOperatorRights();
  return (
    <DataTable
      caption={t('catalog.upstreams')}
      empty={t('catalog.noUpstreams')}
      rows={upstreams}
      rowKey={(u) => u.id}
      columns={[
        { header: t('catalog.name'), rowHeader: true, cell: (u) => u.name },
        { header: t('catalog.type'), cell: (u) => u.type },
        { header: t('catalog.baseUrl'), cell: (u) => (u.baseUrl ? <code className="id">{u.baseUrl}</code> : '—') },
        { header: t('catalog.status'), cell: (u) => <Badge status={u.status} /> },
        {
          header: t('catalog.health'),
          cell: (u) => (
            <>
              <Badge status={u.health.healthy ? 'healthy' : 'unhealthy'} />
              {u.health.consecutiveFailures > 0 ? <span className="small"> {t('catalog.failures', { count: formatCount(u.health.consecutiveFailures, locale) })}</span> : null}
            </>
          ),
        },
        ...(rights.write ? [{ header: t('keys.actions'), cell: (u: Upstream) => <ToggleStatus path={`/admin/v1/upstreams/${u.id}`} status={u.status} name={u.name} onChanged={onChanged} /> }] : []),
      ]}
    />
  );
}

/** Every upstream's cost cards, fetched together: there are only a handful of upstreams. */
function CostCards({ upstreams }: { upstreams: Upstream[] }) {
  const { t, locale } = useI18n();
  const key = upstreams.map((u) => u.id).join(',');
  const cards = useResource<{ upstream: Upstream; card: CostCardVersion }[]>(key, async (api) => {
    const lists = await Promise.all(upstreams.map((u) => api.get<List<CostCardVersion>>(`/admin/v1/upstreams/${u.id}/cost-cards`)));
    return lists.flatMap((list, i) => list.data.map((card) => ({ upstream: upstreams[i]!, card })));
  });
  return (
    <Loadable resource={cards} what={t('catalog.costCards')}>
      {(rows) => (
        <DataTable
          caption={t('catalog.costCards')}
          empty={t('catalog.noCostCards')}
          rows={rows}
          rowKey={(row) => row.card.id}
          columns={[
            { header: t('catalog.upstream'), rowHeader: true, cell: (row) => row.upstream.name },
            { header: t('catalog.upstreamModel'), cell: (row) => (row.card.upstreamModel === '*' ? t('catalog.allModels') : row.card.upstreamModel) },
            { header: t('catalog.cardKind'), cell: (row) => t(row.card.card.kind === 'gpu_hour' ? 'catalog.gpuHour' : 'catalog.perToken') },
            { header: t('catalog.terms'), cell: (row) => <CardTerms card={row.card} /> },
            { header: t('prices.from'), cell: (row) => formatDate(row.card.effectiveFromMs, locale) },
          ]}
        />
      )}
    </Loadable>
  );
}

function CardTerms({ card: version }: { card: CostCardVersion }) {
  const { t, locale } = useI18n();
  const card = version.card;
  if (card.kind === 'gpu_hour') {
    return (
      <>
        {t('catalog.gpuTerms', { gpus: formatCount(card.gpuCount, locale), capacity: formatCount(card.capacityTokensPerSecond, locale) })}{' '}
        <Money amount={nanosToDecimal(card.hourlyNanos)} currency={card.currency} /> {t('catalog.perGpuHour')}
      </>
    );
  }
  const rate = (name: string) => {
    const r = card.rates[name];
    return r ? perMillion(r.amountNanos, r.perUnits) : null;
  };
  return (
    <>
      {t('prices.input')}: <Money amount={rate('input_tokens')} currency={card.currency} /> · {t('prices.output')}: <Money amount={rate('output_tokens')} currency={card.currency} />
      {' '}
      {t('catalog.perMillion')}
      {card.discountBps ? <> · {t('catalog.discount', { pct: formatCount(shiftDecimal(String(card.discountBps), 2), locale) })}</> : null}
    </>
  );
}

function ModelTable({ models, upstreams, onChanged }: { models: Model[]; upstreams: Upstream[]; onChanged(): void }) {
  const { t, locale } = useI18n();
  const rights = useOperatorRights();
  const upstreamName = (id: string) => upstreams.find((u) => u.id === id)?.name ?? id;
  return (
    <DataTable
      caption={t('catalog.models')}
      empty={t('catalog.noModels')}
      rows={models}
      rowKey={(m) => m.id}
      columns={[
        { header: t('catalog.name'), rowHeader: true, cell: (m) => m.name },
        { header: t('catalog.description'), cell: (m) => m.description ?? '—' },
        { header: t('catalog.routes'), cell: (m) => m.routes.map((r) => `${upstreamName(r.upstreamId)}${r.upstreamModel && r.upstreamModel !== m.name ? ` (${r.upstreamModel})` : ''}`).join(' → ') },
        { header: t('catalog.contextWindow'), align: 'end', cell: (m) => (m.contextWindow ? formatCount(m.contextWindow, locale) : '—') },
        { header: t('catalog.status'), cell: (m) => <Badge status={m.status} /> },
        ...(rights.write ? [{ header: t('keys.actions'), cell: (m: Model) => <ToggleStatus path={`/admin/v1/models/${m.id}`} status={m.status} name={m.name} onChanged={onChanged} /> }] : []),
      ]}
    />
  );
}
