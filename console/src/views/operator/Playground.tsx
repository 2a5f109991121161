import { type FormEvent, useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { useApi, useOperatorRights } from '../../api/session.js';
import type { Customer, IssuedKey, List, Model, UsageEvent } from '../../api/types.js';
import { SelectField, TextAreaField, TextField } from '../../components/Field.js';
import { Money } from '../../components/Money.js';
import { ErrorNote } from '../../components/Notice.js';
import { Page, Section } from '../../components/Page.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatCount } from '../../lib/money.js';
import { useAction, useGet } from '../../lib/useResource.js';
import { type ChatMessage, type ChatReply, chat, usageEventOf } from './playgroundApi.js';

interface Turn {
  message: ChatMessage;
  reply?: ChatReply;
  event?: UsageEvent | null;
}

interface PlaygroundKey {
  secret: string;
  keyId: string | null;
  label: string;
}

/** Talks to any model through the gateway with a customer's key, and shows what each reply was charged and cost. */
export function Playground() {
  const { t } = useI18n();
  const [key, setKey] = useState<PlaygroundKey | null>(null);
  return (
    <Page title={t('playground.title')}>
      <p className="lead">{t('playground.lead')}</p>
      {key ? (
        <>
          <p className="facts">
            <span>{t('playground.usingKey', { key: key.label })}</span>
            <button type="button" className="button small secondary" onClick={() => setKey(null)}>
              {t('playground.changeKey')}
            </button>
          </p>
          <Conversation apiKey={key} />
        </>
      ) : (
        <KeyChooser onKey={setKey} />
      )}
    </Page>
  );
}

function KeyChooser({ onKey }: { onKey(key: PlaygroundKey): void }) {
  const { t } = useI18n();
  const api = useApi();
  const rights = useOperatorRights();
  const customers = useGet<List<Customer>>('/admin/v1/customers', { limit: 1000 });
  const [pasted, setPasted] = useState('');
  const [customerId, setCustomerId] = useState('');
  const issue = useAction(async () => {
    const issued = await api.post<IssuedKey>(`/admin/v1/customers/${customerId}/keys`, { name: 'playground' });
    const customer = customers.status === 'ready' ? customers.data.data.find((c) => c.id === customerId) : undefined;
    onKey({ secret: issued.secret, keyId: issued.id, label: `${customer?.name ?? customerId} · ${issued.prefix}…` });
  });
  const usePasted = (event: FormEvent) => {
    event.preventDefault();
    onKey({ secret: pasted.trim(), keyId: null, label: `${pasted.trim().slice(0, 8)}…` });
  };
  const issueForCustomer = (event: FormEvent) => {
    event.preventDefault();
    void issue.run();
  };
  return (
    <div className="two-col">
      <form className="card stack" onSubmit={usePasted}>
        <h2>{t('playground.pasteTitle')}</h2>
        <TextField label={t('playground.apiKey')} type="password" value={pasted} onChange={setPasted} required autoComplete="off" spellCheck={false} hint={t('playground.pasteHint')} />
        <button type="submit" className="button">
          {t('playground.useKey')}
        </button>
      </form>
      {rights.write ? (
        <form className="card stack" onSubmit={issueForCustomer}>
          <h2>{t('playground.issueTitle')}</h2>
          <SelectField
            label={t('usage.customer')}
            value={customerId}
            onChange={setCustomerId}
            required
            options={[{ value: '', label: t('playground.chooseCustomer') }, ...(customers.status === 'ready' ? customers.data.data.map((c) => ({ value: c.id, label: c.name })) : [])]}
          />
          <p className="hint">{t('playground.issueHint')}</p>
          {issue.error ? <ErrorNote error={issue.error} /> : null}
          <button type="submit" className="button" disabled={issue.busy || !customerId}>
            {t('playground.issueKey')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function Conversation({ apiKey }: { apiKey: PlaygroundKey }) {
  const { t } = useI18n();
  const api = useApi();
  const models = useGet<List<Model>>('/admin/v1/models');
  const enabled = models.status === 'ready' ? models.data.data.filter((m) => m.status === 'enabled') : [];
  const [model, setModel] = useState('');
  const [draft, setDraft] = useState('');
  const [turns, setTurns] = useState<Turn[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const chosen = model || enabled[0]?.name || '';

  const send = useAction(async () => {
    setError(null);
    const message: ChatMessage = { role: 'user', content: draft.trim() };
    const history = turns.flatMap((turn) => (turn.reply ? [turn.message, { role: 'assistant' as const, content: turn.reply.content }] : [turn.message]));
    const index = turns.length;
    setTurns((all) => [...all, { message }]);
    setDraft('');
    const sentAtMs = Date.now();
    try {
      const reply = await chat(apiKey.secret, chosen, [...history, message]);
      setTurns((all) => all.map((turn, i) => (i === index ? { ...turn, reply } : turn)));
      const event = reply.requestId ? await usageEventOf(api, reply.requestId, sentAtMs, apiKey.keyId) : null;
      setTurns((all) => all.map((turn, i) => (i === index ? { ...turn, event } : turn)));
    } catch (caught) {
      setError(caught as ApiError);
    }
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) void send.run();
  };

  return (
    <Section title={t('playground.chat')}>
      <SelectField label={t('usage.model')} value={chosen} onChange={setModel} options={enabled.map((m) => ({ value: m.name, label: m.name }))} />
      <ol className="chat" aria-live="polite">
        {turns.map((turn, i) => (
          <li key={i}>
            <div className="bubble user">
              <span className="visually-hidden">{t('playground.you')}: </span>
              {turn.message.content}
            </div>
            {turn.reply ? (
              <div className="bubble assistant">
                <span className="visually-hidden">{chosen}: </span>
                {turn.reply.content}
                <ReplyMeter reply={turn.reply} event={turn.event} />
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      {error ? <ErrorNote error={error} /> : null}
      <form className="stack" onSubmit={submit}>
        <TextAreaField label={t('playground.message')} value={draft} onChange={setDraft} rows={3} required />
        <button type="submit" className="button" disabled={send.busy || !chosen}>
          {send.busy ? t('state.working') : t('playground.send')}
        </button>
      </form>
    </Section>
  );
}

function ReplyMeter({ reply, event }: { reply: ChatReply; event: UsageEvent | null | undefined }) {
  const { t, locale } = useI18n();
  return (
    <p className="meter small" data-testid="reply-meter">
      <span>{t('playground.tokens', { input: formatCount(reply.promptTokens, locale), output: formatCount(reply.completionTokens, locale) })}</span>
      {event === undefined ? (
        <span role="status"> · {t('playground.costPending')}</span>
      ) : event === null ? (
        <span> · {t('playground.costMissing')}</span>
      ) : (
        <>
          {' · '}
          {t('playground.charged')} <Money amount={event.revenue} currency={event.currency} />
          {' · '}
          {t('playground.cost')} <Money amount={event.cost} currency={event.costCurrency} />
          <span className="muted"> ({t('playground.fromEvent', { id: event.requestId })})</span>
        </>
      )}
    </p>
  );
}
