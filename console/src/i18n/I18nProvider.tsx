import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { LOCALE_STORAGE_KEY, type Locale, type Translate, initialLocale, translate, translateWord } from './translate.js';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** A server word (status, kind) under a dictionary prefix, or the word itself. */
  word(prefix: string, value: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(readStoredLocale(), navigator.languages ?? [navigator.language]));
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(LOCALE_STORAGE_KEY, next);
    } catch {
      // Private windows may refuse storage; the choice then lasts for this visit.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: (key, params) => translate(locale, key, params), word: (prefix, value) => translateWord(locale, prefix, value) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
