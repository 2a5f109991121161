import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalog, TollgateError } from './errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}|4xx) \| ([a-z_]+) \|/gm)].map((m) => [m[1]!, { status: m[2]!, type: m[3]! }]),
);

describe('the error catalog', () => {
  it('documents every code, with its status and type, and documents nothing that does not exist', () => {
    const catalog = Object.entries(errorCatalog).map(([code, entry]) => [code, { status: code === 'upstream_rejected' ? '4xx' : String(entry.status), type: entry.type }]);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(catalog));
  });

  it("renders errors in OpenAI's shape", () => {
    const error = new TollgateError('model_not_found', undefined, { param: 'model' });
    expect(error.status).toBe(404);
    expect(error.toBody()).toEqual({
      error: { message: errorCatalog.model_not_found.message, type: 'invalid_request_error', param: 'model', code: 'model_not_found' },
    });
  });
});
