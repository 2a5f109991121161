import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { dictionaries, initialLocale, placeholdersOf, translate, translateWord } from './translate.js';
import { zh } from './zh.js';

describe('the dictionaries', () => {
  it('have the same keys in English and Chinese', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('ask for the same placeholders in both languages', () => {
    const mismatched = Object.keys(en).filter((key) => placeholdersOf(en[key as keyof typeof en]).join() !== placeholdersOf(zh[key as keyof typeof zh]).join());
    expect(mismatched).toEqual([]);
  });

  it('leave no message empty, and translate what a Chinese reader sees', () => {
    for (const dictionary of Object.values(dictionaries)) expect(Object.entries(dictionary).filter(([, text]) => text.trim() === '')).toEqual([]);
    // Words that stay the same in both (PDF, MRR…) are fine; most labels must differ.
    const same = Object.keys(en).filter((key) => en[key as keyof typeof en] === zh[key as keyof typeof zh]);
    expect(same.length).toBeLessThan(Object.keys(en).length / 50);
  });
});

describe('translate', () => {
  it('fills placeholders and keeps a missing one visible', () => {
    expect(translate('en', 'period.lastDays', { days: 30 })).toBe('Last 30 days');
    expect(translate('zh-CN', 'period.lastDays', { days: 30 })).toBe('最近 30 天');
    expect(translate('en', 'period.lastDays')).toBe('Last {days} days');
  });

  it('names server words it knows and shows the others readably', () => {
    expect(translateWord('zh-CN', 'status', 'past_due')).toBe('逾期');
    expect(translateWord('en', 'status', 'some_new_state')).toBe('some new state');
  });
});

describe('initialLocale', () => {
  it('prefers the stored choice, then any Chinese browser language, then English', () => {
    expect(initialLocale('en', ['zh-CN'])).toBe('en');
    expect(initialLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale('fr', ['de-DE'])).toBe('en');
  });
});
