/** The image types both renderers can embed; anything else is left out rather than shown broken. */
export type LogoType = 'image/png' | 'image/jpeg';

export function logoType(bytes: Buffer | null): LogoType | null {
  if (!bytes || bytes.length < 4) return null;
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}
