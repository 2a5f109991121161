import { en, type MessageKey, type Messages } from './en.js';
import { zh } from './zh.js';

export type Locale = 'en' | 'zh-CN';
export const locales: readonly Locale[] = ['en', 'zh-CN'];
export const dictionaries: Record<Locale, Messages> = { en, 'zh-CN': zh };
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** "{count} keys" with {count: 3} → "3 keys". A placeholder without a value stays visible, so a gap is noticed. */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[locale][key] ?? en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export const LOCALE_STORAGE_KEY = 'tollgate.locale';

/** The stored choice first, then the browser's language (any Chinese → Simplified Chinese), then English. */
export function initialLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return browserLanguages.some((language) => language.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** The placeholders a message uses, to check that both languages ask for the same values. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** For words the server sends (statuses, kinds): the translation when there is one, else the word itself. */
export function translateWord(locale: Locale, prefix: string, word: string): string {
  const key = `${prefix}.${word}`;
  return isMessageKey(key) ? translate(locale, key) : word.replace(/_/g, ' ');
}
