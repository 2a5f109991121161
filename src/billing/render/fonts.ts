import { existsSync } from 'node:fs';

/** A font file, and for a TrueType collection (.ttc) the PostScript name of the face to use. */
export interface FontFile {
  path: string;
  face: string | null;
}

/** Debian's CJK fonts, first found wins; the first is the smallest package that covers zh-CN. */
export const standardCjkFonts: readonly FontFile[] = [
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', face: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
];

export const cjkFontPackages = 'fonts-wqy-microhei (or fonts-noto-cjk, fonts-wqy-zenhei)';

export class FontError extends Error {
  override name = 'FontError';
}

/**
 * The CJK font to use: the configured one (TOLLGATE_CJK_FONT, "file.ttf" or "file.ttc#Face"),
 * which must exist, since a typo should not silently fall back; otherwise the first standard
 * font present; null when there is none.
 */
export function findCjkFont(configured: string | null, candidates: readonly FontFile[] = standardCjkFonts): FontFile | null {
  if (configured) return configuredFont(configured);
  return candidates.find((font) => existsSync(font.path)) ?? null;
}

function configuredFont(spec: string): FontFile {
  const hash = spec.lastIndexOf('#');
  const path = hash > 0 ? spec.slice(0, hash) : spec;
  const face = hash > 0 ? spec.slice(hash + 1) : (standardCjkFonts.find((f) => f.path === spec)?.face ?? null);
  if (!existsSync(path)) throw new FontError(`TOLLGATE_CJK_FONT is "${spec}", but ${path} does not exist.`);
  if (/\.ttc$/i.test(path) && !face) {
    throw new FontError(`TOLLGATE_CJK_FONT "${spec}" is a font collection: name the face after "#", e.g. ${path}#WenQuanYiMicroHei (fc-list : postscriptname lists them).`);
  }
  return { path, face };
}

export function missingCjkFont(why: string): FontError {
  const looked = standardCjkFonts.map((f) => f.path).join(', ');
  return new FontError(
    `${why} needs a CJK font and none was found (looked in ${looked}). ` +
      `Install one with: apt-get install -y ${cjkFontPackages}; or set TOLLGATE_CJK_FONT to a .ttf/.otf file, or file.ttc#PostScriptName.`,
  );
}
