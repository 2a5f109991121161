import { Link } from '../app/router.js';
import { Page } from '../components/Page.js';
import { NotFoundNote } from '../components/Notice.js';
import { useI18n } from '../i18n/I18nProvider.js';

export function NotFound({ home }: { home: string }) {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <NotFoundNote />
      <p>
        <Link to={home}>{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}
