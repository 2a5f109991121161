import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import type { Locale } from '../i18n/translate.js';

/** Each language is named in itself, so someone who cannot read the current one still finds theirs. */
export function LanguageSelect() {
  const { locale, setLocale, t } = useI18n();
  const id = useId();
  return (
    <div className="language">
      <label htmlFor={id} className="visually-hidden">
        {t('nav.language')}
      </label>
      <select id={id} value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
        <option value="en" lang="en">
          English
        </option>
        <option value="zh-CN" lang="zh-CN">
          简体中文
        </option>
      </select>
    </div>
  );
}
