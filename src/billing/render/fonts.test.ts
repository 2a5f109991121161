import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { findCjkFont, standardCjkFonts } from './fonts.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-fonts-'));
const ttf = join(dir, 'face.ttf');
const ttc = join(dir, 'faces.ttc');
writeFileSync(ttf, 'placeholder');
writeFileSync(ttc, 'placeholder');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finding the CJK font', () => {
  it('takes the first standard font present, or none', () => {
    expect(findCjkFont(null, [])).toBeNull();
    expect(findCjkFont(null, [{ path: join(dir, 'absent.ttc'), face: 'X' }, { path: ttf, face: null }])).toEqual({ path: ttf, face: null });
  });

  it('takes the configured font, with the face of a collection after "#"', () => {
    expect(findCjkFont(ttf)).toEqual({ path: ttf, face: null });
    expect(findCjkFont(`${ttc}#WenQuanYiMicroHei`)).toEqual({ path: ttc, face: 'WenQuanYiMicroHei' });
  });

  it('refuses a configured font that is missing, or a collection without a face', () => {
    expect(() => findCjkFont(join(dir, 'typo.ttf'))).toThrow(/TOLLGATE_CJK_FONT .*does not exist/);
    expect(() => findCjkFont(ttc)).toThrow(/font collection: name the face after "#"/);
  });

  it('is configured by TOLLGATE_CJK_FONT', () => {
    expect(loadConfig({ TOLLGATE_CJK_FONT: `${ttc}#Face` }).cjkFont).toBe(`${ttc}#Face`);
    expect(loadConfig({}).cjkFont).toBeNull();
    expect(standardCjkFonts[0]?.path).toBe('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc');
  });
});
