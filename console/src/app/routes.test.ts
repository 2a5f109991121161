import { describe, expect, it } from 'vitest';
import { href, matchPath, parseHash } from './routes.js';

describe('the hash router', () => {
  it('reads the path and query from the hash', () => {
    const location = parseHash('#/customers/cus_1?tab=keys');
    expect(location.path).toBe('/customers/cus_1');
    expect(location.query.get('tab')).toBe('keys');
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#customers/').path).toBe('/customers');
  });

  it('matches patterns and decodes parameters', () => {
    expect(matchPath('/customers/:id', '/customers/cus%201')).toEqual({ id: 'cus 1' });
    expect(matchPath('/customers/:id', '/customers')).toBeNull();
    expect(matchPath('/portal/invoices/:id', '/invoices/inv_1')).toBeNull();
  });

  it('builds links with only the set query values', () => {
    expect(href('/usage', { customerId: 'cus_1', model: undefined, days: 30 })).toBe('#/usage?customerId=cus_1&days=30');
    expect(href('/overview')).toBe('#/overview');
  });
});
