import { useI18n } from '../i18n/I18nProvider.js';

/** "Load more" under a list from `usePaged`, while the API says there is another page. */
export function LoadMore({ paged }: { paged: { hasMore: boolean; loadMore(): void; loadingMore: boolean } }) {
  const { t } = useI18n();
  if (!paged.hasMore) return null;
  return (
    <button type="button" className="button secondary" onClick={paged.loadMore} disabled={paged.loadingMore}>
      {t('action.loadMore')}
    </button>
  );
}
